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
from typing import TYPE_CHECKING, Any

import claimgraph
from claimgraph.ingest import IngestedArticle
from claimgraph.models import Document
from claimgraph.store import queries, resolution, tracking, writer
from claimgraph.store.schema import StoreError, migrate
from claimgraph.store.writer import AddResult

if TYPE_CHECKING:
    from claimgraph.track import Correction, Measure

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
               has_number: bool = False, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        about_ids = resolution.entity_ids(self.conn, about) if about else None
        return queries.claims(self.conn, about=about, source=source, modality=modality, since=since,
                              until=until, search=search, has_number=has_number, limit=limit, offset=offset,
                              about_ids=about_ids)

    def sources(self) -> Iterator[dict[str, Any]]:
        return queries.sources(self.conn)

    def entities(self) -> Iterator[dict[str, Any]]:
        return queries.entities(self.conn)

    def document(self, ref: str | int) -> dict[str, Any]:
        return queries.document(self.conn, ref)

    def counts(self) -> dict[str, int]:
        return queries.counts(self.conn)

    # Tracking: entities as actors, measures (see ``resolution`` and ``tracking``)

    def resolved_entities(self) -> list[dict[str, Any]]:
        """Actors: each group of stored entities under one name, with aliases, corrections applied."""
        return resolution.resolved_entities(self.conn)

    def entity(self, name: str) -> resolution.EntityGroup | None:
        """The actor a name or alias stands for (corrections applied), or None."""
        return resolution.resolution(self.conn).find(name)

    def correct_entity(self, kind: str, name: str, other: str) -> resolution.EntityGroup:
        """Record ``merge`` (other becomes an alias of name), ``split`` (alias other gets its own
        entity) or ``rename`` (name is shown as other); kept apart from extracted rows."""
        return resolution.add_correction(self.conn, kind, name, other)

    def measure_set(self) -> tracking.MeasureSet:
        """Every measure (corrections applied), largest first, with summaries (see ``tracking.MeasureSet``)."""
        return tracking.MeasureSet(self.conn)

    def measures(self, *, about: str | None = None) -> tuple[tracking.MeasureSet, list[Measure]]:
        """The measure set, and its measures (optionally those about an entity, by any alias)."""
        found = tracking.MeasureSet(self.conn)
        if not about:
            return found, found.measures
        return found, found.about(*self.entity_names(about))

    def entity_names(self, name: str) -> tuple[list[int], set[str]]:
        """The stored entity ids and case-folded names of the actor a name or alias stands for."""
        names = {name.casefold()}
        resolved = resolution.resolution(self.conn)
        group = resolved.find(name)
        if group is not None:
            names |= {group.name.casefold(), *(member.casefold() for _, member, _ in group.members)}
        return resolution.entity_ids(self.conn, name, resolved), names

    def measure_records(self, measures: tracking.MeasureSet, measure: Measure) -> list[dict[str, Any]]:
        """The full claim records of a measure's claims."""
        return list(tracking.quantified_records(self.conn, measures.claim_ids(measure)))

    def measures_records(self, measures: tracking.MeasureSet,
                         chosen: list[Measure]) -> list[tuple[Measure, list[dict[str, Any]]]]:
        """Each chosen measure with its claims' full records, read in one query (an entity's hundreds
        of measures would otherwise cost a query each)."""
        ids = {measure.id: list(measures.claim_ids(measure)) for measure in chosen}
        records = {r["claim_id"]: r for r in tracking.quantified_records(
            self.conn, [claim for claims in ids.values() for claim in claims])}
        return [(measure, [records[c] for c in ids[measure.id] if c in records]) for measure in chosen]

    def correct_measure(self, correction: Correction) -> None:
        """Record a measure correction (by stable ids and claim keys), applied on every later read."""
        tracking.add_correction(self.conn, correction)
