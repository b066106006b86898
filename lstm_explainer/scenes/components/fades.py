"""Fades that change a mobject's opacities in place, for large pictures (a table, a formula, a trellis).

manim's ``FadeIn``/``FadeOut`` are Transforms: they deep-copy the mobject twice (its start and its
faded target) and interpolate every point of every glyph each frame, which for a table of numbers
costs far more than drawing it. ``Dissolve`` draws the same frames (each opacity goes linearly to or
from zero along the rate function, and an optional shift moves it as ``FadeIn(..., shift=)`` does)
by scaling the opacity columns of the colour arrays it already has, and copies nothing. The end of
every scene (``StoryScene.tear_down``) fades the whole screen this way.

Only vectorized mobjects (``VMobject`` and groups of them: shapes, Text, MathTex) carry colours it
fades: an image or point cloud is refused with the manim fade to use instead (``fades_in_place``).
"""

from __future__ import annotations

import numpy as np
from manim import ORIGIN, Animation, Group, Mobject, VGroup, VMobject

_COLOURS = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")


def _unfadeable(mob: Mobject) -> bool:
    """An image or point cloud: its colours are not in the arrays a Dissolve scales."""
    return not isinstance(mob, VMobject) and (hasattr(mob, "pixel_array") or hasattr(mob, "rgbas"))


def fades_in_place(*mobjects: Mobject) -> bool:
    """Whether a Dissolve can fade `mobjects` (else manim's FadeIn/FadeOut must)."""
    return not any(_unfadeable(part) for mob in mobjects for part in mob.get_family())


class Dissolve(Animation):
    """`mobjects` fade out (removed at the end, their opacities restored) or, with ``fade_in``, in."""

    def __init__(self, *mobjects: Mobject, fade_in: bool = False, shift: np.ndarray = ORIGIN, **kwargs):
        if not mobjects:
            raise ValueError("Dissolve needs at least one mobject to fade")
        if len(mobjects) == 1:
            group = mobjects[0]
        else:
            group = VGroup(*mobjects) if all(isinstance(m, VMobject) for m in mobjects) else Group(*mobjects)
        self.fade_in, self.shift = fade_in, np.asarray(shift, dtype=float)
        super().__init__(group, remover=not fade_in, introducer=fade_in, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()  # nothing is interpolated from a copy: the opacities are kept below

    def begin(self) -> None:
        for part in self.mobject.get_family():
            if _unfadeable(part):
                raise TypeError(f"Dissolve fades vectorized mobjects only; fade the {type(part).__name__} "
                                "with manim's FadeIn/FadeOut")
        members = [m for m in self.mobject.get_family() if isinstance(m, VMobject)]
        self.opacities = [(m, [getattr(m, name)[:, 3].copy() for name in _COLOURS]) for m in members]
        self.offset = np.zeros(3)
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        shown = self.rate_func(alpha)
        share = shown if self.fade_in else 1 - shown
        for m, kept in self.opacities:
            for name, opacity in zip(_COLOURS, kept):
                getattr(m, name)[:, 3] = opacity * share
        offset = (shown - 1) * self.shift if self.fade_in else shown * self.shift
        self.mobject.shift(offset - self.offset)
        self.offset = offset

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        if not self.fade_in:  # like FadeOut: the mobject leaves the screen as it was, to come back unchanged
            self.interpolate(0)


def redraw_in_place(slots: VGroup, new: Mobject) -> VGroup:
    """Make `slots` draw `new`'s outline (a text typeset again, say) without taking a part out of it.

    During an animation manim draws the family its moving mobjects had when it began: a part removed
    from a group meanwhile would still be drawn. So each part of `slots` takes the points and style of
    the next part of `new` with points; a part left over is emptied, and a part missing is added.
    """
    parts = [part for part in new.family_members_with_points()]
    for n, part in enumerate(parts):
        if n < len(slots.submobjects):
            slots.submobjects[n].set_points(part.points).match_style(part)
        else:
            slots.add(part)
    for slot in slots.submobjects[len(parts):]:
        slot.clear_points()
    return slots
