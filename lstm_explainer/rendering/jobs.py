"""Turning scene classes into files: videos and last frames, one fresh process per scene.

Each render happens in a private staging folder inside the output folder. The
main process moves the finished files into place (with signals held off while
it does), so an interrupted or failed render leaves nothing half-written where
the user looks, and nothing is published after an abort. Workers die with the
main process; SIGINT or SIGTERM to the main process stops every worker, cancels
the queued scenes and removes the staging folders; staging folders left by a
killed run are removed at the next start.

A scene whose inputs are unchanged since its file was made is not rendered
again (see ``rendering.cache``); typeset SVGs are shared through a cache no
interrupt can corrupt (same module).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from multiprocessing.connection import wait
from pathlib import Path

from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering.errors import Interrupted, RenderFailure, describe

QUALITY_PRESETS = {
    "l": "low_quality",
    "m": "medium_quality",
    "h": "high_quality",
    "p": "production_quality",
    "k": "fourk_quality",
}
FORMATS = ("mp4", "webm", "gif", "mov")
# srt: the captions as an .srt beside the video; burn: also drawn into the picture; none: neither.
SUBTITLES = ("srt", "burn", "none")
STAGING_PREFIX = ".staging-"


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
    subtitles: str = "srt"  # one of SUBTITLES; part of the content key, so burned and plain renders are different files
    still_dir: Path | None = None  # where the scene's captured stills go; set = a stills job (no video kept)


@dataclass
class Outcome:
    """One job's published files: `path` is what the user asked for (the video or frame, or the stills)."""

    job: RenderJob
    paths: list[Path]
    reused: bool = False

    @property
    def path(self) -> Path:
        return self.paths[0]


# manim's names for the presets' output folders (<height>p<rate>, as in manim.constants.QUALITIES; a test
# keeps them equal), here so that a render whose results are up to date never imports manim.
STILLS = "stills"  # the staging subfolder of a job's captured stills
QUALITY_FOLDERS = {"l": "480p15", "m": "720p30", "h": "1080p60", "p": "1440p60", "k": "2160p60"}


CUSTOM = "custom"


def register_size(width: int, height: int, frame_rate: int) -> str:
    """Make (width, height, frame rate) a quality preset of this process, named CUSTOM; return that name.

    For sizes the presets lack: the tests render at a tiny one, embed at the one it is given.
    """
    from manim.constants import QUALITIES

    QUALITIES[f"{CUSTOM}_quality"] = {"flag": None, "pixel_width": width, "pixel_height": height, "frame_rate": frame_rate}
    QUALITY_PRESETS[CUSTOM] = f"{CUSTOM}_quality"
    QUALITY_FOLDERS[CUSTOM] = f"{height}p{frame_rate}"
    return CUSTOM


def quality_folder(quality: str) -> str:
    """manim's own name for a preset's output folder, e.g. '480p15'."""
    return QUALITY_FOLDERS[quality]


def result_path(job: RenderJob) -> Path:
    """Where a job's video or last frame is published: DIR/<quality>/<Scene>.<ext>."""
    if job.last_frame:
        suffix = ".png"
    elif job.transparent and job.format == "mp4":
        suffix = ".mov"  # manim writes transparent mp4 requests as QuickTime
    else:
        suffix = f".{job.format}"
    return job.out_dir / quality_folder(job.quality) / f"{job.scene}{suffix}"


# ------------------------------------------------------------ typeset caches for in-process builds


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
    """manim's LaTeX and text cache settings for renders inside this process (builds, tests).

    Private to the process (see ``rendering.cache``), so any number of processes
    can typeset at once; new entries reach the shared cache when the process ends.
    """
    private = _process_typeset_dir()
    return {"tex_dir": str(private / "tex"), "text_dir": str(private / "text")}


# ------------------------------------------------------------ one render, in whatever process runs it


