"""Scene builds shared by the test modules: each (scene, string) is built once per test session.

The slowest scenes take tens of seconds to build, so the tests of lengths, beats, captions,
the frame's edges and the drawn numbers all read the same build instead of making their own.
For the default string that build is a real render at a tiny size (the story's render test
reads its video); for other strings it runs construct without drawing (`rendering.manim_scene.build`).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from layout import Picture, snapshot
from manim import config

from lstm_explainer.model import reber
from lstm_explainer.rendering.jobs import RenderJob
from lstm_explainer.rendering.quality import custom_quality
from lstm_explainer.rendering.manim_scene import build, render_scene
from lstm_explainer.rendering.values import quick_build
from lstm_explainer.scenes.story import StoryScene

TINY_SIZE = (192, 108, 5)  # width, height, frame rate: the smallest render that still shows every beat
# The shortest Reber strings are five symbols long: the scenes must cope with them too.
SHORT_STRING = "BPVVE"


def longest_string(length: int) -> str:
    """A valid Reber string of exactly `length` symbols (at least 8), through most of the graph.

    B T, the S loop, X X over to node 2, the T-V-P-X loop as often as fits, T V V E.
    """
    loops, extra = divmod(length - 8, 4)
    string = "BT" + "S" * extra + "XX" + "TVPX" * loops + "TVVE"
    assert reber.accepts(string) and len(string) == length
    return string


def off_frame(scene: StoryScene) -> list[str]:
    """What the scene shows that reaches past the edge of the frame."""
    half_width, half_height = config.frame_width / 2, config.frame_height / 2

    def inside(mob) -> bool:
        return (-half_width <= mob.get_left()[0] and mob.get_right()[0] <= half_width
                and -half_height <= mob.get_bottom()[1] and mob.get_top()[1] <= half_height)

    return [
        f"{type(mob).__name__} spanning x {mob.get_left()[0]:.2f}..{mob.get_right()[0]:.2f}, "
        f"y {mob.get_bottom()[1]:.2f}..{mob.get_top()[1]:.2f}"
        for mob in scene.mobjects
        if (mob.has_points() or mob.submobjects) and not inside(mob)
    ]


@dataclass
class Inspected:
    """A full build and what was seen at each pause point."""

    scene: StoryScene
    outside: list[str] = field(default_factory=list)  # past the frame's edge, at a pause point or the end
    on_screen: dict[str, set[int]] = field(default_factory=dict)  # ids of what was on screen, by beat name
    video: Path | None = None  # the render's video (default string only)
    pictures: list[tuple[str, Picture]] = field(default_factory=list)  # (beat name, what it showed) at each pause point
    frames: list[tuple[str, np.ndarray]] = field(default_factory=list)  # (beat name, the camera's RGBA frame at TINY_SIZE) at each pause point


@cache
def _videos() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="lstm-explainer-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def inspected(scene_name: str, reber_string: str | None = None) -> Inspected:
    """The scene built once for this string, looked at when every beat ends and at the end.

    The default string's build is a real render at TINY_SIZE, into a folder of this session's.
    `inspected(name)` and `inspected(name, None)` are the same build (one cache key).
    """
    return _inspected(scene_name, reber_string)


@cache
def _inspected(scene_name: str, reber_string: str | None) -> Inspected:
    outside: list[str] = []
    on_screen: dict[str, set[int]] = {}
    pictures: list[tuple[str, Picture]] = []
    end_beat = StoryScene.end_beat

    frames: list[tuple[str, np.ndarray]] = []

    def inspecting_end_beat(scene):
        outside.extend(f"before pause {scene.pause_count + 1}: {what}" for what in off_frame(scene))
        on_screen[scene.current_beat] = {id(m) for m in scene.get_mobject_family_members()}
        pictures.append((scene.current_beat, snapshot(scene)))
        name = scene.current_beat
        end_beat(scene)
        frames.append((name, pause_frame(scene)))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StoryScene, "end_beat", inspecting_end_beat)
        if reber_string is None:
            staging = _videos() / scene_name
            rendered = render_scene(RenderJob(scene_name, staging, custom_quality(*TINY_SIZE)), staging)
            scene, video = rendered.scene, rendered.files[0]
        else:
            scene, video = build(scene_name, reber_string), None
    outside.extend(f"at the end: {what}" for what in off_frame(scene))
    return Inspected(scene, outside, on_screen, video, pictures, frames)


def pause_frame(scene: StoryScene) -> np.ndarray:
    """The picture at a pause point, drawn by the scene's camera at TINY_SIZE (tests/test_beat_frames.py).

    A render at TINY_SIZE draws it at its own size; a dry build's camera is set to that size first
    (it draws nothing else). About 10 ms a frame.
    """
    width, height, _ = TINY_SIZE
    camera = scene.renderer.camera
    if (camera.pixel_width, camera.pixel_height) != (width, height):
        camera.reset_pixel_shape(height, width)
    static_image = scene.renderer.static_image
    scene.renderer.static_image = None  # a cached backdrop of the last animation would miss what changed since
    scene.renderer.update_frame(scene, ignore_skipping=True)
    scene.renderer.static_image = static_image
    return scene.renderer.get_frame().copy()


def quick(scene_name: str, reber_string: str | None = None):
    """The scene built without motion (`render.py values`), once for this string (None and left out: one build)."""
    return _quick(scene_name, reber_string)


@cache
def _quick(scene_name: str, reber_string: str | None):
    return quick_build(scene_name, reber_string)
