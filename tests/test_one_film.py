"""Scenes that hand their picture on: the next one starts on the very frame the first ends its story with.

UnrollRNN ends on the valued unrolled graph, which is ErrorAtStepOne's first frame; ErrorAtStepOne
ends on step 1 beside its three derivatives, which is ErrorAtStepTwo's first frame; ErrorRecurrence ends on its
trellis as a product of step Jacobians, which is VanishingProduct's first frame. Read from the
tests' tiny renders of the default string: the frame when the last beat ends against the next
scene's first frame.
"""

from __future__ import annotations

import av
import numpy as np
import pytest
from builds import inspected

HANDED_ON = [("UnrollRNN", "ErrorAtStepOne"), ("ErrorAtStepOne", "ErrorAtStepTwo"), ("ErrorRecurrence", "VanishingProduct")]


def frames(scene_name: str) -> list[tuple[float, np.ndarray]]:
    seen = inspected(scene_name)
    with av.open(str(seen.video)) as container:
        stream = container.streams.video[0]
        return [(float(f.pts * stream.time_base), f.to_ndarray(format="rgb24").astype(int)) for f in container.decode(stream)]


def beat_end(scene_name: str, beat: int) -> np.ndarray:
    """The frame shown when the scene's beat ends (the last beat: before any fade at the scene's end)."""
    end = inspected(scene_name).scene.beats[beat].end
    return max((f for f in frames(scene_name) if f[0] < end), key=lambda f: f[0])[1]


def changed(a: np.ndarray, b: np.ndarray) -> float:
    """The share of pixels that differ by more than the video codec's noise (48 of 255 in some channel)."""
    return float((np.abs(a - b).max(axis=2) > 48).mean())


@pytest.mark.slow
@pytest.mark.parametrize("first, second", HANDED_ON, ids=lambda name: name)
def test_the_next_scene_starts_on_the_picture_this_one_ends_on(first, second):
    start = frames(second)[0][1]
    assert start.std() > 10, f"{second} starts on an empty frame"
    assert changed(beat_end(first, -1), start) < 0.002
    assert changed(beat_end(second, 0), start) > 0.02, "the comparison tells two pictures apart"
