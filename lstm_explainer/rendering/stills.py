"""The post's figures as PNG: frames a scene captured, cropped to their content and scaled."""

from __future__ import annotations

from pathlib import Path

from lstm_explainer.rendering.jobs import Outcome, Progress, RenderJob, run_jobs

STILL_QUALITY = "k"  # render stills at 3840 px and scale down to STILL_WIDTH for crisp lines


def still_jobs(scene_names: list[str], out_dir: Path, theme: str = "dark", reber_string: str | None = None) -> list[RenderJob]:
    """One last-frame render per scene, keeping the figures it captures (into `out_dir`)."""
    settings = {"quality": STILL_QUALITY, "last_frame": True, "reber_string": reber_string, "theme": theme}
    return [RenderJob(scene=name, out_dir=out_dir, still_dir=out_dir, **settings) for name in scene_names]


def render_stills(
    scene_names: list[str],
    out_dir: Path,
    theme: str = "dark",
    reber_string: str | None = None,
    processes: int | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> list[Outcome]:
    """Render the post's figures that the named scenes define, as DIR/<figure>.png (each renamed into place).

    A scene whose figures are up to date is reused (unless `force`), as in any render.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = still_jobs(scene_names, out_dir, theme, reber_string)
    return run_jobs(jobs, processes, force=force, progress=progress)
