"""Stable identity for claims and measures, independent of database row ids.

A claim is known by its article (URL, else origin, else document id), where its number stands
and the number's value, so a user's correction still finds it after re-ingestion or
re-extraction. A measure is known by a hash of its key (subject, concept, family).
"""

from __future__ import annotations

import hashlib
from typing import Any

ClaimKey = tuple[str, int, int, float]


def article_of(record: dict[str, Any]) -> str:
    """The article a record comes from, by its most durable name."""
    return str(record.get("url") or record.get("origin") or record.get("doc_id") or record.get("doc") or "")


def claim_key(record: dict[str, Any]) -> ClaimKey:
    """(article, quantity start, quantity end, value): the same claim across extractions."""
    quantity = record.get("quantity") or {}
    return (article_of(record), int(quantity.get("start", record.get("start", -1))),
            int(quantity.get("end", record.get("end", -1))), float(quantity.get("value", 0.0)))


def measure_id(*parts: str) -> str:
    """A short stable id for a measure key (the same key gives the same id in every run)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
