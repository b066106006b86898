"""Every registered scene builds (construct runs, nothing drawn or encoded) and is described truthfully."""

from __future__ import annotations

import re

import pytest
from builds import SHORT_STRING, Inspected, inspected, longest_string, quick

from lstm_explainer import scenes
from lstm_explainer.scenes.components.text import subtitle
from lstm_explainer.scenes.story import StoryScene, reading_seconds

# the scene builds of tests/builds.py are made once per worker: keep their readers on one
pytestmark = pytest.mark.xdist_group("builds")

SCENES = scenes.in_story_order()


@pytest.fixture(scope="module", params=SCENES, ids=lambda s: s.__name__)
def built(request) -> Inspected:
    return inspected(request.param.__name__)


def test_every_scene_is_a_story_scene_with_a_description():
    for scene in SCENES:
        assert issubclass(scene, StoryScene)
        assert scene.scene_id and scene.title and scene.section and scene.approx_seconds > 0
    ids = [scene.scene_id for scene in SCENES]
    assert len(set(ids)) == len(ids)


def test_scene_names_follow_one_scheme():
    # the id is the class name in lower case, its words joined by hyphens; the module is the id with underscores
    for scene in SCENES:
        assert scene.scene_id.replace("-", "") == scene.__name__.lower()
        assert scene.__module__ == "lstm_explainer.scenes." + scene.scene_id.replace("-", "_")


def test_scene_length_matches_its_description(built):
    scene = built.scene
    # `render.py list` prints approx_seconds; it must stay within a quarter of the real length.
    assert scene.renderer.time == pytest.approx(type(scene).approx_seconds, rel=0.25)


def sentences(caption: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", caption.strip()) if part]


def test_every_beat_is_narrated_in_one_or_two_sentences(built):
    scene = built.scene
    assert scene.beats
    for beat in scene.beats:
        assert beat.caption.endswith((".", "!", "?")), beat
        assert 1 <= len(sentences(beat.caption)) <= 2, beat
        assert "{" not in beat.caption, f"{beat.name}: a keyword of the caption was not filled in"


def test_every_beat_lasts_until_its_caption_is_read_and_its_picture_seen(built):
    scene = built.scene
    for beat in scene.beats:
        # `still`: from the end of the beat's last animation to the pause point, on the renderer's clock
        moving = beat.end - beat.start - beat.still
        reading = reading_seconds(beat.caption)
        # read at 0.75 of full speed while the picture moves, the rest on the still picture ...
        assert beat.still + 0.75 * moving >= reading - 1e-9, beat
        # ... which stands at least 0.3 of the reading time
        assert beat.still >= 0.3 * reading - 1e-9, beat
        assert beat.end - beat.start >= reading - 1e-9, beat


def test_every_beat_moves_while_its_caption_is_read(built):
    # nothing idle: a beat's picture builds for most of its caption's reading time (StoryScene.paced),
    # so no beat is a second of motion and then a still page
    scene = built.scene
    for beat in scene.beats:
        moving = beat.end - beat.start - beat.still
        assert moving >= 0.7 * reading_seconds(beat.caption) - 1e-6, (beat.name, round(moving, 2))


def test_every_caption_fits_the_two_lines_of_the_burned_subtitle_band(built):
    scene = built.scene
    for beat in scene.beats:
        lines = subtitle(scene.palette, beat.caption)
        assert len(lines) <= 2, f"{beat.name}: {len(lines)} lines: {beat.caption!r}"


def test_a_build_without_motion_records_the_same_numbers(built):
    # `render.py values` lists the numbers of a build without motion; they must be the render's own
    scene = built.scene
    motionless = quick(type(scene).__name__)
    assert [s.as_dict() for s in motionless.shown] == [s.as_dict() for s in scene.shown]
    assert [b.name for b in motionless.beats] == [b.name for b in scene.beats]


def test_scene_marks_pause_points_between_its_beats(built):
    scene = built.scene
    # Each pause point is a slide break in the lecture: a scene of one slide would be a video, not a lecture.
    assert scene.pause_count >= 2


def test_nothing_leaves_the_frame_at_any_pause_point(built):
    assert built.outside == []


@pytest.mark.slow
@pytest.mark.parametrize("scene", SCENES, ids=lambda s: s.__name__)
def test_a_shortest_reber_string_keeps_everything_in_the_frame(scene):
    short = inspected(scene.__name__, SHORT_STRING)
    assert short.scene.reber_string == SHORT_STRING
    assert short.outside == []


@pytest.mark.slow
@pytest.mark.parametrize("scene", [s for s in SCENES if s.max_string_length], ids=lambda s: s.__name__)
def test_the_longest_string_a_scene_accepts_stays_in_the_frame(scene):
    assert inspected(scene.__name__, longest_string(scene.max_string_length)).outside == []


def test_a_paced_beat_moves_for_its_share_of_the_caption_in_its_steps_proportions():
    from manim import FadeIn, Square, Wait, config, tempconfig

    from lstm_explainer.scenes.story import beat

    caption = "Two squares arrive, the second taking three times as long as the first."

    class TwoSquares(StoryScene):
        scene_id, title, section, approx_seconds = "two-squares", "Two squares", "none", 10.0

        @beat(caption)
        def construct(self) -> None:
            first, second = Square(1), Square(2)
            self.paced(FadeIn(first, run_time=1), (FadeIn(second, run_time=3), Wait(1)), share=0.5)

        def play(self, *animations, **kwargs) -> None:
            super().play(*animations, **kwargs)
            self.ends = [*getattr(self, "ends", []), self.renderer.time]

    settings = {"dry_run": True, "disable_caching": True, "progress_bar": "none", "verbosity": "WARNING",
                "write_to_movie": False}
    with tempconfig(settings):
        scene = TwoSquares()
        scene.render()
    (played,) = scene.beats
    # 15 characters a second plus a second to find the caption, half of it in motion, split 1 : 3
    motion = 0.5 * (len(caption) / 15 + 1)
    frame = 1 / config.frame_rate  # each step lasts whole frames
    assert played.end - played.start - played.still == pytest.approx(motion, abs=frame / 2 + 1e-9)
    first_end, second_end = scene.ends[:2]
    assert first_end - played.start == pytest.approx(motion / 4, abs=frame / 2 + 1e-9)
    assert second_end - first_end == pytest.approx(3 * motion / 4, abs=frame + 1e-9)
