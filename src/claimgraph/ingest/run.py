"""The ingestion run: sources → articles → claims → the store, one article at a time.

Articles the store already knows are counted as duplicates before extraction; each article is
added as soon as its claims are out (the store commits it in its own transaction), so a run
killed at any moment loses at most the articles in the extraction batch in flight.

With ``workers`` > 1, claim extraction runs in that many forked processes (each inherits the
loaded pipeline; nothing is pickled but articles and their documents), while this process reads
the sources and writes the store; results come back in input order, each added as it arrives.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from claimgraph.core import Article, Extractor
from claimgraph.ingest import DEFAULT_WORKERS, IngestedArticle, IngestProblem
from claimgraph.ingest.fetch import Fetcher
from claimgraph.ingest.language import language_warning
from claimgraph.ingest.sources import read_sources
from claimgraph.models import Document

# Articles handed to spaCy at once. Small, so that each article reaches the store soon after it
# is read (spaCy yields a batch only when all of it is done); the rule-based pipeline gains
# nothing measurable from larger batches.
BATCH_SIZE = 4
# Extraction processes by default: two cores' worth (the issue's measure), fewer on a smaller machine.
# Articles a worker may have queued ahead of the one the store waits for: enough to keep it busy.
WINDOW_PER_WORKER = 4
_PARENTHESES = re.compile(r"\s*\([^()]*\)")


class ArticleStore(Protocol):
    """What ingestion needs of ``claimgraph.store.Store``."""

    def known(self, url: str | None, text: str) -> int | None: ...

    def add(self, article: IngestedArticle, document: Document) -> Any: ...


@dataclass(slots=True)
class Summary:
    """What a run did, for the closing line; ``failed`` decides the exit code."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    updated: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        return (f"read {self.read}, new {self.new}, duplicates {self.duplicates}, updated {self.updated}, "
                f"skipped {_grouped(self.skipped)}, failed {_grouped(self.failed)}")


def _grouped(reasons: Counter[str]) -> str:
    total = sum(reasons.values())
    if not total:
        return "0"
    return f"{total} (" + ", ".join(f"{reason}: {n}" for reason, n in reasons.most_common()) + ")"


def reason_group(reason: str) -> str:
    """A problem's reason without its particulars, to count alike problems together."""
    head, previous = reason.split(";")[0], ""
    while head != previous:  # innermost parentheses first: "(Extra data: line 1 (char 9))"
        head, previous = _PARENTHESES.sub("", head), head
    head = head.strip()
    return re.sub(r"'[^']*'", "'…'", head) if head.startswith("content type") else head


def ingest(sources: Iterable[str], store: ArticleStore, extractor: Extractor, fetcher: Fetcher, *,
           stdin: IO[bytes] | None = None, report: Callable[[str], None] = lambda message: None,
           advance: Callable[[], None] = lambda: None, batch_size: int = BATCH_SIZE,
           workers: int = DEFAULT_WORKERS) -> Summary:
    """Ingest every source into ``store``; problems and warnings go to ``report`` as they happen."""
    summary = Summary()
    waiting: deque[IngestedArticle] = deque()

    def articles() -> Iterator[Article]:
        for item in read_sources(sources, fetcher, stdin=stdin):
            if isinstance(item, IngestProblem):
                (summary.skipped if item.skipped else summary.failed)[reason_group(item.reason)] += 1
                report(f"{item.origin}: {item.reason}")
                advance()
                continue
            summary.read += 1
            if warning := language_warning(item):
                report(warning)
            if store.known(item.url, item.text) is not None:
                summary.duplicates += 1
                advance()
                continue
            waiting.append(item)
            yield Article(item.origin, item.text, published=item.published, outlet=item.outlet, title=item.title)

    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        documents = _in_workers(articles(), extractor, workers)
    else:
        documents = extractor.pipe(articles(), batch_size=batch_size)
    for document in documents:
        _store(waiting.popleft(), document, store, summary, report)
        advance()
    return summary


def _store(article: IngestedArticle, document: Document, store: ArticleStore, summary: Summary,
           report: Callable[[str], None]) -> None:
    if document.error:
        summary.failed["extraction failed"] += 1
        report(f"{article.origin}: extraction failed: {document.error}; not stored")
        return
    status = store.add(article, document).status
    if status == "new":
        summary.new += 1
    elif status == "updated":
        summary.updated += 1
    else:
        summary.duplicates += 1


_worker_extractor: Extractor | None = None
# How often a worker checks that the run that forked it is alive (seconds): a killed run's workers
# would otherwise wait for work forever (each holds the task pipe open itself).
ORPHAN_CHECK_SECONDS = 0.5


def _start_worker(extractor: Extractor, parent: int) -> None:
    global _worker_extractor
    _worker_extractor = extractor
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True, name="claimgraph-orphan-check").start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(1)


def _extract(article: Article) -> Document:
    assert _worker_extractor is not None, "the worker was started without its extractor"
    return next(_worker_extractor.pipe([article], batch_size=1))


def _in_workers(articles: Iterator[Article], extractor: Extractor, workers: int) -> Iterator[Document]:
    """``extractor.pipe(articles)`` in ``workers`` forked processes, in input order, streaming."""
    # Forked, not spawned: the children inherit the loaded pipeline (a model given by name or
    # path, components and all) instead of loading or unpickling it again.
    context = multiprocessing.get_context("fork")
    pending: deque[Future[Document]] = deque()
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(extractor, os.getpid())) as pool:
        pool.submit(int).result()  # fork now, before reading starts any fetching threads
        try:
            for article in articles:
                pending.append(pool.submit(_extract, article))
                while len(pending) > workers * WINDOW_PER_WORKER:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
