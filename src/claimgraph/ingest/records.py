"""Records that already hold text: plain-text files and JSON Lines dumps (``text`` or ``html``
plus optional metadata) → articles.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import IO, Any

from claimgraph.ingest import IngestedArticle, IngestProblem
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
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?(?!\d)")  # a day, a month ("2024-11") or a year


def read_text(data: bytes, origin: str) -> IngestedArticle | IngestProblem:
    """A plain-text (or Markdown) article."""
    try:
        text = decode(data, origin, language=False).text.lstrip("\ufeff")
    except InputError as exc:
        return IngestProblem(origin, str(exc).removeprefix(f"{origin}: "))
    return IngestedArticle(origin, text, language=guessed_language(text))


def read_jsonl(lines: IO[bytes], origin: str) -> Iterator[IngestedArticle | IngestProblem]:
    """One article a line: ``text`` (plain) or ``html`` (a page), with optional metadata fields."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield read_record(line, f"{origin}:{number}")


def read_record(line: bytes, origin: str) -> IngestedArticle | IngestProblem:
    """One JSON Lines record, named ``origin`` unless it carries an ``id``."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return IngestProblem(origin, f"not a JSON object ({exc}); each line must be one JSON object")
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
        except (json.JSONDecodeError, UnicodeDecodeError):
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
    return replace(article, title=article.title or meta.get("title"), url=article.url or meta.get("url"),
                   published=article.published or meta.get("published"), outlet=article.outlet or meta.get("outlet"),
                   author=article.author or meta.get("author"), language=article.language or meta.get("language"))


def _article(record: dict[str, Any], origin: str) -> IngestedArticle | IngestProblem:
    record_id = record.get("id")
    if isinstance(record_id, (str, int)) and str(record_id).strip():
        origin = str(record_id).strip()  # the dump's own id names the article ("dump.jsonl:3" otherwise)
    meta = _metadata(record)
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        language = meta.pop("language") or guessed_language(text)
        return IngestedArticle(origin, text, language=language, **meta)
    if isinstance(html, str) and html.strip():
        page = extract_page(html, origin, url=meta["url"])
        if isinstance(page, IngestProblem):
            return page
        found = {name: getattr(page, name) for name in FIELDS}
        return IngestedArticle(origin, page.text, **{name: meta[name] or found[name] for name in FIELDS})
    return IngestProblem(origin, "has neither a 'text' nor an 'html' field (a non-empty string); skipped")


def _metadata(record: dict[str, Any]) -> dict[str, str | None]:
    """A record's metadata fields, its date cut to a day, a month or a year (None when it is none)."""
    meta = {name: _first(record, keys) for name, keys in FIELDS.items()}
    if meta["published"]:
        match = _ISO_DATE.match(meta["published"])
        meta["published"] = match.group() if match else None
    return meta


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
