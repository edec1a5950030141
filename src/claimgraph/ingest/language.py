"""Language: the page's own declaration when it makes one, else a cheap check for English.

trafilatura names a language only with py3langid installed and a target language set (it then
drops pages in other languages, which we must not do), so we read what the page declares —
``<html lang>``, ``og:locale``, ``DC.language``, ``Content-Language`` — and otherwise test the
text with the English function-word check that ``claimgraph extract`` uses.
"""

from __future__ import annotations

import re

from claimgraph.ingest import IngestedArticle
from claimgraph.reading import foreign_language_reason

# Declarations sit in the <head>; 64 kB covers the heads of every page in shared/html.
HEAD_CHARS = 65_536
# Below this many words the English check says nothing (reading.py's MIN_WORDS_TO_JUDGE).
MIN_WORDS = 30
_DECLARATIONS = (
    re.compile(r"<html\b[^>]*?\s(?:xml:)?lang\s*=\s*[\"']?([a-zA-Z]{2,3})\b", re.IGNORECASE),
    re.compile(r"<meta\b[^>]*?(?:og:locale|dc\.language|content-language)[\"'][^>]*?content\s*=\s*[\"']?([a-zA-Z]{2,3})\b",
               re.IGNORECASE),
    re.compile(r"<meta\b[^>]*?content\s*=\s*[\"']?([a-zA-Z]{2,3})[-_\"'][^>]*?(?:og:locale|dc\.language|content-language)\b",
               re.IGNORECASE),
)
_WORD = re.compile(r"[^\W\d_]+")
GUESS_CHARS = 3000


def declared_language(html: str) -> str | None:
    """The ISO 639-1 code an HTML page declares for itself, or None."""
    head = html[:HEAD_CHARS]
    for pattern in _DECLARATIONS:
        if match := pattern.search(head):
            return match.group(1).lower()
    return None


def guessed_language(text: str) -> str | None:
    """"en" when the text's start reads as English, else None (unknown: too short, or another language).
    The first 3,000 characters (about 500 words) decide as the whole text does on every corpus article
    and recorded page, in 60% of the time."""
    head = text[:GUESS_CHARS]
    if len(_WORD.findall(head)) < MIN_WORDS or foreign_language_reason(head):
        return None
    return "en"


# The rules read English: an article in another language is stored, without claims read off it
# (on a French page they would be fragments of French taken for subjects and sources).
NOT_READ = "stored without claims (claimgraph reads claims in English text only)"


def language_warning(article: IngestedArticle) -> str | None:
    """A warning for an article that is not in English (it is still stored), naming the article."""
    if article.language is not None:
        if article.language == "en":
            return None
        return f"{article.origin}: language {article.language!r}; {NOT_READ}"
    if reason := foreign_language_reason(article.text):
        return f"{article.origin}: text does not look like English ({reason}); {NOT_READ}"
    return None
