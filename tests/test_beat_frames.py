"""Regression frames at every beat's end, for the default string and the shortest Reber string.

tests/test_frames.py compares the last frame only; a box on the wrong row or a gate's beat showing
another gate in the middle of a scene shows there only by chance. Here the picture at each pause point
(the end of each beat, drawn by the scene's camera at tests/builds.py's TINY_SIZE, 192x108) is compared
with a control frame, for two strings. The pictures come from the builds tests/builds.py already makes
for the other scene tests (the default string's tiny render, the short string's dry build): no render of
this file's own.

Control frames: tests/control_data/beat_frames/<Scene>_<default|short>.npz, one array per beat in
order ("00_<beat>", "01_<beat>", ...). After an intended change of the look, write them with

    .venv/bin/python -m pytest -n 0 tests/test_beat_frames.py --set_test [-k <Scene>]

and look at them (`--show_diff` shows a frame that differs). A missing control file fails and says so.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from builds import SHORT_STRING, TINY_SIZE, inspected
from manim.utils.testing._frames_testers import FRAME_ABSOLUTE_TOLERANCE, FRAME_MISMATCH_RATIO_TOLERANCE

from lstm_explainer import scenes

pytestmark = pytest.mark.xdist_group("builds")

CONTROL = Path(__file__).parent / "control_data" / "beat_frames"
SCENES = [scene.__name__ for scene in scenes.in_story_order()]
STRINGS = {"default": None, "short": SHORT_STRING}


def control_path(scene: str, which: str) -> Path:
    return CONTROL / f"{scene}_{which}.npz"


def keyed(frames: list[tuple[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {f"{n:02d}_{name}": frame for n, (name, frame) in enumerate(frames)}


def differs(frame: np.ndarray, control: np.ndarray) -> str | None:
    """Why `frame` is not `control` within manim's own tolerance (a pixel value off by 1, 0.001% of them more)."""
    if frame.shape != control.shape:
        return f"shape {frame.shape}, control {control.shape}"
    mismatched = int((~np.isclose(frame, control, atol=FRAME_ABSOLUTE_TOLERANCE)).sum())
    if mismatched / frame.size < FRAME_MISMATCH_RATIO_TOLERANCE:
        return None
    rows, cols = np.nonzero(np.any(~np.isclose(frame, control, atol=FRAME_ABSOLUTE_TOLERANCE), axis=2))
    return f"{mismatched} pixel values differ, in rows {rows.min()}..{rows.max()}, columns {cols.min()}..{cols.max()}"


def show(frame: np.ndarray, control: np.ndarray, title: str) -> None:
    from manim.utils.testing._show_diff import show_diff_helper

    show_diff_helper(0, frame, control, title)


@pytest.mark.slow
@pytest.mark.parametrize("which", STRINGS)
@pytest.mark.parametrize("scene", SCENES)
def test_every_beat_ends_on_its_control_frame(scene, which, request):
    frames = keyed(inspected(scene, STRINGS[which]).frames)
    width, height, _ = TINY_SIZE
    assert frames and all(f.shape == (height, width, 4) for f in frames.values())
    path = control_path(scene, which)
    if request.config.getoption("--set_test"):
        CONTROL.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **frames)
        return
    assert path.exists(), (f"no control frames {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}: "
                           f"write them with pytest -n 0 tests/test_beat_frames.py --set_test -k {scene}")
    with np.load(path) as data:
        control = {key: data[key] for key in data.files}
    assert list(frames) == list(control), "the beats changed: regenerate the control frames (--set_test) and look at them"
    wrong = {}
    for key, frame in frames.items():
        problem = differs(frame, control[key])
        if problem is not None:
            wrong[key] = problem
            if request.config.getoption("--show_diff"):
                show(frame, control[key], f"{scene} {which} {key}")
    assert wrong == {}, f"{scene} ({which} string): the picture at these pauses changed: {wrong}"


def test_a_changed_frame_is_told_from_a_same_one():
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 256, (108, 192, 4), dtype=np.uint8)
    assert differs(frame, frame.copy()) is None
    moved = frame.copy()
    moved[40:50, 60:70, :3] ^= 0x40  # a 10x10 box redrawn in another colour
    assert "rows 40..49, columns 60..69" in differs(moved, frame)
    assert differs(frame[:, :96], frame) is not None


def video_frames_at_beat_ends(scene: str) -> list[np.ndarray]:
    """The default string's tiny video, the last frame before each beat's end (RGB)."""
    seen = inspected(scene)
    ends = [beat.end for beat in seen.scene.beats]
    last: list = [None] * len(ends)  # per beat: the latest frame shown before it ends
    with av.open(str(seen.video)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            time = float(frame.pts * stream.time_base)
            for n, end in enumerate(ends):
                if time < end and (last[n] is None or time > last[n][0]):
                    last[n] = (time, frame)
    return [frame.to_ndarray(format="rgb24").astype(int) for _, frame in last]


@pytest.mark.slow
@pytest.mark.parametrize("scene", ["ReberGrammar"])
def test_the_pause_frames_are_what_the_video_shows_when_each_beat_ends(scene):
    # the camera's picture at a pause is the video's frame there (up to the codec's noise), and not another beat's
    pause = [frame[:, :, :3].astype(int) for _, frame in inspected(scene).frames]
    video = video_frames_at_beat_ends(scene)
    assert len(pause) == len(video) == len(inspected(scene).scene.beats)
    for n, (ours, theirs) in enumerate(zip(pause, video)):
        own_error = np.abs(ours - theirs).mean()
        assert own_error < 4, (n, own_error)
        others = [np.abs(ours - other).mean() for m, other in enumerate(video) if m != n and not np.array_equal(video[m], theirs)]
        assert all(own_error < other for other in others), (n, own_error, others)


def test_a_mid_scene_change_is_caught_though_the_last_frame_is_unchanged():
    # a planted bug that shows only in the middle: a beat's frame replaced by the one before it
    frames = keyed(inspected("ErrorAtStepTwo").frames)
    keys = list(frames)
    planted = {**frames, keys[1]: frames[keys[0]]}
    assert differs(planted[keys[-1]], frames[keys[-1]]) is None
    assert differs(planted[keys[1]], frames[keys[1]]) is not None
