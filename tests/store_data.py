"""Real corpus articles, extracted once a session, for the store's tests (importable: pytest puts
this folder on sys.path)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import claimgraph
from claimgraph.ingest import IngestedArticle
from claimgraph.models import Document

# A spread over the corpus's collections: White House pages (with URLs), Wikinews, PolNeAR and
# the seed article; every 11th article by id, so the set is small and fixed.
EVERY = 11


@lru_cache(maxsize=2)
def corpus_articles(corpus: Path) -> tuple[tuple[IngestedArticle, Document], ...]:
    """Articles with their index metadata, each with what the real extractor finds in it."""
    rows = [json.loads(line) for line in (corpus / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    chosen = [row for i, row in enumerate(sorted(rows, key=lambda r: r["id"])) if i % EVERY == 0
              or row["id"] == "seed-nk-troops"]
    pairs = []
    for row in chosen:
        path = corpus / f"{row['id']}.txt"
        published = (row["published"] or "")[:10] or None
        article = IngestedArticle(origin=str(path), text=path.read_text(encoding="utf-8"), title=row["title"],
                                  outlet=row["outlet"], published=published, url=row["url"], language="en")
        document = claimgraph.extract(article.text, doc_id=row["id"], published=published, outlet=row["outlet"],
                                      title=row["title"])
        pairs.append((article, document))
    return tuple(pairs)
