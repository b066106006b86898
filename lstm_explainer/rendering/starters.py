"""How the jobs that are not reused run, besides the plain way (each in a fresh local process,
heaviest first): each scene cut into beat ranges over several processes (``rendering.split``), as
``rendering.schedule`` plans or as asked, or Dask tasks (``rendering.cluster``). The CLI picks one and
hands it to ``jobs.run_jobs``, so the job model never imports the ways of running it.
"""

from __future__ import annotations

from lstm_explainer.rendering import jobs as job_model
from lstm_explainer.rendering.cluster import dask_renders
from lstm_explainer.rendering.jobs import Starter
from lstm_explainer.rendering.schedule import heaviest_first, plan
from lstm_explainer.rendering.split import start_split_renders
from lstm_explainer.rendering.workers import default_jobs

EXECUTORS = ("local", "dask")


def starter(split: int = 0, executor: str = "local") -> Starter | None:
    """The way to run jobs for `render --split N --executor E`; None for plain local renders (N = 1).

    `split` 0 (the CLI's default): heaviest first, and a scene cut into beat ranges only where that
    shortens the run (``schedule.plan``); `split` > 1: each video render cut into up to that many beat
    ranges, rendered side by side and joined. `executor` "dask": the jobs (or their pieces) run as Dask
    tasks instead of in the local process pool.
    """
    if split == 1 and executor == "local":
        return None

    def start(jobs, processes, progress, publisher):
        runner = job_model.start_renders  # the local process pool, as run_jobs runs it by default
        if executor == "dask":
            runner, progress = dask_renders, None
        cores = processes or default_jobs(10**6)
        if split == 0:
            ordered, parts = plan(jobs, cores)
        else:
            ordered, parts = heaviest_first(jobs), {job: split for job in jobs}
        if any(count > 1 for count in parts.values()):
            return start_split_renders(ordered, cores, parts, None, publisher, runner)
        return runner(ordered, min(processes or default_jobs(len(jobs)), len(jobs)), progress, publisher)

    return start
