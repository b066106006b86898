"""The job model and the one path every command takes: a job says what to make of a scene, `run_jobs`
decides what is up to date, checks the weights and the targets, runs the rest in fresh processes
(``rendering.workers``) and publishes each result where the user looks.

Each job renders in a private staging folder inside its output folder; its files
are moved into place only when it has finished (with signals held off), so an
interrupted or failed run leaves nothing half-written where the user looks. A job
whose inputs are unchanged since its file was made is reused (``rendering.cache``).
`render`, `stills`, `embed`, `lecture` and `values` all run through `run_jobs`: a
job's `maker` names what its worker runs instead of a plain render (a web clip, a
lecture's slides, a scene's numbers).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering.errors import RenderFailure
from lstm_explainer.rendering.quality import QUALITY_PRESETS, quality_folder
from lstm_explainer.rendering.workers import Progress, Publisher, clean_stale_staging, default_jobs, start_renders

# Runs the jobs that are not reused: (jobs, processes, progress, publisher) -> what start_renders yields.
Starter = Callable[[list, "int | None", "Progress | None", Publisher], Iterator]

FORMATS = ("mp4", "webm", "gif", "mov")
# srt: the captions as an .srt beside the video; burn: also drawn into the picture; none: neither.
SUBTITLES = ("srt", "burn", "none")
STILLS = "stills"  # the staging subfolder of a job's captured stills


@dataclass(frozen=True)
class RenderJob:
    scene: str  # class name, as in the registry
    out_dir: Path
    quality: str = "l"  # a key of QUALITY_PRESETS, or a custom size from custom_quality()
    format: str = "mp4"
    transparent: bool = False
    last_frame: bool = False
    reber_string: str | None = None
    theme: str = "dark"
    subtitles: str = "srt"  # one of SUBTITLES; part of the content key, so burned and plain renders are different files
    still_dir: Path | None = None  # where the scene's captured stills go; set = a stills job (no video kept)
    maker: str | None = None  # "module:function" a worker runs, (job, staging, report) -> (files, data); None: a render
    target: Path | None = None  # where a maker's job publishes its main file (its key goes beside it)
    options: tuple = field(default=())  # a maker's own settings that change its files, as (name, value) pairs
    key_dir: Path | None = None  # where its key goes when not beside its main file (a folder another tool reads)


@dataclass
class Outcome:
    """One job's published files: `path` is what the user asked for (the video or frame, or the stills)."""

    job: RenderJob
    paths: list[Path]
    reused: bool = False
    data: object = None  # what a maker sent back besides its files

    @property
    def path(self) -> Path:
        return self.paths[0]


def result_path(job: RenderJob) -> Path:
    """Where a job's video or last frame is published: DIR/<quality>/<Scene>.<ext> (or its target)."""
    if job.target is not None:
        return job.target
    if job.last_frame:
        suffix = ".png"
    elif job.transparent and job.format == "mp4":
        suffix = ".mov"  # manim writes transparent mp4 requests as QuickTime
    else:
        suffix = f".{job.format}"
    return job.out_dir / quality_folder(job.quality) / f"{job.scene}{suffix}"


def published_files(job: RenderJob) -> list[Path]:
    """What a finished job leaves where the user looks, its key's file first: the stills of a stills job,
    else the video or frame (and the video's subtitles)."""
    if job.still_dir is not None and job.maker is None:
        return [job.still_dir / name for name in caches.catalog_entry(job.scene)["stills"]]
    main = result_path(job)
    subtitles = main.with_suffix(".srt")
    return [main] + ([subtitles] if job.maker is None and subtitles.exists() and not job.last_frame else [])


