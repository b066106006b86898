"""The RNN unrolled over time: one copy of the network per step, joined by U.

Time runs left to right (step 1 on the left).  Inside a step the layers are
stacked as in the folded network of scene 1: the input row x_t at the bottom,
the hidden layer h_t in the middle, the output row y_t on top.  The four hidden
nodes of a step stand in a vertical column, unit 1 at the top (``hidden_step``), so the 16 recurrent
edges from h_{t-1} to h_t run level between matching units and bend only where
they change unit: gentle S curves (``Bend``), level where they leave a unit and
where they enter one, so they read as wires rather than a tangle.

Two views of the same graph, drawn at the same places so one can grow into the
other:

* block view -- ``blocks`` and ``block_arrows``: one rounded box per layer and
  step, labelled x_t, h_t, y_t, and one arrow per weight matrix, W (x_t -> h_t),
  V (h_t -> y_t), U (h_{t-1} -> h_t), each in its theme colour (the post's
  ``rnn_three_inputs.png``);
* node view -- ``nodes``, ``edges`` and the symbol labels: every node and every
  weight, an edge's width and opacity set by the trained weight's magnitude
  (the post's ``rnn_three_inputs_full.png``).

Every accessor takes the post's 1-based indices: step ``t = 1..T``, hidden unit
``i`` or ``alpha = 1..d``, input ``j = 1..n``, output ``k = 1..m``.

    x_nodes(t), h_nodes(t), y_nodes(t)      rows of circles (VGroup)
    x_node(t, j), h_node(t, i), y_node(t, k) one circle
    w_edges(t)[i-1][j-1]  x_t^j -> h_t^i     (W[i-1, j-1])
    v_edges(t)[k-1][a-1]  h_t^a -> y_t^k     (V[k-1, a-1])
    u_edges(t)[i-1][j-1]  h_{t-1}^j -> h_t^i (U[i-1, j-1]), t = 2..T
    w_edge(t, i, j), v_edge(t, k, a), u_edge(t, i, j)   one line
    input_labels(t), output_labels(t)       symbol under x_t, over y_t
    unit_labels                             1..d left of h_1 (the i of h_t^i)
    step_label(t)                           "t = 1" over step t
    block(layer, t), arrow("W" | "V" | "U", t)  (U from t = 2)
    steps_view(*t), labels_of(*t)           a few steps on their own, and their labels

``block_view`` and ``node_view`` are the two groups to show; the graph itself
holds both (add either to a scene, not the whole graph, unless you want both).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Circle, Line, MathTex, Mobject, RoundedRectangle, VGroup

from lstm_explainer.scenes import theme
from lstm_explainer.scenes.theme import Palette
from lstm_explainer.scenes.components.graph import beside, edge_style, node_row, symbol_labels, unit_labels, weighted_edges
from lstm_explainer.scenes.components.highlight import as_guide
from lstm_explainer.scenes.components.text import math

LAYERS = ("x", "h", "y")
MATRICES = ("W", "V", "U")  # the order of a step's parts in ``edges`` and ``block_arrows``


class Bend(Line):
    """A U edge: straight and level for UNROLL_U_LEAD out of the right of h_{t-1}^j, then a gentle S, then level for
    UNROLL_U_LAND into the left of h_t^i.

    The level lead is where a unit's value pill sits (UnrollRNN): the four edges leaving a unit run together under it
    and fan out from its right end; the four edges into a unit meet left of its pill and run in under it together (the
    S never ends under a pill, where its last bend would be hidden). Level ends keep the 16 edges between two steps apart near the units (each leaves
    and enters like a wire) instead of a sheaf of near-parallel straight lines. A Line still (highlights and pulses
    treat it as one), its points three cubic Bezier curves: the lead, the S, the landing.
    """

    def __init__(self, start: np.ndarray, end: np.ndarray, **kwargs):
        super().__init__(start, end, **kwargs)
        bend, land = start + theme.UNROLL_U_LEAD * RIGHT, end + theme.UNROLL_U_LAND * LEFT
        handle = theme.UNROLL_U_BEND * (land[0] - bend[0]) * RIGHT
        lead = [start + share * (bend - start) for share in (0.0, 1 / 3, 2 / 3, 1.0)]
        tail = [land + share * (end - land) for share in (0.0, 1 / 3, 2 / 3, 1.0)]
        self.set_points(np.array([*lead, bend, bend + handle, land - handle, land, *tail]))


def bent_edges(sources: VGroup, targets: VGroup, weights: np.ndarray, color: str) -> VGroup:
    """Like ``weighted_edges`` (edges[i][j] joins sources[j] to targets[i]), each edge a :class:`Bend` from the
    right rim of its source to the left rim of its target."""
    largest = float(np.abs(weights).max())
    return VGroup(*(VGroup(*(Bend(source.get_right(), target.get_left(), color=color, **edge_style(weights[i, j], largest))
                             for j, source in enumerate(sources)))
                    for i, target in enumerate(targets)))


def hidden_step() -> np.ndarray:
    """From one hidden unit to the next within a step: straight down the column, unit 1 at the top (as the
    other scenes that number the units count them, from the top)."""
    return np.array([theme.UNROLL_HIDDEN_DX, -theme.UNROLL_HIDDEN_DY, 0.0])


class UnrolledGraph(VGroup):
    """The RNN with weights W (d x n), U (d x d), V (m x d) unrolled over ``steps`` time steps.

    ``symbols`` label the input and output nodes (the Reber symbols); see the module
    docstring for the parts.
    """

    def __init__(self, palette: Palette, W: np.ndarray, U: np.ndarray, V: np.ndarray, symbols: Sequence[str], steps: int = 3):
        super().__init__()
        p = palette
        (d, n), m = W.shape, V.shape[0]
        self.steps = steps
        colors = {"x": p.input, "h": p.hidden, "y": p.output}
        heights = {"x": -theme.UNROLL_LAYER_GAP, "h": 0.0, "y": theme.UNROLL_LAYER_GAP}

        # ---- nodes, step by step
        self.nodes = VGroup()  # nodes[t-1] = VGroup(x row, h slant, y row)
        for t in range(steps):
            centre = t * theme.UNROLL_STEP_GAP * RIGHT
            x = node_row(p, n, colors["x"], theme.UNROLL_NODE_GAP * RIGHT).move_to(centre + heights["x"] * UP)
            h = node_row(p, d, colors["h"], hidden_step()).move_to(centre + heights["h"] * UP)
            y = node_row(p, m, colors["y"], theme.UNROLL_NODE_GAP * RIGHT).move_to(centre + heights["y"] * UP)
            self.nodes.add(VGroup(x, h, y))

        # ---- edges, coloured by matrix, strength by |weight| (one scale per matrix)
        self.edges = VGroup()  # edges[t-1] = VGroup(W rows, V rows, U rows or empty)
        for t in range(1, steps + 1):
            w = weighted_edges(self.x_nodes(t), self.h_nodes(t), W, p.W)
            v = weighted_edges(self.h_nodes(t), self.y_nodes(t), V, p.V)
            u = bent_edges(self.h_nodes(t - 1), self.h_nodes(t), U, p.U) if t > 1 else VGroup()
            self.edges.add(VGroup(w, v, u))

        # ---- symbol labels
        self.symbol_labels = VGroup()  # [t-1] = VGroup(input labels, output labels)
        for t in range(1, steps + 1):
            self.symbol_labels.add(
                VGroup(symbol_labels(p, self.x_nodes(t), symbols, DOWN, buff=0.1), symbol_labels(p, self.y_nodes(t), symbols, UP, buff=0.1))
            )

        # ---- block view at the same places
        self.blocks = VGroup()  # blocks[t-1] = VGroup(x block, h block, y block), each VGroup(box, label)
        for t in range(1, steps + 1):
            self.blocks.add(
                VGroup(*(self._block(rows, layer, t, colors[layer]) for layer, rows in zip(LAYERS, self.nodes[t - 1])))
            )
        self.block_arrows = VGroup()  # [t-1] = VGroup(W arrow, V arrow, U arrow or empty)
        for t in range(1, steps + 1):
            x_box, h_box, y_box = (self.block(layer, t)[0] for layer in LAYERS)
            w_arrow = self.labelled_arrow(x_box.get_top(), h_box.get_bottom(), "W", p.W, RIGHT)
            v_arrow = self.labelled_arrow(h_box.get_top(), y_box.get_bottom(), "V", p.V, RIGHT)
            u_arrow = (
                self.labelled_arrow(self.block("h", t - 1)[0].get_right(), h_box.get_left(), "U", p.U, UP) if t > 1 else VGroup()
            )
            self.block_arrows.add(VGroup(w_arrow, v_arrow, u_arrow))

        # ---- which unit and which step: so h_1^4 in an equation can be found on the picture (in the text colour:
        # the viewer reads them to find a unit or a step)
        self.unit_labels = unit_labels(p, self.h_nodes(1), LEFT, buff=theme.UNROLL_UNIT_LABEL_GAP, size=theme.LABEL_SIZE,
                                       color=p.text)
        self.step_labels = VGroup(
            *(
                beside(math(p, f"t = {t}", color=p.text), self.output_labels(t), UP, buff=0.15)
                for t in range(1, steps + 1)
            )
        )

        as_guide(self.unit_labels, self.step_labels)

        self.node_view = VGroup(self.edges, self.nodes, self.symbol_labels, self.unit_labels, self.step_labels)
        self.block_view = VGroup(self.block_arrows, self.blocks)
        self.add(self.node_view, self.block_view)
        self.move_to(np.zeros(3))

    # ------------------------------------------------------------ accessors

    def _step(self, t: int) -> int:
        if not 1 <= t <= self.steps:
            raise ValueError(f"t={t} is out of range 1..{self.steps}")
        return t - 1

    def x_nodes(self, t: int) -> VGroup:
        return self.nodes[self._step(t)][0]

    def h_nodes(self, t: int) -> VGroup:
        return self.nodes[self._step(t)][1]

    def y_nodes(self, t: int) -> VGroup:
        return self.nodes[self._step(t)][2]

    def x_node(self, t: int, j: int) -> Circle:
        return self.x_nodes(t)[j - 1]

    def h_node(self, t: int, i: int) -> Circle:
        return self.h_nodes(t)[i - 1]

    def y_node(self, t: int, k: int) -> Circle:
        return self.y_nodes(t)[k - 1]

    def _of_matrix(self, groups: VGroup, matrix: str, t: int) -> VGroup:
        """The part of step t that draws `matrix` ("W", "V" or "U") in ``edges`` or ``block_arrows``."""
        if matrix == "U" and t < 2:
            raise ValueError("U joins h_{t-1} to h_t, so it is drawn from t = 2 on")
        return groups[self._step(t)][MATRICES.index(matrix)]

    def w_edges(self, t: int) -> VGroup:
        return self._of_matrix(self.edges, "W", t)

    def v_edges(self, t: int) -> VGroup:
        return self._of_matrix(self.edges, "V", t)

    def u_edges(self, t: int) -> VGroup:
        return self._of_matrix(self.edges, "U", t)

    def w_edge(self, t: int, i: int, j: int) -> Line:
        return self.w_edges(t)[i - 1][j - 1]

    def v_edge(self, t: int, k: int, alpha: int) -> Line:
        return self.v_edges(t)[k - 1][alpha - 1]

    def u_edge(self, t: int, i: int, j: int) -> Line:
        return self.u_edges(t)[i - 1][j - 1]

    def input_labels(self, t: int) -> VGroup:
        return self.symbol_labels[self._step(t)][0]

    def output_labels(self, t: int) -> VGroup:
        return self.symbol_labels[self._step(t)][1]

    def step_label(self, t: int) -> MathTex:
        return self.step_labels[self._step(t)]

    def labels_of(self, *steps: int) -> list[Mobject]:
        """Every label drawn on the given steps, one Mobject each: the parts a shrunken view keeps legible."""
        labels = [label for t in steps for label in (*self.input_labels(t), *self.output_labels(t))]
        units = list(self.unit_labels) if 1 in steps else []
        return labels + units + [self.step_label(t) for t in steps]

    def steps_view(self, *steps: int) -> VGroup:
        """The given consecutive steps on their own: their nodes, edges (U between them) and labels."""
        parts = VGroup()
        for t in steps:
            u = [self.u_edges(t)] if t - 1 in steps else []
            parts.add(self.w_edges(t), self.v_edges(t), *u)
        parts.add(*(self.step_nodes(t) for t in steps))
        return parts.add(*self.labels_of(*steps))

    def block(self, layer: str, t: int) -> VGroup:
        """The box and label of layer "x", "h" or "y" at step t: VGroup(box, label)."""
        return self.blocks[self._step(t)][LAYERS.index(layer)]

    def arrow(self, matrix: str, t: int) -> VGroup:
        """The block view's arrow and label of `matrix` ("W", "V" or "U", from t = 2) at step t."""
        return self._of_matrix(self.block_arrows, matrix, t)

    def step_nodes(self, t: int) -> VGroup:
        """x_t, h_t and y_t rows of step t."""
        return self.nodes[self._step(t)]

    # ------------------------------------------------------------- builders

    @staticmethod
    def _block(rows: VGroup, layer: str, t: int, color: str) -> VGroup:
        pad = theme.UNROLL_BLOCK_PAD
        box = RoundedRectangle(
            corner_radius=theme.BLOCK_CORNER,
            width=rows.width + 2 * pad,
            height=rows.height + 2 * pad,
            color=color,
            stroke_width=theme.NODE_STROKE,
        ).move_to(rows)
        label = MathTex(f"{layer}_{{{t}}}", color=color).scale(theme.EQUATION_SCALE).move_to(box)
        return VGroup(box, label)

    @staticmethod
    def labelled_arrow(start: np.ndarray, end: np.ndarray, name: str, color: str, side: np.ndarray) -> VGroup:
        arrow = Arrow(start, end, buff=0.05, color=color, stroke_width=theme.UNROLL_ARROW_WIDTH, tip_length=0.18)
        label = MathTex(name, color=color).scale(theme.EQUATION_SCALE).next_to(arrow, side, buff=0.08)
        return VGroup(arrow, label)
