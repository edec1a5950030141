"""Ingestion: news as it really arrives (text files, HTML pages, URLs, feeds, WARC archives,
folders, JSON Lines, standard input) turned into articles with their metadata.

This is an I/O edge: it may fetch and read files; the extraction core never imports it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from claimgraph.ingest.formats import DEFAULT_MAX_BYTES  # noqa: F401 - the CLI and fetch take it from here

#: Processes reading pages and extracting claims during ingestion, the main one (which also writes
#: the store) included.
DEFAULT_WORKERS = min(2, os.cpu_count() or 1)
# The fetch defaults live here, not in ``fetch``, so that the CLI can show them without importing httpx
# (the size cap is the input formats' registry's: a page, a file or a record).
DEFAULT_TIMEOUT = 20.0        # seconds to wait for the server between bytes (httpx's read timeout)
DEFAULT_CONCURRENCY = 8       # concurrent requests in all
# A whole fetch (every redirect, every retry and the body) ends within max(DEADLINE_TIMEOUTS x timeout,
# DEADLINE_FLOOR) seconds, however the server trickles: three timeouts are a slow connect, a slow first
# byte and a slow body; the floor leaves room for the retry schedule (1 + 2 + 4 s of backoff, a
# Retry-After of up to 30 s) and for a few-MB page on a slow link. With the default timeout: 60 s.
DEADLINE_TIMEOUTS = 3
DEADLINE_FLOOR = 60.0


@dataclass(frozen=True, slots=True)
class IngestedArticle:
    """One article ready for extraction and storage, with what its source told us about it."""

    origin: str                  # where it was read: a path, a URL, "feed.xml#entry-3", "crawl.warc.gz@81920"
    text: str                    # the main text (for a page: what trafilatura extracted)
    title: str | None = None
    outlet: str | None = None    # site or publication name
    author: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD, or YYYY-MM, YYYY) when known
    url: str | None = None       # canonical URL when known
    language: str | None = None  # ISO 639-1 code when known
    notes: tuple[str, ...] = ()  # what the run should say of it (a date that was ignored, and why)


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """A source that gave no article, and why (reported, then the run goes on)."""

    origin: str
    reason: str
    skipped: bool = False  # True: nothing to read (an index page, a duplicate); False: a failure
