"""A batch's output → the store, through ``Store.add``: deduplicated by URL and normalised text as
``claimgraph ingest`` is, so loading twice, or loading batches that overlap, stores each article once.

Tasks are loaded in plan order, each from its own files; a task without its marker (unfinished, or
killed while its files were moved into place) is left out and counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from claimgraph.batch import BatchError
from claimgraph.batch.output import done, folder, read_plan, task_files
from claimgraph.batch.tables import SCHEMAS, TABLES, articles
from claimgraph.store import Store


@dataclass(slots=True)
class LoadSummary:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    updated: int = 0
    unfinished_tasks: int = 0

    def line(self) -> str:
        return (f"read {self.read}, new {self.new}, duplicates {self.duplicates}, updated {self.updated}, "
                f"unfinished tasks {self.unfinished_tasks}")


def load(out: str, store: Store, advance: Callable[[], None] = lambda: None) -> LoadSummary:
    """Add every finished task's articles with their claims to ``store``."""
    plan = read_plan(out)
    if plan is None:
        raise BatchError(f"{out} holds no batch output (no _plan.json); give the --out folder of `claimgraph batch`")
    finished, files = done(out), task_files(out)
    fs, _ = folder(out)
    summary = LoadSummary()
    for task in plan["tasks"]:
        if task["id"] not in finished:
            summary.unfinished_tasks += 1
            continue
        tables = [_table(fs, files.get(task["id"], {}).get(name, []), name) for name in TABLES]
        for article, document in articles(*tables):
            summary.read += 1
            known = store.known(article.url, article.text, document.extractor or None) is not None
            status = "duplicate" if known else store.add(article, document).status
            summary.new += status == "new"
            summary.updated += status == "updated"
            summary.duplicates += status == "duplicate"
            advance()
    return summary


def _table(fs: object, paths: list[str], name: str) -> pa.Table:
    if not paths:
        return SCHEMAS[name].empty_table()
    return pa.concat_tables(pq.read_table(path, filesystem=fs, schema=SCHEMAS[name]) for path in paths)
