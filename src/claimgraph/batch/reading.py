"""A task → its articles, or the problems met on the way, each named by where it was read.

Files are read by the readers `claimgraph ingest` uses (``ingest.readers``), judged by their content
(``ingest.sniff``): JSON Lines and archives record by record, compressed or not, each record capped;
anything else whole, capped. A byte range of JSON Lines starts at the first line that begins in it
(the line cut by its start belongs to the range before) and names records ``dump.jsonl@<byte offset>``
(a record's own ``id`` still names it). A range of a WARC archive starts at its first record (a gzip
member that opens with ``WARC/``, or ``WARC/1.`` after a record's blank line) and names pages
``crawl.warc.gz@<offset>``. A file or range whose reading fails midway gives what was read before and
a problem naming it; the task's other files are read.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import IO

import fsspec
from fsspec.core import url_to_fs
from fsspec.implementations.local import LocalFileSystem

from claimgraph.batch.plan import Task
from claimgraph.ingest import IngestedArticle, IngestProblem
from claimgraph.ingest.folders import NotAFile, open_regular
from claimgraph.ingest.formats import FORMATS, SNIFF_BYTES
from claimgraph.ingest.readers import guarded, not_read, page_article, read_streamed, too_large
from claimgraph.ingest.records import read_text, with_metadata
from claimgraph.ingest.sniff import identify_file
from claimgraph.ingest.warc import WarcPage

Result = IngestedArticle | IngestProblem
READABLE = "a page, archive, JSON Lines or text"
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_AFTER_RECORD = b"\r\n\r\nWARC/1."
# How far ahead of a range's start to look for its first record at a time.
_SCAN_BYTES = 1 << 20


def read_task(task: Task) -> Iterator[Result]:
    """Every article (or problem) of the task, in input order."""
    if task.kind != "files":
        yield from guarded(_records(task), task.describe())
        return
    for url in task.files:
        meta = task.meta.get(url)
        for item in guarded(_file(url, task.max_bytes), url):  # with what the folder's index says of the file
            yield with_metadata(item, meta) if meta and isinstance(item, IngestedArticle) else item


@contextmanager
def _opened(url: str) -> Iterator[IO[bytes]]:
    """A file for reading: a local one only if it is a regular file (a named pipe would block the task)."""
    fs, path = url_to_fs(url)
    with open_regular(path) if isinstance(fs, LocalFileSystem) else fsspec.open(url, "rb") as fp:
        yield fp


def _records(task: Task) -> Iterator[Result]:
    """The records of an archive or JSON Lines file that start in the task's range."""
    with _opened(task.url) as fp:
        sniffed = identify_file(fp, task.url)
        start = task.start
        if sniffed.kind == "warc" and start:
            found = _record_start(fp, start, task.end)
            if found is None:
                return  # no record starts in this range (one long record began before it)
            start = found
        yield from _pages(read_streamed(sniffed, fp, task.url, task.max_bytes, start=start, end=task.end),
                          task.url, start)


def _pages(records: Iterable[WarcPage | Result], url: str, base: int) -> Iterator[Result]:
    """Articles, with the pages of an archive read (a problem of the whole file says where its range began)."""
    for record in records:
        if isinstance(record, WarcPage):
            yield page_article(record.data, record.origin, url=record.url, charset=record.charset)
        elif isinstance(record, IngestProblem) and base and record.origin == url:
            yield replace(record, reason=f"reading from byte {base}: {record.reason}")
        else:
            yield record


def _record_start(fp: IO[bytes], start: int, end: int | None) -> int | None:
    """The offset of the first WARC record at or after ``start`` (and before ``end``), or None."""
    fp.seek(0)
    gzipped = fp.read(2) == _GZIP_MEMBER[:2]
    position = start
    while end is None or position < end:
        fp.seek(position)
        window = fp.read(_SCAN_BYTES + 16)
        if not window:
            return None
        found = _gzip_record(window, position) if gzipped else _plain_record(window, position)
        if found is not None:
            return found if end is None or found < end else None
        position += _SCAN_BYTES
    return None


def _gzip_record(window: bytes, base: int) -> int | None:
    at = window.find(_GZIP_MEMBER)
    while 0 <= at < _SCAN_BYTES:
        try:
            inflated = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(window[at:at + SNIFF_BYTES], 8)
            if inflated.startswith(b"WARC/"):
                return base + at
        except zlib.error:
            pass
        at = window.find(_GZIP_MEMBER, at + 1)
    return None


def _plain_record(window: bytes, base: int) -> int | None:
    if base and window.startswith(b"WARC/1."):
        return base  # a boundary exactly at the range's start only counts after a record's blank line
    at = window.find(_WARC_AFTER_RECORD)
    return base + at + 4 if 0 <= at < _SCAN_BYTES else None


def _file(url: str, max_bytes: int) -> Iterator[Result]:
    """A whole file, read by its content: a page, a text, JSON Lines or an archive (compressed or not)."""
    try:
        with _opened(url) as fp:
            sniffed = identify_file(fp, url)
            if FORMATS[sniffed.kind].streamed:
                yield from _pages(read_streamed(sniffed, fp, url, max_bytes), url, 0)
                return
            data = fp.read(max_bytes + 1)
    except NotAFile as exc:
        yield IngestProblem(url, str(exc), skipped=True)
        return
    except OSError as exc:
        yield IngestProblem(url, f"cannot read the file: {exc.strerror or exc}")
        return
    if len(data) > max_bytes:
        yield too_large(url, max_bytes)
    elif sniffed.kind == "html":
        yield page_article(data, url)
    elif sniffed.kind == "feed":
        yield IngestProblem(url, "a feed: its entries' pages must be fetched; use `claimgraph ingest` for feeds",
                            skipped=True)
    elif sniffed.kind == "binary":
        yield not_read(sniffed, url, READABLE)
    else:
        yield read_text(data, url)
