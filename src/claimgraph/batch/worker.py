"""What runs on a Dask worker: one task read, extracted and written; the pipeline loaded once a process.

Workers should run one thread each (``--nthreads 1``; the local cluster does): extraction holds the GIL,
so a second thread in a process only takes turns with the first.
"""

from __future__ import annotations

import gc
import os
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from claimgraph.batch.output import task_output
from claimgraph.batch.plan import Task
from claimgraph.batch.reading import read_task
from claimgraph.batch.tables import first_id, month, rows
from claimgraph.core import Article, Extractor
from claimgraph.ingest import IngestedArticle, IngestProblem

# Articles handed to spaCy at once (ingest uses 4 for latency; a batch task is written when it ends,
# so a larger batch costs nothing and the rule-based pipeline gains nothing measurable beyond it).
BATCH_SIZE = 32
_lock = threading.Lock()
_extractors: dict[str | None, Extractor] = {}
_loads = 0


@dataclass(slots=True)
class TaskResult:
    """What a task did: counts, the problems met, each ``(origin, reason, skipped)``, and the notes on
    articles written (a date ignored), each ``(origin, note)``."""

    task_id: str
    articles: int = 0
    claims: int = 0
    problems: list[tuple[str, str, bool]] = field(default_factory=list)
    worker: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"task_id": self.task_id, "articles": self.articles, "claims": self.claims,
                "problems": [list(p) for p in self.problems], "worker": self.worker,
                "notes": [list(n) for n in self.notes]}


def extractor(model: str | None) -> Extractor:
    """This process's pipeline for ``model``, loaded on first use."""
    global _loads
    with _lock:
        if model not in _extractors:
            _extractors[model] = Extractor(model)
            _loads += 1
            # The pipeline lives as long as the worker: out of the collector's sight, its objects (vocab,
            # gazetteers, patterns) stop being walked by every full collection (gc.freeze's use case).
            gc.collect()
            gc.freeze()
        return _extractors[model]


def pipeline_loads() -> int:
    """How many pipelines this process has loaded (the tests check: one a worker, not one a task)."""
    return _loads


def run_task(task: Task, out: str, model: str | None = None) -> TaskResult:
    """Read, extract and write one task; its files appear in ``out`` whole, with its marker, or not at all.
    A bad record or file is a problem of the task (the reading is guarded: ``batch.reading``), as is an
    article whose rows cannot be made: the task's other articles are written."""
    nlp = extractor(model)
    result = TaskResult(task.id, worker=f"{os.uname().nodename}:{os.getpid()}")
    queued: deque[IngestedArticle] = deque()

    def to_extract() -> Iterator[Article]:
        for item in read_task(task):
            if isinstance(item, IngestProblem):
                result.problems.append((item.origin, item.reason, item.skipped))
                continue
            queued.append(item)
            result.notes.extend((item.origin, note) for note in item.notes)
            yield Article(item.origin, item.text, item.published, item.outlet, item.title)

    doc_id = claim_id = first_id(task.index)
    with task_output(out, task.id) as output:
        for document in nlp.pipe(to_extract(), batch_size=BATCH_SIZE):
            article = queued.popleft()
            if document.error:
                result.problems.append((article.origin, f"extraction failed: {document.error}; not written", False))
                continue
            try:
                made = rows(article, document, doc_id, claim_id)
            except Exception as exc:  # noqa: BLE001 - one article's odd values fail that article, not the task
                result.problems.append((article.origin, f"its rows could not be made ({type(exc).__name__}: "
                                                        f"{exc}); not written", False))
                continue
            output.add(month(article.published), made)
            doc_id += 1
            claim_id += len(document.claims)
            result.articles += 1
            result.claims += len(document.claims)
        output.commit(result.to_json())
    return result
