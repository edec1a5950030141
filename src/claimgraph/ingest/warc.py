"""WARC archives (plain or gzipped, read with warcio): every HTML response record, in order.

A truncated or damaged archive gives the records read before the damage, then a problem. (warcio
ends quietly at a cut, so a record whose body comes up short of its Content-Length is the sign.)
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from claimgraph.ingest import IngestProblem

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcPage:
    """An HTML response stored in an archive."""

    origin: str          # "crawl.warc.gz@81920": the archive and the record's offset
    url: str | None      # WARC-Target-URI
    data: bytes
    charset: str | None  # from the recorded Content-Type header


def read_warc(fp: IO[bytes], origin: str) -> Iterator[WarcPage | IngestProblem]:
    """The HTML responses in a WARC file (gzipped or not) read from ``fp``, streaming."""
    records = ArchiveIterator(fp)
    count = 0
    try:
        for record in records:
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            media_type, _, params = content_type.partition(";")
            if media_type.strip().lower() not in HTML_TYPES:
                continue
            data = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0):  # warcio stops quietly at a cut: the record came up short
                raise EOFError(f"record at offset {records.get_record_offset()} is cut short")
            count += 1
            yield WarcPage(f"{origin}@{records.get_record_offset()}",
                           record.rec_headers.get_header("WARC-Target-URI"), data, _charset(params))
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
        yield IngestProblem(origin, f"archive is truncated or damaged after {count} HTML record(s) "
                                    f"({type(exc).__name__}: {exc}); the records before it were read")


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
