"""The cheap redraws of ErrorRecurrence and VanishingProduct draw what the costly ones drew.

The dial's read-out is put together from glyphs typeset once, fades change opacities in place,
and a text redrawn during an animation keeps its parts: each must leave the same picture as
typesetting again, manim's FadeOut, or a fresh text would.
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import ORIGIN, RIGHT, Circle, FadeOut, Scene, VGroup

from lstm_explainer.scenes import numbers, theme
from lstm_explainer.scenes.components.dial import Dial, Readout
from lstm_explainer.scenes.components.fades import Dissolve, redraw_in_place
from lstm_explainer.scenes.components.text import caption

PIXEL_AT_1080P = 8 / 1080  # manim units


@pytest.mark.parametrize("value", [0.25, 0.5, 0.731, 1.0, 1.234, 2.0, 3.99, 4.0])
def test_the_dials_readout_draws_the_typeset_captions_outline(value):
    shown = numbers.text(value)
    built = Readout("s", theme.BODY_SIZE, theme.DARK.U)(shown)
    typeset = caption(f"s = {shown}", theme.BODY_SIZE, theme.DARK.U)
    glyphs, expected = built.family_members_with_points(), typeset.family_members_with_points()
    assert len(glyphs) == len(expected)
    for glyph, truth in zip(glyphs, expected):
        assert glyph.points.shape == truth.points.shape
        # Pango places glyphs on its own integer grid: a fifth of a pixel at 1080p at most
        assert np.abs(glyph.points - truth.points).max() < 0.2 * PIXEL_AT_1080P


def test_the_dial_reads_each_value_it_shows_and_keeps_its_parts():
    dial = Dial(theme.DARK, 0.25, 4.0, ticks=(0.25, 1, 4), value=0.5)
    parts = list(dial.readout.submobjects)
    for value in (0.5, 0.731, 1.0, 2.0):
        dial.show(value)
        assert dial.shown == f"s = {numbers.text(value)}"
        # the needle points along the log scale: 0.25 to the left, 4 to the right, 1 straight up
        direction = dial.needle.get_end() - dial.hub.get_center()
        angle = np.degrees(np.arctan2(direction[1], direction[0]))
        assert angle == pytest.approx(180 * (1 - np.log(value / 0.25) / np.log(16)), abs=1e-6)
    assert dial.readout.submobjects[: len(parts)] == parts  # redrawn in place, never taken out


def test_a_part_left_over_by_a_shorter_text_is_emptied_not_removed():
    slots = VGroup()
    redraw_in_place(slots, caption("s = 0.731", theme.SMALL_SIZE, "#ffffff"))
    kept = list(slots.submobjects)
    redraw_in_place(slots, caption("s = 1.00", theme.SMALL_SIZE, "#ffffff"))
    assert slots.submobjects == kept
    drawn = [part for part in slots.submobjects if len(part.points)]
    fresh = caption("s = 1.00", theme.SMALL_SIZE, "#ffffff").family_members_with_points()
    assert len(drawn) == len(fresh) == len(kept) - 1
    assert all(np.array_equal(a.points, b.points) for a, b in zip(drawn, fresh))


@pytest.mark.parametrize("alpha", [0.0, 0.3, 0.5, 1.0])
@pytest.mark.parametrize("shift", [ORIGIN, 0.2 * RIGHT])
def test_a_dissolve_draws_what_a_fade_out_draws_and_leaves_the_mobject_as_it_was(alpha, shift):
    def drawn():
        group = VGroup(caption("0.0748", theme.SMALL_SIZE, "#ff0000"), Circle(fill_opacity=0.5))
        return group, group.copy()

    ours, before = drawn()
    theirs, _ = drawn()
    dissolve, fade = Dissolve(ours, shift=shift), FadeOut(theirs, shift=shift)
    for animation in (dissolve, fade):
        animation.begin()
        animation.interpolate(alpha)
    for a, b in zip(ours.family_members_with_points(), theirs.family_members_with_points()):
        np.testing.assert_allclose(a.points, b.points, atol=1e-9)
        np.testing.assert_allclose(a.get_fill_opacities(), b.get_fill_opacities(), atol=1e-9)
        np.testing.assert_allclose(a.get_stroke_opacities(), b.get_stroke_opacities(), atol=1e-9)
    dissolve.clean_up_from_scene(Scene())
    for a, b in zip(ours.family_members_with_points(), before.family_members_with_points()):
        np.testing.assert_allclose(a.points, b.points, atol=1e-9)
        np.testing.assert_allclose(a.get_fill_opacities(), b.get_fill_opacities())


def test_turns_built_ahead_each_start_where_the_one_before_ended():
    # a paced beat builds all its turns before the first plays: each must start from the dial's value then
    dial = Dial(theme.DARK, 0.25, 4.0, ticks=(0.25, 1, 4), value=3.0)
    seen = []
    down, up = dial.turn(0.5, seen.append), dial.turn(2.0, seen.append)
    down.begin()
    down.interpolate(1.0)
    assert dial.value == pytest.approx(0.5)
    up.begin()
    assert seen[-1] == pytest.approx(0.5)  # not 3.0, where the dial stood when the turn was built
    up.interpolate(1.0)
    assert dial.value == pytest.approx(2.0) and seen[-1] == pytest.approx(2.0)
