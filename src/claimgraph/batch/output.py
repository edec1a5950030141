"""A batch's output folder (local or any fsspec URL):

    DIR/_plan.json                                   the inputs and tasks (``--resume`` runs the rest)
    DIR/<table>/month=YYYY-MM/<task-id>.parquet      documents, claims, sources (``month=unknown``: no date)
    DIR/_done/<task-id>.json                         a finished task: its counts and problems
    DIR/_failed/<task-id>.json                       a task that failed in a run (``failures``)
    DIR/_tmp/                                        files being written (moved into place when whole)

A task writes each of its files under ``_tmp`` and moves them into place only when all are whole, then
its marker: a task killed half-way leaves nothing a reader sees, and a task run again (Dask retries
it when its worker dies) writes the same names, replacing rather than adding rows.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from fsspec import AbstractFileSystem
from fsspec.core import url_to_fs

from claimgraph.batch import BatchError
from claimgraph.batch.tables import SCHEMAS, Rows

PLAN, DONE, TMP = "_plan.json", "_done", "_tmp"
# Rows a Parquet file gets at once (a row group): bounds a task's memory whatever its size.
ROW_GROUP_ROWS = 20_000


def folder(out: str) -> tuple[AbstractFileSystem, str]:
    fs, root = url_to_fs(out)
    return fs, root.rstrip("/")


class TaskOutput:
    """The Parquet files of one task, by table and month, written under ``_tmp`` until ``commit``."""

    def __init__(self, out: str, task_id: str) -> None:
        self.fs, self.root = folder(out)
        self.task_id = task_id
        self.attempt = f"{self.root}/{TMP}/{task_id}.{uuid.uuid4().hex[:8]}"
        # Columns, not row dicts: a few lists a file instead of a dict a row keeps the garbage collector's
        # passes short (row dicts made a task 5% slower on the benchmark's 1,600-article tasks).
        self.pending: dict[tuple[str, str], dict[str, list[Any]]] = {}
        self.counts: dict[tuple[str, str], int] = {}
        self.writers: dict[tuple[str, str], tuple[Any, pq.ParquetWriter]] = {}

    def add(self, month: str, rows: Rows) -> None:
        for table, new in rows.items():
            if not new:
                continue
            key = (table, month)
            columns = self.pending.setdefault(key, {name: [] for name in SCHEMAS[table].names})
            for name, values in columns.items():
                values.extend(row[name] for row in new)
            self.counts[key] = self.counts.get(key, 0) + len(new)
            if self.counts[key] >= ROW_GROUP_ROWS:
                self._flush(table, month)

    def _flush(self, table: str, month: str) -> None:
        key = (table, month)
        if key not in self.writers:
            self.fs.makedirs(f"{self.attempt}/{table}", exist_ok=True)
            fp = self.fs.open(f"{self.attempt}/{table}/{month}.parquet", "wb")
            self.writers[key] = (fp, pq.ParquetWriter(fp, SCHEMAS[table]))
        self.counts.pop(key, None)
        self.writers[key][1].write_table(pa.Table.from_pydict(self.pending.pop(key), schema=SCHEMAS[table]))

    def commit(self, summary: dict[str, Any]) -> None:
        """Move every file into place, then write the task's marker."""
        for table, month in list(self.pending):
            self._flush(table, month)
        for fp, writer in self.writers.values():
            writer.close()
            fp.close()
        for table, month in self.writers:
            final = f"{self.root}/{table}/month={month}"
            self.fs.makedirs(final, exist_ok=True)
            self.fs.mv(f"{self.attempt}/{table}/{month}.parquet", f"{final}/{self.task_id}.parquet")
        write_marker(self.fs, self.root, self.task_id, summary)
        self.discard()

    def discard(self) -> None:
        if self.fs.exists(self.attempt):
            self.fs.rm(self.attempt, recursive=True)


@contextmanager
def task_output(out: str, task_id: str) -> Iterator[TaskOutput]:
    """A task's output, discarded (nothing moved into place) when the task fails."""
    output = TaskOutput(out, task_id)
    try:
        yield output
    except BaseException:
        for fp, writer in output.writers.values():
            writer.close()
            fp.close()
        output.discard()
        raise


def write_marker(fs: AbstractFileSystem, root: str, task_id: str, summary: dict[str, Any]) -> None:
    """Mark a task finished, with its counts and problems."""
    fs.makedirs(f"{root}/{DONE}", exist_ok=True)
    fs.pipe_file(f"{root}/{DONE}/{task_id}.json", json.dumps(summary).encode())


def write_plan(out: str, plan: dict[str, Any]) -> None:
    fs, root = folder(out)
    fs.makedirs(root, exist_ok=True)
    fs.pipe_file(f"{root}/{PLAN}", json.dumps(plan, indent=1).encode())


def read_plan(out: str) -> dict[str, Any] | None:
    """The plan a batch in ``out`` was started with, or None when there is none."""
    fs, root = folder(out)
    if not fs.exists(f"{root}/{PLAN}"):
        return None
    try:
        plan: dict[str, Any] = json.loads(fs.cat_file(f"{root}/{PLAN}"))
    except ValueError as exc:
        raise BatchError(f"{out}/{PLAN} is damaged ({exc}); start the batch again in an empty folder") from exc
    return plan


def done(out: str) -> dict[str, dict[str, Any]]:
    """The markers of the finished tasks, by task id."""
    fs, root = folder(out)
    if not fs.exists(f"{root}/{DONE}"):
        return {}
    markers: dict[str, dict[str, Any]] = {}
    for path in fs.ls(f"{root}/{DONE}", detail=False):
        name = path.rsplit("/", 1)[-1]
        if name.endswith(".json"):
            markers[name.removesuffix(".json")] = json.loads(fs.cat_file(path))
    return markers


def task_files(out: str) -> dict[str, dict[str, list[str]]]:
    """The Parquet files in place, by task id then table."""
    fs, root = folder(out)
    found: dict[str, dict[str, list[str]]] = {}
    for path in sorted(fs.glob(f"{root}/*/month=*/*.parquet")):
        table, _, name = path[len(root) + 1:].split("/")
        found.setdefault(name.removesuffix(".parquet"), {}).setdefault(table, []).append(path)
    return found
