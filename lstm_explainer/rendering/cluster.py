"""Render jobs as plain records, so that any scheduler can run them; Dask's when asked (``--executor dask``).

A job is a JSON-able record (``job_record``): the scene, the beat range of a piece, the quality, the
theme, the string, the format and where the files go. ``python -m lstm_explainer.rendering.cluster``
reads one record on stdin, renders it in that fresh process into a folder of its own inside the job's
output folder, and prints what it made as one JSON line: a Slurm array, a Kubernetes job or Dask can
run it, as long as the output folder is on a file system both sides see. The main process then
publishes the files and writes their content keys, as for a local render.

``dask_renders`` runs the records as Dask tasks: on Dask's local scheduler by default (this machine,
``dask`` alone), on a real cluster when ``LSTM_EXPLAINER_DASK`` holds its scheduler's address
(``distributed``'s client). Each Dask task starts the command above as a subprocess, so every render
still has a fresh process of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, fields
from pathlib import Path

from lstm_explainer.rendering.errors import RenderFailure
from lstm_explainer.rendering.jobs import RenderJob
from lstm_explainer.rendering.workers import STAGING_PREFIX, Publisher, signals_held

PATH_FIELDS = ("out_dir", "still_dir", "target", "key_dir")
SCHEDULER = "LSTM_EXPLAINER_DASK"  # the address of a Dask scheduler to use instead of a local cluster


def _plain(value):
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return value


def _tuples(value):
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def job_record(job: RenderJob) -> dict:
    """A job as plain JSON data (strings, numbers, lists): what a scheduler ships to a machine."""
    return {key: _plain(value) for key, value in asdict(job).items()}


def job_from_record(record: dict) -> RenderJob:
    """The job a record describes (``job_record``'s inverse); ValueError naming an unknown field."""
    known = {field.name for field in fields(RenderJob)}
    unknown = set(record) - known
    if unknown:
        raise ValueError(f"a job record has unknown fields {sorted(unknown)}; it was written by another version")
    values = {}
    for key, value in record.items():
        if key in PATH_FIELDS:
            values[key] = None if value is None else Path(value)
        else:
            values[key] = _tuples(value)
    return RenderJob(**values)


def run_record(record: dict, owner: int) -> dict:
    """Render one record in this process into a new folder inside its output folder (named for the `owner`
    process, whose staging clean-up removes it should the owner die); {"files", "data", "sources"}."""
    from lstm_explainer.rendering import cache as caches
    from lstm_explainer.rendering import schedule, split  # noqa: F401  the bookkeeping, not one of the job's sources
    from lstm_explainer.rendering.workers import make

    job = job_from_record(record)
    before = set(sys.modules)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{owner}-", dir=job.out_dir))
    files, data = make(job, staging, lambda seconds: None)
    return {"files": [str(path) for path in files], "data": data, "sources": caches.project_sources(before),
            "staging": str(staging)}


def render_in_subprocess(record: dict, owner: int) -> dict:
    """A Dask task: run one record in a fresh Python process (``python -m lstm_explainer.rendering.cluster``)."""
    done = subprocess.run([sys.executable, "-m", "lstm_explainer.rendering.cluster", str(owner)],
                          input=json.dumps(record), capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise RenderFailure(f"{record['scene']}: {lines[-1] if lines else f'the render failed (exit status {done.returncode})'}")
    return json.loads(done.stdout.splitlines()[-1])


def dask_renders(jobs: list[RenderJob], processes: int, progress=None, publish: Publisher | None = None
                 ) -> Iterator[tuple[RenderJob, list[Path], object, list[str]]]:
    """Like ``workers.start_renders``, as Dask tasks: each job a task, published here as it finishes.

    With a scheduler's address in ``LSTM_EXPLAINER_DASK``, the tasks go to that cluster (``distributed``);
    without, to Dask's own local scheduler, `processes` tasks at a time (threads: each task waits on the
    fresh process it starts), which needs only ``dask``.
    """
    try:
        import dask  # noqa: F401
    except ImportError:
        raise RenderFailure("--executor dask needs Dask: pip install -e '.[cluster]'") from None
    address = os.environ.get(SCHEDULER)
    finished = _on_cluster(jobs, address) if address else _on_this_machine(jobs, processes)
    stagings = []
    try:
        for job, result in finished:
            stagings.append(Path(result["staging"]))
            produced = [Path(path) for path in result["files"]]
            data = _tuples(result["data"])
            with signals_held():
                finals = publish(job, produced, data) if publish is not None else produced
            yield job, finals, data, result["sources"]
    finally:
        for staging in stagings:
            shutil.rmtree(staging, ignore_errors=True)


def _on_cluster(jobs: list[RenderJob], address: str) -> Iterator[tuple[RenderJob, dict]]:
    """Each job's result as it finishes on the Dask cluster at `address`."""
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise RenderFailure(f"{SCHEDULER} names a Dask cluster, which needs distributed: pip install -e '.[cluster]'") from None
    client = Client(address)
    try:
        futures = {client.submit(render_in_subprocess, job_record(job), os.getpid(), pure=False): job for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        client.close()


def _on_this_machine(jobs: list[RenderJob], processes: int) -> Iterator[tuple[RenderJob, dict]]:
    """Each job's result as it finishes under Dask's local (threaded) scheduler, `processes` at a time."""
    import queue
    import threading

    import dask
    from dask.callbacks import Callback

    tasks = {job: dask.delayed(render_in_subprocess, pure=False)(job_record(job), os.getpid()) for job in jobs}
    owner = {task.key: job for job, task in tasks.items()}
    done: queue.Queue = queue.Queue()

    class Finished(Callback):
        def _posttask(self, key, result, dsk, state, worker_id):
            if key in owner:
                done.put((owner[key], result, None))

    def run() -> None:
        try:
            with Finished():
                dask.compute(*tasks.values(), scheduler="threads", num_workers=max(1, processes))
        except BaseException as error:  # the first failure ends the run: handed to the main thread
            done.put((None, None, error))
        else:
            done.put((None, None, None))

    threading.Thread(target=run, name="dask-local", daemon=True).start()
    while True:
        job, result, error = done.get()
        if job is not None:
            yield job, result
        elif error is not None:
            raise error
        else:
            return


def main() -> None:
    """Read one job record on stdin, render it, print {"files", "data", "sources", "staging"} as one JSON line."""
    from lstm_explainer.rendering import schedule

    owner = int(sys.argv[1]) if len(sys.argv) > 1 else os.getpid()
    record = json.loads(sys.stdin.read())
    out = os.dup(1)
    os.dup2(2, 1)  # manim's messages go to stderr: stdout carries only the result
    job = job_from_record(record)
    with schedule.cost_meter(job) as shares:
        result = run_record(record, owner)
    schedule.keep_cost(job, schedule.process_cpu(), shares)
    os.write(out, (json.dumps(result) + "\n").encode())


if __name__ == "__main__":
    main()
