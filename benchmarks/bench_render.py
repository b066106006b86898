"""Benchmark: how long the explainer takes to render, against its length and against the encoder alone.

Run: python benchmarks/bench_render.py   (about 10 to 20 minutes on 2 cores; writes benchmarks/results.md)
     python benchmarks/bench_render.py --profile SCENE [--size 320x180@15]   (one render of SCENE under cProfile:
     its costs by beat and by category, drawing, encoding, typesetting, Python object churn; `make profile SCENE=...`)
     python benchmarks/bench_render.py --quick [SCENE...]   (a smoke run of the benchmark itself: the
     named scenes, else the shortest, at -q l only; prints the table, saves nothing)

Measures, into a temporary folder (the typeset cache is warmed first, as after any earlier render):
- each scene at -q l (480p15), one after another: wall time against the scene's length;
- the whole explainer with --jobs 1 and --jobs 2 (every scene rendered, --force);
- the same command again with nothing changed: the content cache's share of the cold render;
- the floor: PyAV encoding the same number of 480p15 frames (the scene's last frame, held) with
  manim's codec settings, no drawing;
- the heaviest scene at -q h (1080p60): wall time against its length and the peak memory of the
  largest process.
The goals are those of issue 14; each row says whether it is met, or by how much it misses.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import av  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from lstm_explainer import scenes  # noqa: E402
from lstm_explainer.rendering.jobs import RenderJob, publish, result_path  # noqa: E402
from lstm_explainer.rendering.workers import start_renders  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.md"
GOALS = {
    "jobs2_per_length": 0.5,  # whole explainer, 480p15, --jobs 2: at most 0.5 s per second of video
    "high_per_length": 4.0,  # heaviest scene at 1080p60: at most 4 s per second of video
    "rerender_share": 0.05,  # unchanged re-render: at most 5% of the cold render
    "peak_gib": 1.5,
}


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process so far, theirs included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli(*args: str) -> tuple[float, float]:
    """Run `render.py ARGS` in a fresh process; its wall time and CPU time in seconds (raises when it fails)."""
    start, cpu = time.perf_counter(), children_cpu()
    subprocess.run([sys.executable, str(ROOT / "render.py"), *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, children_cpu() - cpu


def cli_with_peak(*args: str) -> tuple[float, float, float]:
    """Wall time, CPU time and the peak resident memory (GiB) of the largest process of `render.py ARGS`."""
    probe = (
        "import resource, subprocess, sys, time; start = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    cpu = children_cpu()
    out = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, str(ROOT / "render.py"), *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0]), children_cpu() - cpu, int(out[1]) / 2**20  # ru_maxrss is in KiB on Linux


def seconds(video: Path) -> float:
    with av.open(str(video)) as container:
        return container.duration / av.time_base


def encode_floor(frame: np.ndarray, count: int, rate: int) -> float:
    """Wall time for PyAV to encode `count` copies of `frame` as manim does (libx264, yuv420p, crf 23)."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        with av.open(str(Path(folder) / "floor.mp4"), mode="w") as container:
            stream = container.add_stream("libx264", rate=rate, options={"crf": "23"})
            stream.pix_fmt = "yuv420p"
            stream.height, stream.width = frame.shape[:2]
            for _ in range(count):
                container.mux(stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")))
            container.mux(stream.encode())
        return time.perf_counter() - start


def verdict(value: float, goal: float) -> str:
    if value <= goal:
        return f"met ({value:.2f} <= {goal})"
    return f"missed by {value - goal:.2f} ({value / goal:.1f}x the goal {goal})"


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line),
        platform.processor() or "unknown CPU",
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{cpu}, {len(os.sched_getaffinity(0))} cores, load average {load} at the start; "
        f"Python {platform.python_version()}, manim {metadata.version('manim')}, PyAV {metadata.version('av')}"
    )


