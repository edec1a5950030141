"""A task → its articles, or the problems met on the way, each named by where it was read.

A byte range of JSON Lines starts at the first line that begins in it (the line cut by its start
belongs to the range before) and names records ``dump.jsonl@<byte offset>`` (a record's own ``id``
still names it). A range of a WARC archive starts at its first record (a gzip member that opens with
``WARC/``, or ``WARC/1.`` after a record's blank line) and names pages ``crawl.warc.gz@<offset>``,
as ``claimgraph ingest`` does. Small files are read whole, by their content, as ``ingest`` reads them.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import IO

import fsspec

from claimgraph.batch.plan import Task
from claimgraph.ingest import IngestedArticle, IngestProblem
from claimgraph.ingest.fetch import DEFAULT_MAX_BYTES
from claimgraph.ingest.pages import extract_page
from claimgraph.ingest.records import read_jsonl, read_record, read_text, with_metadata
from claimgraph.ingest.sniff import SNIFF_BYTES, binary_description, sniff
from claimgraph.ingest.warc import read_warc

Result = IngestedArticle | IngestProblem
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_AFTER_RECORD = b"\r\n\r\nWARC/1."
# How far ahead of a range's start to look for its first record at a time.
_SCAN_BYTES = 1 << 20


def read_task(task: Task) -> Iterator[Result]:
    """Every article (or problem) of the task, in input order."""
    if task.kind == "jsonl":
        yield from _jsonl_range(task)
    elif task.kind == "warc":
        yield from _warc_range(task)
    elif task.kind == "compressed-jsonl":
        yield from _compressed_jsonl(task.url)
    else:
        for url in task.files:
            meta = task.meta.get(url)
            for item in _file(url):  # with what the folder's index says of the file, as `ingest` reads it
                yield with_metadata(item, meta) if meta and isinstance(item, IngestedArticle) else item


def _jsonl_range(task: Task) -> Iterator[Result]:
    with fsspec.open(task.url, "rb") as fp:
        position = _line_start(fp, task.start)
        while task.end is None or position < task.end:
            line = fp.readline()
            if not line:
                break
            if line.strip():
                yield read_record(line, f"{task.url}@{position}")
            position += len(line)


def _line_start(fp: IO[bytes], start: int) -> int:
    """Seek to the first line that begins at or after ``start``; its offset."""
    if start == 0:
        return 0
    fp.seek(start - 1)
    if fp.read(1) != b"\n":
        fp.readline()
    return fp.tell()


def _compressed_jsonl(url: str) -> Iterator[Result]:
    count = 0
    try:
        with fsspec.open(url, "rb", compression="infer") as fp:
            for item in read_jsonl(fp, url):
                count += 1
                yield item
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        yield IngestProblem(url, f"compressed file is damaged after {count} record(s) ({type(exc).__name__}: "
                                 f"{exc}); the records before it were read")


def _warc_range(task: Task) -> Iterator[Result]:
    with fsspec.open(task.url, "rb") as fp:
        first = task.start if task.start == 0 else _record_start(fp, task.start, task.end)
        if first is None:
            return  # no record starts in this range (one long record began before it)
        fp.seek(first)
        yield from _pages(fp, task.url, first, task.end)


def _pages(fp: IO[bytes], url: str, base: int, end: int | None) -> Iterator[Result]:
    """The HTML pages of an archive ``fp`` seeked to offset ``base``, up to the first record at or after ``end``.
    (warcio counts offsets from the file's start when it can tell where it is: pages are named right.)"""
    for record in read_warc(fp, url):
        if isinstance(record, IngestProblem):
            yield replace(record, reason=f"reading from byte {base}: {record.reason}") if base else record
            return
        if end is not None and int(record.origin.rpartition("@")[2]) >= end:
            return
        yield extract_page(record.data, record.origin, url=record.url, charset=record.charset)


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
            if zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(window[at:at + 4096], 8).startswith(b"WARC/"):
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


def _file(url: str) -> Iterator[Result]:
    """A whole file, read by its content: a page, a text, JSON Lines or an archive."""
    try:
        with fsspec.open(url, "rb") as fp:
            head = fp.read(SNIFF_BYTES)
            kind = sniff(head, url)
            fp.seek(0)
            if kind == "warc":
                yield from _pages(fp, url, 0, None)
                return
            if kind == "jsonl":
                yield from read_jsonl(fp, url)
                return
            data = fp.read(DEFAULT_MAX_BYTES + 1)
    except OSError as exc:
        yield IngestProblem(url, f"cannot read the file: {exc}")
        return
    if len(data) > DEFAULT_MAX_BYTES:
        yield IngestProblem(url, f"over {DEFAULT_MAX_BYTES / 1e6:g} MB and not JSON Lines or an archive; "
                                 "split it into one file per article", skipped=True)
    elif kind == "html":
        yield extract_page(data, url)
    elif kind == "feed":
        yield IngestProblem(url, "a feed: its entries' pages must be fetched; use `claimgraph ingest` for feeds",
                            skipped=True)
    elif kind == "binary":
        yield IngestProblem(url, f"not a page, archive, JSON Lines or text ({binary_description(data)}); skipped",
                            skipped=True)
    else:
        yield read_text(data, url)
