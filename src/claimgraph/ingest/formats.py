"""The input formats, in one place: their kinds, how a compressed one is recognised and opened, how
each is read (whole, or record by record), and how much of anything is read at once.

`claimgraph ingest` (``sources``), the web upload (which goes through ``ingest`` as ``-``) and
`claimgraph batch` (``batch.plan``, ``batch.reading``) all decide by this table; the content rules
that tell the kinds apart are in ``sniff``, the readers in ``readers``. The two sizes every reader
shares are defined in ``claimgraph.reading``, the layer below (the `extract` command reads with them).
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import re
from dataclasses import dataclass
from typing import IO, Literal, cast

from claimgraph.reading import MAX_INPUT_BYTES, SNIFF_BYTES

Kind = Literal["html", "feed", "warc", "jsonl", "text", "binary"]
Compression = Literal["gzip", "bz2", "xz"]

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "INDEX_NAMES", "MAX_HEADER_BYTES", "READ_BLOCK", "SNIFF_BYTES",
           "Compression", "Format", "Kind", "compression_of", "decompressed", "is_web_url"]

# The most a page, a text, a feed, an archived page or a JSON Lines record may be (--max-bytes);
# SNIFF_BYTES is how much of a head is looked at, for every sniff. Both are reading.py's (why: there).
DEFAULT_MAX_BYTES = MAX_INPUT_BYTES
# The most a WARC record's header lines (its WARC headers and the recorded HTTP headers, together) may
# be. Servers refuse requests whose headers pass 8-16 kB (Apache, nginx); 1 MB is far beyond any real
# response and keeps a record whose "header" is gigabytes from being read as one line.
MAX_HEADER_BYTES = 1_000_000
# Pieces in which a record's body is read and what is skipped (the rest of an over-long line) is read
# past: that costs a block of memory, whatever its size. 1 MB: few calls for the largest page.
READ_BLOCK = 1 << 20
#: A folder's metadata index: JSON Lines of ``id`` (a file's name, with or without its extension) and
#: metadata, no text. Read for the files it names, not as articles.
INDEX_NAMES = ("index.jsonl", "metadata.jsonl")


@dataclass(frozen=True, slots=True)
class Format:
    """One kind of input: what to call it, how it is read, and the compressions read around it."""

    kind: Kind
    called: str                              # in messages: "a WARC archive"
    streamed: bool                           # read record by record (each record capped), else whole (capped)
    splittable: bool                         # `batch` may split a large uncompressed one by byte range
    compressions: tuple[Compression, ...]    # compressed files of this kind that are read
    inflates_itself: bool = False            # its reader undoes the compression (else it is read through it)


FORMATS: dict[Kind, Format] = {
    # gzip is warcio's to read, a member a record: a .warc.gz is still split by byte range.
    "warc": Format("warc", "a WARC archive", streamed=True, splittable=True, compressions=("gzip",),
                   inflates_itself=True),
    "jsonl": Format("jsonl", "JSON Lines", streamed=True, splittable=True, compressions=("gzip", "bz2", "xz")),
    "html": Format("html", "an HTML page", streamed=False, splittable=False, compressions=()),
    "feed": Format("feed", "an RSS or Atom feed", streamed=False, splittable=False, compressions=()),
    "text": Format("text", "a text", streamed=False, splittable=False, compressions=()),
    "binary": Format("binary", "a binary file", streamed=False, splittable=False, compressions=()),
}
# Each format's magic number (bzip2's with its first block's or its end's signature: "BZh" alone opens words too).
_MAGIC: dict[Compression, re.Pattern[bytes]] = {
    "gzip": re.compile(rb"\x1f\x8b"), "bz2": re.compile(rb"BZh[1-9](1AY&SY|\x17rE8P\x90)"),
    "xz": re.compile(rb"\xfd7zXZ\x00")}
_URL = re.compile(r"(?i:https?)://")


def compression_of(head: bytes) -> Compression | None:
    """The compression a file's first bytes announce, or None."""
    return next((name for name, magic in _MAGIC.items() if magic.match(head)), None)


def decompressed(fp: IO[bytes], compression: Compression | None) -> IO[bytes]:
    """``fp`` read through its decompression. These readers inflate only as much as each read asks
    for (``read(n)``, ``readline(n)``): a small file that inflates to gigabytes costs what is read."""
    if compression == "gzip":
        return cast(IO[bytes], gzip.GzipFile(fileobj=fp, mode="rb"))
    if compression == "bz2":
        return cast(IO[bytes], bz2.BZ2File(fp, "rb"))
    if compression == "xz":
        return cast(IO[bytes], lzma.LZMAFile(fp, "rb"))
    return fp


def is_web_url(source: str) -> bool:
    """Whether a source is an http(s) URL, in any case (``HTTP://``, ``Https://``), not a path."""
    return _URL.match(source) is not None
