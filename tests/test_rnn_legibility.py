"""Issue 21's legibility floor for the RNN chapter's first five scenes: what is read has an x-height of 7 px at 480p.

Measured at every beat's end from the built scene: a Text's x-height is 0.456 of its font size
(DejaVu Sans, manim's 8-unit frame at 480 px), a formula's 0.282 of its (Computer Modern). A
formula's scripts are smaller by TeX's own rule and are not measured here.
"""

from __future__ import annotations

import pytest
from builds import longest_string
from manim import MathTex, Tex, Text, config

from lstm_explainer.rendering.manim_scene import build
from lstm_explainer.scenes.story import DEFAULT_STRING
from lstm_explainer.scenes.story import StoryScene

SCENES = ("RNNEquations", "ReberGrammar", "UnrollRNN", "ErrorAtStepOne", "ErrorAtStepTwo")
FLOOR_PX = 7.0
X_HEIGHT = {Text: 0.456, MathTex: 0.282, Tex: 0.282}  # x-height in px per unit of font size, at 480p


def x_height_px(mob) -> float | None:
    for kind, share in X_HEIGHT.items():
        if isinstance(mob, kind):
            return mob.font_size * share * 480 / config.frame_height / (480 / 8)  # font sizes are for the 8-unit frame
    return None


def too_small(scene: StoryScene) -> list[str]:
    out = []
    for mob in scene.get_mobject_family_members():
        size = x_height_px(mob)
        if size is not None and size < FLOOR_PX and getattr(mob, "fill_opacity", 1) != 0:
            out.append(f"{type(mob).__name__} {getattr(mob, 'text', getattr(mob, 'tex_string', ''))!r}: {size:.1f} px")
    return out


# The scenes with the string each reads farthest: ReberGrammar the longest it accepts, the others its first symbols.
BUILDS = [(name, DEFAULT_STRING) for name in SCENES] + [("ReberGrammar", longest_string(20))]


@pytest.mark.slow
@pytest.mark.parametrize("scene_name, string", BUILDS, ids=lambda v: v)
def test_everything_read_is_at_least_seven_pixels_high(scene_name, string, monkeypatch):
    seen: list[str] = []
    end_beat = StoryScene.end_beat

    def measuring_end_beat(scene):
        seen.extend(f"{scene.current_beat}: {what}" for what in too_small(scene))
        end_beat(scene)

    monkeypatch.setattr(StoryScene, "end_beat", measuring_end_beat)
    build(scene_name, string)
    assert seen == []
