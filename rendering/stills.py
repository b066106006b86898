"""The post's figures as PNG: frames a scene captured, cropped to their content and scaled."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rendering.jobs import RenderJob, run_jobs

STILL_QUALITY = "k"  # render stills at 3840 px and scale down to STILL_WIDTH for crisp lines


def render_stills(
    scene_names: list[str],
    out_dir: Path,
    theme: str = "dark",
    reber_string: str | None = None,
    processes: int = 1,
) -> list[Path]:
    """Render the post's figures that the named scenes define, as DIR/<figure>.png."""
    import scenes

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=out_dir) as staging:
        still_dir = Path(staging) / "stills"
        jobs = [
            RenderJob(
                scene=name,
                out_dir=Path(staging),
                quality=STILL_QUALITY,
                last_frame=True,
                reber_string=reber_string,
                theme=theme,
                still_dir=still_dir,
            )
            for name in scene_names
        ]
        run_jobs(jobs, processes)
        finals = []
        for name in scene_names:
            for figure in scenes.by_name(name).stills:
                finals.append(out_dir / figure)
                os.replace(still_dir / figure, finals[-1])
    return finals
