"""Lighting up a sub-graph: everything else fades to the palette's dim colour.

``highlight(graph, keep)`` returns one animation over the whole ``graph`` (so
nested groups are never animated twice): every drawn part outside ``keep``
turns dim, and the kept edges are drawn at least ``theme.LIT_EDGE_WIDTH`` wide
and fully opaque, so a path stays visible even where its weights are small.
``graph.save_state()`` is called first; ``Restore(graph)`` undoes it.
"""

from __future__ import annotations

from collections.abc import Iterable

from manim import Line, ManimColor, Mobject, MoveToTarget

from scenes import theme


def _leaves(mobjects: Iterable[Mobject]) -> set[int]:
    return {id(leaf) for mob in mobjects for leaf in mob.family_members_with_points()}


def get_highlighted(graph: Mobject, keep: Iterable[Mobject]) -> Mobject:
    """A copy of ``graph`` with everything outside ``keep`` dimmed and the kept lines strengthened."""
    p = theme.palette()
    kept = _leaves(keep)
    background = ManimColor(p.background).to_hex().lower()
    target = graph.copy()
    for leaf, copy in zip(graph.family_members_with_points(), target.family_members_with_points()):
        if id(leaf) in kept:
            if isinstance(leaf, Line):
                copy.set_stroke(width=max(leaf.get_stroke_width(), theme.LIT_EDGE_WIDTH), opacity=1.0)
            continue
        copy.set_stroke(color=p.dim)
        if copy.get_fill_opacity() > 0 and copy.get_fill_color().to_hex().lower() != background:
            copy.set_fill(color=p.dim)
    return target


def highlight(graph: Mobject, keep: Iterable[Mobject], **kwargs) -> MoveToTarget:
    """Animate ``graph`` into :func:`get_highlighted`; ``Restore(graph)`` brings it back."""
    graph.save_state()
    graph.target = get_highlighted(graph, keep)
    return MoveToTarget(graph, **kwargs)
