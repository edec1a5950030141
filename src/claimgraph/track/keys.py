"""Stable identity for claims and measures, independent of database row ids.

A claim is known by its article (URL, else origin, else document id), where its number stands
and the number's value, so a user's correction still finds it after re-ingestion or
re-extraction. A measure is known by a hash of its key (subject, concept, family).
"""

from __future__ import annotations

import hashlib

from claimgraph.models import StoredClaim

ClaimKey = tuple[str, int, int, float]


def claim_key(record: StoredClaim) -> ClaimKey:
    """(article, quantity start, quantity end, value): the same claim across extractions."""
    quantity = record.quantity
    if quantity is None:
        return record.article, record.start, record.end, 0.0
    return record.article, quantity.start, quantity.end, float(quantity.value)


def measure_id(*parts: str) -> str:
    """A short stable id for a measure key (the same key gives the same id in every run)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
