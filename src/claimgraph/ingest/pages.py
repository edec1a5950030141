"""Pages: an HTML page's bytes → its main text and metadata (with trafilatura), or why not.

Decoding comes first and is ours: the charset the server sent, else the page's ``<meta charset>``,
else UTF-8, else reading.py's legacy-encoding check (windows-1251 for Cyrillic, else
windows-1252). A declared charset that is no text encoding (unknown, or a codec such as hex, rot13,
base64 or zlib) is passed over as if undeclared. trafilatura's own guess reads a latin-1 French page without a charset as
windows-1251 ("jusqu'ŕ"), so it is given text, not bytes.

trafilatura runs in fast mode first (no fallback extractors, no comparison with them): a third
less time a page. On the recorded pages in shared/html it finds the same titles, sites, authors,
dates and URLs as the default mode, and a main text as close to Readability's as plain
``trafilatura.extract`` (word F1 equal on 15 of 17 pages, higher on 2; tests/test_ingest_metadata.py
keeps it so). Only when it finds too little for an article does the default mode, fallbacks and
all, get a second try (a bare fragment, such as a feed entry's content, is where they help).
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import trafilatura

from claimgraph.ingest import IngestedArticle, IngestProblem
from claimgraph.ingest.dates import checked_date
from claimgraph.ingest.formats import SNIFF_BYTES
from claimgraph.ingest.language import declared_language, guessed_language
from claimgraph.reading import InputError, decode

# Less main text than this is not an article: an index page, a paywall teaser, an error page.
# The shortest article among the recorded pages in shared/html has 1,499 characters (msn);
# a paywall's teaser paragraph is 200–400. Calibrated against those pages.
MIN_ARTICLE_CHARS = 500
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def decode_html(data: bytes, origin: str, charset: str | None = None) -> str:
    """The page's text, decoded by the server's charset, the page's <meta charset>, or by sniffing."""
    for declared in (charset, _meta_charset(data)):
        if declared and (text := _decoded(data, declared)) is not None:
            return text
    return decode(data, origin, language=False).text


def extract_page(data: bytes | str, origin: str, *, url: str | None = None,
                 charset: str | None = None) -> IngestedArticle | IngestProblem:
    """The article in an HTML page, with its metadata; a skip when the page has no article text."""
    try:
        html = data if isinstance(data, str) else decode_html(data, origin, charset)
    except InputError as exc:
        return IngestProblem(origin, str(exc).removeprefix(f"{origin}: "))
    meta = _trafilatura(html, url, fast=True)
    text = (meta.get("text") or "").strip()
    if len(text) < MIN_ARTICLE_CHARS:  # too little for an article: let the fallback extractors try
        meta = _trafilatura(html, url, fast=False)
        text = (meta.get("text") or "").strip()
    if len(text) < MIN_ARTICLE_CHARS:
        return IngestProblem(origin, "no article text found (an index page, a paywall or an empty page); skipped",
                             skipped=True)
    published, note = checked_date(meta.get("date"))
    return IngestedArticle(
        origin=origin, text=text, title=meta.get("title") or None, outlet=meta.get("sitename") or None,
        author=meta.get("author") or None, published=published, url=meta.get("url") or url,
        language=meta.get("language") or declared_language(html) or guessed_language(text),
        notes=(note,) if note else ())


def _trafilatura(html: str, url: str | None, *, fast: bool) -> dict[str, Any]:
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, fast=fast)
    return {} if found is None else found if isinstance(found, dict) else found.as_dict()


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    return match.group(1).decode("ascii", errors="replace") if match else None


def _decoded(data: bytes, charset: str) -> str | None:
    """``data`` decoded by a declared charset; None when the name is no text encoding Python knows (a
    typo, or a bytes-to-bytes codec: ``codecs.lookup`` finds hex, rot13, base64, zlib, bz2, uu, quopri)
    or one that cannot decode it (idna, undefined)."""
    try:
        if not getattr(codecs.lookup(charset), "_is_text_encoding", True):
            return None
        return data.decode(charset, errors="replace")
    except (LookupError, ValueError, TypeError, UnicodeError):
        return None
