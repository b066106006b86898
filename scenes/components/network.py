"""The folded RNN drawn as three layers of nodes: x at the bottom, h, y on top.

W edges run from the inputs to the hidden layer, V edges from the hidden layer
to the outputs, and the recurrent weights U are one loop on the hidden layer.
Given weights, an edge's width and opacity follow the weight's magnitude.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Circle, CurvedArrow, Line, MathTex, Text, VGroup

from scenes import theme


def node_column(count: int, color: str, gap: float, radius: float = theme.NODE_RADIUS) -> VGroup:
    """`count` hollow nodes in a row, centred on the origin."""
    nodes = VGroup(
        *(
            Circle(radius=radius, color=color, stroke_width=theme.NODE_STROKE).set_fill(
                theme.palette().background, opacity=1
            )
            for _ in range(count)
        )
    )
    return nodes.arrange(RIGHT, buff=gap - 2 * radius)


def edge_style(weight: float, largest: float) -> dict:
    """Width and opacity of an edge whose weight is `weight` (largest magnitude: `largest`)."""
    strength = abs(weight) / largest if largest > 0 else 1.0
    return {
        "stroke_width": theme.EDGE_WIDTH_MIN + strength * (theme.EDGE_WIDTH_MAX - theme.EDGE_WIDTH_MIN),
        "stroke_opacity": theme.EDGE_OPACITY_MIN + strength * (1 - theme.EDGE_OPACITY_MIN),
    }


def dense_edges(sources: VGroup, targets: VGroup, weights: np.ndarray | None, color: str) -> VGroup:
    """One line per (target i, source j), indexed edges[i][j] like the weight matrix (targets, sources)."""
    largest = float(np.abs(weights).max()) if weights is not None else 0.0
    rows = VGroup()
    for i, target in enumerate(targets):
        row = VGroup()
        for j, source in enumerate(sources):
            style = edge_style(weights[i, j], largest) if weights is not None else {"stroke_width": 1.5}
            row.add(Line(source.get_top(), target.get_bottom(), color=color, **style))
        rows.add(row)
    return rows


def symbol_labels(row: VGroup, symbols: Sequence[str], direction: np.ndarray, buff: float = 0.12) -> VGroup:
    """One symbol per node of `row`, on the side `direction` points to."""
    color = theme.palette().text
    return VGroup(
        *(
            Text(symbol, font=theme.MONO_FONT, font_size=theme.LABEL_SIZE, color=color).next_to(node, direction, buff=buff)
            for symbol, node in zip(symbols, row)
        )
    )


class LayeredNetwork(VGroup):
    """The 7-4-7 network of the post (any n, d, m), labelled with the input and output symbols.

    Parts: ``inputs``, ``hidden``, ``outputs`` (node rows), ``w_edges[i][j]`` (x^j -> h^i),
    ``v_edges[k][alpha]`` (h^alpha -> y^k), ``u_loop``, ``input_labels``, ``output_labels``.
    """

    def __init__(
        self,
        sizes: tuple[int, int, int],
        symbols: Sequence[str],
        W: np.ndarray | None = None,
        V: np.ndarray | None = None,
        node_gap: float = 0.55,
        layer_gap: float = 1.9,
    ):
        super().__init__()
        n, d, m = sizes
        p = theme.palette()
        self.inputs = node_column(n, p.input, node_gap)
        self.hidden = node_column(d, p.hidden, node_gap)
        self.outputs = node_column(m, p.output, node_gap)
        self.hidden.shift(layer_gap * UP)
        self.outputs.shift(2 * layer_gap * UP)

        self.w_edges = dense_edges(self.inputs, self.hidden, W, p.W)
        self.v_edges = dense_edges(self.hidden, self.outputs, V, p.V)
        self.u_loop = CurvedArrow(
            self.hidden[-1].get_right() + 0.05 * RIGHT + 0.08 * UP,
            self.hidden[-1].get_right() + 0.05 * RIGHT + 0.08 * DOWN,
            angle=-4.2,
            color=p.U,
            stroke_width=3,
            tip_length=0.15,
        )
        self.u_label = MathTex("U", color=p.U).scale(theme.EQUATION_SCALE).next_to(self.u_loop, RIGHT, buff=0.1)
        self.input_labels = symbol_labels(self.inputs, symbols, DOWN)
        self.output_labels = symbol_labels(self.outputs, symbols, UP)
        self.layer_labels = VGroup(
            *(
                MathTex(name, color=p.muted).scale(theme.EQUATION_SCALE).next_to(row, LEFT, buff=0.35)
                for name, row in (("x_t", self.inputs), ("h_t", self.hidden), ("y_t", self.outputs))
            )
        )
        # Edges first so the filled nodes sit on top of them.
        self.add(self.w_edges, self.v_edges, self.u_loop, self.u_label)
        self.add(self.inputs, self.hidden, self.outputs)
        self.add(self.input_labels, self.output_labels, self.layer_labels)
        self.move_to(np.zeros(3))
