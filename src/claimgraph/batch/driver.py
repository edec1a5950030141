"""The batch's driver: plan (or resume) the tasks, run them on a Dask cluster, report as they finish.

Without a scheduler address it starts a local cluster: one worker process a core, one thread each
(extraction holds the GIL). With one, it submits to that cluster, whose workers must have claimgraph
installed and see the inputs and the output folder (a shared file system or object store URLs).
Dask reschedules the tasks of a worker that dies; a task that fails is retried once, then reported,
noted (``failures``) and left unfinished for ``--resume``. What no task can read (a named pipe, an
unreadable folder) is found by the plan, kept in it, reported and counted like the tasks' problems.
"""

from __future__ import annotations

import importlib.util
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from distributed import Client, LocalCluster, as_completed

from claimgraph.batch import BatchError
from claimgraph.batch.failures import note_failure, revised
from claimgraph.batch.output import TMP, done, folder, read_plan, write_plan
from claimgraph.batch.plan import DEFAULT_TASK_BYTES, Task, plan
from claimgraph.batch.worker import TaskResult, run_task
from claimgraph.ingest import IngestProblem
from claimgraph.ingest.formats import DEFAULT_MAX_BYTES
from claimgraph.ingest.run import grouped, reason_group

# Tries of a task that raised (not one whose worker died: Dask counts those apart, up to its
# ``distributed.scheduler.allowed-failures``, 3 by default).
TASK_RETRIES = 1


@dataclass(slots=True)
class BatchSummary:
    """All finished tasks' counts (this run's and earlier ones'), for the closing line and exit code."""

    tasks: int = 0
    finished_before: int = 0
    articles: int = 0
    claims: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    unfinished: int = 0

    def line(self) -> str:
        before = f" ({self.finished_before} finished before)" if self.finished_before else ""
        return (f"tasks {self.tasks}{before}, unfinished {self.unfinished}, articles {self.articles}, "
                f"claims {self.claims}, skipped {grouped(self.skipped)}, failed {grouped(self.failed)}")



def prepare(inputs: list[str], out: str, *, resume: bool = False, task_bytes: int = DEFAULT_TASK_BYTES,
            max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Task], int]:
    """The tasks still to run, and how many finished before (only with ``resume``: tasks that failed
    before are split or given up, ``failures.revised``)."""
    previous = read_plan(out)
    if previous is not None and not resume:
        raise BatchError(f"{out} already holds a batch; pass --resume to finish it, or choose an empty --out")
    if previous is None:
        problems: list[IngestProblem] = []
        tasks = plan(inputs, task_bytes, max_bytes, problems)
        write_plan(out, {"inputs": inputs, "task_bytes": task_bytes, "tasks": [t.to_json() for t in tasks],
                         "problems": [[p.origin, p.reason, p.skipped] for p in problems]})
        return tasks, 0
    if previous["inputs"] != inputs:
        raise BatchError(f"{out} holds a batch of other inputs ({' '.join(previous['inputs'])}); "
                         "give the same inputs to resume it, or choose another --out")
    tasks = [Task.from_json(t) for t in previous["tasks"]]
    finished = set(done(out))
    before = sum(t.id in finished for t in tasks)
    now = revised(out, tasks, finished)
    if now != tasks:
        write_plan(out, {**previous, "tasks": [t.to_json() for t in now]})
    finished = set(done(out))  # with the markers of the inputs given up
    return [t for t in now if t.id not in finished], before


@contextmanager
def cluster(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a local one of ``workers`` processes (default: a core each)."""
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); check the address "
                             "(tcp://HOST:8786) and that `dask scheduler` runs there") from exc
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as local, Client(local) as client:
        yield client


def dashboard(client: Client) -> str | None:
    """The dashboard's address, with a note when its pages need bokeh, or None when there is none."""
    if "dashboard" not in client.scheduler_info().get("services", {}):
        return None
    link = str(client.dashboard_link)
    if importlib.util.find_spec("bokeh") is None:
        link += " (its pages need bokeh: pip install 'bokeh>=3.1')"
    return link


def run(tasks: list[Task], out: str, client: Client, *, model: str | None = None,
        report: Callable[[str], None] = lambda message: None,
        advance: Callable[[TaskResult], None] = lambda result: None) -> int:
    """Run ``tasks`` on the cluster; each problem is reported as its task finishes. The number of tasks that failed."""
    futures = client.map(run_task, tasks, out=out, model=model, key=[f"claimgraph-batch-{t.id}" for t in tasks],
                         retries=TASK_RETRIES, pure=False)
    described = {future.key: task for future, task in zip(futures, tasks)}
    failed = 0
    for future in as_completed(futures):
        if future.status != "finished":
            failed += 1
            task = described[future.key]
            note_failure(out, task, repr(future.exception()))
            report(f"{task.describe()}: the task failed ({future.exception()!r}); its output was not kept; "
                   "`--resume` runs it again (a group of files one file a task; an input that failed twice "
                   "is given up and reported)")
            continue
        result: TaskResult = future.result()
        for origin, reason, _ in result.problems:
            report(f"{origin}: {reason}")
        for origin, note in result.notes:
            report(f"{origin}: {note}")
        advance(result)
        future.release()
    return failed


def summary(out: str) -> BatchSummary:
    """Every task's counts in ``out`` (its plan and markers), with the tasks still unfinished."""
    previous = read_plan(out) or {"tasks": []}
    markers = done(out)
    result = BatchSummary(tasks=len(previous["tasks"]))
    for _, reason, skipped in previous.get("problems", []):
        (result.skipped if skipped else result.failed)[reason_group(reason)] += 1
    for marker in markers.values():
        result.articles += marker["articles"]
        result.claims += marker["claims"]
        for _, reason, skipped in marker["problems"]:
            (result.skipped if skipped else result.failed)[reason_group(reason)] += 1
    result.unfinished = sum(t["id"] not in markers for t in previous["tasks"])
    if not result.unfinished:
        fs, root = folder(out)
        if fs.exists(f"{root}/{TMP}"):
            fs.rm(f"{root}/{TMP}", recursive=True)  # the leftovers of attempts killed with their workers
    return result


def batch(inputs: list[str], out: str, *, scheduler: str | None = None, workers: int | None = None,
          resume: bool = False, task_bytes: int = DEFAULT_TASK_BYTES, max_bytes: int = DEFAULT_MAX_BYTES,
          model: str | None = None, report: Callable[[str], None] = lambda message: None,
          started: Callable[[int, str | None], None] = lambda tasks, link: None,
          advance: Callable[[TaskResult], None] = lambda result: None) -> BatchSummary:
    """The whole batch: plan or resume, run what is left, sum up every finished task. What the plan found
    no task can read is reported first (again on ``--resume``: it is still unread)."""
    tasks, before = prepare(inputs, out, resume=resume, task_bytes=task_bytes, max_bytes=max_bytes)
    for origin, reason, _ in (read_plan(out) or {}).get("problems", []):
        report(f"{origin}: {reason}")
    if tasks:
        with cluster(scheduler, workers) as client:
            started(len(tasks), dashboard(client))
            run(tasks, out, client, model=model, report=report, advance=advance)
    result = summary(out)
    result.finished_before = before
    return result

