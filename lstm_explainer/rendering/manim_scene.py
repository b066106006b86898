"""Running one scene in manim, in whatever process runs it: manim's settings for a job (built in one
place), the scene's own settings, and what the render leaves behind.

The scene is handed a ``SceneSettings`` and gives back a ``SceneResult``
(``scenes.settings``); manim's global settings hold only what manim reads (size,
format, folders). Typesetting happens in a private folder seeded with the shared typeset
cache's entries (hard links), in the system's temporary folder (never in the output folder: a full disk
there must not truncate a typeset SVG), merged back when the render ends.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering.jobs import STILLS, RenderJob, publish, result_path
from lstm_explainer.rendering.quality import QUALITY_PRESETS, custom_size
from lstm_explainer.scenes.settings import SceneResult, SceneSettings


@dataclass
class Rendered:
    """A finished render in its staging folder: the files (video or frame first, its subtitles, then the stills)
    and what the scene learnt."""

    files: list[Path]
    result: SceneResult
    scene: object = None  # the played scene itself, for callers in this process (tests); never sent between processes


def scene_settings(job: RenderJob, motionless: bool = False) -> SceneSettings:
    """What the scene of `job` is told."""
    return SceneSettings(
        motionless=motionless,
        reber_string=job.reber_string,
        theme=job.theme,
        subtitles=job.subtitles,
        size=custom_size(job.quality),
        capture_stills=job.still_dir is not None,
    )


def manim_settings(job: RenderJob, media_dir: Path | None, typeset: dict[str, str], dry: bool = False) -> dict:
    """manim's settings for rendering `job` (media into `media_dir`), or for a dry build (no file written,
    every animation skipped to its end): the one place they are made."""
    settings: dict = {"progress_bar": "none", "verbosity": "WARNING", "disable_caching": True, **typeset}
    if dry:
        return {**settings, "dry_run": True, "save_last_frame": True}
    size = custom_size(job.quality)
    if size is None:
        settings["quality"] = QUALITY_PRESETS[job.quality]
    else:
        settings["pixel_width"], settings["pixel_height"], settings["frame_rate"] = size
    return {
        **settings,
        "format": job.format,
        "transparent": job.transparent,
        "save_last_frame": job.last_frame,
        "write_to_movie": not job.last_frame,
        "media_dir": str(media_dir),
        "output_file": job.scene,
    }


@contextmanager
def private_typeset():
    """manim's typeset folders for one render: a private folder seeded from the shared cache, merged back afterwards."""
    private = Path(tempfile.mkdtemp(prefix="lstm-explainer-typeset-"))
    shared = caches.shared_typeset_dir()
    try:
        yield caches.seed_private_typeset(private, shared)
    finally:
        caches.merge_typeset(private, shared)  # whole entries only, even from a render that failed later
        shutil.rmtree(private, ignore_errors=True)


@cache
def _process_typeset_dir() -> Path:
    """A private typeset folder for this process, seeded from the shared cache, merged back at exit."""
    private = Path(tempfile.mkdtemp(prefix="lstm-explainer-typeset-"))
    shared = caches.shared_typeset_dir()
    caches.seed_private_typeset(private, shared)

    def finish() -> None:
        caches.merge_typeset(private, shared)
        shutil.rmtree(private, ignore_errors=True)

    atexit.register(finish)
    return private


def typeset_cache(scene_name: str | None = None) -> dict[str, str]:
    """manim's typeset settings for builds inside a long-lived process (tests): one private folder per process."""
    private = _process_typeset_dir()
    return {"tex_dir": str(private / "tex"), "text_dir": str(private / "text")}