def render_into(job: RenderJob, staging: Path, report: Callable[[float], None] | None = None) -> list[Path]:
    """Render one scene inside `staging`; the produced files: the video or frame first, its subtitles, then
    the stills it captured (a job with a still_dir) in `staging`/stills."""
    return produced_files(job, render_scene(job, staging, report), staging)


def render_scene(job: RenderJob, staging: Path, report: Callable[[float], None] | None = None):
    """Render one scene inside `staging` and return the scene, for what it knows besides its files (its
    beats, the numbers it drew); `report` hears the scene's clock after each animation."""
    from manim import tempconfig

    from lstm_explainer import scenes

    scene_cls = scenes.by_name(job.scene)
    shared = caches.shared_typeset_dir()
    typeset = caches.seed_private_typeset(staging / "typeset", shared)
    settings = {
        "quality": QUALITY_PRESETS[job.quality],
        "format": job.format,
        "transparent": job.transparent,
        "save_last_frame": job.last_frame,
        "write_to_movie": not job.last_frame,
        "media_dir": str(staging / "media"),
        **typeset,
        "output_file": scene_cls.__name__,
        "progress_bar": "none",
        "verbosity": "WARNING",
        "disable_caching": True,
    }
    with tempconfig(settings):
        scene = configured(scene_cls, job.reber_string, capture_stills=job.still_dir is not None, theme=job.theme,
                           burn_subtitles=job.subtitles == "burn")()
        if report is not None:
            scene.play = _reporting(scene, scene.play, report)
        scene.render()
        if job.still_dir is not None:
            save_captured_stills(scene, staging / STILLS)
    caches.merge_typeset(staging / "typeset", shared)
    return scene


def produced_files(job: RenderJob, scene, staging: Path) -> list[Path]:
    """The files a render_scene of `job` left in `staging`, in render_into's order."""
    writer = scene.renderer.file_writer
    produced = Path(writer.image_file_path if job.last_frame else writer.movie_file_path)
    stills = [staging / STILLS / name for name in type(scene).stills] if job.still_dir is not None else []
    subtitles = produced.with_suffix(".srt")
    keep_srt = subtitles.exists() and job.subtitles != "none"
    return [produced] + ([subtitles] if keep_srt else []) + stills


def _reporting(scene, play: Callable, report: Callable[[float], None]) -> Callable:
    def play_and_report(*args, **kwargs):
        outcome = play(*args, **kwargs)
        report(scene.renderer.time)
        return outcome

    return play_and_report


def publish(job: RenderJob, produced: list[Path]) -> list[Path]:
    """Move a finished render's files into place (each one rename); the published paths."""
    if job.still_dir is not None:
        produced = [path for path in produced if path.parent.name == STILLS]
        finals = [job.still_dir / path.name for path in produced]
    else:
        main = result_path(job).with_suffix(produced[0].suffix)
        finals = [main.with_suffix(path.suffix) for path in produced]
        if not job.last_frame and not any(path.suffix == ".srt" for path in produced):
            main.with_suffix(".srt").unlink(missing_ok=True)  # an older video's: not to be taken for this one's
    caches.sidecar(finals[0]).unlink(missing_ok=True)  # the old key no longer describes what is published
    for source, final in reversed(list(zip(produced, finals))):  # the video last: it marks completion
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, final)
    return finals


def render_job(job: RenderJob) -> Path:
    """Render one scene in this process and publish it; the path of the finished file (for tests and tools)."""
    target = result_path(job).parent
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=STAGING_PREFIX, dir=job.out_dir) as staging:
        return publish(job, render_into(job, Path(staging)))[0]


