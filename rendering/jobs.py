"""Turning scene classes into files: videos and last frames, one fresh process per scene.

Each render happens in a private staging folder inside the output folder and the
finished file is renamed into place, so an interrupted or failed render leaves
nothing half-written where the user looks. LaTeX and text caches live in a
cache folder per scene so a second render does not typeset everything again.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rendering.frames import save_still

QUALITY_PRESETS = {
    "l": "low_quality",
    "m": "medium_quality",
    "h": "high_quality",
    "p": "production_quality",
    "k": "fourk_quality",
}
FORMATS = ("mp4", "webm", "gif", "mov")
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "lstm-explainer"


@dataclass(frozen=True)
class RenderJob:
    scene: str  # class name, as in the registry
    out_dir: Path
    quality: str = "l"
    format: str = "mp4"
    transparent: bool = False
    last_frame: bool = False
    reber_string: str | None = None
    theme: str = "dark"
    still_dir: Path | None = None  # where the scene's captured stills are saved; None = no stills


def typeset_cache(scene_name: str) -> dict[str, str]:
    """manim's LaTeX and text caches for one scene.

    One folder per scene: renders running in parallel are of different scenes, and
    two processes writing the same cached SVG at once could read it half-written.
    """
    return {"tex_dir": str(CACHE_DIR / scene_name / "tex"), "text_dir": str(CACHE_DIR / scene_name / "text")}


def quality_folder(quality: str) -> str:
    """manim's own name for a preset's output folder, e.g. '480p15'."""
    from manim.constants import QUALITIES

    preset = QUALITIES[QUALITY_PRESETS[quality]]
    return f"{preset['pixel_height']}p{preset['frame_rate']}"


def render_job(job: RenderJob) -> Path:
    """Render one scene and return the path of the finished file."""
    from manim import tempconfig

    import scenes
    from scenes import theme

    theme.use(job.theme)
    scene_cls = scenes.by_name(job.scene)

    target_dir = job.out_dir / quality_folder(job.quality)
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=job.out_dir) as staging:
        settings = {
            "quality": QUALITY_PRESETS[job.quality],
            "format": job.format,
            "transparent": job.transparent,
            "save_last_frame": job.last_frame,
            "write_to_movie": not job.last_frame,
            "media_dir": staging,
            **typeset_cache(scene_cls.__name__),
            "output_file": scene_cls.__name__,
            "progress_bar": "none",
            "verbosity": "WARNING",
            "disable_caching": True,
        }
        with tempconfig(settings):
            scene = configured(scene_cls, job.reber_string, capture_stills=job.still_dir is not None)()
            scene.render()
            save_captured_stills(scene, job.still_dir)
            writer = scene.renderer.file_writer
            produced = Path(writer.image_file_path if job.last_frame else writer.movie_file_path)
        final = target_dir / f"{scene_cls.__name__}{produced.suffix}"
        subtitles = produced.with_suffix(".srt")
        if subtitles.exists():
            os.replace(subtitles, final.with_suffix(".srt"))
        os.replace(produced, final)
    return final


def run_jobs(jobs: list[RenderJob], processes: int = 1) -> list[Path]:
    """Render every job, `processes` at a time, each in a fresh process.

    A fresh process per render keeps manim's global configuration and caches from
    leaking between scenes; results come back in the order of `jobs`.
    """
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(processes, 1), mp_context=context, max_tasks_per_child=1) as pool:
        return list(pool.map(render_job, jobs))


def save_captured_stills(scene, still_dir: Path | None) -> None:
    """Write the frames the scene captured as the post's figures, into `still_dir`."""
    if still_dir is None:
        return
    from scenes import theme

    for name, frame in scene.captured_stills.items():
        save_still(frame, theme.palette().background, still_dir / name)


def configured(scene_cls: type, reber_string: str | None = None, capture_stills: bool = False) -> type:
    """A subclass of the scene (same name) that feeds `reber_string` and keeps its stills' frames."""
    attributes: dict = {"capture_stills": capture_stills}
    if reber_string is not None:
        attributes["reber_string"] = reber_string
    return type(scene_cls.__name__, (scene_cls,), attributes)


def build(scene_name: str, reber_string: str | None = None):
    """Run a scene's construct() without drawing or encoding anything, and return the scene.

    The scene's ``renderer.time`` is then its length in seconds.
    """
    from manim import tempconfig

    import scenes

    scene_cls = scenes.by_name(scene_name)
    settings = {
        "dry_run": True,  # write no file
        "save_last_frame": True,  # skip every animation to its end state: nothing is drawn in between
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "WARNING",
        **typeset_cache(scene_cls.__name__),
    }
    with tempconfig(settings):
        scene = configured(scene_cls, reber_string)()
        scene.render()
    return scene


def combine(videos: list[Path], dest: Path) -> Path:
    """Join rendered scene videos end to end (same format and size) into one file at `dest`."""
    from manim_slides.utils import concatenate_video_files

    partial = dest.with_name(f".{dest.stem}.partial{dest.suffix}")
    try:
        concatenate_video_files(videos, partial)
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return dest
