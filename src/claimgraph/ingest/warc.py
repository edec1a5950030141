"""WARC archives (plain or gzipped, read with warcio): every HTML response record, in order, each
read within a cap.

A record is streamed: its body is read up to ``max_bytes`` decoded (``httpbodies``) and the rest
skipped a block at a time, so a record that inflates to gigabytes costs the cap, is reported, and the
records after it are read. A record's header lines are capped too (``MAX_HEADER_BYTES``). A truncated
or damaged archive gives the records read before the damage, then a problem. (warcio ends quietly at a
cut, so a record whose body comes up short of its Content-Length is the sign.)
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.utils import BUFF_SIZE

from claimgraph.ingest import IngestProblem
from claimgraph.ingest.formats import DEFAULT_MAX_BYTES, MAX_HEADER_BYTES
from claimgraph.ingest.httpbodies import read_body

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcPage:
    """An HTML response stored in an archive."""

    origin: str          # "crawl.warc.gz@81920": the archive and the record's offset
    url: str | None      # WARC-Target-URI
    data: bytes
    charset: str | None  # from the recorded Content-Type header


class HeadersTooLong(ValueError):
    """A record whose header lines pass MAX_HEADER_BYTES: no real archive has one."""


def read_warc(fp: IO[bytes], origin: str, max_bytes: int = DEFAULT_MAX_BYTES,
              end: int | None = None) -> Iterator[WarcPage | IngestProblem]:
    """The HTML responses in a WARC file (gzipped or not) read from ``fp``, streaming; with ``end``, those
    of the records that start before that offset."""
    records = _CappedIterator(fp)
    count = 0
    try:
        for record in records:
            media_type, _, params = ((record.http_headers and record.http_headers.get_header("Content-Type")) or "").partition(";")
            html = record.rec_type == "response" and media_type.strip().lower() in HTML_TYPES
            data = read_body(record.raw_stream, record.http_headers, max_bytes) if html else b""
            offset = records.get_record_offset()  # reads the rest of the record, a block at a time
            if end is not None and offset >= end:
                return
            if getattr(record.raw_stream, "limit", 0):  # warcio stops quietly at a cut: the record came up short
                raise EOFError(f"record at offset {offset} is cut short")
            if not html:
                continue
            if data is None:
                yield IngestProblem(f"{origin}@{offset}", f"a record of more than {max_bytes / 1e6:g} MB decompressed "
                                                          "(cap --max-bytes): skipped", skipped=True)
                continue
            count += 1
            yield WarcPage(f"{origin}@{offset}", record.rec_headers.get_header("WARC-Target-URI"), data, _charset(params))
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
        yield IngestProblem(origin, f"archive is truncated or damaged after {count} HTML record(s) "
                                    f"({type(exc).__name__}: {exc}); the records before it were read")


class _HeaderCappedReader(DecompressingBufferedReader):
    """warcio's reader, refusing more than MAX_HEADER_BYTES of lines for one record (warcio reads header
    lines whole, however long, and adds continuation lines to one value)."""

    header_bytes = 0

    def readline(self, length: int | None = None) -> bytes:
        room = MAX_HEADER_BYTES + 1 - self.header_bytes
        line: bytes = super().readline(room if length is None else min(length, room))
        self.header_bytes += len(line)
        if self.header_bytes > MAX_HEADER_BYTES:
            raise HeadersTooLong(f"a record's header lines pass {MAX_HEADER_BYTES / 1e6:g} MB (the cap)")
        return line

    def read(self, length: int | None = None) -> bytes:
        self.header_bytes = 0  # a body's lines (a chunked body's sizes) are no headers
        data: bytes = super().read(length)
        return data


class _CappedIterator(ArchiveIterator):
    """warcio's iterator over ``_HeaderCappedReader``, its count of header bytes started afresh a record."""

    def __init__(self, fp: IO[bytes]) -> None:
        super().__init__(fp)
        self.reader = _HeaderCappedReader(self.fh, block_size=BUFF_SIZE)

    def _next_record(self, next_line: bytes | None) -> Any:
        self.reader.header_bytes = len(next_line or b"")
        return super()._next_record(next_line)


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
