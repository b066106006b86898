"""Paths gamma_0..gamma_k through the hidden layers of the first t steps, drawn backwards in time.

``PathGraph`` lays the hidden units out as a trellis: one column per step h_1..h_t,
unit 1 on top, every U edge between neighbouring columns.  It is roomier than the
hidden diagonal of an UnrolledGraph, so a path and the node where it ends read
at a glance; ``get_path`` draws on either (both answer ``h_node(t, i)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Circle, Line, VGroup

from model.rnn import RNN
from scenes import theme
from scenes.components.network import edge_style
from scenes.components.text import math


class HasHiddenNodes(Protocol):
    def h_node(self, t: int, i: int) -> Circle: ...


class PathGraph(VGroup):
    """Columns h_1..h_t of d hidden nodes, U edges between them, the symbol read at each step below.

    columns[s-1][i-1] is h_s^i (1-based ``h_node(s, i)``); ``u_edges(s)[i-1][j-1]`` joins
    h_{s-1}^j to h_s^i with U[i-1, j-1]'s width; ``inputs[s-1]`` is the label x_s = symbol.
    """

    def __init__(self, rnn: RNN, symbols: Sequence[str], steps: int):
        super().__init__()
        p = theme.palette()
        self.steps = steps
        self.columns = VGroup()
        for s in range(steps):
            column = VGroup(
                *(
                    Circle(radius=theme.PATH_NODE_RADIUS, color=p.hidden, stroke_width=theme.NODE_STROKE)
                    .set_fill(p.background, opacity=1)
                    .move_to(s * theme.PATH_COLUMN_GAP * RIGHT + a * theme.PATH_ROW_GAP * DOWN)
                    for a in range(rnn.d)
                )
            )
            self.columns.add(column)
        largest = float(np.abs(rnn.U).max())
        self.edges = VGroup()
        for s in range(2, steps + 1):
            self.edges.add(
                VGroup(
                    *(
                        VGroup(
                            *(
                                Line(self.h_node(s - 1, j).get_center(), self.h_node(s, i).get_center(), color=p.U,
                                     **edge_style(rnn.U[i - 1, j - 1], largest))
                                for j in range(1, rnn.d + 1)
                            )
                        )
                        for i in range(1, rnn.d + 1)
                    )
                )
            )
        self.step_labels = VGroup(
            *(math(f"h_{s}", color=p.hidden).next_to(self.columns[s - 1], UP, buff=0.2) for s in range(1, steps + 1))
        )
        self.unit_labels = VGroup(
            *(
                math(str(a), color=p.muted, scale=theme.EQUATION_SCALE * 0.8).next_to(node, LEFT, buff=0.25)
                for a, node in enumerate(self.columns[0], start=1)
            )
        )
        self.inputs = VGroup(
            *(
                math(rf"x_{s} = \text{{{symbols[s - 1]}}}", color=p.input, scale=theme.EQUATION_SCALE * 0.85)
                .next_to(self.columns[s - 1], DOWN, buff=0.2)
                for s in range(1, steps + 1)
            )
        )
        # edges first, so the nodes (filled with the background) sit on top of them
        self.add(self.edges, self.columns, self.step_labels, self.unit_labels, self.inputs)

    def h_node(self, t: int, i: int) -> Circle:
        return self.columns[t - 1][i - 1]

    def u_edges(self, t: int) -> VGroup:
        return self.edges[t - 2]


def get_path(graph: HasHiddenNodes, t: int, gammas: Sequence[int], color: str | None = None,
             width: float = theme.HIGHLIGHT_WIDTH, ring: bool = True) -> VGroup:
    """Lines h_t^{gamma_0} -> h_{t-1}^{gamma_1} -> ... -> h_{t-k}^{gamma_k}, and a ring where the path ends.

    The ring marks the node whose A(gamma_k, t-k) closes the product; 1-based indices.
    """
    color = color or theme.palette().error
    path = VGroup()
    for l in range(len(gammas) - 1):
        start = graph.h_node(t - l, gammas[l]).get_center()
        end = graph.h_node(t - l - 1, gammas[l + 1]).get_center()
        path.add(Line(start, end, color=color, stroke_width=width))
    if not ring:
        return path
    last = graph.h_node(t - len(gammas) + 1, gammas[-1])
    path.add(Circle(radius=last.width * 0.8, color=color, stroke_width=width / 2).move_to(last))
    return path


def get_paths(graph: HasHiddenNodes, t: int, paths: Sequence[Sequence[int]], color: str, width: float) -> VGroup:
    """Many paths at once (thin, one colour, no rings), for the ones a sweep passes over together."""
    return VGroup(*(get_path(graph, t, gammas, color, width, ring=False) for gammas in paths))

