"""One scene over several processes (``rendering.split``): the pieces joined are the unsplit render."""

from __future__ import annotations

import av
import numpy as np
import pytest
from builds import TINY_SIZE, inspected

from lstm_explainer.rendering.jobs import RenderJob, run_jobs
from lstm_explainer.rendering.quality import custom_quality
from lstm_explainer.rendering.starters import starter
from lstm_explainer.rendering.schedule import splittable
from lstm_explainer.rendering.split import ranges


def frames(video) -> list[np.ndarray]:
    with av.open(str(video)) as container:
        return [frame.to_ndarray(format="rgb24").astype(np.int16) for frame in container.decode(video=0)]


def test_beat_ranges_cover_every_beat_once_in_order():
    for beats in range(1, 12):
        for parts in range(1, 6):
            spans = ranges(beats, parts)
            covered = [b for first, end in spans for b in range(first, beats if end is None else end)]
            assert covered == list(range(beats))
            assert len(spans) == min(parts, beats) and spans[-1][1] is None
            assert all(first < (beats if end is None else end) for first, end in spans)  # no empty piece


def test_only_plain_video_renders_are_split(tmp_path):
    assert splittable(RenderJob("Opening", tmp_path))
    assert not splittable(RenderJob("Opening", tmp_path, last_frame=True))
    assert not splittable(RenderJob("Opening", tmp_path, format="gif"))
    assert not splittable(RenderJob("Opening", tmp_path, still_dir=tmp_path))


@pytest.mark.slow
@pytest.mark.xdist_group("builds")
def test_a_scene_split_over_two_processes_has_the_unsplit_frames_and_subtitles(tmp_path):
    whole = inspected("Opening").video  # the tiny render the scene tests read, made in one piece
    job = RenderJob("Opening", tmp_path, custom_quality(*TINY_SIZE))
    video, subtitles = run_jobs([job], processes=2, start=starter(split=2))[0].paths
    assert subtitles.suffix == ".srt"
    expected, joined = frames(whole), frames(video)
    assert len(joined) == len(expected)
    worst = max(float(np.abs(a - b).mean()) for a, b in zip(expected, joined))
    assert worst < 1.0, f"a joined frame differs from the unsplit one by {worst:.2f} levels on average"
    assert subtitles.read_text() == whole.with_suffix(".srt").read_text()


def test_a_job_survives_the_trip_through_json_as_the_same_job(tmp_path):
    import json

    from lstm_explainer.rendering.cluster import job_from_record, job_record

    piece = RenderJob("ErrorRecurrence", tmp_path / "out", quality="k", theme="light", reber_string="BTSSXXTVVE",
                      maker="lstm_explainer.rendering.split:render_piece", options=(("beats", (3, 5)),))
    for job in (piece, RenderJob("Opening", tmp_path, still_dir=tmp_path / "stills", last_frame=True)):
        record = json.loads(json.dumps(job_record(job)))
        assert job_from_record(record) == job
        assert hash(job_from_record(record)) == hash(job)  # the runners key their bookkeeping by job


def test_a_record_from_another_version_is_refused_by_name(tmp_path):
    from lstm_explainer.rendering.cluster import job_from_record, job_record

    record = {**job_record(RenderJob("Opening", tmp_path)), "frames_per_piece": 3}
    with pytest.raises(ValueError, match="frames_per_piece"):
        job_from_record(record)


def test_a_scene_s_beat_count_is_kept_for_its_string_and_sources(tmp_path, monkeypatch):
    from lstm_explainer.rendering.schedule import keep_count, known_count

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    job = RenderJob("Opening", tmp_path)
    assert known_count(job) is None
    keep_count(job, 7)
    assert known_count(job) == 7
    assert known_count(RenderJob("Opening", tmp_path, quality="k", theme="light")) == 7  # neither changes the beats
    assert known_count(RenderJob("Opening", tmp_path, reber_string="BPVVE")) is None
