"""`render --executor dask` in Dask's local mode (``rendering.cluster``): the job records run as Dask tasks."""

from __future__ import annotations

import av
import numpy as np
import pytest
from builds import TINY_SIZE, inspected

from lstm_explainer.rendering.cluster import SCHEDULER
from lstm_explainer.rendering.errors import RenderFailure
from lstm_explainer.rendering.jobs import RenderJob, run_jobs
from lstm_explainer.rendering.quality import custom_quality
from lstm_explainer.rendering.starters import starter


def frames(video) -> list[np.ndarray]:
    with av.open(str(video)) as container:
        return [frame.to_ndarray(format="rgb24").astype(np.int16) for frame in container.decode(video=0)]


@pytest.mark.slow
@pytest.mark.xdist_group("builds")
def test_dask_s_local_mode_renders_a_split_scene_as_the_process_pool_does(tmp_path, monkeypatch):
    monkeypatch.delenv(SCHEDULER, raising=False)
    whole = inspected("Opening").video  # the tiny render the scene tests read, made by the process pool
    job = RenderJob("Opening", tmp_path, custom_quality(*TINY_SIZE))
    video, subtitles = run_jobs([job], processes=2, start=starter(split=2, executor="dask"))[0].paths
    expected, joined = frames(whole), frames(video)
    assert len(joined) == len(expected)
    worst = max(float(np.abs(a - b).mean()) for a, b in zip(expected, joined))
    assert worst < 1.0, f"a frame rendered by Dask differs from the process pool's by {worst:.2f} levels on average"
    assert subtitles.read_text() == whole.with_suffix(".srt").read_text()


def test_a_task_that_fails_under_dask_is_one_line_naming_the_scene(tmp_path, monkeypatch):
    monkeypatch.delenv(SCHEDULER, raising=False)
    job = RenderJob("Opening", tmp_path, custom_quality(*TINY_SIZE), maker="lstm_explainer.rendering.no_such_module:make")
    with pytest.raises(RenderFailure, match="^Opening: .*no_such_module"):
        run_jobs([job], processes=1, start=starter(split=1, executor="dask"), reuse=False, preflight=None)
