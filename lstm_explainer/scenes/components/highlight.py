"""Lighting up a sub-graph: everything else fades to the palette's dim colour.

``highlight(palette, graph, keep)`` returns one animation over the whole ``graph`` (so
nested groups are never animated twice): every drawn part outside ``keep``
turns dim, and the kept edges are drawn at least ``theme.LIT_EDGE_WIDTH`` wide,
fully opaque and above the dimmed ones (``theme.LIT_Z``), so a path stays whole
and visible even where its weights are small and dim edges cross it.
Each part remembers its own style the first time it is highlighted, so a
second ``highlight`` starts from the original look, not from the last one:
highlights can follow each other, and ``highlight(palette, graph, [graph])`` lights
everything again.  Parts marked with ``as_guide`` (the unit numbers, the step
names: what tells a viewer where h_1^4 is) are never dimmed.
"""

from __future__ import annotations

from collections.abc import Iterable

from manim import Line, ManimColor, Mobject, MoveToTarget

from lstm_explainer.scenes import theme
from lstm_explainer.scenes.theme import Palette


def _leaves(mobjects: Iterable[Mobject]) -> set[int]:
    return {id(leaf) for mob in mobjects for leaf in mob.family_members_with_points()}


def as_guide(*mobjects: Mobject) -> None:
    """Mark labels that locate things on a graph, so a highlight leaves them lit."""
    for leaf in (leaf for mob in mobjects for leaf in mob.family_members_with_points()):
        leaf.is_guide = True


def original_style(leaf: Mobject) -> dict:
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


def get_highlighted(palette: Palette, graph: Mobject, keep: Iterable[Mobject]) -> Mobject:
    """A copy of ``graph`` with everything outside ``keep`` dimmed (in the palette's dim) and the kept lines strengthened."""
    p = palette
    kept = _leaves(keep)
    background = ManimColor(p.background).to_hex().lower()
    target = graph.copy()
    for leaf, copy in zip(graph.family_members_with_points(), target.family_members_with_points()):
        style = original_style(leaf)
        copy.set_stroke(color=style["stroke_color"], width=style["stroke_width"], opacity=style["stroke_opacity"])
        copy.set_fill(color=style["fill_color"], opacity=style["fill_opacity"])
        if id(leaf) in kept or getattr(leaf, "is_guide", False):
            if isinstance(leaf, Line):
                copy.set_stroke(width=max(style["stroke_width"], theme.LIT_EDGE_WIDTH), opacity=1.0)
            continue
        copy.set_stroke(color=p.dim)
        if style["fill_opacity"] > 0 and ManimColor(style["fill_color"]).to_hex().lower() != background:
            copy.set_fill(color=p.dim)
    return target


def raise_lit(graph: Mobject, keep: Iterable[Mobject]) -> None:
    """Draw the kept lines of ``graph`` above every other line, the rest at their usual depth."""
    kept = _leaves(keep)
    for leaf in graph.family_members_with_points():
        if isinstance(leaf, Line):
            leaf.z_index = theme.LIT_Z if id(leaf) in kept else 0


def highlight(palette: Palette, graph: Mobject, keep: Iterable[Mobject], **kwargs) -> MoveToTarget:
    """Animate ``graph`` into :func:`get_highlighted`, the kept lines raised above the rest."""
    raise_lit(graph, keep)
    graph.target = get_highlighted(palette, graph, keep)
    return MoveToTarget(graph, **kwargs)
