"""Sniffing: what kind of source a file's first bytes are (HTML, feed, WARC, JSON Lines, text), and
the compression around it (a .jsonl.gz, .bz2 or .xz is JSON Lines read through it).

Files are judged by their content, as file(1) does, so a page saved without an extension, or a
feed saved as .html, is still read right; the extension only breaks ties. The kinds, compressions
and sizes are ``formats``'s.
"""

from __future__ import annotations

import bz2
import json
import lzma
import re
import zlib
from dataclasses import dataclass
from typing import IO

from claimgraph.ingest.formats import FORMATS, SNIFF_BYTES, Compression, Kind, compression_of, decompressed
from claimgraph.reading import binary_reason

__all__ = ["SNIFF_BYTES", "Sniffed", "identify", "identify_file", "sniff"]

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(rb"<(!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.IGNORECASE)
_JSON_OBJECT_START = re.compile(rb"\s*\{\s*(\"|\})")
_BINARY_MAGIC = {b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or an Office document)",
                 b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image"}
_BOM = b"\xef\xbb\xbf"
# Lines of the head looked at for one JSON object (a first line that is not one may be a bad record).
JSONL_PROBE_LINES = 3
_STREAM_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What a file is: its kind, the compression to read it through (none for a .warc.gz, whose gzip
    members warcio reads itself), and for a binary file what it looks like."""

    kind: Kind
    compression: Compression | None = None
    looks_like: str | None = None


def sniff(head: bytes, name: str = "") -> Kind:
    """The kind of source whose first bytes are ``head`` (``name`` only breaks ties)."""
    return identify(head, name).kind


def identify_file(fp: IO[bytes], name: str = "") -> Sniffed:
    """What the file open in ``fp`` (at its start, seekable) is; ``fp`` is left at its start. A
    compressed file is judged by its first inflated bytes (bzip2 needs a whole block for those)."""
    head = fp.read(SNIFF_BYTES)
    inflated = None
    if compression := compression_of(head):
        fp.seek(0)
        try:
            inflated = decompressed(fp, compression).read(SNIFF_BYTES)
        except _STREAM_ERRORS:
            inflated = b""
    fp.seek(0)
    return identify(head, name, inflated)


def identify(head: bytes, name: str = "", inflated: bytes | None = None) -> Sniffed:
    """What a file whose first bytes are ``head`` is (``inflated``: its first bytes decompressed, when known)."""
    compression = compression_of(head)
    if compression is None:
        return _content(head, name)
    inner = _content(inflated if inflated is not None else _inflated_head(head, compression), name).kind
    if compression in FORMATS[inner].compressions:
        return Sniffed(inner, None if FORMATS[inner].inflates_itself else compression)
    readable = " or ".join(f.called for f in FORMATS.values() if compression in f.compressions)
    return Sniffed("binary", looks_like=f"a {compression} file that is not {readable}")


def _content(head: bytes, name: str) -> Sniffed:
    if head.startswith(b"WARC/"):
        return Sniffed("warc")
    for magic, description in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return Sniffed("binary", looks_like=description)
    if reason := binary_reason(head[:SNIFF_BYTES]):
        return Sniffed("binary", looks_like=reason)
    start = head[:SNIFF_BYTES].removeprefix(_BOM).lstrip()
    if _JSON_OBJECT_START.match(start):
        if _looks_like_jsonl(start, whole=len(head) < SNIFF_BYTES):
            return Sniffed("jsonl")
        return Sniffed("binary", looks_like="a JSON document, not JSON Lines with one article a line")
    if start.startswith(b"<"):
        if _FEED_ROOT.search(start):
            return Sniffed("feed")
        if _HTML_TAG.search(start) or name.lower().endswith((".html", ".htm", ".xhtml")):
            return Sniffed("html")
    return Sniffed("text")


def _looks_like_jsonl(start: bytes, *, whole: bool) -> bool:
    """JSON Lines has a whole record on each line; a pretty-printed JSON document opens with ``{`` alone.
    A first line that is one record but a bad one (not UTF-8, cut off) is still JSON Lines if a line
    after it is an object: the bad line is reported when it is read."""
    lines = start.split(b"\n")
    complete = [line.strip() for line in (lines if whole else lines[:-1]) if line.strip()]
    if not complete:
        return True  # a first line longer than the head (an article's HTML): judged line by line later
    if complete[0].endswith(b"}"):
        return True
    return any(_is_object(line) for line in complete[1:JSONL_PROBE_LINES])


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _inflated_head(head: bytes, compression: Compression) -> bytes:
    """The first bytes ``head`` inflates to (as many as it holds, at most SNIFF_BYTES)."""
    inflater: zlib._Decompress | bz2.BZ2Decompressor | lzma.LZMADecompressor
    if compression == "gzip":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif compression == "bz2":
        inflater = bz2.BZ2Decompressor()
    else:
        inflater = lzma.LZMADecompressor()
    try:
        return inflater.decompress(head, SNIFF_BYTES)
    except _STREAM_ERRORS:
        return b""
