"""An article with its document ↔ rows of the three tables a batch writes, in the store's columns.

- ``documents``: the store's ``documents`` columns that extraction decides (``id`` is the task's place
  in the plan, times 2**32, plus the article's place in the task: unique across the batch, and the same
  when a task is run again); ``syndicated_with``,
  ``minhash`` and ``ingested_at`` are the store's to set when the batch is loaded.
- ``claims``: the store's ``claims`` columns, with the subject's name in ``subject`` (the store keeps
  an entity id), ``document_id`` pointing into ``documents.id`` and ``id`` made as the documents' are.
- ``sources``: the store's ``claim_sources`` rows joined with ``sources`` (``name``, ``kind``), with
  ``document_id`` beside ``claim_id``; ``position`` 0 is the original claimant.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pyarrow as pa

import claimgraph
from claimgraph.ingest import IngestedArticle
from claimgraph.ingest.dates import valid_month
from claimgraph.models import Claim, Document
from claimgraph.store.keys import content_hash, normalise_url
from claimgraph.store.rows import claim_fields, claim_values
from claimgraph.store.writer import article_url

_S, _I, _F = pa.string(), pa.int64(), pa.float64()
SCHEMAS = {
    "documents": pa.schema([
        ("id", _I), ("name", _S), ("origin", _S), ("url", _S), ("url_key", _S), ("content_hash", _S),
        ("title", _S), ("outlet", _S), ("author", _S), ("published", _S), ("language", _S), ("text", _S),
        ("extractor_version", _S), ("extraction_error", _S), ("claim_count", _I), ("extracted_at", _S)]),
    "claims": pa.schema([
        ("id", _I), ("document_id", _I), ("position", _I), ("text", _S), ("start", _I), ("end", _I),
        ("modality", _S), ("quantity_value", _F), ("quantity_low", _F), ("quantity_high", _F),
        ("quantity_bound", _S), ("quantity_unit", _S), ("quantity_start", _I), ("quantity_end", _I),
        ("subject", _S), ("subject_start", _I), ("subject_end", _I), ("cue_text", _S), ("cue_start", _I),
        ("cue_end", _I), ("time_text", _S), ("time_value", _S), ("time_start", _I), ("time_end", _I),
        ("date_start", _S), ("date_end", _S), ("predicate", _S)]),
    "sources": pa.schema([
        ("claim_id", _I), ("document_id", _I), ("position", _I), ("name", _S), ("kind", _S),
        ("mention", _S), ("start", _I), ("end", _I)]),
}
TABLES = tuple(SCHEMAS)
UNKNOWN_MONTH = "unknown"
Rows = dict[str, list[dict[str, Any]]]


def month(published: str | None) -> str:
    """The partition of an article: its publication month (YYYY-MM, a month that exists, within
    ``dates``' bounds), or ``unknown``: never ``month=2024-13``."""
    return valid_month(published) or UNKNOWN_MONTH


def first_id(task_index: int) -> int:
    """The first row id of a task's rows (documents and claims are numbered apart, as in the store)."""
    return task_index << 32


def rows(article: IngestedArticle, document: Document, doc_id: int, first_claim_id: int) -> Rows:
    """The rows of one extracted article, by table; its claims are numbered from ``first_claim_id``."""
    url = article_url(article)
    out: Rows = {"documents": [{
        "id": doc_id, "name": document.id, "origin": article.origin, "url": url, "url_key": normalise_url(url),
        "content_hash": content_hash(article.text), "title": article.title, "outlet": article.outlet,
        "author": article.author, "published": article.published, "language": article.language,
        "text": article.text, "extractor_version": document.extractor or claimgraph.__version__,
        "extraction_error": document.error, "claim_count": len(document.claims),
        "extracted_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}], "claims": [], "sources": []}
    for position, claim in enumerate(document.claims):
        claim_id = first_claim_id + position
        out["claims"].append({"id": claim_id, "document_id": doc_id, "position": position,
                              "subject": claim.subject.name if claim.subject else None,
                              **claim_values(claim, article.published)})
        out["sources"].extend({"claim_id": claim_id, "document_id": doc_id, "position": i, "name": s.name,
                               "kind": s.kind, "mention": s.mention, "start": s.start, "end": s.end}
                              for i, s in enumerate(claim.sources))
    return out


def articles(documents: pa.Table, claims: pa.Table, sources: pa.Table) -> Iterator[tuple[IngestedArticle, Document]]:
    """The articles and documents that ``rows`` wrote, rebuilt from a task's three tables."""
    chains: dict[int, list[list[Any]]] = {}
    for link in sources.to_pylist():
        chains.setdefault(link["claim_id"], []).append(
            [link["position"], link["name"], link["mention"], link["kind"], link["start"], link["end"]])
    by_document: dict[int, list[dict[str, Any]]] = {}
    for claim in sorted(claims.to_pylist(), key=lambda c: c["position"]):
        by_document.setdefault(claim["document_id"], []).append(claim)
    for doc in documents.to_pylist():
        found = tuple(Claim(doc["name"], **claim_fields(claim, claim["subject"], chains.get(claim["id"], [])))
                      for claim in by_document.get(doc["id"], []))
        article = IngestedArticle(doc["origin"], doc["text"], title=doc["title"], outlet=doc["outlet"],
                                  author=doc["author"], published=doc["published"], url=doc["url"],
                                  language=doc["language"])
        yield article, Document(doc["name"], doc["text"], found, published=doc["published"], outlet=doc["outlet"],
                                title=doc["title"], error=doc["extraction_error"], extractor=doc["extractor_version"] or "")
