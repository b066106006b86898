"""Paths gamma_0..gamma_k through the hidden layers of the first t steps, and the trellis as step Jacobians.

``PathGraph`` lays the hidden units out as a trellis: one column per step h_1..h_t,
unit 1 on top, every U edge between neighbouring columns.  It is roomier than the
hidden slant of an UnrolledGraph, so a path and the node where it ends read
at a glance; ``get_path`` draws on either (both answer ``h_node(t, i)``).
``JacobianTrellis`` is the picture ErrorRecurrence ends on and VanishingProduct
starts from: the trellis with each step's bundle of edges named J_s.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Circle, Line, MathTex, Text, VGroup

from lstm_explainer.model.reber import INDEX
from lstm_explainer.scenes import theme
from lstm_explainer.scenes.theme import Palette
from lstm_explainer.scenes.components.graph import node_row, unit_labels, weighted_edges
from lstm_explainer.scenes.components.text import math


class HasHiddenNodes(Protocol):
    def h_node(self, t: int, i: int) -> Circle: ...


class PathGraph(VGroup):
    """Columns h_1..h_t of d hidden nodes, U edges between them, the symbol read at each step below.

    Takes the palette and the recurrent weights U (d x d).  columns[s-1][i-1] is h_s^i (1-based ``h_node(s, i)``);
    ``unit_labels[:d]`` number units 1..d top to bottom (the roomy trellis adds a heading "unit" after them); ``edges[s-2][i-1][j-1]`` joins h_{s-1}^j to h_s^i with U[i-1, j-1]'s width; ``inputs[s-1]``
    is the label "input j" (the number of the symbol read, the j of w_ij), or the symbol alone in a narrow trellis.
    """

    def __init__(self, palette: Palette, U: np.ndarray, symbols: Sequence[str], steps: int,
                 column_gap: float = theme.PATH_COLUMN_GAP, inputs_named: bool = True, row_gap: float = theme.PATH_ROW_GAP):
        super().__init__()
        p = palette
        self.steps = steps
        self.columns = VGroup(
            *(
                node_row(p, U.shape[0], p.hidden, row_gap * DOWN, theme.PATH_NODE_RADIUS).shift(
                    s * column_gap * RIGHT
                )
                for s in range(steps)
            )
        )
        self.edges = VGroup(*(weighted_edges(self.columns[s - 2], self.columns[s - 1], U, p.U) for s in range(2, steps + 1)))
        self.step_labels = VGroup(
            *(math(p, f"h_{{{s}}}", color=p.hidden).next_to(self.columns[s - 1], UP, buff=0.2) for s in range(1, steps + 1))
        )
        # units 1..d top to bottom, numbered left of h_1 (the i of h_t^i) at the unrolled graph's size; the roomy
        # trellis also heads the numbers "unit"
        self.unit_labels = unit_labels(p, self.columns[0], LEFT, buff=0.25, size=theme.LABEL_SIZE)
        if inputs_named:
            heading = Text("unit", font=theme.FONT, font_size=theme.SMALL_SIZE, color=p.muted)
            self.unit_labels.add(heading.next_to(self.unit_labels, UP, buff=0.25).align_to(self.unit_labels, RIGHT))
        # MathTex itself, not math(): a symbol V read at step s is an input, not the matrix V.
        # The roomy trellis names the input read at each step by its number j (the j of w_ij), never by its letter:
        # the symbol B would read as the path factor B on its edges. A narrow trellis (a whole string,
        # no factors named) shows the symbol alone.
        # The symbol alone is set in the face every scene draws the grammar's symbols in (theme.MONO_FONT).
        self.inputs = VGroup(
            *(
                (MathTex(rf"\text{{input }}{INDEX[symbols[s - 1]] + 1}", color=p.input).scale(theme.EQUATION_SCALE_LABEL)
                 if inputs_named else Text(symbols[s - 1], font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=p.input))
                .next_to(self.columns[s - 1], DOWN, buff=0.2)
                for s in range(1, steps + 1)
            )
        )
        # edges first, so the nodes (filled with the background) sit on top of them
        self.add(self.edges, self.columns, self.step_labels, self.unit_labels, self.inputs)

    def h_node(self, t: int, i: int) -> Circle:
        return self.columns[t - 1][i - 1]


def get_path(graph: HasHiddenNodes, t: int, gammas: Sequence[int], color: str,
             width: float = theme.HIGHLIGHT_WIDTH, ring: bool = True) -> VGroup:
    """Lines h_t^{gamma_0} -> h_{t-1}^{gamma_1} -> ... -> h_{t-k}^{gamma_k}, and a ring where the path ends.

    The lines stop at the nodes' rims like the edges under them.  The ring marks the node
    whose A(gamma_k, t-k) closes the product; 1-based indices.
    """
    path = VGroup()
    for l in range(len(gammas) - 1):
        start, end = graph.h_node(t - l, gammas[l]), graph.h_node(t - l - 1, gammas[l + 1])
        path.add(Line(start.get_center(), end.get_center(), buff=start.width / 2, color=color, stroke_width=width))
    if not ring:
        return path
    last = graph.h_node(t - len(gammas) + 1, gammas[-1])
    path.add(Circle(radius=last.width * theme.PATH_RING, color=color, stroke_width=width / 2).move_to(last))
    return path


def get_paths(graph: HasHiddenNodes, t: int, paths: Sequence[Sequence[int]], color: str, width: float) -> VGroup:
    """Many paths at once (thin, one colour, no rings), for the ones a sweep passes over together."""
    return VGroup(*(get_path(graph, t, gammas, color, width, ring=False) for gammas in paths))


TRELLIS_STEPS = 4  # the steps ErrorRecurrence takes apart (1 + 4 + 16 + 64 = 85 paths) and hands on
# rows spaced wider than a string's trellis: four steps leave the room, and paths read more easily
TRELLIS_ROW_GAP = theme.PATH_ROW_GAP * 1.3

# The derivative as a sum over paths (the post's closed form, said as the trellis shows it): ErrorRecurrence
# arrives at it, and it heads the trellis both scenes share. Parts: lhs, =, the sum over paths, the path's A
# where the walk back stops, its B factors; said in words at full size, not in subscripts under a sum and a product
# (legible at 480p), no nested indices (read off the picture). One unit's component, h_t^alpha: the question asked
# is about one unit, and the post's closed form is written for one.
CLOSED_FORM = (
    r"\frac{\partial h^\alpha_t}{\partial w}", "=",
    r"\text{sum over paths back from } h^\alpha_t\text{ of: }",
    r"A\text{ at its far end}",
    r"\times \text{its edges' } B_{\alpha\gamma}",
)
CLOSED_FORM_A, CLOSED_FORM_B = 3, 4  # the parts lit as the trellis shows a path's A and its B's


def closed_form(palette: Palette) -> MathTex:
    """The closed form where it heads the trellis: centred under the top margin, A in the hidden units' colour, B in U's."""
    formula = math(palette, *CLOSED_FORM, scale=theme.EQUATION_SCALE_LABEL).to_edge(UP, buff=theme.CLOSED_FORM_TOP).set_x(0)
    formula[CLOSED_FORM_A].set_color(palette.hidden)
    formula[CLOSED_FORM_B].set_color(palette.U)
    return formula


class JacobianTrellis(VGroup):
    """The path trellis of the first ``steps`` steps, each step's U edges named J_s, and J_s defined.

    ``headline`` is the closed form over it; ``graph`` is the PathGraph; ``names[s-2]`` labels the edges into step s; ``definition`` is
    J_s = diag(sigma_h'(a_s)) U = dh_s/dh_{s-1} with its entries B(alpha, gamma, s), and
    ``product`` the Jacobian of the whole trellis, dh_t/dh_1 = J_t ... J_2.  Built at one
    fixed place, so the scene that ends on it and the scene that starts from it draw the same frame.
    """

    def __init__(self, palette: Palette, U: np.ndarray, symbols: Sequence[str], steps: int = TRELLIS_STEPS):
        super().__init__()
        p = palette
        self.graph = PathGraph(p, U, symbols, steps, row_gap=TRELLIS_ROW_GAP).move_to(0.65 * DOWN).to_edge(LEFT, buff=1.0)
        # the inputs keep their places under the steps but are not drawn: a scene shows the one it needs
        self.graph.remove(self.graph.inputs)
        self.names = VGroup(
            *(
                math(p, f"J_{s}", color=p.U, scale=theme.EQUATION_SCALE_LABEL)
                .move_to(self.graph.step_labels[s - 2].get_center() / 2 + self.graph.step_labels[s - 1].get_center() / 2)
                for s in range(2, steps + 1)
            )
        )
        self.definition = VGroup(
            math(p, r"J_s = \frac{\partial h_s}{\partial h_{s-1}}", color=p.U, scale=theme.EQUATION_SCALE_LABEL),
            math(p, r"= \mathrm{diag}\big(\sigma_h'(a_s)\big)\,U", scale=theme.EQUATION_SCALE_LABEL),
            math(p, r"\text{entries: its edges' } B_{\alpha\gamma}", scale=theme.EQUATION_SCALE_LABEL),
            math(p, rf"\frac{{\partial h_{steps}}}{{\partial h_1}} = " + r"\,".join(f"J_{s}" for s in range(steps, 1, -1)),
                 scale=theme.EQUATION_SCALE_LABEL),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        self.definition.next_to(self.graph, RIGHT, buff=0.5).align_to(self.graph, UP)
        self.headline = closed_form(p)
        self.add(self.headline, self.graph, self.names, self.definition)
