"""Tasks that failed in a run, noted in ``DIR/_failed/<task-id>.json`` (the error, and how many runs the
task failed in), so that ``--resume`` completes instead of failing again for ever.

A bad record or file does not fail its task (the reading is guarded, ``batch.reading``); what still
can is a worker killed under a task (by the kernel, for memory) or output that cannot be written. On
``--resume``:

- a group of files that failed runs again one file a task, each counting the group's failed runs: the
  file at fault fails alone, the others are written;
- a single input (a file, a byte range, a compressed file) that failed in ``GIVE_UP_RUNS`` runs is
  given up: marked finished, without rows, with a problem naming it and the error (the batch exits 1).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from claimgraph.batch.output import folder, write_marker
from claimgraph.batch.plan import Task, task_id

FAILED = "_failed"
# Runs a single input may fail in before it is given up: the run it failed in (where Dask has already
# retried it) and one more, in case the cause was the machine's (a full disk, a worker killed for
# another task's memory) and is gone.
GIVE_UP_RUNS = 2


def note_failure(out: str, task: Task, error: str) -> None:
    """Note that ``task`` failed in this run."""
    runs = failed_before(out).get(task.id, {}).get("runs", 0) + 1
    _write(out, task.id, {"error": error, "runs": runs})


def failed_before(out: str) -> dict[str, dict[str, Any]]:
    """The notes of the tasks that failed, by task id."""
    fs, root = folder(out)
    if not fs.exists(f"{root}/{FAILED}"):
        return {}
    return {path.rsplit("/", 1)[-1].removesuffix(".json"): json.loads(fs.cat_file(path))
            for path in fs.ls(f"{root}/{FAILED}", detail=False) if path.endswith(".json")}


def revised(out: str, tasks: list[Task], finished: set[str]) -> list[Task]:
    """The plan's tasks for ``--resume``: a failed group of files split one file a task (new tasks at the
    plan's end), a single input that failed ``GIVE_UP_RUNS`` times marked finished with its problem."""
    notes = failed_before(out)
    fs, root = folder(out)
    kept: list[Task] = []
    split: list[Task] = []
    for task in tasks:
        note = notes.get(task.id)
        if note is None or task.id in finished:
            kept.append(task)
        elif task.kind == "files" and len(task.files) > 1:
            _discard_rows(out, task.id)  # of a worker killed while moving them into place
            for url in task.files:
                child = Task(task_id(f"{url}\n{task.id}", 0, None), "files", url, files=(url,),
                             meta={url: task.meta[url]} if url in task.meta else {}, max_bytes=task.max_bytes)
                _write(out, child.id, note)
                split.append(child)
        elif note["runs"] >= GIVE_UP_RUNS:
            _discard_rows(out, task.id)
            problem = (f"the task failed in {note['runs']} runs ({note['error']}); given up: its input was not "
                       "read (check it; `claimgraph ingest` reads it on its own and says what is wrong)")
            write_marker(fs, root, task.id, {"task_id": task.id, "articles": 0, "claims": 0, "worker": "",
                                             "problems": [[task.describe(), problem, False]], "notes": []})
            kept.append(task)
        else:
            kept.append(task)
    first = max((task.index for task in tasks), default=-1) + 1
    return kept + [replace(child, index=first + i) for i, child in enumerate(split)]


def _write(out: str, task_id_: str, note: dict[str, Any]) -> None:
    fs, root = folder(out)
    fs.makedirs(f"{root}/{FAILED}", exist_ok=True)
    fs.pipe_file(f"{root}/{FAILED}/{task_id_}.json", json.dumps(note).encode())


def _discard_rows(out: str, task_id_: str) -> None:
    fs, root = folder(out)
    for path in fs.glob(f"{root}/*/month=*/{task_id_}.parquet"):
        fs.rm(path)
