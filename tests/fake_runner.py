"""A stand-in for the worker processes of the one runner (`rendering.workers.start_renders`): each job's
maker runs in this process, writing small files, and the job reports the sources a real worker loads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering.jobs import STILLS, result_path

ROOT = Path(__file__).resolve().parent.parent


@cache
def scene_sources(scene: str) -> tuple[str, ...]:
    """The project sources a fresh process loads to build `scene` (its module and what that imports)."""
    entry = caches.catalog_entry(scene)
    code = (
        "import sys; before = set(sys.modules)\n"
        "from lstm_explainer.rendering import cache\n"
        f"import {entry['module']}\n"
        "print('\\n'.join(cache.project_sources(before)))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return tuple(run.stdout.split())


def plain(job, staging: Path, count: int) -> tuple[list[Path], None]:
    """A render's files: the stills of a stills job, else the video (or frame)."""
    if job.still_dir is not None:
        files = [staging / STILLS / name for name in caches.catalog_entry(job.scene)["stills"]]
    else:
        files = [staging / result_path(job).name]
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"{job.scene} {count}".encode())
    return files, None


def fake_start_renders(rendered: list[str], makers: dict[str | None, Callable] | None = None) -> Callable:
    """A start_renders that runs each job's maker (`makers[job.maker]`, a plain render by default) here."""
    makers = {None: plain, **(makers or {})}

    def start_renders(jobs, processes, progress=None, publish=None):
        for job in jobs:
            rendered.append(job.scene)
            staging = Path(tempfile.mkdtemp(prefix=".staging-fake-", dir=job.out_dir))
            try:
                files, data = makers[job.maker](job, staging, len(rendered))
                finals = publish(job, files, data) if publish is not None else files
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            yield job, finals, data, list(scene_sources(job.scene))

    return start_renders
