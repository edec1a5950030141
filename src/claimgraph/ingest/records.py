"""Records that already hold text: plain-text files and JSON Lines dumps (``text`` or ``html``
plus optional metadata) → articles.

JSON Lines (compressed or not: ``formats.decompressed``) is read a line at a time, each line capped at
``max_bytes``, by `ingest` and `batch` alike; a record is named by the byte offset of its line
(``dump.jsonl@81920``, into the inflated stream for a compressed file) unless it carries an ``id``.
"""

from __future__ import annotations

import json
import lzma
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import IO, Any

from claimgraph.ingest import IngestedArticle, IngestProblem
from claimgraph.ingest.dates import checked_date
from claimgraph.ingest.formats import DEFAULT_MAX_BYTES, READ_BLOCK
from claimgraph.ingest.language import guessed_language
from claimgraph.ingest.pages import extract_page
from claimgraph.reading import InputError, decode

#: JSON Lines fields we read, each with the names dumps commonly use for it (first wins).
FIELDS = {
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "published": ("published", "date", "published_at", "pubdate"),
    "outlet": ("outlet", "site", "sitename", "source"),
    "author": ("author", "byline"),
    "language": ("language", "lang"),
}
_STREAM_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError)


def read_text(data: bytes, origin: str) -> IngestedArticle | IngestProblem:
    """A plain-text (or Markdown) article."""
    try:
        text = decode(data, origin, language=False).text.lstrip("\ufeff")
    except InputError as exc:
        return IngestProblem(origin, str(exc).removeprefix(f"{origin}: "))
    return IngestedArticle(origin, text, language=guessed_language(text))


def read_jsonl(lines: IO[bytes], origin: str, *, max_bytes: int = DEFAULT_MAX_BYTES, start: int = 0,
               end: int | None = None) -> Iterator[IngestedArticle | IngestProblem]:
    """One article a line: ``text`` (plain) or ``html`` (a page), with optional metadata fields; the lines
    that start in bytes [start, end) of ``lines``. A damaged compressed stream ends with a problem."""
    count = 0
    try:
        for offset, line in _lines(lines, max_bytes, start, end):
            if line is None:
                yield IngestProblem(f"{origin}@{offset}", f"a line of more than {max_bytes / 1e6:g} MB "
                                                          "(cap --max-bytes): skipped", skipped=True)
            elif line.strip():
                count += 1
                yield read_record(line, f"{origin}@{offset}")
    except _STREAM_ERRORS as exc:
        yield IngestProblem(origin, f"the file is damaged after {count} record(s) ({type(exc).__name__}: {exc}); "
                                    "the records before it were read")


def _lines(fp: IO[bytes], max_bytes: int, start: int, end: int | None) -> Iterator[tuple[int, bytes | None]]:
    """Each line's offset and bytes (None: longer than ``max_bytes``, skipped a block at a time)."""
    position = start
    if start:  # the line cut by the range's start belongs to the range before
        fp.seek(start - 1)
        position += 0 if fp.read(1) == b"\n" else _skip_line(fp)
    while end is None or position < end:
        line = fp.readline(max_bytes + 1)
        if not line:
            return
        offset = position
        position += len(line)
        if len(line) > max_bytes and not line.endswith(b"\n"):
            position += _skip_line(fp)
            yield offset, None
        else:
            yield offset, line


def _skip_line(fp: IO[bytes]) -> int:
    """Read past the rest of a line, a block at a time; the bytes skipped."""
    skipped = 0
    while piece := fp.readline(READ_BLOCK):
        skipped += len(piece)
        if piece.endswith(b"\n"):
            break
    return skipped


def read_record(line: bytes, origin: str) -> IngestedArticle | IngestProblem:
    """One JSON Lines record, named ``origin`` unless it carries an ``id``."""
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return IngestProblem(origin, f"not UTF-8 (byte {exc.start} of the line: {exc.reason}); "
                                     "each line must be one JSON object in UTF-8 (save the file as UTF-8)")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return IngestProblem(origin, f"not a JSON object ({exc}); each line must be one JSON object")
    except RecursionError:
        return IngestProblem(origin, "not a JSON object (nested too deeply to read); each line must be one JSON object")
    if not isinstance(record, dict):
        return IngestProblem(origin, "not a JSON object; each line must be one JSON object")
    return _article(record, origin)


def read_index(lines: Iterable[bytes]) -> dict[str, dict[str, str]] | None:
    """A folder's metadata index (``index.jsonl``): each record an ``id`` naming a file of the folder
    (its name, or its name without the extension) and that file's metadata, and no text. None when
    the file is not one (a record with text or html, no id, or a line that is no JSON object): it is
    then read as articles, like any JSON Lines file."""
    found: dict[str, dict[str, str]] = {}
    for line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            return None
        if not isinstance(record, dict) or record.get("text") or record.get("html"):
            return None
        record_id = record.get("id")
        if not isinstance(record_id, (str, int)) or not str(record_id).strip():
            return None
        found[str(record_id).strip()] = {name: value for name, value in _metadata(record).items() if value}
    return found


def metadata_for(index: dict[str, dict[str, str]], file_name: str) -> dict[str, str] | None:
    """What an index says of a file, named with or without its extension."""
    return index.get(file_name, index.get(os.path.splitext(file_name)[0]))


def with_metadata(article: IngestedArticle, meta: dict[str, str]) -> IngestedArticle:
    """The article with what an index says of it, where the article itself says nothing."""
    published, note = (article.published, None) if article.published else checked_date(meta.get("published"))
    return replace(article, title=article.title or meta.get("title"), url=article.url or meta.get("url"),
                   published=published, outlet=article.outlet or meta.get("outlet"),
                   author=article.author or meta.get("author"), language=article.language or meta.get("language"),
                   notes=article.notes + ((note,) if note else ()))


def _article(record: dict[str, Any], origin: str) -> IngestedArticle | IngestProblem:
    record_id = record.get("id")
    if isinstance(record_id, (str, int)) and str(record_id).strip():
        origin = str(record_id).strip()  # the dump's own id names the article ("dump.jsonl@81920" otherwise)
    meta = _metadata(record)
    meta["published"], note = checked_date(meta["published"])
    notes = (note,) if note else ()
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        language = meta.pop("language") or guessed_language(text)
        return IngestedArticle(origin, text, language=language, notes=notes, **meta)
    if isinstance(html, str) and html.strip():
        page = extract_page(html, origin, url=meta["url"])
        if isinstance(page, IngestProblem):
            return page
        found = {name: getattr(page, name) for name in FIELDS}
        return IngestedArticle(origin, page.text, notes=notes + page.notes,
                               **{name: meta[name] or found[name] for name in FIELDS})
    return IngestProblem(origin, "has neither a 'text' nor an 'html' field (a non-empty string); skipped")


def _metadata(record: dict[str, Any]) -> dict[str, str | None]:
    """A record's metadata fields (its date as given: ``dates.checked_date`` judges it where it is used)."""
    return {name: _first(record, keys) for name, keys in FIELDS.items()}


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
