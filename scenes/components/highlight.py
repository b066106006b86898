"""Lighting up a sub-graph: everything else fades to the palette's dim colour.

``highlight(graph, keep)`` returns one animation over the whole ``graph`` (so
nested groups are never animated twice): every drawn part outside ``keep``
turns dim, and the kept edges are drawn at least ``theme.LIT_EDGE_WIDTH`` wide
and fully opaque, so a path stays visible even where its weights are small.
Each part remembers its own style the first time it is highlighted, so a
second ``highlight`` starts from the original look, not from the last one:
highlights can follow each other, and ``highlight(graph, [graph])`` lights
everything again.
"""

from __future__ import annotations

from collections.abc import Iterable

from manim import Line, ManimColor, Mobject, MoveToTarget

from scenes import theme


def _leaves(mobjects: Iterable[Mobject]) -> set[int]:
    return {id(leaf) for mob in mobjects for leaf in mob.family_members_with_points()}


def _original(leaf: Mobject) -> dict:
    """The leaf's style before any highlight (recorded on first use)."""
    if not hasattr(leaf, "unlit_style"):
        leaf.unlit_style = {
            "stroke_color": leaf.get_stroke_color(),
            "stroke_width": leaf.get_stroke_width(),
            "stroke_opacity": leaf.get_stroke_opacity(),
            "fill_color": leaf.get_fill_color(),
            "fill_opacity": leaf.get_fill_opacity(),
        }
    return leaf.unlit_style


def get_highlighted(graph: Mobject, keep: Iterable[Mobject]) -> Mobject:
    """A copy of ``graph`` with everything outside ``keep`` dimmed and the kept lines strengthened."""
    p = theme.palette()
    kept = _leaves(keep)
    background = ManimColor(p.background).to_hex().lower()
    target = graph.copy()
    for leaf, copy in zip(graph.family_members_with_points(), target.family_members_with_points()):
        style = _original(leaf)
        copy.set_stroke(color=style["stroke_color"], width=style["stroke_width"], opacity=style["stroke_opacity"])
        copy.set_fill(color=style["fill_color"], opacity=style["fill_opacity"])
        if id(leaf) in kept:
            if isinstance(leaf, Line):
                copy.set_stroke(width=max(style["stroke_width"], theme.LIT_EDGE_WIDTH), opacity=1.0)
            continue
        copy.set_stroke(color=p.dim)
        if style["fill_opacity"] > 0 and ManimColor(style["fill_color"]).to_hex().lower() != background:
            copy.set_fill(color=p.dim)
    return target


def highlight(graph: Mobject, keep: Iterable[Mobject], **kwargs) -> MoveToTarget:
    """Animate ``graph`` into :func:`get_highlighted`."""
    graph.target = get_highlighted(graph, keep)
    return MoveToTarget(graph, **kwargs)
