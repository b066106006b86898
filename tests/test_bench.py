"""The benchmarks' tables on made-up measurements: every row the issue asks for, each goal with its verdict."""

from __future__ import annotations

import importlib.util
from datetime import datetime, timezone
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_rendering_table_has_every_row_and_each_goal_met_or_its_distance():
    bench = load("bench_render")
    started = datetime(2025, 1, 2, 3, 4, tzinfo=timezone.utc)
    measured = {
        "per_scene": {"A": (5.0, 10.0, 4.0), "B": (3.0, 6.0, 2.5)},  # wall, length, CPU seconds
        "floor": {"A": 0.5, "B": 0.3},
        "length": 16.0,
        "jobs1": 8.0,
        "jobs2": 6.0,
        "jobs2_cpu": 9.0,
        "again": 0.6,
        "again_cpu": 0.5,
        "high": ("A", 50.0, 60.0, 10.0, 1.0),  # scene, wall, CPU, length, peak GiB
    }
    text = bench.report(started, "a test machine", ["A", "B"], measured)
    lines = text.splitlines()
    assert "Measured 2025-01-02 03:04 UTC" in text and "a test machine" in text
    assert "| A | 10.0 | 5.0 | 0.50 | 4.0 | 0.5 |" in lines
    assert "| B | 6.0 | 3.0 | 0.50 | 2.5 | 0.3 |" in lines
    assert "| **whole explainer, --jobs 1** | 16.0 | 8.0 | 0.50 | 6.5 | 0.8 |" in lines
    assert "| **whole explainer, --jobs 2** | 16.0 | 6.0 | 0.38 | 9.0 | |" in lines
    assert "| **again, nothing changed** | 16.0 | 0.6 | 0.037 | 0.5 | |" in lines
    goals = {line.split(" | ")[0]: line for line in lines if line.startswith("| ") and "at most" in line}
    assert "met (0.38 <= 0.5)" in goals["| whole explainer, 480p15, --jobs 2: at most 0.5x its length"]
    assert "missed by 0.05 (2.0x the goal 0.05)" in goals["| unchanged re-render: at most 5% of the cold render"]
    assert "missed by 1.00 (1.2x the goal 4.0)" in goals["| A at 1080p60: at most 4x its length"]
    assert "met (1.00 <= 1.5)" in goals["| peak memory (A at 1080p60, largest process): at most 1.5 GiB"]
    assert any(line.startswith("| floor: the encoder alone") and "10.0%" in line for line in lines)


def test_a_rendering_table_measured_in_part_says_what_is_missing():
    bench = load("bench_render")
    text = bench.report(datetime.now(timezone.utc), "a test machine", ["A"], {})
    assert "| A | not measured | | | | |" in text.splitlines()
    assert "1080p60: at most 4x its length, peak memory at most 1.5 GiB | not measured" in text
    assert "--jobs 2" not in text


def test_issue_23_s_goals_each_have_a_measure_and_a_verdict_and_every_scene_its_shares():
    bench = load("bench_render")
    started = datetime(2025, 1, 2, 3, 4, tzinfo=timezone.utc)
    record = {"cpu": 8.0, "drawing": 1.0, "encoding": 2.0, "typesetting": 1.0}
    measured = {
        "film": 30.0, "film_cpu": 50.0, "length": 100.0, "again": 0.3, "again_cpu": 0.2,
        "scenes": {"A": (20.0, record)},  # length, the render's kept record
        "high": ("A", 50.0, 90.0, 20.0, 1.6),  # scene, wall, CPU, length, peak GiB
    }
    lines = bench.goals_report(started, "a test machine", "0.5", ["A", "B"], measured).splitlines()
    goals = {line.split(" | ")[0]: line for line in lines if line.startswith("| ") and ("at most" in line or "under 5%" in line)}
    assert "missed by 0.10 (1.5x the goal 0.2)" in goals["| whole film, 480p15, default jobs: at most 0.2x its length"]
    assert "missed by 0.50 (1.2x the goal 2.0)" in goals["| A (the heaviest per second) at 1080p60: at most 2.0x its length"]
    assert "missed by 0.10" in goals["| peak memory (A at 1080p60, largest process): at most 1.5 GiB"]
    assert "met (0.01 <= 0.05)" in goals["| unchanged re-render: under 5% of the cold render"]
    assert "| A | 20.0 | 8.0 | 0.40 | 12% | 25% | 12% | 50% |" in lines
    assert "| B | not measured | | | | | | |" in lines
    assert any(line.startswith("| CPU seconds per second of video") and "1 of 2 scenes" in line for line in lines)
