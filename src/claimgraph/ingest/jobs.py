"""Jobs: what a source needs the network for (a URL given as a source; a feed entry's linked page),
run by ``sources`` in a thread pool, and pages left for the caller to extract (``RawPage``: the ingest
run extracts them in its worker processes). A fetched body is judged by its content (``sniff``) and
read by the readers local files are read by (``readers``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import IO

from claimgraph.ingest import IngestedArticle, IngestProblem
from claimgraph.ingest.feeds import FeedEntry, read_feed
from claimgraph.ingest.fetch import Fetched, Fetcher
from claimgraph.ingest.folders import open_regular
from claimgraph.ingest.formats import DEFAULT_MAX_BYTES, FORMATS, SNIFF_BYTES, is_web_url
from claimgraph.ingest.readers import guarded, page_article, read_streamed, too_large
from claimgraph.ingest.records import read_text, with_metadata
from claimgraph.ingest.sniff import Sniffed, identify_file, sniff
from claimgraph.ingest.warc import WarcPage

Result = IngestedArticle | IngestProblem


@dataclass(frozen=True, slots=True)
class PageJob:
    """A page to fetch and read (a feed entry's link); the entry's content is the fallback."""

    url: str
    entry: FeedEntry | None = None

    @property
    def origin(self) -> str:
        return self.entry.origin if self.entry else self.url

    def __call__(self, fetcher: Fetcher) -> Result | RawPage:
        fetched = fetcher.fetch(self.url)
        if isinstance(fetched, IngestProblem):
            if self.entry and self.entry.content:
                return _entry_content(self.entry, f"link not fetched ({fetched.reason}); ")
            return replace(fetched, origin=self.origin)
        return _page(fetched, self.origin, self.entry)


@dataclass(frozen=True, slots=True)
class SourceJob:
    """A URL given as a source: fetched, then read as whatever it turns out to be."""

    url: str

    @property
    def origin(self) -> str:
        return self.url

    def __call__(self, fetcher: Fetcher) -> list[Result | RawPage | PageJob]:
        fetched = fetcher.fetch(self.url)
        if isinstance(fetched, IngestProblem):
            return [fetched]
        sniffed = identify_file(io.BytesIO(fetched.data), fetched.url)
        if sniffed.kind == "feed":
            return list(guarded(feed_steps(fetched.data, self.url, base_url=fetched.url), self.url))
        if FORMATS[sniffed.kind].streamed:
            return list(guarded(streamed(sniffed, io.BytesIO(fetched.data), self.url, fetcher.max_bytes), self.url))
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
    max_bytes: int = DEFAULT_MAX_BYTES  # a file read where it is extracted is read up to this
    meta: dict[str, str] | None = None  # what the folder's index says of the file

    def extract(self) -> Result:
        data = self.data
        if data is None:
            assert self.path is not None, "a raw page has its data or a path to read it from"
            try:
                with open_regular(self.path) as fp:
                    data = fp.read(self.max_bytes + 1)
            except OSError as exc:
                return IngestProblem(self.origin, f"cannot read the file: {exc.strerror or exc}")
            if len(data) > self.max_bytes:
                return too_large(self.origin, self.max_bytes)
        result = page_article(data, self.origin, url=self.url, charset=self.charset)
        if self.meta is not None and isinstance(result, IngestedArticle):
            result = with_metadata(result, self.meta)
        if self.entry is None:
            return result
        if isinstance(result, IngestProblem) and self.entry.content:
            return _entry_content(self.entry, f"linked page not read ({result.reason}); ")
        return _with_entry(result, self.entry)


def streamed(sniffed: Sniffed, fp: IO[bytes], origin: str, max_bytes: int) -> Iterator[Result | RawPage]:
    """The records of an archive or JSON Lines file, an archived page as a ``RawPage`` (extracted later)."""
    for record in read_streamed(sniffed, fp, origin, max_bytes):
        if isinstance(record, WarcPage):
            yield RawPage(record.data, record.origin, url=record.url, charset=record.charset)
        else:
            yield record


def feed_steps(data: bytes, origin: str, *, base_url: str | None = None) -> Iterator[Result | PageJob]:
    """A feed's entries: a job to fetch each one's link (an http(s) URL in any case), else its content."""
    for entry in read_feed(data, origin, base_url=base_url):
        if isinstance(entry, IngestProblem):
            yield entry
        elif entry.link and is_web_url(entry.link):
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
    page = page_article(entry.content, entry.origin, url=entry.link)
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
                   url=result.url or entry.link, notes=result.notes + (() if result.published else entry.notes))
