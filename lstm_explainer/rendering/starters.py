"""How the jobs that are not reused run, besides the default (each in a fresh local process):
each scene cut into beat ranges over several processes (``rendering.split``), or Dask tasks
(``rendering.cluster``). The CLI picks one and hands it to ``jobs.run_jobs``, so the job model
never imports the ways of running it.
"""

from __future__ import annotations

from lstm_explainer.rendering.cluster import dask_renders
from lstm_explainer.rendering.jobs import Starter
from lstm_explainer.rendering.split import start_split_renders
from lstm_explainer.rendering.workers import default_jobs, start_renders

EXECUTORS = ("local", "dask")


def starter(split: int = 1, executor: str = "local") -> Starter | None:
    """The way to run jobs for `render --split N --executor E`; None for the default.

    `split` > 1: each video render is cut into up to that many beat ranges, rendered side by side and
    joined; 0: as many as there are cores per job. `executor` "dask": the jobs (or their pieces) run as
    Dask tasks instead of in the local process pool.
    """
    if split == 1 and executor == "local":
        return None

    def start(jobs, processes, progress, publisher):
        runner = start_renders
        if executor == "dask":
            runner, progress = dask_renders, None
        parts = split if split > 0 else default_jobs(10**6) // len(jobs)
        if parts > 1:
            return start_split_renders(jobs, processes or default_jobs(10**6), parts, None, publisher, runner)
        return runner(jobs, min(processes or default_jobs(len(jobs)), len(jobs)), progress, publisher)

    return start