def scene_class(job: RenderJob, mixin: type | None = None, wrap: Callable[[type], type] | None = None) -> type:
    """The scene class of `job`, mixed with `mixin` (manim-slides' Slide) under its own name when given;
    `wrap` makes a subclass of it (a profiler's, a range render's)."""
    from importlib import import_module

    entry = caches.catalog_entry(job.scene)  # only the scene's own module is imported: what it loads is what it reads
    scene_cls = getattr(import_module(entry["module"]), entry["name"])
    if wrap is not None:
        scene_cls = wrap(scene_cls)
    if mixin is None:
        return scene_cls
    return type(scene_cls.__name__, (scene_cls, mixin), {"__module__": scene_cls.__module__})


def play_scene(job: RenderJob, settings: dict, report: Callable[[float], None] | None = None,
               mixin: type | None = None, motionless: bool = False, wrap: Callable[[type], type] | None = None,
               **scene_kwargs):
    """Build the scene of `job` under manim `settings` and play it; the scene (for its files and result)."""
    from manim import tempconfig

    with tempconfig(settings):
        scene = scene_class(job, mixin, wrap)(settings=scene_settings(job, motionless), **scene_kwargs)
        if report is not None:
            scene.play = _reporting(scene, scene.play, report)
        scene.render()
    return scene


def render_scene(job: RenderJob, staging: Path, report: Callable[[float], None] | None = None) -> Rendered:
    """Render one scene inside `staging`: its files there and its result; `report` hears the scene's clock
    after each animation."""
    with private_typeset() as typeset:
        scene = play_scene(job, manim_settings(job, staging / "media", typeset), report)
    result = scene.result()
    from lstm_explainer.rendering.schedule import keep_count

    keep_count(job, len(result.beats))  # a later render of this scene may be split without counting them first
    if job.still_dir is not None:
        save_captured_stills(result, scene.palette.background, staging / STILLS)
    writer = scene.renderer.file_writer
    if job.last_frame:
        produced = Path(writer.image_file_path)
    else:  # manim keeps a GIF's path apart from the movie's
        produced = Path(writer.gif_file_path if job.format == "gif" else writer.movie_file_path)
    stills = [staging / STILLS / name for name in result.stills] if job.still_dir is not None else []
    subtitles = produced.with_suffix(".srt")
    keep_srt = subtitles.exists() and job.subtitles != "none" and not job.last_frame
    return Rendered([produced] + ([subtitles] if keep_srt else []) + stills, result, scene)


def render_into(job: RenderJob, staging: Path, report: Callable[[float], None] | None = None) -> list[Path]:
    """Render one scene inside `staging`; the produced files, in render_scene's order."""
    return render_scene(job, staging, report).files


def render_files(job: RenderJob, staging: Path, report: Callable[[float], None] | None = None) -> tuple[list[Path], None]:
    """A plain render as a worker runs it (``workers.PLAIN_RENDER``): its files, no data."""
    return render_into(job, staging, report), None


def render_job(job: RenderJob) -> Path:
    """Render one scene in this process and publish it; the path of the finished file (for tests and tools)."""
    result_path(job).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=job.out_dir) as staging:
        return publish(job, render_into(job, Path(staging)))[0]


def build(scene_name: str, reber_string: str | None = None, motionless: bool = False):
    """Run a scene's construct() without drawing or encoding anything, and return the scene.

    The scene's ``renderer.time`` is then its length in seconds; `motionless`: its animations
    are reduced to their effect (``SceneSettings.motionless``), for its numbers only.
    """
    job = RenderJob(scene_name, Path("."), reber_string=reber_string)
    return play_scene(job, manim_settings(job, None, typeset_cache(), dry=True), motionless=motionless)


def _reporting(scene, play: Callable, report: Callable[[float], None]) -> Callable:
    def play_and_report(*args, **kwargs):
        outcome = play(*args, **kwargs)
        report(scene.renderer.time)
        return outcome

    return play_and_report


def save_captured_stills(result: SceneResult, background: str, still_dir: Path) -> None:
    """Write the frames the scene captured as the post's figures, into `still_dir`."""
    from lstm_explainer.rendering.frames import save_still

    for name, frame in result.stills.items():
        save_still(frame, background, still_dir / name)
