"""Adding an article: one transaction that stores it once, links its syndicated copies, and
replaces its claims when it is extracted again."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Literal

from claimgraph.ingest import IngestedArticle
from claimgraph.models import Claim, Document
from claimgraph.store.keys import content_hash, normalise_url
from claimgraph.store.rows import claim_values
from claimgraph.store.schema import StoreError

if TYPE_CHECKING:
    from claimgraph.store import syndication

AddStatus = Literal["new", "duplicate", "updated"]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What ``Store.add`` did: the article's id, and the earliest stored article of its story, if another."""

    doc_id: int
    status: AddStatus
    syndicated_with: int | None


def article_url(article: IngestedArticle) -> str | None:
    """The article's URL: its canonical URL, else its origin when that is a web address."""
    if article.url:
        return article.url
    return article.origin if article.origin.lower().startswith(("http://", "https://")) else None


def find(conn: sqlite3.Connection, url: str | None, text: str, text_key: str | None = None) -> sqlite3.Row | None:
    """The stored article with this URL (normalised), else with the same normalised text
    (``text_key``: its ``content_hash`` when the caller has it already)."""
    key = normalise_url(url)
    if key is not None:
        row = conn.execute("SELECT id, extractor_version, syndicated_with FROM documents WHERE url_key = ?",
                           (key,)).fetchone()
        if row is not None:
            return row
    return conn.execute("SELECT id, extractor_version, syndicated_with FROM documents WHERE content_hash = ?",
                        (text_key or content_hash(text),)).fetchone()


def add(conn: sqlite3.Connection, article: IngestedArticle, document: Document, *, version: str,
        reextract: bool = False) -> AddResult:
    """Store an article and its claims in one transaction (the caller holds it)."""
    if document.text != article.text:
        raise StoreError(f"{article.origin}: the document's text differs from the article's, so its claims' "
                         "offsets would point into the wrong text; extract from article.text as it is")
    url = article_url(article)
    text_key = content_hash(article.text)
    existing = find(conn, url, article.text, text_key)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    if existing is not None:
        if existing["extractor_version"] == version and not reextract:
            return AddResult(existing["id"], "duplicate", existing["syndicated_with"])
        _update(conn, existing["id"], article, document, url, version, now)
        return AddResult(existing["id"], "updated", existing["syndicated_with"])
    from claimgraph.store import syndication  # (numpy) imported where articles are written, not by reads

    sig = syndication.signature(article.text)
    buckets = syndication.bands(sig) if sig is not None else []
    root = _syndication_root(conn, sig, buckets) if sig is not None else None
    doc_id = conn.execute(
        "INSERT INTO documents (name, origin, url, url_key, content_hash, title, outlet, author, published, "
        "language, text, extractor_version, extraction_error, claim_count, syndicated_with, "
        "ingested_at, extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (document.id, article.origin, url, normalise_url(url), text_key, article.title,
         article.outlet, article.author, article.published, article.language, article.text, version,
         document.error, len(document.claims), root, now, now)).lastrowid
    assert doc_id is not None
    _index_story(conn, doc_id, sig, buckets)
    _insert_claims(conn, doc_id, document, article.published)
    return AddResult(doc_id, "new", root)


def _syndication_root(conn: sqlite3.Connection, sig: syndication.Signature,
                      buckets: list[tuple[int, int]]) -> int | None:
    """The earliest stored article of the story this signature's article (with these bands) belongs to, if any."""
    from claimgraph.store import syndication
    placeholders = ", ".join("(?, ?)" for _ in buckets)
    # The bands drive the join: each is one primary-key lookup. (A row-value ``IN (VALUES …)`` made
    # SQLite scan every document instead, a cost that grew with the store.)
    candidates = conn.execute(
        f"SELECT DISTINCT d.id, d.minhash, coalesce(d.syndicated_with, d.id) FROM (VALUES {placeholders}) AS v "
        "JOIN document_bands AS b ON b.band = v.column1 AND b.bucket = v.column2 "
        "JOIN documents AS d ON d.id = b.document_id",
        [value for pair in buckets for value in pair]).fetchall()
    similar = [root for _, blob, root in candidates if syndication.is_same_story(sig, syndication.from_blob(blob))]
    return min(similar) if similar else None


def _index_story(conn: sqlite3.Connection, doc_id: int, sig: syndication.Signature | None,
                 buckets: list[tuple[int, int]] | None = None) -> None:
    """Keep the article's signature and LSH bands, so that later copies of its story find it."""
    from claimgraph.store import syndication
    conn.execute("DELETE FROM document_bands WHERE document_id = ?", (doc_id,))
    conn.execute("UPDATE documents SET minhash = ? WHERE id = ?",
                 (syndication.to_blob(sig) if sig is not None else None, doc_id))
    if sig is not None:
        conn.executemany("INSERT INTO document_bands (band, bucket, document_id) VALUES (?, ?, ?)",
                         [(band, bucket, doc_id) for band, bucket in buckets or syndication.bands(sig)])


