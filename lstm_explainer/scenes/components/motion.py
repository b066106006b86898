"""Fades that draw manim's FadeIn/FadeOut frames without copying what they fade.

manim's ``FadeIn`` and ``FadeOut`` are ``Transform``s: ``Transform.begin`` deep-copies the
mobject twice (a starting copy and a faded target) and aligns them, and every frame then
interpolates every point and colour of the family. A plain fade (no shift, no scale) only
changes opacity, so ``FadeInPlace`` and ``FadeOutInPlace`` keep each family member's opacities
and set them in place every frame: the same alphas, the same pixels, no copy. For a formula
table or the whole screen (the end-of-scene fade) that is most of the fade's cost.

Use them in place of ``FadeIn(...)``/``FadeOut(...)`` without ``shift``, ``target_position`` or
``scale`` (those still need manim's). They take the same mobjects and ``run_time``/``rate_func``,
add and remove like manim's (``FadeInPlace`` adds its mobjects; ``FadeOutInPlace`` removes them
and leaves them at their full opacity, to be shown again later). Only vectorized mobjects
(``VMobject`` and groups of them: shapes, Text, MathTex) carry colours they fade; an image or
point cloud is refused with the manim fade to use instead.
"""

from __future__ import annotations

import numpy as np
from manim import Animation, Group, Mobject, VMobject

# The colour arrays VMobject.interpolate_color fades; their fourth column is the opacity.
_COLOUR_ARRAYS = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")


def fades_in_place(*mobjects: Mobject) -> bool:
    """True when every colour the mobjects carry is a vectorized mobject's (what the fades here can fade)."""
    return not any(not isinstance(mob, VMobject) and _carries_colour(mob)
                   for top in mobjects for mob in top.get_family())


def _carries_colour(mob: Mobject) -> bool:
    return hasattr(mob, "pixel_array") or hasattr(mob, "rgbas")


class _OpacityFade(Animation):
    shown_at_start: float  # 0: fading in, 1: fading out

    def __init__(self, *mobjects: Mobject, **kwargs) -> None:
        if not mobjects:
            raise ValueError(f"{type(self).__name__} needs at least one mobject to fade")
        for moved in ("shift", "target_position", "scale"):
            if moved in kwargs:
                raise TypeError(f"{type(self).__name__} only fades; for {moved}= use manim's FadeIn/FadeOut")
        super().__init__(mobjects[0] if len(mobjects) == 1 else Group(*mobjects), **kwargs)

    def begin(self) -> None:
        self.opacities: list[tuple[np.ndarray, np.ndarray]] = []  # (colour array, its own opacities)
        seen: set[int] = set()
        for mob in self.mobject.get_family():
            if not isinstance(mob, VMobject):
                if _carries_colour(mob):
                    raise TypeError(f"{type(self).__name__} fades vectorized mobjects only; fade the "
                                    f"{type(mob).__name__} with manim's FadeIn/FadeOut")
                continue
            for name in _COLOUR_ARRAYS:
                rgbas = getattr(mob, name, None)
                if rgbas is not None and id(rgbas) not in seen:
                    seen.add(id(rgbas))
                    self.opacities.append((rgbas, rgbas[:, 3].copy()))
        super().begin()

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # nothing to copy: the opacities kept in begin() are the start

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        # manim interpolates start and target: (1 - t) * start + t * end, one of them zero
        shown = 1.0 - t if self.shown_at_start else t
        for rgbas, own in self.opacities:
            rgbas[:, 3] = own * shown


class FadeInPlace(_OpacityFade):
    """manim's ``FadeIn(*mobjects)`` (no shift or scale) without its two deep copies."""

    shown_at_start = 0.0

    def __init__(self, *mobjects: Mobject, **kwargs) -> None:
        super().__init__(*mobjects, introducer=True, **kwargs)


class FadeOutInPlace(_OpacityFade):
    """manim's ``FadeOut(*mobjects)`` (no shift or scale) without its two deep copies."""

    shown_at_start = 1.0

    def __init__(self, *mobjects: Mobject, **kwargs) -> None:
        super().__init__(*mobjects, remover=True, **kwargs)

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        self.interpolate(0)  # as manim's FadeOut: gone from the scene, its opacities back for a later add
