"""Claim records as the store yields them, built from an extracted document without a store."""

from __future__ import annotations

from typing import Any

from claimgraph.models import Document


def records(document: Document, *, url: str | None = None, origin: str | None = None,
            syndicated_with: Any = None) -> list[dict[str, Any]]:
    """The document's claims as contract dicts with its metadata (``Store.claims()`` fields)."""
    meta = {"doc_id": document.id, "title": document.title, "outlet": document.outlet,
            "published": document.published, "url": url, "origin": origin, "syndicated_with": syndicated_with}
    return [{**claim.to_dict(), **meta} for claim in document.claims]