def _update(conn: sqlite3.Connection, doc_id: int, article: IngestedArticle, document: Document,
            url: str | None, version: str, now: str) -> None:
    """Replace an article's claims (and its text and metadata, with what the new read knows)."""
    from claimgraph.store import syndication
    conn.execute("DELETE FROM claims WHERE document_id = ?", (doc_id,))  # cascades to sources and mentions
    try:
        conn.execute(
            "UPDATE documents SET name = ?, text = ?, content_hash = ?, url = coalesce(?, url), "
            "url_key = coalesce(?, url_key), title = coalesce(?, title), outlet = coalesce(?, outlet), "
            "author = coalesce(?, author), published = coalesce(?, published), "
            "language = coalesce(?, language), extractor_version = ?, extraction_error = ?, claim_count = ?, "
            "extracted_at = ? WHERE id = ?",
            (document.id, article.text, content_hash(article.text), url, normalise_url(url), article.title,
             article.outlet, article.author, article.published, article.language, version, document.error,
             len(document.claims), now, doc_id))
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"{article.origin}: its new text or URL is already stored as another article "
                         f"({exc}); remove one of the two copies from the input") from exc
    _index_story(conn, doc_id, syndication.signature(article.text))
    published = conn.execute("SELECT published FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    _insert_claims(conn, doc_id, document, published)


def _insert_claims(conn: sqlite3.Connection, doc_id: int, document: Document, published: str | None) -> None:
    """The document's claims, their chains and mentions: three ``executemany`` calls.

    Claim ids are given, not taken from ``lastrowid`` one row at a time: the caller holds the write
    transaction (``BEGIN IMMEDIATE``). They follow the highest id ever given (``last_claim_id``), not
    the highest stored: a re-extracted article's claims never take back the ids of the claims they replace.
    """
    if not document.claims:
        return
    names = _Names(conn)
    first_id = conn.execute("SELECT max((SELECT coalesce(max(id), 0) FROM claims), value) + 1 FROM store_state "
                            "WHERE key = 'last_claim_id'").fetchone()[0]
    conn.execute("UPDATE store_state SET value = ? WHERE key = 'last_claim_id'", (first_id + len(document.claims) - 1,))
    claims: list[tuple[object, ...]] = []
    links: list[tuple[object, ...]] = []
    mentions: list[tuple[object, ...]] = []
    for position, claim in enumerate(document.claims):
        claim_id = first_id + position
        values = claim_values(claim, published)
        values.update(id=claim_id, document_id=doc_id, position=position,
                      subject_id=names.entity(claim.subject.name, None) if claim.subject else None)
        claims.append(tuple(values.values()))
        _links(names, doc_id, claim_id, claim, document.text, links, mentions)
    columns = ", ".join(f'"{name}"' for name in values)
    conn.executemany(f"INSERT INTO claims ({columns}) VALUES ({', '.join('?' * len(values))})", claims)
    conn.executemany('INSERT INTO claim_sources (claim_id, position, source_id, mention, start, "end") '
                     "VALUES (?, ?, ?, ?, ?, ?)", links)
    conn.executemany('INSERT INTO mentions (entity_id, document_id, claim_id, role, text, start, "end") '
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", mentions)


def _links(names: _Names, doc_id: int, claim_id: int, claim: Claim, text: str,
           links: list[tuple[object, ...]], mentions: list[tuple[object, ...]]) -> None:
    """The claim's chain (claim_sources rows) and its subject and sources as entity mentions."""
    if claim.subject is not None:
        subject = claim.subject
        mentions.append((names.entity(subject.name, subject.kind), doc_id, claim_id, "subject",
                         text[subject.start:subject.end] or subject.name, subject.start, subject.end))
    for position, source in enumerate(claim.sources):
        links.append((claim_id, position, names.source(source.name, source.kind), source.mention,
                      source.start, source.end))
        mentions.append((names.entity(source.name, source.kind), doc_id, claim_id, "source", source.mention,
                         source.start, source.end))


class _Names:
    """Ids of sources and entities, inserted on first sight (one add's cache: a rollback forgets them)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.sources: dict[tuple[str, str], int] = {}
        self.entities: dict[str, tuple[int, bool]] = {}  # name → (id, whether a kind was given for it)

    def source(self, name: str, kind: str) -> int:
        if (name, kind) not in self.sources:
            self.sources[name, kind] = self.conn.execute(
                "INSERT INTO sources (name, kind) VALUES (?, ?) ON CONFLICT (name, kind) DO UPDATE SET "
                "name = excluded.name RETURNING id", (name, kind)).fetchone()[0]
        return self.sources[name, kind]

    def entity(self, name: str, kind: str | None) -> int:
        """The entity's id; its kind is recorded once known (the first kind given wins, as in the table)."""
        known = self.entities.get(name)
        if known is None or (kind is not None and not known[1]):
            entity_id = self.conn.execute(
                "INSERT INTO entities (name, kind) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET "
                "kind = coalesce(entities.kind, excluded.kind) RETURNING id", (name, kind)).fetchone()[0]
            known = self.entities[name] = (entity_id, kind is not None)
        return known[0]
