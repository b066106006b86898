"""Where a scene's render time goes: one render under cProfile, one profiler per beat.

``profile_scene`` renders a scene (at a small size: the per-animation costs do not
depend on the picture's size, the per-pixel ones shrink) with a separate
``cProfile.Profile`` switched on for each beat (``StoryScene``'s beat boundaries), and
one for what happens outside beats (setup, the closing fade, the file writer's
finish). Each beat's time is split into categories by where the time is spent
(self time, by the function's file and name):

- drawing: manim's camera and cairo;
- encoding: PyAV and manim's movie writer;
- typesetting: Tex, Text, SVG parsing, LaTeX and dvisvgm;
- churn: Python moving mobject trees about (copy/deepcopy, align_data, interpolate, become, family walks);
- other: the rest (the scene's own code, manim's bookkeeping, ...).

A builtin's or numpy's self time goes to the category of the function that called it (one level up).

It also lists a few hot spots by inclusive time (their callees included, so they overlap).
"""

from __future__ import annotations

import cProfile
import pstats
import resource
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lstm_explainer.rendering.jobs import RenderJob

OUTSIDE = "(outside beats)"
CATEGORIES = ("drawing", "encoding", "typesetting", "churn", "other")
CHURN_NAMES = (
    "copy", "deepcopy", "align_data", "align_points", "align_submobjects", "null_point_align", "add_n_more_submobjects",
    "insert_n_curves", "interpolate", "interpolate_color", "pointwise_become_partial", "become", "get_family",
    "family_members_with_points", "match_points", "_reconstruct", "__deepcopy__", "get_array_attrs",
    "interpolate_mobject", "interpolate_submobject", "lerp", "set_points", "align_rgbas",
)
# manim's frames every animation passes through: they say nothing about which animation costs
GENERIC = ("play", "render", "construct", "play_internal", "wrapper", "_run", "wait", "handle_play_like_call",
           "begin_animations", "update_to_time", "interpolate", "update_mobjects", "compile_animation_data",
           "<listcomp>", "<genexpr>", "__init__")
# (label, file fragment, function name): inclusive times worth reading directly
HOT_SPOTS = (
    ("Mobject.copy", "mobject/mobject.py", "copy"),
    ("Mobject.align_data", "mobject/mobject.py", "align_data"),
    ("Transform.begin", "animation/transform.py", "begin"),
    ("Animation.interpolate", "animation/animation.py", "interpolate"),
    ("Camera.capture_mobjects", "camera/camera.py", "capture_mobjects"),
    ("MathTex/Tex build", "mobject/text/tex_mobject.py", "__init__"),
    ("Text build", "mobject/text/text_mobject.py", "__init__"),
    ("movie writer write_frame", "scene/scene_file_writer.py", "write_frame"),
)


def category(filename: str, name: str) -> str:
    """The category of a function's self time, from its file and name (see the module's docstring)."""
    where = filename.replace("\\", "/")
    if "cairo" in where or "cairo" in name or "/manim/camera/" in where:
        return "drawing"
    if "/av/" in where or "'av." in name or "scene_file_writer" in where or "encode" in name and "av" in name:
        return "encoding"
    if any(part in where for part in ("/mobject/text/", "/mobject/svg/", "svgelements", "tex_file_writing", "subprocess")):
        return "typesetting"
    if where.endswith("/copy.py") or name in ("__deepcopy__", "deepcopy") or (("/manim/" in where) and name in CHURN_NAMES):
        return "churn"
    return "other"


@dataclass
class BeatCost:
    """One beat's profile: its seconds under the profiler, split by category, and its top functions."""

    name: str
    seconds: float = 0.0
    by_category: dict[str, float] = field(default_factory=dict)
    hot_spots: dict[str, float] = field(default_factory=dict)
    top: list[tuple[str, float, float]] = field(default_factory=list)  # manim's (function, inclusive s, self s)
    scene_code: list[tuple[str, float, float]] = field(default_factory=list)  # the scene's own helpers, likewise
    other_top: list[tuple[str, float]] = field(default_factory=list)  # the largest self times counted as "other"
    video_seconds: float = 0.0


