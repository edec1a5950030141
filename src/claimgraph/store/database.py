"""``Store``: one SQLite file (WAL, foreign keys on) opened, migrated, written and queried.

    with Store("claimgraph.db") as store:
        if store.known(article.url, article.text) is None:
            result = store.add(article, document)   # AddResult(doc_id, status, syndicated_with)

Every ``add`` is one ``BEGIN IMMEDIATE … COMMIT`` transaction: a process killed at any moment
leaves the article either wholly stored or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import claimgraph
from claimgraph.ingest import IngestedArticle
from claimgraph.models import Document
from claimgraph.store import queries, writer
from claimgraph.store.schema import StoreError, migrate
from claimgraph.store.writer import AddResult

# How long a writer waits for another process's transaction before giving up (seconds).
BUSY_TIMEOUT = 30.0


class StoreMissing(StoreError):
    """A read command was pointed at a store that does not exist."""


class Store:
    """The claim store in one SQLite file; created with its schema on first use unless ``create=False``."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise StoreMissing(f"no store at {self.path}; run `claimgraph ingest …` first or pass --db")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}; check that its folder exists "
                             "and is writable, or pass another --db") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, never corrupt
            queries.register_functions(self.conn)
            migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path} is not a claimgraph store ({exc}); pass another --db") from exc
        except StoreError:
            self.conn.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # Writing

    def known(self, url: str | None, text: str) -> int | None:
        """The id of a stored article with this URL (normalised) or the same normalised text."""
        row = writer.find(self.conn, url, text)
        return None if row is None else int(row["id"])

    def add(self, article: IngestedArticle, document: Document, *, reextract: bool = False) -> AddResult:
        """Store an article with its claims, once. An article stored by an older extractor (or any,
        with ``reextract``) has its claims replaced: status "updated"."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            result = writer.add(self.conn, article, document, version=claimgraph.__version__, reextract=reextract)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        return result

    # Reading

    def claims(self, *, about: str | None = None, source: str | None = None, modality: str | None = None,
               since: str | None = None, until: str | None = None, search: str | None = None,
               limit: int | None = None) -> Iterator[dict[str, Any]]:
        return queries.claims(self.conn, about=about, source=source, modality=modality, since=since,
                              until=until, search=search, limit=limit)

    def sources(self) -> Iterator[dict[str, Any]]:
        return queries.sources(self.conn)

    def entities(self) -> Iterator[dict[str, Any]]:
        return queries.entities(self.conn)

    def document(self, ref: str | int) -> dict[str, Any]:
        return queries.document(self.conn, ref)

    def counts(self) -> dict[str, int]:
        return queries.counts(self.conn)