def publish(job: RenderJob, produced: list[Path], data: object = None) -> list[Path]:
    """Move a finished render's files into place (each one rename); the published paths."""
    if job.still_dir is not None:
        produced = [path for path in produced if path.parent.name == STILLS]
        finals = [job.still_dir / path.name for path in produced]
    else:
        main = result_path(job).with_suffix(produced[0].suffix)
        finals = [main.with_suffix(path.suffix) for path in produced]
        if not job.last_frame and not any(path.suffix == ".srt" for path in produced):
            main.with_suffix(".srt").unlink(missing_ok=True)  # an older video's: not to be taken for this one's
    missing = [str(source) for source in produced if not source.is_file()]
    if missing:  # nothing is moved: a job is published whole or not at all
        raise RenderFailure(f"{job.scene}: the render did not produce {', '.join(missing)} (a bug)", bug=True)
    caches.sidecar(finals[0], job.key_dir).unlink(missing_ok=True)  # the old key no longer describes what is published
    for source, final in reversed(list(zip(produced, finals))):  # the video last: it marks completion
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, final)
    return finals


def targets(job: RenderJob) -> list[Path]:
    """Every path a job will publish to that can be named before it runs."""
    if job.still_dir is not None and job.maker is None:
        return [job.still_dir / name for name in caches.catalog_entry(job.scene)["stills"]]
    main = result_path(job)
    if job.maker is None and not job.last_frame and job.subtitles != "none":
        return [main, main.with_suffix(".srt")]
    return [main]


def check_targets(jobs: list[RenderJob]) -> list[Path]:
    """Before any rendering: every job's folder exists and takes files, and no folder sits where a file goes.

    Returns the folders it created.
    """
    created = []
    for job in jobs:
        for target in targets(job):
            folder = target.parent
            if not folder.exists():
                folder.mkdir(parents=True, exist_ok=True)
                created.append(folder)
            tempfile.TemporaryFile(dir=folder).close()
            if target.is_dir():
                raise RenderFailure(f"{target} is a folder where a file goes; move it away or choose another folder with -o")
    return created


def check_weights() -> None:
    """Every shipped weights file loads (one line naming the broken one otherwise)."""
    from lstm_explainer.model import weights

    try:
        weights.check()
    except weights.WeightsError as error:
        raise RenderFailure(str(error)) from None


def run_jobs(
    jobs: list[RenderJob],
    processes: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    preflight: Callable[[], None] | None = check_weights,
    publisher: Publisher = publish,
    reuse: bool = True,
    start: Starter | None = None,
) -> list[Outcome]:
    """Run every job, `processes` at a time, each in a fresh process; outcomes in the order of `jobs`.

    A job whose file is intact and made from the same inputs is reused (unless
    `force`, or not `reuse`: a job without files); a job given twice is run once.
    Before anything runs: `preflight` (the weights check), the targets' check.
    Raises RenderFailure (one line) when a job fails, Interrupted on SIGINT/SIGTERM;
    either way every worker is stopped and nothing more is published.
    `start` runs the jobs that are not reused (``rendering.starters``: a scene cut into beat ranges, or
    Dask); by default each in a fresh local process, `processes` at a time.
    """
    for folder in {job.out_dir for job in jobs} | {job.still_dir for job in jobs if job.still_dir}:
        clean_stale_staging(folder)
    outcomes: list[Outcome | None] = [None] * len(jobs)
    pending: dict[RenderJob, list[int]] = {}
    for index, job in enumerate(jobs):
        main = published_files(job)[0]
        if reuse and not force and job not in pending and caches.up_to_date(job, main, caches.sidecar(main, job.key_dir)):
            outcomes[index] = Outcome(job, published_files(job), reused=True)
            continue
        pending.setdefault(job, []).append(index)
    if pending:
        if preflight is not None:
            preflight()
        created = check_targets(list(pending))
        if start is None:
            from lstm_explainer.rendering.schedule import heaviest_first

            count = min(processes or default_jobs(len(pending)), len(pending))
            renders = start_renders(heaviest_first(list(pending)), count, progress, publisher)
        else:
            renders = start(list(pending), processes, progress, publisher)
        try:
            for job, finals, data, sources in renders:
                if reuse and finals:
                    caches.write_sidecar(finals[0], *caches.job_key(job, sources), finals, caches.sidecar(finals[0], job.key_dir))
                for index in pending[job]:
                    outcomes[index] = Outcome(job, finals, data=data)
        except BaseException:
            for folder in reversed(created):  # leave the output folder as it was
                try:
                    folder.rmdir()
                except OSError:
                    pass  # holds finished files
            raise
    return outcomes  # type: ignore[return-value]

