"""Which reader reads what, for `ingest` and `batch` alike: archives and JSON Lines record by record
(through their compression), the problems for what is not read, and a guard so that a reader that
fails midway costs only what it had left to read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

from claimgraph.ingest import IngestedArticle, IngestProblem
from claimgraph.ingest.formats import FORMATS, decompressed
from claimgraph.ingest.pages import extract_page
from claimgraph.ingest.records import read_jsonl
from claimgraph.ingest.sniff import Sniffed
from claimgraph.ingest.warc import WarcPage, read_warc

_Item = TypeVar("_Item")


def read_streamed(sniffed: Sniffed, fp: IO[bytes], origin: str, max_bytes: int, *, start: int = 0,
                  end: int | None = None) -> Iterator[WarcPage | IngestedArticle | IngestProblem]:
    """The records of an archive or a JSON Lines file open in ``fp`` (those starting in bytes [start, end)
    of an uncompressed one), each capped at ``max_bytes``."""
    if sniffed.kind == "warc":
        fp.seek(start)
        yield from read_warc(fp, origin, max_bytes, end)
    elif sniffed.kind == "jsonl":
        yield from read_jsonl(decompressed(fp, sniffed.compression), origin, max_bytes=max_bytes, start=start, end=end)
    else:
        raise ValueError(f"{FORMATS[sniffed.kind].called} is read whole, not record by record")


def guarded(items: Iterable[_Item], origin: str) -> Iterator[_Item | IngestProblem]:
    """``items``, then, if reading them raised, a problem naming ``origin`` and the error: what was read
    before it stands, and the sources after it are read."""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except Exception as exc:  # noqa: BLE001 - any failure of a reader on hostile input is this input's problem
        yield IngestProblem(origin, f"reading stopped after {count} item(s) ({type(exc).__name__}: {exc}); "
                                    "what came before was read")


def page_article(data: bytes | str, origin: str, *, url: str | None = None,
                 charset: str | None = None) -> IngestedArticle | IngestProblem:
    """The article in a page (``pages.extract_page``); a page its parsers fail on is that page's problem."""
    try:
        return extract_page(data, origin, url=url, charset=charset)
    except Exception as exc:  # noqa: BLE001 - a parser failing on a hostile page fails that page, not the run
        return IngestProblem(origin, f"the page could not be read ({type(exc).__name__}: {exc}); skipped")


def not_read(sniffed: Sniffed, origin: str, readable: str) -> IngestProblem:
    """The skip of a binary file: what it looks like, and what would have been read (``readable``)."""
    return IngestProblem(origin, f"not {readable} ({sniffed.looks_like}); skipped", skipped=True)


def too_large(origin: str, max_bytes: int) -> IngestProblem:
    """The skip of a file read whole that is over the cap."""
    return IngestProblem(origin, f"over {max_bytes / 1e6:g} MB (cap --max-bytes); split it into one file per article",
                         skipped=True)
