"""The folded RNN drawn as three layers of nodes: x at the bottom, h, y on top.

W edges run from the inputs to the hidden layer, V edges from the hidden layer
to the outputs; an edge's width and opacity follow the weight's magnitude.  The
recurrent weights U are one loop on the whole hidden layer (every hidden unit
feeds every hidden unit at the next step).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, MathTex, VGroup

from lstm_explainer.scenes import theme
from lstm_explainer.scenes.theme import Palette
from lstm_explainer.scenes.components.graph import node_row, ULoop, symbol_labels, weighted_edges
from lstm_explainer.scenes.components.text import caption


class LayeredNetwork(VGroup):
    """The 7-4-7 network of the post (any n, d, m), labelled with the input and output symbols.

    Takes the palette and the weight arrays W (d x n) and V (m x n); the sizes are their shapes.
    Parts: ``inputs``, ``hidden``, ``outputs`` (node rows), ``w_edges[i][j]`` (x^j -> h^i),
    ``v_edges[k][alpha]`` (h^alpha -> y^k), ``u_loop`` (a ULoop: frame, arrow, label U),
    ``input_labels``, ``output_labels``, ``layer_labels``, ``unit_numbers`` (1..d inside the hidden nodes: the unit
    numbers later scenes name). Its thinnest edges are wider and less faint than the unrolled graph's (NETWORK_EDGE_*):
    a small weight is still seen at 480p.
    """

    def __init__(
        self,
        palette: Palette,
        W: np.ndarray,
        V: np.ndarray,
        symbols: Sequence[str],
        node_gap: float = 0.55,
        layer_gap: float = 1.9,
    ):
        super().__init__()
        (d, n), m = W.shape, V.shape[0]
        p = palette
        self.inputs = node_row(p, n, p.input, node_gap * RIGHT)
        self.hidden = node_row(p, d, p.hidden, node_gap * RIGHT).shift(layer_gap * UP)
        self.outputs = node_row(p, m, p.output, node_gap * RIGHT).shift(2 * layer_gap * UP)

        least = {"least_width": theme.NETWORK_EDGE_WIDTH_MIN, "least_opacity": theme.NETWORK_EDGE_OPACITY_MIN,
                 "greatest_width": theme.NETWORK_EDGE_WIDTH_MAX}
        self.w_edges = weighted_edges(self.inputs, self.hidden, W, p.W, **least)
        self.v_edges = weighted_edges(self.hidden, self.outputs, V, p.V, **least)
        self.unit_numbers = VGroup(*(caption(str(a), theme.SMALL_SIZE, p.text).move_to(node)
                                     for a, node in enumerate(self.hidden, start=1)))
        self.u_loop = ULoop(self.hidden, p.U)
        self.input_labels = symbol_labels(p, self.inputs, symbols, DOWN)
        self.output_labels = symbol_labels(p, self.outputs, symbols, UP)
        self.layer_labels = VGroup(
            *(
                MathTex(name, color=color).scale(theme.EQUATION_SCALE).next_to(row, LEFT, buff=0.35)
                for name, row, color in (("x_t", self.inputs, p.input), ("h_t", self.hidden, p.hidden), ("y_t", self.outputs, p.output))
            )
        )
        self.layer_labels[1].next_to(self.u_loop.frame, LEFT, buff=0.35 - theme.U_FRAME_PAD)
        self.add(self.w_edges, self.v_edges, self.u_loop)
        self.add(self.inputs, self.hidden, self.outputs, self.unit_numbers)
        self.add(self.input_labels, self.output_labels, self.layer_labels)
        self.move_to(np.zeros(3))
