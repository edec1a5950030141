"""Stored claims as the store yields them, built from an extracted document without a store."""

from __future__ import annotations

from dataclasses import fields

from claimgraph.models import Claim, Document, StoredClaim

_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


def records(document: Document, *, url: str | None = None, origin: str | None = None,
            syndicated_with: int | None = None) -> list[StoredClaim]:
    """The document's claims with its metadata, as ``Store.claims()`` gives them (``doc_id``: the
    document's id; no row ids, measure or story)."""
    return [StoredClaim(**{name: getattr(claim, name) for name in _CLAIM_FIELDS}, doc_id=document.id,
                        title=document.title, outlet=document.outlet, published=document.published, url=url,
                        origin=origin, syndicated_with=syndicated_with)
            for claim in document.claims]
