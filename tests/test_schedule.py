"""The run's plan (``rendering.schedule``): heaviest first, a scene cut only when that finishes sooner."""

from __future__ import annotations

import pytest
from builds import TINY_SIZE

from lstm_explainer.rendering import schedule
from lstm_explainer.rendering.jobs import RenderJob, run_jobs
from lstm_explainer.rendering.quality import custom_quality
from lstm_explainer.rendering.schedule import keep_count, known_count

FILM = ["Opening", "RNNEquations", "ReberGrammar", "UnrollRNN", "ErrorAtStepOne", "ErrorAtStepTwo",
        "ErrorRecurrence", "VanishingProduct", "LSTMCell", "RNNvsLSTM"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def measured(out, costs: dict[str, float], beats: int = 8) -> list[RenderJob]:
    jobs = [RenderJob(name, out) for name in costs]
    for job in jobs:
        schedule.keep_cost(job, costs[job.scene])
        keep_count(job, beats)
    return jobs


def finish_time(order: list[RenderJob], costs: dict, processes: int) -> float:
    """When the last core finishes, each job started on the first free core in `order`."""
    cores = [0.0] * processes
    for job in order:
        cores[cores.index(min(cores))] += costs[job]
    return max(cores)


def test_the_heaviest_measured_scene_starts_first_and_the_cores_finish_together(cache):
    costs = dict(zip(FILM, [30.0, 12, 14, 16, 20, 22, 25, 60, 35, 28]))
    jobs = measured(cache, costs)
    order, parts = schedule.plan(jobs, 2)
    assert [job.scene for job in order][:2] == ["VanishingProduct", "LSTMCell"]
    assert set(parts.values()) == {1}  # no scene costs more than its core's share: splitting only adds CPU
    by_job = {job: costs[job.scene] for job in jobs}
    assert finish_time(order, by_job, 2) < finish_time(jobs, by_job, 2)  # story order leaves one core idle
    assert finish_time(order, by_job, 2) <= sum(costs.values()) / 2 * 1.05


def test_a_scene_heavier_than_its_share_is_cut_into_as_few_pieces_as_make_it_fit(cache):
    (alone,) = measured(cache, {"ErrorRecurrence": 300.0})
    assert schedule.plan([alone], 2)[1][alone] == 2
    assert schedule.plan([alone], 1)[1][alone] == 1
    jobs = measured(cache, {"ErrorRecurrence": 300.0, **dict.fromkeys(FILM[:5], 100.0)})
    order, parts = schedule.plan(jobs, 8)
    share = 800.0 / 8
    cut = parts[jobs[0]]
    assert 300.0 * (1 + schedule.SPLIT_EXTRA) / cut <= share < 300.0 * (1 + schedule.SPLIT_EXTRA) / (cut - 1)
    assert all(parts[job] == 1 for job in jobs[1:]) and order[0] == jobs[0]


def test_a_scene_is_cut_only_when_measured_worth_a_process_and_its_beats_known(cache):
    light = measured(cache, {"ErrorRecurrence": schedule.MIN_SPLIT_CPU / 2})
    assert schedule.plan(light, 2)[1][light[0]] == 1
    never = RenderJob("VanishingProduct", cache)
    assert schedule.plan([never], 2)[1][never] == 1  # a first render: no cost to go by
    schedule.keep_cost(never, 500.0)
    assert known_count(never) is None and schedule.plan([never], 2)[1][never] == 1  # its beats not counted yet
    frame = RenderJob("VanishingProduct", cache, last_frame=True)
    assert schedule.plan([frame], 2)[1][frame] == 1


def test_a_quality_never_rendered_is_costed_from_480p15_by_its_frame_rate(cache):
    (low,) = measured(cache, {"ErrorRecurrence": 40.0})
    high = RenderJob("ErrorRecurrence", cache, quality="h")
    assert schedule.measured_cost(high) == pytest.approx(40.0 * 60 / 15)
    assert schedule.plan([high], 2)[1][high] == 2  # 160 s expected: worth a second process


@pytest.mark.slow
def test_a_render_keeps_its_process_cpu_and_its_beat_count(cache):
    job = RenderJob("RNNEquations", cache / "out", custom_quality(*TINY_SIZE))
    assert schedule.known_cost(job) is None and known_count(job) is None
    (outcome,) = run_jobs([job], processes=1)
    import resource

    ran = resource.getrusage(resource.RUSAGE_CHILDREN)
    cost = schedule.known_cost(job)
    assert 0.5 < cost <= ran.ru_utime + ran.ru_stime  # its own process's CPU, within what this test's children used
    from lstm_explainer.rendering.manim_scene import build

    assert known_count(job) == len(build("RNNEquations").beats) > 1