# ------------------------------------------------------------ worker processes


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the process that started it ends (no orphans writing files)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker(job: RenderJob, staging: str, connection, parent: int) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the parent ended before the request above
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides, and stops us with SIGTERM
    from tqdm.std import TqdmDefaultWriteLock

    TqdmDefaultWriteLock.mp_lock = None  # no process-shared lock: a stopped worker leaves no semaphore behind
    os.dup2(2, 1)  # manim's messages go to stderr: stdout carries only the results' paths
    try:
        produced = render_into(job, Path(staging), report=lambda seconds: connection.send(("time", seconds)))
        connection.send(("done", [str(path) for path in produced]))
    except BaseException as error:  # everything goes back to the main process, which reports it
        connection.send(("error", describe(error), traceback.format_exc()))
    finally:
        connection.close()


@dataclass
class _Running:
    job: RenderJob
    staging: Path
    process: multiprocessing.Process
    connection: object
    seconds: float = 0.0  # how far into the scene the render is
    indices: list[int] = field(default_factory=list)


def clean_stale_staging(folder: Path) -> None:
    """Remove staging folders whose run has ended (killed: nobody else will)."""
    try:
        entries = list(folder.glob(f"{STAGING_PREFIX}*"))
    except OSError:
        return
    for entry in entries:
        owner = entry.name[len(STAGING_PREFIX) :].split("-")[0]
        if owner.isdigit() and _alive(int(owner)) and int(owner) != os.getpid():
            continue
        if not owner.isdigit() and time.time() - entry.stat().st_mtime < 86_400:
            continue  # an older version's folder, maybe still in use: removed once a day old
        shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def signals_raise() -> Iterator[None]:
    """SIGINT and SIGTERM raise Interrupted in the main thread for the duration (elsewhere: unchanged)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Interrupted(signum)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while a few renames run, so a render is published whole or not at all."""
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def default_jobs(count: int) -> int:
    """Number of processes: the cores this process may use, capped at the number of scenes."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, count))


def in_fresh_processes(function: Callable, tasks: list, processes: int | None = None) -> Iterator:
    """`function(task)` for each task, in order, `processes` at a time (None: the cores), each task in a
    fresh process (manim's settings are global to a process)."""
    from concurrent.futures import ProcessPoolExecutor

    if not tasks:
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes or default_jobs(len(tasks)), mp_context=context, max_tasks_per_child=1) as pool:
        yield from pool.map(function, tasks)


def run_jobs(
    jobs: list[RenderJob],
    processes: int | None = None,
    force: bool = False,
    progress: "Progress | None" = None,
    preflight: Callable[[], None] | None = None,
) -> list[Outcome]:
    """Render every job, `processes` at a time, each in a fresh process; outcomes in the order of `jobs`.

    A job whose file is intact and made from the same inputs is reused (unless
    `force`); a job given twice is rendered once. Raises RenderFailure (one line)
    when a render fails, Interrupted on SIGINT/SIGTERM; either way every worker
    is stopped and nothing more is published. `preflight` runs first when
    anything is to be rendered (checks whose failure should stop it).
    """
    for folder in {job.out_dir for job in jobs} | {job.still_dir for job in jobs if job.still_dir}:
        clean_stale_staging(folder)
    outcomes: list[Outcome | None] = [None] * len(jobs)
    keys = {}
    pending: dict[RenderJob, list[int]] = {}
    for index, job in enumerate(jobs):
        keys[job] = keys.get(job) or caches.job_key(job)
        if not force and caches.reusable(published_files(job)[0], keys[job][0]):
            outcomes[index] = Outcome(job, published_files(job), reused=True)
            continue
        pending.setdefault(job, []).append(index)
    if pending:
        if preflight is not None:
            preflight()
        created = check_targets(list(pending))
        count = min(processes or default_jobs(len(pending)), len(pending))
        try:
            for job, finals in start_renders(list(pending), count, progress):
                caches.write_sidecar(finals[0], keys[job][0], keys[job][1], finals)
                for index in pending[job]:
                    outcomes[index] = Outcome(job, finals)
        except BaseException:
            for folder in reversed(created):  # leave the output folder as it was
                try:
                    folder.rmdir()
                except OSError:
                    pass  # holds finished files
            raise
    return outcomes  # type: ignore[return-value]


