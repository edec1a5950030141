"""``Store``: one SQLite file (WAL, foreign keys on) opened, migrated, written and queried.

    with Store("claimgraph.db") as store:
        if store.known(article.url, article.text) is None:
            result = store.add(article, document)   # AddResult(doc_id, status, syndicated_with)

Every ``add`` is one ``BEGIN IMMEDIATE … COMMIT`` transaction: a process killed at any moment
leaves the article either wholly stored or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import claimgraph
from claimgraph.ingest import IngestedArticle
from claimgraph.models import Document, StoredClaim
from claimgraph.store import opening, queries, resolution, stories, story_reads, tracking, writer
from claimgraph.store.faults import StoreReadOnly, explain, fault
from claimgraph.store.schema import StoreError, check_readable, migrate
from claimgraph.store.writer import AddResult

if TYPE_CHECKING:
    from claimgraph.track import Correction, Measure

#: The tables ``tracking.refresh`` rebuilds (migrations 0002, 0003). A store open for reading only
#: whose grouping is stale has this connection's own TEMP copies of them rebuilt instead.
MEASURE_CACHE = ("measure_cache_state", "measure_cache", "measure_cache_names", "change_cache")
#: SQLite's page cache a connection keeps, in KiB (its default is 2,000): a large store's story index and
#: term frequencies are read at random on every add (benchmarks/bench_stories.py).
CACHE_KIB = 65_536


class StoreMissing(StoreError):
    """A read command was pointed at a store that does not exist."""


class Store:
    """The claim store in one SQLite file. Opened to write (the default), it is created with its schema
    unless ``create=False`` and brought up to date; ``readonly=True`` opens an existing store for reading
    only (a read-only file or folder too) and writes nothing, not even a migration. Every problem with
    the file, at opening or later inside ``with Store(...)``, is a ``StoreError`` naming it and saying
    what to do (``opening``, ``faults``)."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        state = opening.examine(self.path, writing=not readonly)
        if state != "store" and (readonly or not create):
            raise StoreMissing(f"no store at {self.path}" + (" (an empty file)" if state == "empty" else "")
                               + "; run `claimgraph ingest …` first or pass --db")
        self.conn = opening.connect(self.path, readonly=readonly, create=create)
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self.conn.execute("SELECT count(*) FROM sqlite_master")  # parsed now: a damaged schema fails here
            if readonly:
                check_readable(self.conn)
            else:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, never corrupt
                migrate(self.conn)
            queries.register_functions(self.conn)
            if not readonly:
                stories.backfill(self.conn)  # articles stored before stories existed
                self._refresh_spans()  # stories changed by a writer that kept no spans (an older claimgraph)
        except sqlite3.Error as exc:
            self.conn.close()
            raise explain(self.path, exc) from exc
        except StoreError as exc:
            self.conn.close()
            raise type(exc)(f"{self.path}: {exc}") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Close; an SQLite error that is the file's state (a damaged page met by a query, a read-only
        file, a full disk) leaves the block as a ``StoreError`` saying so, not as a traceback."""
        self.close()
        if isinstance(error, sqlite3.Error):
            explained = fault(self.path, error)
            if explained is not None:
                raise explained from error

    def close(self) -> None:
        self.conn.close()

    def _writing(self) -> None:
        if self.readonly:
            raise StoreReadOnly(f"{self.path} is open for reading only; open it with Store(path) to write")

    def _refresh_spans(self) -> None:
        """Bring the kept story spans up to date in a transaction of their own (cheap when none is stale)."""
        if self.conn.execute("SELECT 1 FROM story_spans_stale LIMIT 1").fetchone() is None:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            story_reads.refresh_spans(self.conn)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # Writing

    def known(self, url: str | None, text: str, version: str | None = None) -> int | None:
        """The id of a stored article with this URL (normalised) or the same normalised text; with
        ``version`` (an extractor's), only when that extractor stored it: another's claims are stale."""
        row = writer.find(self.conn, url, text)
        if row is None or (version is not None and row["extractor_version"] != version):
            return None
        return int(row["id"])

    def add(self, article: IngestedArticle, document: Document, *, reextract: bool = False) -> AddResult:
        """Store an article with its claims, once. An article stored by an older extractor (or any,
        with ``reextract``) has its claims replaced: status "updated"."""
        self._writing()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            result = writer.add(self.conn, article, document, version=document.extractor or claimgraph.__version__,
                                reextract=reextract)
            if result.status == "new":
                stories.assign(self.conn, result.doc_id, writer.article_url(article) or article.origin,
                               article.title, article.text, article.published)
            story_reads.refresh_spans(self.conn)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        return result

    # Reading

    def claims(self, *, about: str | None = None, source: str | None = None, modality: str | None = None,
               since: str | None = None, until: str | None = None, search: str | None = None,
               has_number: bool = False, limit: int | None = None, offset: int = 0) -> Iterator[StoredClaim]:
        """Stored claims (with their document's fields, claim_id, measure_id and story_id, corrections
        applied), filtered as ``queries.claims`` says."""
        about_ids = resolution.entity_ids(self.conn, about) if about else None
        self._fresh_measures()  # before the query: a regrouping under a running query is not seen by it
        found = queries.claims(self.conn, about=about, source=source, modality=modality, since=since,
                               until=until, search=search, has_number=has_number, limit=limit, offset=offset,
                               about_ids=about_ids)
        return self._grouped(found)

    def _fresh_measures(self) -> None:
        if self.readonly and not tracking.cache_is_current(self.conn):
            self._cache_in_memory()
        tracking.refresh(self.conn)

    def _grouped(self, records: Iterator[StoredClaim]) -> Iterator[StoredClaim]:
        """Claims with the measure and story each is shown in (the cache brought up to date first; the
        user's corrections of measures and stories applied)."""
        moved: dict[int, str] = {}
        if self.conn.execute("SELECT 1 FROM measure_corrections LIMIT 1").fetchone():
            found = self.measure_set()
            moved = {claim: m.id for m in found.measures if m.id in found.loaded for claim in found.claim_ids(m)}
        fixes = story_reads.StoryCorrections.read(self.conn)
        for record in records:
            measure_id = moved.get(record.claim_id, record.measure_id) if moved and record.claim_id else record.measure_id
            yield _shown(record, measure_id, fixes)

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
        self._writing()
        return resolution.add_correction(self.conn, kind, name, other)

    def measure_set(self) -> tracking.MeasureSet:
        """Every measure (corrections applied), largest first, with summaries (see ``tracking.MeasureSet``)."""
        if self.readonly and not tracking.cache_is_current(self.conn):
            self._cache_in_memory()
        return tracking.MeasureSet(self.conn)

    def _cache_in_memory(self) -> None:
        """Empty TEMP copies of the measure cache's tables for ``refresh`` to fill: unqualified names find
        TEMP tables first, so this connection reads and writes its own and the file is not touched."""
        if self.conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?", MEASURE_CACHE[:1]).fetchone():
            return  # made by an earlier read on this connection
        marks = ", ".join("?" * len(MEASURE_CACHE))
        for kind, sql in self.conn.execute(f"SELECT type, sql FROM main.sqlite_master WHERE tbl_name IN ({marks}) "
                                           "AND sql IS NOT NULL ORDER BY type DESC", MEASURE_CACHE).fetchall():
            made = "CREATE TEMP TABLE " if kind == "table" else "CREATE INDEX temp."  # tables before indexes
            self.conn.execute(made + sql.split(" ", 2)[2])

    def measures(self, *, about: str | None = None) -> tuple[tracking.MeasureSet, list[Measure]]:
        """The measure set, and its measures (optionally those about an entity, by any alias)."""
        found = self.measure_set()
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

    def measure_records(self, measures: tracking.MeasureSet, measure: Measure) -> list[StoredClaim]:
        """A measure's claims."""
        return self.measures_records(measures, [measure])[0][1]

    def measures_records(self, measures: tracking.MeasureSet,
                         chosen: list[Measure]) -> list[tuple[Measure, list[StoredClaim]]]:
        """Each chosen measure with its claims (as shown: in it, in their stories), read in one query (an
        entity's hundreds of measures would otherwise cost a query each)."""
        ids = {measure.id: list(measures.claim_ids(measure)) for measure in chosen}
        fixes = story_reads.StoryCorrections.read(self.conn)
        records = {r.claim_id: r for r in tracking.quantified_records(self.conn, [c for found in ids.values() for c in found])}
        order = {claim: position for position, claim in enumerate(records)}  # as stored: article, then text order
        return [(measure, [_shown(records[c], measure.id, fixes)
                           for c in sorted((c for c in ids[measure.id] if c in records), key=order.__getitem__)])
                for measure in chosen]

    # Stories (see ``stories`` and ``story_reads``)

    def stories(self, *, about: str | None = None, since: str | None = None, until: str | None = None,
                articles: bool = True) -> list[dict[str, Any]]:
        """Every story (corrections applied), the latest first: its id, name, span, outlets and articles
        (without them when not ``articles``: then, unless ``about`` or a correction needs each article's row,
        read from an index alone); ``about``: words of its name or an article's title, or any name of an
        entity; dates as for claims."""
        start = queries._day(since, "since")[0] if since else None
        end = queries._day(until, "until")[1] if until else None
        if not articles and not about and story_reads.has_plain_spans(self.conn):
            return story_reads.spans(self.conn, since=start, until=end)
        words = self.entity_names(about)[1] if about else None
        found = story_reads.stories(self.conn, words=words, since=start, until=end)
        return found if articles else [{k: v for k, v in story.items() if k != "articles"} for story in found]

    def story(self, ident: str) -> dict[str, Any]:
        """One story by id, its articles in time order (a ``StoryError`` when there is none)."""
        return story_reads.story(self.conn, ident)

    def story_measures(self, story: dict[str, Any], limit: int = 20) -> list[tuple[Measure, list[StoredClaim]]]:
        """The measures of a story's claims, most claims first (at most ``limit``), each with the full
        records of its claims in this story (a measure about an entity may run across many stories).
        Without measure corrections only the story's measures are read (not the store's every measure)."""
        corrected = self.conn.execute("SELECT 1 FROM measure_corrections LIMIT 1").fetchone() is not None
        found = self.measure_set() if corrected else None
        if found is None:
            self._fresh_measures()
        docs = {a["doc_id"] for a in story["articles"]}
        claims: dict[str, list[int]] = {}
        for measure_id, claim_id in self.conn.execute(
                "SELECT mc.measure_id, c.id FROM measure_cache AS mc JOIN claims AS c ON c.id = mc.claim_id "
                "WHERE c.document_id IN (SELECT value FROM json_each(?)) ORDER BY c.id", (json.dumps(sorted(docs)),)):
            claims.setdefault(measure_id, []).append(claim_id)
        if found is None:
            measures = tracking.cached_measures(self.conn, claims)
        else:
            measures = found.measures
            for measure in measures:
                if measure.id in found.loaded:
                    claims[measure.id] = [c.claim_id for c in measure.claims if c.doc_id in docs and c.claim_id is not None]
        chosen = sorted((m for m in measures if claims.get(m.id)), key=lambda m: (-len(claims[m.id]), m.name))
        chosen = chosen[:limit]
        records = {r.claim_id: r for r in tracking.quantified_records(
            self.conn, [c for m in chosen for c in claims[m.id]])}
        return [(m, [records[c] for c in claims[m.id] if c in records]) for m in chosen]

    def correct_story(self, kind: str, first: str, second: str | None = None) -> dict[str, Any]:
        """Record ``merge`` (story ``second`` into story ``first``), ``split`` (article ``first``, by id,
        URL or origin, into a story of its own) or ``rename`` (story ``first`` shown as ``second``);
        applied on every later read. The story as it now reads."""
        self._writing()
        if kind == "split":
            shown, article = story_reads.story_of_article(self.conn, first)
            if self.story(shown)["article_count"] < 2:
                raise story_reads.StoryError(f"the article {first!r} is already a story of its own")
            story_reads.add_correction(self.conn, kind, [article])
            return self.story(story_reads.split_id(article))
        story = self.story(first)
        if kind == "merge":
            assert second is not None
            if self.story(second)["id"] == story["id"]:
                raise story_reads.StoryError("give two different stories")
        story_reads.add_correction(self.conn, kind, [story["id"], second or ""])
        return self.story(story["id"])

    def correct_measure(self, correction: Correction) -> None:
        """Record a measure correction (by stable ids and claim keys), applied on every later read."""
        self._writing()
        tracking.add_correction(self.conn, correction)


def _shown(record: StoredClaim, measure_id: str | None, fixes: story_reads.StoryCorrections) -> StoredClaim:
    """The claim in the measure it is shown in and its story as corrected (itself when neither moves)."""
    story_id = fixes.story_of(record.story_id, record.article, record.doc_id) \
        if fixes or record.story_id is None else record.story_id
    if (measure_id, story_id) == (record.measure_id, record.story_id):
        return record
    return replace(record, measure_id=measure_id, story_id=story_id)
