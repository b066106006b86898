"""Typeset text is cheap to copy: its glyphs drop the parsed SVG paths manim keeps after making their points
(every Transform, FadeIn and FadeOut deep-copied them), in manim's in-memory typeset cache too, and the
glyphs' points stay those manim made."""

from __future__ import annotations

import numpy as np
from manim import MarkupText
from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP

from lstm_explainer.scenes import theme
from lstm_explainer.scenes.components.text import line, markup, math


def parsed_paths(mobject) -> int:
    return sum(getattr(part, "path_obj", None) is not None for part in mobject.get_family())


def test_a_typeset_line_and_its_copies_carry_no_parsed_svg_paths():
    first = line("share of (h, c):", theme.SMALL_SIZE, "#ffffff")
    again = line("share of (h, c):", theme.SMALL_SIZE, "#ffffff")  # from manim's in-memory cache
    for text in (first, again, first.copy()):
        assert parsed_paths(text) == 0
    assert all(parsed_paths(cached) == 0 for cached in SVG_HASH_TO_MOB_MAP.values())
    assert parsed_paths(math(theme.DARK, r"\frac{\partial c_t}{\partial c_{t-1}}")) == 0


def test_a_typeset_line_is_drawn_as_manim_draws_it():
    ours = line("1.32×10⁻¹⁰ (share of h)", theme.SMALL_SIZE, "#ffffff")
    manims = MarkupText(  # parsed afresh, not copied from the cache
        markup("1.32×10⁻¹⁰ (share of h)"), font=theme.FONT, font_size=theme.SMALL_SIZE, color="#ffffff", use_svg_cache=False
    )
    assert parsed_paths(manims) > 0  # what the shedding takes away
    ours_points = [part.points for part in ours.family_members_with_points()]
    manims_points = [part.points for part in manims.family_members_with_points()]
    assert len(ours_points) == len(manims_points)
    for a, b in zip(ours_points, manims_points):
        np.testing.assert_array_equal(a, b)
