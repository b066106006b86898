"""Every registered scene builds (construct runs, nothing drawn or encoded) and is described truthfully."""

from __future__ import annotations

import re

import pytest
from manim import config

import scenes
from rendering.jobs import build
from rendering.values import quick_build
from scenes.story import StoryScene, reading_seconds

SCENES = scenes.in_story_order()
# The shortest Reber strings are five symbols long: the scenes must cope with them too.
SHORT_STRING = "BPVVE"


def off_frame(scene: StoryScene) -> list[str]:
    """What the scene shows that reaches past the edge of the frame."""
    half_width, half_height = config.frame_width / 2, config.frame_height / 2
    return [
        f"{type(mob).__name__} spanning x {mob.get_left()[0]:.2f}..{mob.get_right()[0]:.2f}, "
        f"y {mob.get_bottom()[1]:.2f}..{mob.get_top()[1]:.2f}"
        for mob in scene.mobjects
        if (mob.has_points() or mob.submobjects)
        and not (-half_width <= mob.get_left()[0] and mob.get_right()[0] <= half_width)
        or (mob.has_points() or mob.submobjects)
        and not (-half_height <= mob.get_bottom()[1] and mob.get_top()[1] <= half_height)
    ]


def build_and_inspect(scene_name: str, reber_string: str | None = None) -> tuple[StoryScene, list[str]]:
    """Build the scene, noting at every pause point and at the end what lies outside the frame."""
    outside = []
    end_beat = StoryScene.end_beat

    def inspecting_end_beat(scene):
        outside.extend(f"before pause {scene.pause_count + 1}: {what}" for what in off_frame(scene))
        end_beat(scene)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StoryScene, "end_beat", inspecting_end_beat)
        scene = build(scene_name, reber_string)
    outside.extend(f"at the end: {what}" for what in off_frame(scene))
    return scene, outside


@pytest.fixture(scope="module", params=SCENES, ids=lambda s: s.__name__)
def built(request):
    return build_and_inspect(request.param.__name__)


def test_every_scene_is_a_story_scene_with_a_description():
    for scene in SCENES:
        assert issubclass(scene, StoryScene)
        assert scene.scene_id and scene.title and scene.section and scene.approx_seconds > 0
    ids = [scene.scene_id for scene in SCENES]
    assert len(set(ids)) == len(ids)


def test_scene_length_matches_its_description(built):
    scene, _ = built
    # `render.py list` prints approx_seconds; it must stay within a quarter of the real length.
    assert scene.renderer.time == pytest.approx(type(scene).approx_seconds, rel=0.25)


def sentences(caption: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", caption.strip()) if part]


def test_every_beat_is_narrated_in_one_or_two_sentences(built):
    scene, _ = built
    assert scene.beats
    for beat in scene.beats:
        assert beat.caption.endswith((".", "!", "?")), beat
        assert 1 <= len(sentences(beat.caption)) <= 2, beat
        assert "{" not in beat.caption, f"{beat.name}: a keyword of the caption was not filled in"


def test_every_beat_holds_still_while_its_caption_is_read(built):
    scene, _ = built
    for beat in scene.beats:
        # `still`: from the end of the beat's last animation to the pause point, on the renderer's clock
        assert beat.still >= reading_seconds(beat.caption) - 1e-9, beat
        assert beat.end - beat.start >= beat.still


def test_a_build_without_motion_records_the_same_numbers(built):
    # `render.py values` lists the numbers of a build without motion; they must be the render's own
    scene, _ = built
    quick = quick_build(type(scene).__name__)
    assert [s.as_dict() for s in quick.shown] == [s.as_dict() for s in scene.shown]
    assert [b.name for b in quick.beats] == [b.name for b in scene.beats]


def test_scene_marks_pause_points_between_its_beats(built):
    scene, _ = built
    # Each pause point is a slide break in the lecture: a scene of one slide would be a video, not a lecture.
    assert scene.pause_count >= 2


def test_nothing_leaves_the_frame_at_any_pause_point(built):
    _, outside = built
    assert outside == []


@pytest.mark.slow
@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_a_shortest_reber_string_keeps_everything_in_the_frame(scene):
    built_short, outside = build_and_inspect(scene.__name__, SHORT_STRING)
    assert built_short.reber_string == SHORT_STRING
    assert outside == []


@pytest.mark.slow
@pytest.mark.parametrize("scene", [s for s in SCENES if s.max_string_length], ids=lambda s: s.__name__)
def test_the_longest_string_a_scene_accepts_stays_in_the_frame(scene):
    from model import reber

    longest = "BT" + "S" * (scene.max_string_length - 5) + "XSE"
    reber.check_string(longest)
    _, outside = build_and_inspect(scene.__name__, longest)
    assert outside == []