def report(started: datetime, about: str, names: list[str], m: dict) -> str:
    """The results as markdown; rows not measured yet (or skipped) say so."""
    pending = "not measured"
    rows = [
        "| scene | length (s) | render -q l, alone (s) | per second of video | CPU (s) | encoder alone (s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    per_scene, floor = m.get("per_scene", {}), m.get("floor", {})
    for name in names:
        if name in per_scene:
            wall, secs, cpu = per_scene[name]
            encoder = f"{floor[name]:.1f}" if name in floor else pending
            rows.append(f"| {name} | {secs:.1f} | {wall:.1f} | {wall / secs:.2f} | {cpu:.1f} | {encoder} |")
        else:
            rows.append(f"| {name} | {pending} | | | | |")
    length = m.get("length")
    if "jobs1" in m:
        total_floor = f"{sum(floor.values()):.1f}" if len(floor) == len(names) else pending
        cpu = sum(row[2] for row in per_scene.values())
        rows.append(
            f"| **whole explainer, --jobs 1** | {length:.1f} | {m['jobs1']:.1f} | {m['jobs1'] / length:.2f} | "
            f"{cpu:.1f} | {total_floor} |"
        )
    if "jobs2" in m:
        rows.append(
            f"| **whole explainer, --jobs 2** | {length:.1f} | {m['jobs2']:.1f} | {m['jobs2'] / length:.2f} | "
            f"{m['jobs2_cpu']:.1f} | |"
        )
    if "again" in m:
        rows.append(
            f"| **again, nothing changed** | {length:.1f} | {m['again']:.1f} | {m['again'] / length:.3f} | "
            f"{m['again_cpu']:.1f} | |"
        )
    goals = ["| goal | measured | verdict |", "| --- | ---: | --- |"]
    if "jobs2" in m:
        ratio = m["jobs2"] / length
        idle = m["jobs2_cpu"] / min(2, len(os.sched_getaffinity(0))) / length
        goals.append(
            f"| whole explainer, 480p15, --jobs 2: at most 0.5x its length | {ratio:.2f}x (on an idle machine, "
            f"its CPU time over 2 cores: about {idle:.2f}x) | {verdict(ratio, GOALS['jobs2_per_length'])} |"
        )
    if "again" in m:
        share = m["again"] / m["jobs2"]
        goals.append(
            f"| unchanged re-render: at most 5% of the cold render | {share:.1%} ({m['again']:.1f} s of "
            f"{m['jobs2']:.1f} s) | {verdict(share, GOALS['rerender_share'])} |"
        )
    if "high" in m:
        heaviest, high, high_cpu, high_length, peak = m["high"]
        goals.append(
            f"| {heaviest} at 1080p60: at most 4x its length | {high / high_length:.2f}x ({high:.0f} s for "
            f"{high_length:.1f} s; CPU {high_cpu:.0f} s, {high_cpu / high_length:.2f}x) | "
            f"{verdict(high / high_length, GOALS['high_per_length'])} |"
        )
        goals.append(
            f"| peak memory ({heaviest} at 1080p60, largest process): at most 1.5 GiB | {peak:.2f} GiB | "
            f"{verdict(peak, GOALS['peak_gib'])} |"
        )
    else:
        goals.append("| the heaviest scene at 1080p60: at most 4x its length, peak memory at most 1.5 GiB | "
                     f"{pending} | |")
    if "jobs1" in m and len(floor) == len(names):
        goals.append(
            f"| floor: the encoder alone against the whole render (--jobs 1) | {sum(floor.values()) / m['jobs1']:.1%} | "
            "(drawing, not encoding, is the cost) |"
        )
    return "\n".join(
        [
            "# Rendering benchmark",
            "",
            f"Measured {started:%Y-%m-%d %H:%M} UTC by `benchmarks/bench_render.py` (`make bench`) on {about}.",
            "The machine is shared: wall times vary with its load; compare ratios, not seconds.",
            "Typeset cache warm (as after any earlier render); each render is a fresh process per scene.",
            "",
            *rows,
            "",
            *goals,
            "",
        ]
    )


PROFILE_HEADING = "## Where the time goes"


def kept_sections() -> str:
    """What results.md holds from PROFILE_HEADING on (written from --profile and --split runs by hand): a new
    table keeps it."""
    try:
        old = RESULTS.read_text()
    except OSError:
        return ""
    start = old.find(PROFILE_HEADING)
    return "" if start < 0 else "\n" + old[start:]


def main(only: list[str], quick: bool = False) -> None:
    """Measure every scene (or only the named ones, or with `quick` the shortest one and no 1080p60
    render: a check of the benchmark itself, not saved).

    The most telling figures come first and the results are saved after each step,
    so an interrupted run still leaves what it measured.
    """
    started = datetime.now(timezone.utc)
    about = machine()
    shortest = min(scenes.in_story_order(), key=lambda scene: scene.approx_seconds).__name__
    names = [scenes.by_name(name).__name__ for name in only] or ([shortest] if quick else scenes.names())
    out = Path(tempfile.mkdtemp(prefix="bench-render-"))
    measured: dict = {}

    def save() -> None:
        text = report(started, about, names, measured)
        if not (only or quick):
            RESULTS.write_text(text + kept_sections())
        print(text, file=sys.stderr)

    try:
        # Warm the typeset cache (formulas and text, shared by every render), as after any first render;
        # the last frames are the floor's frames.
        cli("render", *names, "-s", "--jobs", "2", "--force", "-o", str(out / "warm"))

        # The whole explainer with --jobs 2 (cold: --force), then again with nothing changed.
        measured["jobs2"], measured["jobs2_cpu"] = cli("render", *names, "--jobs", "2", "--force", "-o", str(out / "two"))
        measured["length"] = sum(seconds(out / "two" / "480p15" / f"{name}.mp4") for name in names)
        measured["again"], measured["again_cpu"] = cli("render", *names, "--jobs", "2", "-o", str(out / "two"))
        save()

        # Each scene at -q l, one process at a time: together that is the whole explainer with --jobs 1.
        jobs = [RenderJob(scene=name, out_dir=out / "one") for name in names]
        per_scene = measured["per_scene"] = {}
        start = last = time.perf_counter()
        last_cpu = children_cpu()
        for job, finals, _, _ in start_renders(jobs, 1, publish=publish):
            now, cpu = time.perf_counter(), children_cpu()
            per_scene[job.scene] = (now - last, seconds(finals[0]), cpu - last_cpu)
            last, last_cpu = now, cpu
        measured["jobs1"] = time.perf_counter() - start

        # The floor: the encoder alone, on as many frames as each scene has.
        floor = measured["floor"] = {}
        for name in names:
            frame = np.asarray(Image.open(out / "warm" / "480p15" / f"{name}.png").convert("RGB"))
            floor[name] = encode_floor(frame, round(per_scene[name][1] * 15), 15)
        save()
        if quick:
            return

        # The heaviest scene (most render time per second of video) at 1080p60.
        heaviest = max(names, key=lambda name: per_scene[name][0] / per_scene[name][1])
        high, high_cpu, peak = cli_with_peak("render", heaviest, "-q", "h", "--jobs", "1", "--force", "-o", str(out / "high"))
        high_length = seconds(result_path(RenderJob(scene=heaviest, out_dir=out / "high", quality="h")))
        measured["high"] = (heaviest, high, high_cpu, high_length, peak)
        save()
    finally:
        shutil.rmtree(out, ignore_errors=True)


ISSUE23 = {
    "film_per_length": 0.2,  # the whole film at 480p15 with the default jobs: at most 0.2 s per second of video
    "high_per_length": 2.0,  # the heaviest scene per second at 1080p60: at most 2 s per second of video
    "peak_gib": 1.5,
    "rerender_share": 0.05,
}
GOALS_HEADING = "## Issue 23's goals"


def private_cache(folder: Path) -> None:
    """Point this process and the renders it starts at a cache folder of their own (costs, beat counts), its
    typeset entries copied from the user's (warm, as after any earlier render): what other renders on the
    machine keep meanwhile does not mix in."""
    from lstm_explainer.rendering import cache as caches

    shared = caches.shared_typeset_dir()
    os.environ["XDG_CACHE_HOME"] = str(folder)
    if shared is not None:
        shutil.copytree(shared, folder / "lstm-explainer" / "typeset", dirs_exist_ok=True)


def scene_rows(names: list[str], out: Path) -> dict[str, tuple[float, dict]]:
    """Each scene's video length and what its render process kept (``schedule.kept_record``: CPU seconds,
    drawing, encoding, typesetting)."""
    from lstm_explainer.rendering.schedule import kept_record

    rows = {}
    for name in names:
        job = RenderJob(scene=name, out_dir=out)
        record = kept_record(job)
        if record is not None:
            rows[name] = (seconds(result_path(job)), record)
    return rows


def goals_report(started: datetime, about: str, after: str, names: list[str], m: dict) -> str:
    """Issue 23's goals, each measured with its verdict, and every scene's CPU per second of video with the
    shares of drawing, encoding, typesetting and the rest (Python moving mobjects, manim's bookkeeping)."""
    pending = "not measured"
    cores = len(os.sched_getaffinity(0))
    lines = [
        GOALS_HEADING,
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `benchmarks/bench_render.py --goals` (`make bench`) on {about}; "
        f"load average {after} at the end. Renders with the default jobs ({cores}: `--split 0`, heaviest first), "
        "after one render of the film (warm typeset cache, costs and beat counts kept, as after any earlier render).",
        "",
        "| goal | measured | verdict |",
        "| --- | ---: | --- |",
    ]
    if "film" in m:
        ratio, length = m["film"] / m["length"], m["length"]
        idle = m["film_cpu"] / cores / length
        lines.append(f"| whole film, 480p15, default jobs: at most {ISSUE23['film_per_length']}x its length | {ratio:.2f}x "
                     f"({m['film']:.0f} s for {length:.0f} s; CPU {m['film_cpu']:.0f} s, over {cores} idle cores at best "
                     f"{idle:.2f}x) | {verdict(ratio, ISSUE23['film_per_length'])} |")
    else:
        lines.append(f"| whole film, 480p15, default jobs: at most {ISSUE23['film_per_length']}x its length | {pending} | |")
    if "high" in m:
        heaviest, high, high_cpu, high_length, peak = m["high"]
        lines.append(f"| {heaviest} (the heaviest per second) at 1080p60: at most {ISSUE23['high_per_length']}x its length | "
                     f"{high / high_length:.2f}x ({high:.0f} s for {high_length:.1f} s; CPU {high_cpu:.0f} s, "
                     f"{high_cpu / high_length:.2f}x) | {verdict(high / high_length, ISSUE23['high_per_length'])} |")
        lines.append(f"| peak memory ({heaviest} at 1080p60, largest process): at most {ISSUE23['peak_gib']} GiB | "
                     f"{peak:.2f} GiB | {verdict(peak, ISSUE23['peak_gib'])} |")
    else:
        lines.append(f"| the heaviest scene per second at 1080p60: at most {ISSUE23['high_per_length']}x its length, peak "
                     f"memory at most {ISSUE23['peak_gib']} GiB | {pending} | |")
    if "again" in m:
        share = m["again"] / m["film"]
        lines.append(f"| unchanged re-render: under 5% of the cold render | {share:.1%} ({m['again']:.1f} s of "
                     f"{m['film']:.1f} s) | {verdict(share, ISSUE23['rerender_share'])} |")
    rows = m.get("scenes", {})
    lines.append(f"| CPU seconds per second of video, every scene, with drawing, encoding and Python | "
                 f"{len(rows)} of {len(names)} scenes, below | {'measured' if len(rows) == len(names) else pending} |")
    lines += [
        "",
        "Each scene's render process at 480p15 (the cold film render above; CPU of the whole process: start-up, "
        "imports and the TeX it ran included). Drawing: manim's camera (main thread CPU); encoding: manim's encoder "
        "threads; typesetting: Tex/Text/SVG builds and their TeX; Python: the rest (moving mobjects, manim's "
        "bookkeeping, the scene's code, start-up).",
        "",
        "| scene | length (s) | CPU (s) | CPU s per second | drawing | encoding | typesetting | Python |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in names:
        if name not in rows:
            lines.append(f"| {name} | {pending} | | | | | | |")
            continue
        length, record = rows[name]
        cpu = record["cpu"]
        parts = [record.get(kind, 0.0) for kind in ("drawing", "encoding", "typesetting")]
        cells = " | ".join(f"{part / cpu:.0%}" for part in [*parts, max(cpu - sum(parts), 0.0)])
        lines.append(f"| {name} | {length:.1f} | {cpu:.1f} | {cpu / length:.2f} | {cells} |")
    if rows:
        length, cpu = sum(row[0] for row in rows.values()), sum(row[1]["cpu"] for row in rows.values())
        lines.append(f"| **all** | {length:.1f} | {cpu:.1f} | {cpu / length:.2f} | | | | |")
    return "\n".join(lines) + "\n"


def save_goals(text: str) -> None:
    """results.md with its issue-23 section replaced by `text` (added before the profiles if absent)."""
    try:
        old = RESULTS.read_text()
    except OSError:
        old = ""
    start = old.find(GOALS_HEADING)
    if start >= 0:
        end = old.find("\n## ", start + len(GOALS_HEADING))
        new = old[:start] + text + ("\n" + old[end + 1:] if end >= 0 else "")
    else:
        at = old.find(PROFILE_HEADING)
        new = old + "\n" + text if at < 0 else old[:at] + text + "\n" + old[at:]
    RESULTS.write_text(new)


def goals(save: bool = True) -> None:
    """Issue 23's goals only (about 10 minutes on the idle 2-core machine): the film rendered once to warm up,
    then cold with the default jobs, again unchanged, and the heaviest scene per second at 1080p60."""
    started = datetime.now(timezone.utc)
    about = machine()
    names = scenes.names()
    out = Path(tempfile.mkdtemp(prefix="bench-goals-"))
    measured: dict = {}

    def show() -> str:
        text = goals_report(started, about, ", ".join(f"{x:.1f}" for x in os.getloadavg()), names, measured)
        print(text, file=sys.stderr, flush=True)
        return text

    try:
        private_cache(out / "cache")
        cli("render", *names, "-o", str(out / "warm"))  # as after any earlier render: typeset, costs, beat counts
        measured["film"], measured["film_cpu"] = cli("render", *names, "--force", "-o", str(out / "film"))
        measured["length"] = sum(seconds(out / "film" / "480p15" / f"{name}.mp4") for name in names)
        measured["again"], measured["again_cpu"] = cli("render", *names, "-o", str(out / "film"))
        measured["scenes"] = scene_rows(names, out / "film")
        show()
        rows = measured["scenes"]
        heaviest = max(rows, key=lambda name: rows[name][1]["cpu"] / rows[name][0])
        high, high_cpu, peak = cli_with_peak("render", heaviest, "-q", "h", "--force", "-o", str(out / "high"))
        high_length = seconds(result_path(RenderJob(scene=heaviest, out_dir=out / "high", quality="h")))
        measured["high"] = (heaviest, high, high_cpu, high_length, peak)
        text = show()
        if save:
            save_goals(text)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def split_cost(name: str, parts: int, quality: str = "l") -> None:
    """One scene at -q `quality` rendered whole (one process) and split into `parts` pieces (as many processes):
    wall and CPU seconds of each, and the CPU the split adds (its beat count and the skipped animations
    each piece replays)."""
    scene = scenes.by_name(name).__name__
    out = Path(tempfile.mkdtemp(prefix="bench-split-"))
    try:
        cli("render", scene, "-s", "-o", str(out / "warm"))  # the typeset cache warm, as in main()
        whole, whole_cpu = cli("render", scene, "-q", quality, "--jobs", "1", "--force", "-o", str(out / "whole"))
        split, split_cpu = cli("render", scene, "-q", quality, "--jobs", str(parts), "--split", str(parts), "--force",
                               "-o", str(out / "split"))
        length = seconds(result_path(RenderJob(scene=scene, out_dir=out / "whole", quality=quality)))
        print(f"| {scene} -q {quality} ({length:.1f} s) | whole: {whole:.1f} s wall, {whole_cpu:.1f} s CPU | split in {parts}: "
              f"{split:.1f} s wall, {split_cpu:.1f} s CPU ({split_cpu / whole_cpu - 1:+.0%} CPU) | "
              f"on {parts} idle cores, pieces of equal cost: at best {split_cpu / parts / length:.2f}x its length split, "
              f"{whole_cpu / length:.2f}x whole |", flush=True)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def profile(names: list[str], size: str, summary: bool = False) -> None:
    """Render each scene once under one profiler per beat (``rendering.profile``); print the markdown."""
    from lstm_explainer.rendering.profile import SUMMARY_HEADER, profile_scene, report, summary_row

    if names == ["all"]:  # one line per scene, each in a fresh process (manim's state does not carry over)
        print(f"Every scene at {size} under the profiler:\n\n{SUMMARY_HEADER}", flush=True)
        for scene in scenes.names():
            done = subprocess.run([sys.executable, __file__, "--profile", scene, "--size", size, "--summary"])
            if done.returncode != 0:
                print(f"| {scene} | the render failed (exit status {done.returncode}; its traceback is above) | | | | | | | |",
                      flush=True)
        return
    for name in names:
        scene = scenes.by_name(name).__name__
        costs, totals = profile_scene(scene, size)
        print(summary_row(scene, costs, totals) if summary else report(scene, size, costs, totals), flush=True)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="The rendering benchmark of issue 14 (see the module docstring).")
    parser.add_argument("scenes", nargs="*", metavar="SCENE", help="only these scenes (the table is not saved)")
    parser.add_argument("--quick", action="store_true", help="smoke run: the shortest scene, no 1080p60 render")
    parser.add_argument("--goals", action="store_true", help="only issue 23's goals (about 10 minutes on 2 idle cores): "
                        "the film cold with the default jobs, again unchanged, the heaviest scene at 1080p60, and "
                        "every scene's CPU per second with its shares; saved in results.md")
    parser.add_argument("--profile", metavar="SCENE", action="append", default=[],
                        help="instead: render SCENE once under cProfile and print its costs by beat and category (repeatable; "
                        "'all': one row per scene)")
    parser.add_argument("--summary", action="store_true", help="with --profile: one table row per scene")
    parser.add_argument("--size", default="320x180@15", help="the --profile render's size, WIDTHxHEIGHT@FPS (default 320x180@15)")
    parser.add_argument("--split", metavar="SCENE", help="instead: render SCENE whole and split (--parts) at --quality; "
                        "wall and CPU seconds of each")
    parser.add_argument("--parts", type=int, default=2, help="pieces for --split (default 2)")
    parser.add_argument("--quality", default="l", help="quality preset for --split (default l)")
    arguments = parser.parse_args()
    if arguments.profile:
        profile(arguments.profile, arguments.size, arguments.summary)
    elif arguments.goals:
        goals()
    elif arguments.split:
        split_cost(arguments.split, arguments.parts, arguments.quality)
    else:
        main(arguments.scenes, arguments.quick)
