"""Worker processes, signals and the progress display: every job runs in a fresh process of its own.

Workers die with the main process; SIGINT or SIGTERM to the main process stops
every worker at once (SIGKILL: a worker holds nothing worth saving, its files
are in its staging folder, which goes too), cancels the queued jobs and removes
the staging folders; staging folders left by a killed run are removed at the
next start. The main process publishes a finished job's files with signals held
off, so a job is published whole or not at all.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from multiprocessing.connection import wait
from pathlib import Path

from lstm_explainer.rendering import cache as caches
from lstm_explainer.rendering.errors import Interrupted, RenderFailure, describe
STAGING_PREFIX = ".staging-"
DIED = "the render process ended unexpectedly (exit status {}); if the machine ran out of memory, try -q l or fewer --jobs"


PLAIN_RENDER = "lstm_explainer.rendering.manim_scene:render_files"


def make(job, staging: Path, report: Callable[[float], None]) -> tuple[list[Path], object]:
    """Run a job (a ``jobs.RenderJob``) in this process: its maker ("module:function", by default a plain
    render) called as maker(job, staging, report); (files, data)."""
    module, name = (job.maker or PLAIN_RENDER).split(":")
    return getattr(import_module(module), name)(job, staging, report)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the process that started it ends (no orphans writing files)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker(job, staging: str, connection, parent: int) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the parent ended before the request above
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides, and stops us with SIGKILL
    from tqdm.std import TqdmDefaultWriteLock

    TqdmDefaultWriteLock.mp_lock = None  # no process-shared lock: a stopped worker leaves no semaphore behind
    os.dup2(2, 1)  # manim's messages go to stderr: stdout carries only the results
    from lstm_explainer.rendering import schedule  # the bookkeeping, not one of the job's sources

    before = set(sys.modules)
    try:
        with schedule.cost_meter(job) as shares:
            files, data = make(job, Path(staging), lambda seconds: connection.send(("time", seconds)))
        schedule.keep_cost(job, schedule.process_cpu(), shares)  # this fresh process's CPU: the job's cost
        connection.send(("done", [str(path) for path in files], data, caches.project_sources(before)))
    except BaseException as error:  # everything goes back to the main process, which reports it
        connection.send(("error", describe(error), traceback.format_exc()))
    finally:
        connection.close()


@dataclass
class _Running:
    job: object  # a jobs.RenderJob
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
        try:
            if not owner.isdigit() and time.time() - entry.stat().st_mtime < 86_400:
                continue  # an older version's folder, maybe still in use: removed once a day old
        except OSError:
            continue
        shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _raise_interrupted(signum, frame):
    raise Interrupted(signum)


def install_signal_handlers() -> None:
    """From the first moment of a command: SIGINT and SIGTERM raise Interrupted (the CLI ends with 130 or 143)."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _raise_interrupted)


@contextmanager
def signals_raise() -> Iterator[None]:
    """SIGINT and SIGTERM raise Interrupted in the main thread for the duration (elsewhere: unchanged)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while a few renames run, so a job is published whole or not at all."""
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def default_jobs(count: int) -> int:
    """Number of processes: the cores this process may use, capped at the number of jobs."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, count))


Publisher = Callable[[object, list[Path], object], list[Path]]  # (job, produced, data) -> published


def start_renders(
    jobs: list, processes: int, progress: "Progress | None" = None, publish: Publisher | None = None
) -> Iterator[tuple[object, list[Path], object, list[str]]]:
    """Run `jobs` in worker processes; yield each job with its published files, its data and the project
    sources its process loaded (``cache.project_sources``), as it finishes.

    `publish(job, produced, data)` moves a finished job's files into place (signals held) and returns where.
    """
    context = multiprocessing.get_context("spawn")
    queue = list(jobs)
    running: list[_Running] = []
    done = 0
    try:
        with signals_raise():
            while queue or running:
                while queue and len(running) < processes:
                    job = queue.pop(0)
                    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=job.out_dir))
                    receiver, sender = context.Pipe(duplex=False)
                    process = context.Process(target=_worker, args=(job, str(staging), sender, os.getpid()), daemon=True)
                    running.append(_Running(job, staging, process, receiver))
                    try:
                        process.start()
                    finally:
                        sender.close()
                if progress is not None:
                    progress.update(done, running)
                wait([r.connection for r in running] + [r.process.sentinel for r in running], timeout=0.25)
                for task in list(running):
                    finished = _receive(task)
                    if finished is None:
                        continue
                    produced, data, sources = finished
                    with signals_held():
                        finals = publish(task.job, produced, data) if publish is not None else produced
                    task.process.join()
                    shutil.rmtree(task.staging, ignore_errors=True)
                    running.remove(task)
                    done += 1
                    if progress is not None:
                        progress.finish(task.job)
                    yield task.job, finals, data, sources
    finally:
        _stop(running)


def _receive(task: _Running) -> tuple[list[Path], object, list[str]] | None:
    """Read what a worker sent when it has finished: its files, data and the project sources it loaded;
    RenderFailure when it failed or died."""
    while True:
        try:
            if not task.connection.poll():
                break
            message = task.connection.recv()
        except (EOFError, OSError):
            task.process.join(timeout=5)
            raise RenderFailure(f"{task.job.scene}: {DIED.format(task.process.exitcode)}") from None
        if message[0] == "time":
            task.seconds = message[1]
        elif message[0] == "done":
            return [Path(path) for path in message[1]], message[2], message[3]
        else:
            _, line, detail = message
            if line is None:
                raise RenderFailure(f"{task.job.scene}: the render failed (a bug; the traceback is above)", detail, bug=True)
            # a file inside the staging folder means nothing to the user: name the output folder it is in
            line = re.sub(re.escape(str(task.staging)) + r"\S*", str(task.job.out_dir), line)
            raise RenderFailure(f"{task.job.scene}: {line}", detail)
    if not task.process.is_alive():
        task.process.join()
        if task.connection.poll():
            return _receive(task)
        raise RenderFailure(f"{task.job.scene}: {DIED.format(task.process.exitcode)}")
    return None


def _stop(running: list[_Running]) -> None:
    """Kill every worker still running and remove their staging folders."""
    with signals_held():
        for task in running:
            if task.process.pid is not None and task.process.is_alive():
                task.process.kill()
        for task in running:
            if task.process.pid is not None:
                task.process.join()
            task.connection.close()
            shutil.rmtree(task.staging, ignore_errors=True)


class Progress:
    """One display for the whole job on a terminal (stderr): scenes done and running, elapsed, estimate."""

    def __init__(self, jobs: list):
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

    def finish(self, job) -> None:
        self.finished += self.lengths[job]


def progress_for(jobs: list) -> Progress | None:
    """A progress display when stderr is a terminal, else None (quiet)."""
    import sys

    try:
        terminal = sys.stderr is not None and sys.stderr.isatty()
    except (ValueError, OSError):
        terminal = False
    return Progress(jobs) if terminal else None
