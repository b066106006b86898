"""Every registered scene builds (construct runs, nothing drawn or encoded) and is described truthfully."""

from __future__ import annotations

import pytest

import scenes
from scenes.pipeline import build
from scenes.story import StoryScene

SCENES = scenes.in_story_order()


@pytest.fixture(scope="module", params=SCENES, ids=lambda s: s.__name__)
def built(request):
    return build(request.param.__name__)


def test_every_scene_is_a_story_scene_with_a_description():
    for scene in SCENES:
        assert issubclass(scene, StoryScene)
        assert scene.scene_id and scene.title and scene.section and scene.approx_seconds > 0
    ids = [scene.scene_id for scene in SCENES]
    assert len(set(ids)) == len(ids)


def test_scene_length_matches_its_description(built):
    # `render.py list` prints approx_seconds; it must stay within a quarter of the real length.
    assert built.renderer.time == pytest.approx(type(built).approx_seconds, rel=0.25)


def test_scene_marks_pause_points_between_its_beats(built):
    # Each pause point is a slide break in the lecture: a scene of one slide would be a video, not a lecture.
    assert built.pause_count >= 2
