"""A path gamma_0..gamma_k through the hidden layers of an UnrolledGraph, drawn backwards in time."""

from __future__ import annotations

from collections.abc import Sequence

from manim import Circle, Line, VGroup

from scenes import theme
from scenes.components.unrolled import UnrolledGraph


def get_path(graph: UnrolledGraph, t: int, gammas: Sequence[int], color: str | None = None) -> VGroup:
    """Lines h_t^{gamma_0} -> h_{t-1}^{gamma_1} -> ... -> h_{t-k}^{gamma_k}, and a ring where the path ends.

    The ring marks the node whose A(gamma_k, t-k) closes the product; 1-based indices.
    """
    color = color or theme.palette().error
    path = VGroup()
    for l in range(len(gammas) - 1):
        start = graph.h_node(t - l, gammas[l]).get_center()
        end = graph.h_node(t - l - 1, gammas[l + 1]).get_center()
        path.add(Line(start, end, color=color, stroke_width=theme.HIGHLIGHT_WIDTH))
    last = graph.h_node(t - len(gammas) + 1, gammas[-1])
    path.add(Circle(radius=last.width * 0.8, color=color, stroke_width=theme.HIGHLIGHT_WIDTH / 2).move_to(last))
    return path
