"""Sources → articles: expand each source (file, folder, URL, feed, archive, JSON Lines, stdin)
into articles or problems, in source order, fetching concurrently.

Local files are read lazily in the calling thread; network work runs in two thread pools —
one fetches the URLs given as sources (a feed among them expands into its entries), the other
fetches pages (entries' links) — each behind an ordered window, so results keep source order
while up to ``Fetcher.concurrency`` requests are in flight.
"""

from __future__ import annotations

import io
import os
import stat
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import IO, TypeVar

from claimgraph.ingest import IngestedArticle, IngestProblem
from claimgraph.ingest.feeds import FeedEntry, read_feed
from claimgraph.ingest.fetch import Fetched, Fetcher
from claimgraph.ingest.pages import extract_page
from claimgraph.ingest.records import metadata_for, read_index, read_jsonl, read_text, with_metadata
from claimgraph.ingest.sniff import SNIFF_BYTES, binary_description, sniff
from claimgraph.ingest.warc import WarcPage, read_warc

Result = IngestedArticle | IngestProblem
#: A folder's metadata index: JSON Lines of ``id`` (a file's name, with or without its extension) and
#: metadata, no text. Read for the files it names, not as articles.
INDEX_NAMES = ("index.jsonl", "metadata.jsonl")
# How many results may wait ahead of the one the consumer needs, per worker: enough to keep
# every worker busy while one slow host holds the head of the line.
WINDOW_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class PageJob:
    """A page to fetch and read (a feed entry's link); the entry's content is the fallback."""

    url: str
    entry: FeedEntry | None = None

    def __call__(self, fetcher: Fetcher) -> Result | RawPage:
        fetched = fetcher.fetch(self.url)
        if isinstance(fetched, IngestProblem):
            if self.entry and self.entry.content:
                return _entry_content(self.entry, f"link not fetched ({fetched.reason}); ")
            return replace(fetched, origin=self.entry.origin) if self.entry else fetched
        return _page(fetched, self.entry.origin if self.entry else self.url, self.entry)


@dataclass(frozen=True, slots=True)
class SourceJob:
    """A URL given as a source: fetched, then read as whatever it turns out to be."""

    url: str

    def __call__(self, fetcher: Fetcher) -> list[Result | RawPage | PageJob]:
        fetched = fetcher.fetch(self.url)
        if isinstance(fetched, IngestProblem):
            return [fetched]
        kind = sniff(fetched.data[:SNIFF_BYTES], fetched.url)
        if kind == "feed":
            return list(_feed(fetched.data, self.url, base_url=fetched.url))
        if kind in ("warc", "jsonl"):
            return list(_stream(kind, io.BytesIO(fetched.data), self.url))
        return [_page(fetched, self.url)]


@dataclass(frozen=True, slots=True)
class RawPage:
    """An HTML page not yet extracted, so that trafilatura can run where the caller wants it (a
    worker process of the ingest run). A local file is named by ``path`` and read where it is
    extracted (its bytes never cross a process boundary); a fetched or archived page carries its
    ``data``. A feed entry's page is completed by what the feed said of it (``entry``)."""

    data: bytes | None
    origin: str
    url: str | None = None
    charset: str | None = None
    path: str | None = None
    entry: FeedEntry | None = None
    max_bytes: int | None = None
    meta: dict[str, str] | None = None  # what the folder's index says of the file

    def extract(self) -> Result:
        data = self.data
        if data is None:
            assert self.path is not None, "a raw page has its data or a path to read it from"
            try:
                with open(self.path, "rb") as fp:
                    data = fp.read() if self.max_bytes is None else fp.read(self.max_bytes + 1)
            except OSError as exc:
                return IngestProblem(self.origin, f"cannot read the file: {exc.strerror or exc}")
            if self.max_bytes is not None and len(data) > self.max_bytes:
                return _too_large(self.origin, self.max_bytes)
        result = extract_page(data, self.origin, url=self.url, charset=self.charset)
        if self.meta is not None and isinstance(result, IngestedArticle):
            result = with_metadata(result, self.meta)
        if self.entry is None:
            return result
        if isinstance(result, IngestProblem) and self.entry.content:
            return _entry_content(self.entry, f"linked page not read ({result.reason}); ")
        return _with_entry(result, self.entry)