def summarise(name: str, profiler: cProfile.Profile, top: int = 6) -> BeatCost:
    stats = pstats.Stats(profiler).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    cost = BeatCost(name, by_category={key: 0.0 for key in CATEGORIES})
    for (filename, _, function), (_, _, self_time, inclusive, callers) in stats.items():
        cost.seconds += self_time
        kind = category(filename, function)
        if kind == "other" and (filename == "~" or "/numpy/" in filename) and callers:
            # a builtin or numpy call works for whoever called it: its time goes to the caller's category
            for (caller_file, _, caller), edge in callers.items():
                cost.by_category[category(caller_file, caller)] += edge[2]
            cost.by_category["other"] += self_time - sum(edge[2] for edge in callers.values())
        else:
            cost.by_category[kind] += self_time
        for label, fragment, wanted in HOT_SPOTS:
            if function == wanted and fragment in filename.replace("\\", "/"):
                cost.hot_spots[label] = cost.hot_spots.get(label, 0.0) + inclusive
    ranked = sorted(stats.items(), key=lambda item: item[1][3], reverse=True)
    for (filename, line, function), (_, _, self_time, inclusive, _) in ranked:
        where = filename.replace("\\", "/")
        short = f"{where.split('site-packages/')[-1].split('/lstm_explainer/')[-1]}:{line}({function})"
        if "/lstm_explainer/scenes/" in where and function != name.split(" #")[0] and "story.py" not in where:
            if len(cost.scene_code) < 3:
                cost.scene_code.append((short, inclusive, self_time))
        elif "/manim/" in where and function not in GENERIC and len(cost.top) < top:
            cost.top.append((short, inclusive, self_time))
    others = [(f"{filename.split('site-packages/')[-1]}:{line}({function})", self_time)
              for (filename, line, function), (_, _, self_time, _, _) in stats.items() if category(filename, function) == "other"]
    cost.other_top = sorted(others, key=lambda item: item[1], reverse=True)[:3]
    return cost


def profiled_beats(scene_cls: type) -> type:
    """`scene_cls` with one profiler per beat: ``profilers`` maps each beat (in order) to its profiler."""

    class Profiled(scene_cls):  # type: ignore[misc, valid-type]
        def setup(self) -> None:
            self.profilers: dict[str, cProfile.Profile] = {OUTSIDE: cProfile.Profile()}
            self.beat_clock: dict[str, float] = {}
            self._active = self.profilers[OUTSIDE]
            self._active.enable()
            super().setup()

        def _switch(self, name: str) -> None:
            self._active.disable()
            self._active = self.profilers.setdefault(name, cProfile.Profile())
            self._active.enable()

        def begin_beat(self, name: str, caption: str) -> None:
            key = name if name not in self.profilers else f"{name} #{sum(k.split(' #')[0] == name for k in self.profilers) + 1}"
            self._beat_key = key
            self._switch(key)
            super().begin_beat(name, caption)

        def end_beat(self) -> None:
            super().end_beat()
            beat = self.beats[-1]
            self.beat_clock[self._beat_key] = beat.end - beat.start
            self._switch(OUTSIDE)

        def stop_profiling(self) -> None:
            self._active.disable()

    Profiled.__name__ = Profiled.__qualname__ = scene_cls.__name__
    Profiled.__module__ = scene_cls.__module__
    return Profiled


@contextmanager
def encoder_clock():
    """While open, the CPU seconds of each of manim's encoder threads (which cProfile does not see) are
    appended to the list it yields."""
    from manim.scene import scene_file_writer

    job_class = scene_file_writer._PartialMovieEncodeJob
    original = job_class._listen_and_write
    seconds: list[float] = []

    def timed(self) -> None:
        start = time.thread_time()
        try:
            original(self)
        finally:
            seconds.append(time.thread_time() - start)

    job_class._listen_and_write = timed
    try:
        yield seconds
    finally:
        job_class._listen_and_write = original


def profile_scene(scene: str, quality: str = "320x180@15", reber_string: str | None = None) -> tuple[list[BeatCost], dict]:
    """Render `scene` at `quality` under one profiler per beat; each beat's cost and the totals
    (wall and CPU seconds of the whole render, the video's length)."""
    from lstm_explainer.rendering.manim_scene import manim_settings, play_scene, private_typeset

    job = RenderJob(scene, Path("."), quality=quality, reber_string=reber_string)
    with tempfile.TemporaryDirectory(prefix="lstm-explainer-profile-") as folder, private_typeset() as typeset, \
            encoder_clock() as encoding:
        start, usage = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        played = play_scene(job, manim_settings(job, Path(folder) / "media", typeset), wrap=profiled_beats)
        played.stop_profiling()
        after = resource.getrusage(resource.RUSAGE_SELF)
        totals = {
            "wall": time.perf_counter() - start,
            "cpu": after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime,
            "length": played.renderer.time,
            "encoding_cpu": sum(encoding),
        }
    costs = []
    for name, profiler in played.profilers.items():
        cost = summarise(name, profiler)
        cost.video_seconds = played.beat_clock.get(name, 0.0)
        costs.append(cost)
    return costs, totals


