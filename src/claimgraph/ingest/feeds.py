"""Feeds: RSS and Atom (with feedparser) → one entry per article, with its link and any content.

An entry's link is fetched and read as a page; an entry that carries its full content is read
from that content when the link cannot be fetched. An entry with neither is reported.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import feedparser

from claimgraph.ingest import IngestProblem
from claimgraph.ingest.dates import checked_date


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed: where to read the article, and what the feed said about it."""

    origin: str                # "feed.xml#entry-3"
    link: str | None
    content: str | None        # the entry's HTML content (or its summary), when it has one
    title: str | None
    published: str | None      # ISO date
    outlet: str | None         # the feed's title
    notes: tuple[str, ...] = ()  # a date that was ignored, and why


def read_feed(data: bytes, origin: str, *, base_url: str | None = None) -> Iterator[FeedEntry | IngestProblem]:
    """The entries of an RSS or Atom feed, in order; a broken entry or feed comes out as a problem."""
    parsed = feedparser.parse(data, response_headers={"content-location": base_url} if base_url else None)
    if not parsed.entries:
        if parsed.get("bozo"):
            reason = parsed.get("bozo_exception") or "unknown error"
            yield IngestProblem(origin, f"not a readable RSS or Atom feed ({reason}); check the file")
        else:
            yield IngestProblem(origin, "the feed has no entries; skipped", skipped=True)
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        entry_origin = f"{origin}#entry-{number}"
        link = entry.get("link") or None
        content = _content(entry)
        if link is None and content is None:
            yield IngestProblem(entry_origin, "feed entry has neither a link nor content; skipped")
            continue
        published, note = checked_date(_date(entry))
        yield FeedEntry(entry_origin, link, content, entry.get("title") or None, published, outlet,
                        (note,) if note else ())


def _content(entry: Any) -> str | None:
    for part in entry.get("content") or ():
        if value := part.get("value"):
            return str(value)
    return entry.get("summary") or None


def _date(entry: Any) -> str | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return time.strftime("%Y-%m-%d", parsed) if parsed else None
    except (ValueError, OverflowError, TypeError):  # a date feedparser parsed into something no calendar has
        return None