def check_targets(jobs: list[RenderJob]) -> None:
    """Before any rendering: every job's folder exists and takes files, and no folder sits where a file goes.

    Returns the folders it created.
    """
    created = []
    for job in jobs:
        folder = job.still_dir if job.still_dir is not None else result_path(job).parent
        if not folder.exists():
            folder.mkdir(parents=True, exist_ok=True)
            created.append(folder)
        tempfile.TemporaryFile(dir=folder).close()
        if job.still_dir is None and result_path(job).is_dir():
            raise RenderFailure(
                f"{result_path(job)} is a folder where the video goes; move it away or choose another folder with -o"
            )
    return created


def published_files(job: RenderJob) -> list[Path]:
    """What a finished job leaves where the user looks, its key's file first: the stills of a stills job,
    else the video or frame (and the video's subtitles)."""
    if job.still_dir is not None:
        return [job.still_dir / name for name in caches.catalog_entry(job.scene)["stills"]]
    main = result_path(job)
    subtitles = main.with_suffix(".srt")
    return [main] + ([subtitles] if subtitles.exists() and not job.last_frame else [])


def start_renders(
    jobs: list[RenderJob], processes: int, progress: "Progress | None" = None
) -> Iterator[tuple[RenderJob, list[Path]]]:
    """Render `jobs` in worker processes; yield each job with its published files as it finishes."""
    context = multiprocessing.get_context("spawn")
    queue = list(jobs)
    running: list[_Running] = []
    done = 0
    try:
        with signals_raise():
            while queue or running:
                while queue and len(running) < processes:
                    job = queue.pop(0)
                    if job.still_dir is None:
                        result_path(job).parent.mkdir(parents=True, exist_ok=True)
                    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=job.out_dir))
                    receiver, sender = context.Pipe(duplex=False)
                    process = context.Process(
                        target=_worker, args=(job, str(staging), sender, os.getpid()), daemon=True
                    )
                    try:
                        process.start()
                    finally:
                        sender.close()
                    running.append(_Running(job, staging, process, receiver))
                if progress is not None:
                    progress.update(done, running)
                wait([r.connection for r in running] + [r.process.sentinel for r in running], timeout=0.25)
                for task in list(running):
                    finished = _receive(task)
                    if finished is None:
                        continue
                    with signals_held():
                        finals = publish(task.job, finished)
                    task.process.join()
                    shutil.rmtree(task.staging, ignore_errors=True)
                    running.remove(task)
                    done += 1
                    if progress is not None:
                        progress.finish(task.job)
                    yield task.job, finals
    finally:
        _stop(running)


def _receive(task: _Running) -> list[Path] | None:
    """Read what a worker sent: its files when it has finished; RenderFailure when it failed or died."""
    while True:
        try:
            if not task.connection.poll():
                break
            message = task.connection.recv()
        except (EOFError, OSError):
            task.process.join(timeout=5)
            raise RenderFailure(
                f"{task.job.scene}: the render process ended unexpectedly (exit status {task.process.exitcode}); "
                "if the machine ran out of memory, try -q l or fewer --jobs"
            ) from None
        if message[0] == "time":
            task.seconds = message[1]
        elif message[0] == "done":
            return [Path(path) for path in message[1]]
        else:
            _, line, detail = message
            if line is None:
                raise RenderFailure(f"{task.job.scene}: the render failed (a bug; the traceback is above)", detail, bug=True)
            raise RenderFailure(f"{task.job.scene}: {line}", detail)
    if not task.process.is_alive():
        task.process.join()
        if task.connection.poll():
            return _receive(task)
        raise RenderFailure(
            f"{task.job.scene}: the render process ended unexpectedly (exit status {task.process.exitcode}); "
            "if the machine ran out of memory, try -q l or fewer --jobs"
        )
    return None


