"""The copy-free fade (components/fades.py's Dissolve) draws manim's FadeIn/FadeOut frames."""

from __future__ import annotations

import numpy as np
import pytest
from manim import (BLUE, DOWN, LEFT, RED, RIGHT, UP, WHITE, YELLOW, Camera, Circle, FadeIn, FadeOut, Group, Line, Mobject,
                   Scene, Square, Text, VGroup, linear, tempconfig)

from lstm_explainer.scenes.components.fades import Dissolve, fades_in_place

SIZE = {"pixel_width": 192, "pixel_height": 108}
# 8-bit channels: manim's interpolation of points and widths may differ from the kept ones in the last bit
PIXEL_TOLERANCE = 2


def picture() -> list[Mobject]:
    """Overlapping pieces with fill, stroke, a gradient, half opacities and a background stroke."""
    backing = Square(3, fill_color=BLUE, fill_opacity=0.8, stroke_color=WHITE, stroke_width=6)
    ring = Circle(1.2, stroke_color=[RED, YELLOW], stroke_width=10).set_fill(RED, 0.35).shift(RIGHT)
    word = Text("fade", color=YELLOW).set_stroke(BLUE, 3, background=True).shift(UP + LEFT)
    rule = Line(LEFT * 3, RIGHT * 3, stroke_opacity=0.5).shift(DOWN)
    return [backing, VGroup(ring, word), rule]


def frames(fade, alphas) -> list[np.ndarray]:
    """The frames of `fade` over a fresh picture at each alpha, drawn as the scene draws them."""
    mobjects = picture()
    animation = fade(*mobjects)
    animation.begin()
    camera, drawn = Camera(), []
    for alpha in alphas:
        animation.interpolate(alpha)
        camera.reset()
        camera.capture_mobjects(mobjects)
        drawn.append(camera.pixel_array.astype(int))
    return drawn


def dissolve_in(*mobjects, **kwargs):
    return Dissolve(*mobjects, fade_in=True, **kwargs)


@pytest.mark.parametrize(("ours", "manims"), [(Dissolve, FadeOut), (dissolve_in, FadeIn)])
def test_fades_draw_manims_frames(ours, manims):
    alphas = [0.0, 0.2, 0.5, 0.8, 1.0]
    with tempconfig(SIZE):
        theirs, mine = frames(manims, alphas), frames(ours, alphas)
    assert any(frame.any() for frame in theirs[1:-1])  # the picture is there mid-fade
    for alpha, expected, got in zip(alphas, theirs, mine):
        worst = np.abs(expected - got).max()
        assert worst <= PIXEL_TOLERANCE, f"at alpha {alpha} a channel differs by {worst}"


def test_fades_copy_nothing(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise AssertionError(f"{type(self).__name__} copied")

    with tempconfig(SIZE):
        mobjects = picture()
        monkeypatch.setattr(Mobject, "copy", refuse)
        for fade in (Dissolve, dissolve_in):
            animation = fade(*mobjects)
            animation.begin()
            animation.interpolate(0.5)
            animation.finish()


def test_fade_out_removes_and_keeps_opacity_fade_in_adds():
    with tempconfig(SIZE):
        scene, square = Scene(), Square(fill_opacity=0.6)
        fade_in = dissolve_in(square, rate_func=linear)
        fade_in._setup_scene(scene)
        fade_in.begin()
        assert square in scene.mobjects and square.get_fill_opacity() == 0
        fade_in.finish()
        assert square.get_fill_opacity() == pytest.approx(0.6)
        fade_out = Dissolve(square, rate_func=linear)
        fade_out.begin()
        fade_out.interpolate(0.5)
        assert square.get_fill_opacity() == pytest.approx(0.3)
        fade_out.finish()
        fade_out.clean_up_from_scene(scene)
        assert square not in scene.mobjects and square.get_fill_opacity() == pytest.approx(0.6)


def test_an_image_is_left_to_manim_s_fades():
    from manim import ImageMobject

    image = ImageMobject(np.full((4, 4, 4), 255, dtype=np.uint8))
    assert fades_in_place(*picture()) and not fades_in_place(Square(), Group(image))
    with pytest.raises(TypeError, match="ImageMobject"):
        Dissolve(Square(), image).begin()
