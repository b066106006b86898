"""Which job runs first and which scene is cut into pieces: the renders' costs as last measured.

Every render process keeps its own CPU seconds (imports, typesetting, drawing, encoding, the TeX it
ran) in the cache folder, one small file per (scene, quality): ``keep_cost``, with the seconds spent
drawing, encoding and typesetting (``cost_meter``: a clock around manim's camera, its encoder threads
and its Tex/Text/SVG builds; the rest is Python moving mobjects about). ``make bench`` reads them. ``plan`` then orders a
run's jobs heaviest first (longest-processing-time first: the cores finish together instead of one
core starting the heaviest scene last) and cuts a scene into beat ranges (``rendering.split``) only
where that shortens the run: when the scene alone costs more than its share of the cores (the run's
CPU over the processes), so that, whole, it would set the wall time. A split costs the pieces'
replay of ``construct()`` (``SPLIT_EXTRA``, measured), so a scene is cut only as far as needed, and
only when its cost was measured (a first render is not split) and is worth a second process.

A job never measured is costed by its scene's length, scaled by the run's measured jobs' CPU per
second of video (or 1 when none was measured): only the order depends on it.
"""

from __future__ import annotations

import hashlib
import json
import resource
import time
from contextlib import contextmanager
from pathlib import Path

from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering.quality import quality_folder

SPLIT_EXTRA = 0.37  # CPU a piece's replay adds to a scene split in two at 480p15 (benchmarks/results.md)
MIN_SPLIT_CPU = 60.0  # CPU seconds below which a second process (start-up, replayed construct()) is not worth it


def _record(job) -> Path | None:
    root = caches.cache_root()
    if root is None:
        return None
    quality = "".join(c if c.isalnum() else "-" for c in job.quality)
    return root / "costs" / f"{job.scene}-{quality}{'-burn' if job.subtitles == 'burn' else ''}.json"


def process_cpu() -> float:
    """CPU seconds of this process so far, its threads and the finished programs it ran (TeX) included."""
    own, ran = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + ran.ru_utime + ran.ru_stime


def counts(job) -> bool:
    """A whole video render: its process's CPU is the scene's cost (a piece, a frame or a maker's is not)."""
    return splittable(job) and not job.options


SHARES = ("drawing", "encoding", "typesetting")


@contextmanager
def cost_meter(job):
    """While open, clocks in this process time `job`'s drawing (the camera, main thread CPU), encoding (manim's
    encoder threads' CPU) and typesetting (Tex, Text and SVG builds, the TeX programs they run included);
    yields the dict it fills. Nothing is clocked for a job whose cost is not kept (``counts``)."""
    shares = dict.fromkeys(SHARES, 0.0)
    if not counts(job):
        yield shares
        return
    from manim.camera.camera import Camera
    from manim.mobject.svg.svg_mobject import SVGMobject
    from manim.mobject.text.tex_mobject import MathTex, SingleStringMathTex
    from manim.mobject.text.text_mobject import MarkupText, Text
    from manim.scene.scene_file_writer import _PartialMovieEncodeJob

    def programs() -> float:
        ran = resource.getrusage(resource.RUSAGE_CHILDREN)
        return ran.ru_utime + ran.ru_stime

    depth = {"drawing": 0, "typesetting": 0}

    def clocked(method, kind: str, with_programs: bool = False):
        def timed(*args, **kwargs):
            if depth[kind]:
                return method(*args, **kwargs)
            depth[kind] += 1
            start, ran = time.thread_time(), programs() if with_programs else 0.0
            try:
                return method(*args, **kwargs)
            finally:
                depth[kind] -= 1
                shares[kind] += time.thread_time() - start + (programs() - ran if with_programs else 0.0)
        return timed

    def encoder(method):
        def timed(self):
            start = time.thread_time()
            try:
                method(self)
            finally:
                shares["encoding"] += time.thread_time() - start
        return timed

    patched = [(Camera, "capture_mobjects", "drawing")] + [
        (cls, "__init__", "typesetting") for cls in (SVGMobject, SingleStringMathTex, MathTex, Text, MarkupText)]
    originals = [(cls, name, cls.__dict__[name]) for cls, name, _ in patched] + [
        (_PartialMovieEncodeJob, "_listen_and_write", _PartialMovieEncodeJob.__dict__["_listen_and_write"])]
    for cls, name, kind in patched:
        setattr(cls, name, clocked(cls.__dict__[name], kind, with_programs=kind == "typesetting"))
    _PartialMovieEncodeJob._listen_and_write = encoder(_PartialMovieEncodeJob.__dict__["_listen_and_write"])
    try:
        yield shares
    finally:
        for cls, name, original in originals:
            setattr(cls, name, original)


def keep_cost(job, cpu: float, shares: dict | None = None) -> None:
    """Keep `cpu`, the CPU seconds of `job`'s whole render (and the seconds of its `shares`), for the next
    run's plan and the benchmark."""
    if counts(job):
        _keep(_record(job), {"scene": job.scene, "quality": job.quality, "cpu": cpu, **(shares or {})})