def _stop(running: list[_Running]) -> None:
    """Kill every worker still running and remove their staging folders.

    A worker holds nothing worth saving (its files are in its staging folder,
    which goes too), so SIGKILL at once: the render ends within a second.
    """
    with signals_held():
        for task in running:
            if task.process.is_alive():
                task.process.kill()
        for task in running:
            task.process.join()
            task.connection.close()
            shutil.rmtree(task.staging, ignore_errors=True)


class Progress:
    """One display for the whole job on a terminal (stderr): scenes done and running, elapsed, estimate."""

    def __init__(self, jobs: list[RenderJob]):
        from rich.console import Console
        from rich.progress import BarColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        self.lengths = {job: caches.catalog_entry(job.scene)["approx_seconds"] for job in jobs}
        self.total = len(set(jobs))
        self.finished = 0.0
        self.display = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.display.add_task("rendering", total=sum(self.lengths[job] for job in set(jobs)))

    def __enter__(self) -> "Progress":
        self.display.start()
        return self

    def __exit__(self, *exc) -> None:
        self.display.stop()

    def update(self, done: int, running: list[_Running]) -> None:
        names = ", ".join(task.job.scene for task in running)
        in_progress = sum(min(task.seconds, self.lengths[task.job]) for task in running)
        self.display.update(
            self.task,
            completed=self.finished + in_progress,
            description=f"scenes {done}/{self.total} done, running: {names or '-'}",
        )

    def finish(self, job: RenderJob) -> None:
        self.finished += self.lengths[job]


# ------------------------------------------------------------ helpers shared with builds and slides


def save_captured_stills(scene, still_dir: Path | None) -> None:
    """Write the frames the scene captured as the post's figures, into `still_dir`."""
    if still_dir is None:
        return
    from lstm_explainer.rendering.frames import save_still

    for name, frame in scene.captured_stills.items():
        save_still(frame, scene.palette.background, still_dir / name)


def configured(
    scene_cls: type, reber_string: str | None = None, capture_stills: bool = False, theme: str = "dark",
    burn_subtitles: bool = False,
) -> type:
    """A subclass of the scene (same name) that feeds `reber_string`, draws in the `theme`'s palette, keeps its
    stills' frames and burns in its captions."""
    from lstm_explainer.scenes.theme import PALETTES

    attributes: dict = {"capture_stills": capture_stills, "palette": PALETTES[theme], "burn_subtitles": burn_subtitles}
    if reber_string is not None:
        attributes["reber_string"] = reber_string
    return type(scene_cls.__name__, (scene_cls,), attributes)


def build(scene_name: str, reber_string: str | None = None):
    """Run a scene's construct() without drawing or encoding anything, and return the scene.

    The scene's ``renderer.time`` is then its length in seconds.
    """
    from manim import tempconfig

    from lstm_explainer import scenes

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


def combine_key(parts: list[Path]) -> str | None:
    """The content key of a combination of `parts`: theirs, in order; None when a part has no key."""
    import hashlib
    import json

    keys = []
    for part in parts:
        try:
            keys.append(json.loads(caches.sidecar(part).read_text())["key"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def combine(videos: list[Path], dest: Path) -> Path:
    """Join rendered scene videos end to end (same format and size) into one file at `dest`.

    Reused when made from the same parts; written through a temporary file of its
    own (two runs into one folder cannot mix their contents) and renamed into place.
    """
    from manim_slides.utils import concatenate_video_files

    key = combine_key(videos)
    if key is not None and caches.reusable(dest, key):
        return dest
    handle, name = tempfile.mkstemp(prefix=f".{dest.stem}.", suffix=f".partial{dest.suffix}", dir=dest.parent)
    os.close(handle)
    partial = Path(name)
    try:
        concatenate_video_files(videos, partial)
        with signals_held():
            caches.sidecar(dest).unlink(missing_ok=True)
            os.replace(partial, dest)
        if key is not None:
            caches.write_sidecar(dest, key, {"parts": [str(v) for v in videos]}, [dest])
    finally:
        partial.unlink(missing_ok=True)
    return dest

