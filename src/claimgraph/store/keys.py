"""What makes two articles the same article: a normalised URL, or the hash of normalised text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SPACE = re.compile(r"\s+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_url(url: str | None) -> str | None:
    """A URL as a key: scheme and host lowercased, default port, fragment, utm_* parameters and
    the trailing slash dropped. Returns None for an empty or blank URL.

    >>> normalise_url("HTTPS://Example.COM:443/News/Story/?utm_source=x&id=3#top")
    'https://example.com/News/Story?id=3'
    """
    if url is None or not url.strip():
        return None
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port is not None and _DEFAULT_PORTS.get(scheme) != parts.port:
        host = f"{host}:{parts.port}"
    if parts.username or parts.password:
        host = f"{parts.username or ''}{':' + parts.password if parts.password else ''}@{host}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith("utm_")])
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, host, path, query, ""))


def normalise_text(text: str) -> str:
    """NFKC, whitespace collapsed to single spaces, stripped, case folded."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


@lru_cache(maxsize=16)  # an ingest asks for an article's hash twice: is it known, then in its add
def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: the same article with other whitespace or case has the same hash."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