def _keep(record: Path | None, kept: dict) -> None:
    """Write `kept` to `record` (nothing without a cache folder; a failure means measured again next time)."""
    from lstm_explainer.model.io import atomic_write

    if record is None:
        return
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(record, lambda out: json.dump(kept, out), mode="w")
    except OSError:
        pass


def _read(record: Path | None) -> dict | None:
    """What `_keep` wrote to `record`, if it is there and whole."""
    try:
        kept = json.loads(record.read_text()) if record is not None else None
    except (OSError, ValueError):
        return None
    return kept if isinstance(kept, dict) else None


def kept_record(job) -> dict | None:
    """What was kept of `job`'s scene at its quality: {"cpu", "drawing", "encoding", "typesetting", ...}."""
    return _read(_record(job))


def known_cost(job) -> float | None:
    """The CPU seconds `job`'s scene took at its quality when last rendered whole, if kept."""
    cpu = (kept_record(job) or {}).get("cpu")
    return float(cpu) if isinstance(cpu, (int, float)) and cpu > 0 else None


def frame_rate(quality: str) -> int:
    return int(quality_folder(quality).rpartition("p")[2])


def measured_cost(job) -> float | None:
    """`job`'s CPU seconds as measured at its quality, else at 480p15 scaled by the frame rate (the per-frame
    work, drawing and manim's bookkeeping, is most of a render's), else None."""
    from dataclasses import replace

    cost = known_cost(job)
    if cost is None and job.quality != "l" and (low := known_cost(replace(job, quality="l"))) is not None:
        cost = low * frame_rate(job.quality) / frame_rate("l")
    return cost


def expected_costs(jobs: list) -> dict:
    """Each job's expected CPU seconds: measured, else its scene's length at the run's measured rate."""
    def length(job) -> float:
        try:
            return float(caches.catalog_entry(job.scene)["approx_seconds"])
        except KeyError:
            return 1.0

    known = {job: cost for job in jobs if counts(job) and (cost := measured_cost(job)) is not None}
    rates = sorted(cost / length(job) for job, cost in known.items())
    rate = rates[len(rates) // 2] if rates else 1.0
    return {job: known[job] if job in known else length(job) * rate for job in jobs}


def heaviest_first(jobs: list) -> list:
    """`jobs` in the order to start them: the most expected CPU first."""
    costs = expected_costs(jobs)
    return sorted(jobs, key=lambda job: -costs[job])


def pieces(cost: float, share: float, processes: int) -> int:
    """How many pieces a job of `cost` CPU seconds is cut into, when the run's fair share per process is
    `share`: the fewest whose largest piece is within the share, if that is sooner than whole."""
    if processes < 2 or cost < MIN_SPLIT_CPU or cost <= share:
        return 1
    best = 1
    for parts in range(2, processes + 1):
        if cost * (1 + SPLIT_EXTRA) / parts < cost:  # sooner than whole
            best = parts
        if cost * (1 + SPLIT_EXTRA) / parts <= share:
            break
    return best


def plan(jobs: list, processes: int) -> tuple[list, dict]:
    """`jobs` heaviest first, and how many beat ranges each is cut into (1: whole).

    Only a job with a measured cost and a kept beat count (``known_count``) is cut.
    """
    costs = expected_costs(jobs)
    share = sum(costs.values()) / max(1, processes)
    parts = {}
    for job in jobs:
        measured = counts(job) and measured_cost(job) is not None
        beats = known_count(job) if measured else None
        parts[job] = min(pieces(costs[job], share, processes), beats) if beats else 1
    return sorted(jobs, key=lambda job: -costs[job]), parts


# Beat counts: a scene is cut into beat ranges only when its count is known -------------------------

def splittable(job) -> bool:
    """A plain video render (not a frame, a GIF, stills or a maker's job) can be split."""
    return job.maker is None and job.still_dir is None and not job.last_frame and job.format != "gif"


def _count_record(job) -> Path | None:
    """Where the beat count of `job`'s scene and string is kept (None: no cache folder)."""
    root = caches.cache_root()
    if root is None:
        return None
    files = sorted((caches.ROOT / "lstm_explainer").rglob("*.py")) + sorted(caches.ASSETS.glob("*"))
    inputs = {"scene": job.scene, "string": job.reber_string, "versions": caches.versions(),
              "files": {path.relative_to(caches.ROOT).as_posix(): caches.file_digest(path) for path in files if path.is_file()}}
    key = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:32]
    return root / "beats" / f"{key}.json"


def known_count(job) -> int | None:
    """The kept beat count of `job`'s scene and string, if any."""
    count = (_read(_count_record(job)) or {}).get("beats")
    return count if isinstance(count, int) and count > 0 else None


def keep_count(job, beats: int) -> None:
    """Keep `beats`, the beat count a render of `job` found, for a later render that may split the scene."""
    _keep(_count_record(job), {"scene": job.scene, "beats": beats})