Step = Result | RawPage | PageJob | SourceJob


def read_sources(sources: Iterable[str], fetcher: Fetcher, *, stdin: IO[bytes] | None = None,
                 defer_pages: bool = False) -> Iterator[Result | RawPage]:
    """Every article (or problem) in ``sources``, in order. ``-`` reads ``stdin``. With ``defer_pages``,
    HTML files and archived pages come as ``RawPage`` for the caller to extract."""
    steps = (step for source in sources for step in _expand(source, fetcher, stdin))
    expanded = _flatten(_in_order(steps, SourceJob, fetcher))
    for item in _in_order(expanded, PageJob, fetcher):
        if isinstance(item, RawPage):
            yield item if defer_pages else item.extract()
        elif isinstance(item, (IngestedArticle, IngestProblem)):
            yield item
        else:
            raise TypeError(f"a job was left unrun: {item!r}")


def _expand(source: str, fetcher: Fetcher, stdin: IO[bytes] | None) -> Iterator[Step]:
    if source.startswith(("http://", "https://")):
        yield SourceJob(source)
    elif source == "-":
        if stdin is None:
            yield IngestProblem("-", "standard input is not available")
            return
        data = stdin.read(fetcher.max_bytes + 1)
        yield from _bytes(data, "-", fetcher.max_bytes)
    elif os.path.isdir(source):
        for folder, subfolders, files in os.walk(source):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            index_name, index = _folder_index(folder, files, fetcher.max_bytes)
            for name in sorted(files):
                if name.startswith(".") or name == index_name:
                    continue
                meta = metadata_for(index, name)
                for step in _file(os.path.join(folder, name), fetcher.max_bytes):
                    yield _described(step, meta) if meta else step
    elif os.path.exists(source):
        yield from _file(source, fetcher.max_bytes)
    else:
        yield IngestProblem(source, "no such file or folder; give a path, an http(s) URL, or - for standard input")


def _folder_index(folder: str, files: list[str], max_bytes: int) -> tuple[str | None, dict[str, dict[str, str]]]:
    """The folder's metadata index (``index.jsonl`` or ``metadata.jsonl`` without text: records.read_index)
    by file name, or none."""
    for name in INDEX_NAMES:
        if name in files:
            try:
                with open(os.path.join(folder, name), "rb") as fp:
                    data = fp.read(max_bytes + 1)
            except OSError:
                continue  # reported when it is read as a source
            found = read_index(data.splitlines()) if len(data) <= max_bytes else None
            if found is not None:
                return name, found
    return None, {}


def _described(step: Step, meta: dict[str, str]) -> Step:
    """A file's article (or page, to be read later) with what the folder's index says of it."""
    if isinstance(step, IngestedArticle):
        return with_metadata(step, meta)
    if isinstance(step, RawPage):
        return replace(step, meta=meta)
    return step


def _file(path: str, max_bytes: int) -> Iterator[Step]:
    try:
        with open(path, "rb") as fp:
            head = fp.read(SNIFF_BYTES)
            kind = sniff(head, path)
            regular = stat.S_ISREG(os.fstat(fp.fileno()).st_mode)  # not a pipe: it can be read again
            if kind == "html" and regular and len(head) == SNIFF_BYTES:  # read where it is extracted
                size = os.fstat(fp.fileno()).st_size
                yield _too_large(path, max_bytes) if size > max_bytes else RawPage(None, path, path=path,
                                                                                  max_bytes=max_bytes)
            elif kind == "html":  # a small page (already read) or a pipe: read here
                yield from _bytes(head + fp.read(max(0, max_bytes + 1 - len(head))), path, max_bytes)
            elif kind in ("warc", "jsonl"):
                fp.seek(0)
                yield from _stream(kind, fp, path)
            else:
                fp.seek(0)
                yield from _bytes(fp.read(max_bytes + 1), path, max_bytes)
    except OSError as exc:
        yield IngestProblem(path, f"cannot read the file: {exc.strerror or exc}")


def _too_large(origin: str, max_bytes: int) -> IngestProblem:
    return IngestProblem(origin, f"over {max_bytes / 1e6:g} MB; split it into one file per article", skipped=True)