def report(scene: str, quality: str, costs: list[BeatCost], totals: dict, top: int = 3) -> str:
    """The profile as markdown: one row per beat (slowest first) with its categories, then each beat's top costs."""
    profiled = sum(cost.seconds for cost in costs)
    lines = [
        f"### {scene} at {quality}",
        "",
        f"Render {totals['wall']:.1f} s wall, {totals['cpu']:.1f} s CPU under the profiler for "
        f"{totals['length']:.1f} s of video ({totals['cpu'] / max(totals['length'], 1e-9):.2f} CPU s per second); "
        f"{profiled:.1f} s profiled. Encoding, in manim's encoder threads (which cProfile does not see): "
        f"{totals['encoding_cpu']:.1f} s CPU ({totals['encoding_cpu'] / max(totals['cpu'], 1e-9):.0%} of the CPU). "
        "Below, seconds under cProfile (self time by category; cProfile's clock is the wall clock, so a loaded "
        "machine inflates every row alike).",
        "",
        "| beat | video (s) | profiled (s) | " + " | ".join(CATEGORIES) + " | Transform.begin | Mobject.copy | align_data |",
        "| --- | ---: | ---: | " + " | ".join("---:" for _ in CATEGORIES) + " | ---: | ---: | ---: |",
    ]
    ranked = sorted(costs, key=lambda cost: cost.seconds, reverse=True)
    for cost in ranked:
        cells = " | ".join(f"{cost.by_category[key]:.1f}" for key in CATEGORIES)
        spots = " | ".join(f"{cost.hot_spots.get(label, 0.0):.1f}" for label in ("Transform.begin", "Mobject.copy", "Mobject.align_data"))
        lines.append(f"| {cost.name} | {cost.video_seconds:.1f} | {cost.seconds:.1f} | {cells} | {spots} |")
    total = {key: sum(cost.by_category[key] for cost in costs) for key in CATEGORIES}
    lines.append(f"| **all** | {totals['length']:.1f} | {profiled:.1f} | "
                 + " | ".join(f"{total[key]:.1f} ({total[key] / max(profiled, 1e-9):.0%})" for key in CATEGORIES) + " | | | |")
    lines += ["", "The slowest beats: the scene's own code that costs most, then manim's (inclusive/self seconds), "
              "then the largest self times counted as other:", ""]
    for cost in ranked[:top * 2]:
        lines.append(f"- **{cost.name}** ({cost.seconds:.1f} s): "
                     + "; ".join(f"`{name}` {inclusive:.1f}/{own:.1f}" for name, inclusive, own in cost.scene_code + cost.top[:top])
                     + " | other: " + "; ".join(f"`{name}` {own:.1f}" for name, own in cost.other_top))
    return "\n".join(lines) + "\n"


SUMMARY_HEADER = ("| scene | video (s) | CPU (s) | CPU s per second | drawing | encoding | typesetting | churn | other |\n"
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")


def summary_row(scene: str, costs: list[BeatCost], totals: dict) -> str:
    """One scene in a line: its CPU per second of video and the shares of its CPU by category (the main
    thread's CPU split as cProfile's seconds are, the encoder threads' measured on their own)."""
    profiled = sum(cost.seconds for cost in costs) or 1e-9
    encoding = totals["encoding_cpu"]
    main = max(totals["cpu"] - encoding, 0.0)
    shares = {key: main * sum(cost.by_category[key] for cost in costs) / profiled for key in CATEGORIES}
    shares["encoding"] += encoding
    cells = " | ".join(f"{shares[key] / max(totals['cpu'], 1e-9):.0%}" for key in CATEGORIES)
    return (f"| {scene} | {totals['length']:.1f} | {totals['cpu']:.1f} | {totals['cpu'] / max(totals['length'], 1e-9):.2f} | "
            f"{cells} |")
