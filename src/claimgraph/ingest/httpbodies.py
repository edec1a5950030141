"""Recorded HTTP bodies (chunked, gzip- or deflate-encoded, or neither), decoded within a cap.

warcio's ``content_stream`` reads a whole chunk (it allows 2 GB) into memory before decoding it, and
inflates a chunk at once: a recorded chunk of gigabytes, or a few MB of gzip that inflate to
gigabytes, would be held whole. Here chunks are read a block at a time and inflated by warcio's own
reader, which inflates one 16 kB block at a time (≤ 16 MB out); reading stops one byte past the cap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from warcio.bufferedreaders import BufferedReader

from claimgraph.ingest.formats import READ_BLOCK

_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n")
_ENCODINGS = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}


def read_body(raw: Any, headers: Any, cap: int) -> bytes | None:
    """The body of a recorded response (``raw``: warcio's stream after the HTTP headers, ``headers``
    the parsed ones), de-chunked and inflated as its headers say; None when it is more than ``cap`` bytes."""
    transfer = (headers.get_header("Transfer-Encoding") or "").strip().lower()
    encoding = _ENCODINGS.get((headers.get_header("Content-Encoding") or "").strip().lower())
    stream: Any = _Pieces(_dechunked(raw)) if transfer == "chunked" else raw
    if encoding is not None:  # warcio's reader: gzip that is not gzip after all is read as it is
        stream = BufferedReader(stream, decomp_type=encoding)
    body = bytearray()
    while len(body) <= cap and (block := stream.read(min(READ_BLOCK, cap + 1 - len(body)))):
        body += block
    return bytes(body) if len(body) <= cap else None


def _dechunked(raw: Any) -> Iterator[bytes]:
    """A chunked body's content, a block at a time. A body that is not chunked after all (a size line
    that is none) is read as it is from there, as warcio does."""
    while True:
        size_line = raw.readline(64)
        match = _CHUNK_SIZE.fullmatch(size_line)
        if match is None:
            yield size_line
            while block := raw.read(READ_BLOCK):
                yield block
            return
        left = int(match.group(1), 16)
        if left == 0:
            return
        while left:
            block = raw.read(min(left, READ_BLOCK))
            if not block:
                return  # cut short: what was read stands
            left -= len(block)
            yield block
        raw.readline(64)  # the CRLF after a chunk


class _Pieces:
    """A readable stream over an iterator of byte strings (what warcio's reader reads from)."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self.pieces = pieces
        self.rest = b""

    def read(self, size: int = -1) -> bytes:
        while not self.rest:
            self.rest = next(self.pieces, b"")
            if not self.rest:
                return b""
        size = len(self.rest) if size is None or size < 0 else size
        piece, self.rest = self.rest[:size], self.rest[size:]
        return piece
