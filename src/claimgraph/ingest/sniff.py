"""Sniffing: what kind of source a file's first bytes are (HTML, feed, WARC, JSON Lines, text).

Files are judged by their content, as file(1) does, so a page saved without an extension, or a
feed saved as .html, is still read right; the extension only breaks ties.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from typing import Literal

from claimgraph.reading import binary_reason

Kind = Literal["html", "feed", "warc", "jsonl", "text", "binary"]

# Enough of the head to see past an XML declaration, a doctype and leading comments.
SNIFF_BYTES = 4096
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(rb"<(!doctype\s+html|html|head|body|meta|title|div|p|article)[\s>/]", re.IGNORECASE)
_JSON_OBJECT_START = re.compile(rb"\s*\{\s*(\"|\})")
_GZIP_MAGIC = b"\x1f\x8b"
_BINARY_MAGIC = {b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or an Office document)",
                 b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image"}
_BOM = b"\xef\xbb\xbf"


def sniff(head: bytes, name: str = "") -> Kind:
    """The kind of source whose first bytes are ``head`` (``name`` only breaks ties)."""
    if head.startswith(_GZIP_MAGIC):
        return "warc" if _gunzipped_head(head).startswith(b"WARC/") else "binary"
    if head.startswith(b"WARC/"):
        return "warc"
    if binary_description(head):
        return "binary"
    start = head[:SNIFF_BYTES].removeprefix(_BOM).lstrip()
    if start.startswith(b"<"):
        if _FEED_ROOT.search(start):
            return "feed"
        if _HTML_TAG.search(start) or name.lower().endswith((".html", ".htm", ".xhtml")):
            return "html"
        return "text"
    if _JSON_OBJECT_START.match(start):
        return "jsonl" if _first_line_is_object(start) else "binary"
    return "text"


def _first_line_is_object(start: bytes) -> bool:
    """JSON Lines has a whole object on its first line; a pretty-printed JSON document does not."""
    line, newline, _ = start.partition(b"\n")
    if not newline and len(start) >= SNIFF_BYTES:
        return True  # a first line longer than the head (an article's HTML): judged line by line later
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def binary_description(head: bytes) -> str | None:
    """What a binary file looks like (a PDF, an image, "it contains NUL bytes"), or None for text."""
    start = head[:SNIFF_BYTES].removeprefix(_BOM).lstrip()
    if _JSON_OBJECT_START.match(start) and not _first_line_is_object(start):
        return "a JSON document, not JSON Lines with one article a line"
    for magic, description in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return description
    if head.startswith(_GZIP_MAGIC) and not _gunzipped_head(head).startswith(b"WARC/"):
        return "a gzip file that is not a WARC archive"
    if head.startswith(_GZIP_MAGIC):
        return None
    return binary_reason(head[:SNIFF_BYTES])


def _gunzipped_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except (zlib.error, gzip.BadGzipFile):
        return b""
