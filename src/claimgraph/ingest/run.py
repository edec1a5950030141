"""The ingestion run: sources → articles → claims → the store, one article at a time.

Articles the store already knows are counted as duplicates before extraction; each article is
added as soon as its claims are out (the store commits it in its own transaction), so a run
killed at any moment loses at most the articles in the extraction batch in flight.

With ``workers`` > 1, the page stage of every HTML page (trafilatura: files, fetched pages, archived
pages) and claim extraction run in that many processes: ``workers - 1`` forked ones (each inherits
the loaded pipeline; a page file is read by its worker, so only fetched and archived pages, articles
and their documents are pickled) and this one, which also reads the sources and writes the store,
and does the jobs the workers have no room for; results come back in input order, each added as
it arrives.
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
from dataclasses import dataclass, replace, field
from typing import IO, Any, Protocol

from claimgraph.core import Article, Extractor
from claimgraph.ingest import DEFAULT_WORKERS, IngestedArticle, IngestProblem
from claimgraph.ingest.fetch import Fetcher
from claimgraph.ingest.language import language_warning
from claimgraph.ingest.sources import RawPage, read_sources
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

    def known(self, url: str | None, text: str, version: str | None = None) -> int | None: ...

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
                f"skipped {grouped(self.skipped)}, failed {grouped(self.failed)}")


def grouped(reasons: Counter[str]) -> str:
    """Counted reasons for a summary line: "3 (404: 2, timeout: 1)", or "0"."""
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
    parallel = workers > 1 and "fork" in multiprocessing.get_all_start_methods()
    waiting: deque[IngestedArticle | None] = deque()  # None: a raw page, read by its worker
    foreign: set[int] = set()  # the articles not in English (by id): stored without claims

    def read(item: IngestedArticle) -> bool:
        """Count a read article; False when the store already has it."""
        summary.read += 1
        for note in item.notes:  # a date ignored: the article is stored without it
            report(f"{item.origin}: {note}")
        if warning := language_warning(item):
            report(warning)
            foreign.add(id(item))
        if store.known(item.url, item.text, extractor.version) is not None:  # stored by this extractor
            summary.duplicates += 1
            advance()
            return False
        return True

    def problem(item: IngestProblem) -> None:
        (summary.skipped if item.skipped else summary.failed)[reason_group(item.reason)] += 1
        report(f"{item.origin}: {item.reason}")
        advance()

    def jobs() -> Iterator[Article | RawPage]:
        for item in read_sources(sources, fetcher, stdin=stdin, defer_pages=parallel):
            if isinstance(item, RawPage):  # the page stage runs in a worker, beside extraction; whether the
                waiting.append(None)       # store has it is asked after, by its canonical URL, as without workers
                yield item
            elif isinstance(item, IngestProblem):
                problem(item)
            elif read(item):
                waiting.append(item)
                yield _article(item)

    if parallel:
        for page, document in _in_workers(jobs(), extractor, workers):
            queued = waiting.popleft()
            if queued is None:  # a raw page: its worker read it
                if isinstance(page, IngestProblem):
                    problem(page)
                    continue
                if page is None or not read(page):
                    continue
                queued = page
            if document is not None:
                _store(queued, _english_only(document, taken(foreign, queued)), store, summary, report)
                advance()
    else:
        articles = (job for job in jobs() if isinstance(job, Article))
        for document in extractor.pipe(articles, batch_size=batch_size):
            stored = waiting.popleft()
            assert stored is not None, "pages are read in this process when there are no workers"
            _store(stored, _english_only(document, taken(foreign, stored)), store, summary, report)
            advance()
    return summary


def taken(marked: set[int], item: object) -> bool:
    """Whether ``item`` was marked (by id), forgetting the mark: an id is reused once its object is gone."""
    found = id(item) in marked
    marked.discard(id(item))
    return found


def _english_only(document: Document, foreign: bool) -> Document:
    """The document as stored: without claims when its article is not in English."""
    return replace(document, claims=()) if foreign and not document.error else document


def _article(item: IngestedArticle) -> Article:
    return Article(item.origin, item.text, published=item.published, outlet=item.outlet, title=item.title)


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


Outcome = tuple[IngestedArticle | IngestProblem | None, Document | None]


def _work(job: Article | RawPage, extractor: Extractor | None = None) -> Outcome:
    """A raw page's page stage then its claims, or an article's claims (in a worker, with its extractor)."""
    extractor = extractor or _worker_extractor
    assert extractor is not None, "the worker was started without its extractor"
    if isinstance(job, RawPage):
        page = job.extract()
        if isinstance(page, IngestProblem):
            return page, None
        return page, next(extractor.pipe([_article(page)], batch_size=1))
    return None, next(extractor.pipe([job], batch_size=1))


def _in_workers(jobs: Iterator[Article | RawPage], extractor: Extractor, workers: int) -> Iterator[Outcome]:
    """Each job's ``_work`` by ``workers`` processes, in input order, streaming.

    ``workers - 1`` forked processes take every job they have room for; this process does the rest
    itself, between its store writes, so ``workers`` processes share ``workers`` cores (a third
    process on two cores cost more in forking, copied memory and switching than the store's writes
    take). Rather than wait for a worker, this process takes back a job no worker has started.
    """
    # Forked, not spawned: the children inherit the loaded pipeline (a model given by name or
    # path, components and all) instead of loading or unpickling it again.
    context = multiprocessing.get_context("fork")
    slots: deque[_Slot] = deque()
    room = (workers - 1) * WINDOW_PER_WORKER
    with ProcessPoolExecutor(workers - 1, mp_context=context, initializer=_start_worker,
                             initargs=(extractor, os.getpid())) as pool:
        pool.submit(int)  # forks the workers now (all at once, as fork does), before reading starts any threads
        try:
            for job in jobs:
                busy = sum(1 for slot in slots if not slot.done())
                slots.append(_Slot(job, pool.submit(_work, job)) if busy < room
                             else _Slot(job, None, _work(job, extractor)))
                while slots and (slots[0].done() or len(slots) > 2 * room):
                    yield slots.popleft().outcome(slots, extractor)
            while slots:
                yield slots.popleft().outcome(slots, extractor)
        finally:
            for slot in slots:
                if slot.future is not None:
                    slot.future.cancel()


@dataclass(slots=True)
class _Slot:
    """A job in flight: with a worker (``future``) or done here (``result``)."""

    job: Article | RawPage
    future: Future[Outcome] | None
    result: Outcome | None = None

    def done(self) -> bool:
        return self.future is None or self.future.done()

    def outcome(self, later: deque[_Slot], extractor: Extractor) -> Outcome:
        """This job's outcome; while a worker still has it, do here the later jobs no worker has started."""
        while not self.done():
            queued = next((s for s in reversed(later) if s.future is not None and s.future.cancel()), None)
            if queued is None:
                break
            queued.future, queued.result = None, _work(queued.job, extractor)
        if self.future is not None:
            return self.future.result()
        assert self.result is not None
        return self.result