def _bytes(data: bytes, origin: str, max_bytes: int) -> Iterator[Step]:
    if len(data) > max_bytes:
        yield _too_large(origin, max_bytes)
        return
    kind = sniff(data[:SNIFF_BYTES], origin)
    if kind == "html":
        yield RawPage(data, origin)
    elif kind == "feed":
        yield from _feed(data, origin)
    elif kind in ("warc", "jsonl"):
        yield from _stream(kind, io.BytesIO(data), origin)
    elif kind == "binary":
        yield IngestProblem(origin, f"not a page, feed, archive or text ({binary_description(data)}); skipped",
                            skipped=True)
    else:
        yield read_text(data, origin)


def _stream(kind: str, fp: IO[bytes], origin: str) -> Iterator[Result | RawPage]:
    if kind == "jsonl":
        yield from read_jsonl(fp, origin)
        return
    for record in read_warc(fp, origin):
        if isinstance(record, WarcPage):
            yield RawPage(record.data, record.origin, url=record.url, charset=record.charset)
        else:
            yield record


def _feed(data: bytes, origin: str, *, base_url: str | None = None) -> Iterator[Result | PageJob]:
    for entry in read_feed(data, origin, base_url=base_url):
        if isinstance(entry, IngestProblem):
            yield entry
        elif entry.link and entry.link.startswith(("http://", "https://")):
            yield PageJob(entry.link, entry)
        elif entry.content:
            yield _entry_content(entry, "")
        else:
            yield IngestProblem(entry.origin, f"feed entry's link {entry.link!r} is not an http(s) URL; skipped")


def _page(fetched: Fetched, origin: str, entry: FeedEntry | None = None) -> Result | RawPage:
    kind = sniff(fetched.data[:SNIFF_BYTES], fetched.url)
    if kind == "html":
        return RawPage(fetched.data, origin, url=fetched.url, charset=fetched.charset, entry=entry)
    if kind == "text" and fetched.content_type in ("text/plain", "text/markdown"):
        result = read_text(fetched.data, origin)
    else:
        result = IngestProblem(origin, f"the response is not an HTML page (it looks like {kind}); skipped",
                               skipped=True)
    return _with_entry(result, entry) if entry else result


def _entry_content(entry: FeedEntry, note: str) -> Result:
    assert entry.content is not None
    page = extract_page(entry.content, entry.origin, url=entry.link)
    if isinstance(page, IngestProblem):
        return replace(page, reason=note + page.reason)
    # trafilatura names the site after the link's host when the content has no metadata: the feed knows better
    return _with_entry(replace(page, outlet=entry.outlet or page.outlet), entry)


def _with_entry(result: Result, entry: FeedEntry) -> Result:
    """The page's own metadata, completed by what the feed said about the entry."""
    if isinstance(result, IngestProblem):
        return result
    return replace(result, origin=entry.origin, title=result.title or entry.title,
                   published=result.published or entry.published, outlet=result.outlet or entry.outlet,
                   url=result.url or entry.link)


_Job = TypeVar("_Job", PageJob, SourceJob)
_Item = TypeVar("_Item")


def _in_order(steps: Iterable[_Item], job_type: type[_Job], fetcher: Fetcher) -> Iterator[_Item | object]:
    """Run the ``job_type`` steps in a thread pool, pass the rest through; results in input order."""
    window = max(1, fetcher.concurrency) * WINDOW_PER_WORKER
    pending: deque[Future[object] | object] = deque()
    with ThreadPoolExecutor(max_workers=max(1, fetcher.concurrency), thread_name_prefix="claimgraph-fetch") as pool:
        try:
            for step in steps:
                pending.append(pool.submit(step, fetcher) if isinstance(step, job_type) else step)
                while len(pending) > window or (pending and not isinstance(pending[0], Future)):
                    yield _resolved(pending.popleft())
            while pending:
                yield _resolved(pending.popleft())
        finally:
            for item in pending:
                if isinstance(item, Future):
                    item.cancel()


def _resolved(item: Future[object] | object) -> object:
    return item.result() if isinstance(item, Future) else item


def _flatten(items: Iterable[object]) -> Iterator[Step]:
    for item in items:
        if isinstance(item, list):
            yield from item
        else:
            yield item  # type: ignore[misc]
