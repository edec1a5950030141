"""Measures over the store: the automatic grouping cached per claim-set version, the user's
corrections applied on top (``track.apply_corrections``), and the claims of chosen measures.

Grouping every quantified claim (``track.group``) takes about a second at 100,000 claims, so its
result is kept in ``measure_cache`` with the claim-set version (bumped by a trigger on every claim
written or removed) and a fingerprint of the grouping code and lexicons; a read that finds either
changed regroups once. Listing then reads the cached summaries (and the claims of the measures a
correction touches); a timeline reads one measure's claims only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from itertools import islice
from functools import lru_cache
from importlib import resources
from typing import Any

from claimgraph.models import StoredClaim
from claimgraph.store.rows import CLAIM_SELECT, stored_claim
from claimgraph.store.schema import StoreError
from claimgraph.track import (
    Change,
    Correction,
    Measure,
    MeasureKey,
    TimelineEntry,
    apply_corrections,
    changes,
    group,
    independent_sources,
    sort_date,
)

QUANTIFIED = "c.quantity_bound IS NOT NULL"

class MeasureError(StoreError):
    """A measure or claim named on the command line that the store does not have."""


@lru_cache(maxsize=1)
def grouping_fingerprint() -> str:
    """A hash of the code and lexicons that group claims: a cache built by other ones is rebuilt."""
    digest = hashlib.sha256()
    track = resources.files("claimgraph.track")
    for entry in sorted(track.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            digest.update(entry.name.encode() + entry.read_bytes())
    data = resources.files("claimgraph.data")
    for name in ("measures.json", "gazetteer.json"):
        digest.update(name.encode() + data.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def claims_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT value FROM store_state WHERE key = 'claims_version'").fetchone()[0])


def cache_is_current(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT claims_version, grouping FROM measure_cache_state WHERE id = 1").fetchone()
    return row is not None and row[0] == claims_version(conn) and row[1] == grouping_fingerprint()


def quantified_records(conn: sqlite3.Connection, claim_ids: Iterable[int] | None = None) -> Iterator[StoredClaim]:
    """Stored quantified claims (as ``Store.claims`` yields them, before corrections): all, or these ids."""
    if claim_ids is None:
        rows = conn.execute(f"{CLAIM_SELECT} WHERE {QUANTIFIED} ORDER BY d.id, c.position")
    else:
        rows = conn.execute(f"{CLAIM_SELECT} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY d.id, c.position",
                            (json.dumps(sorted(claim_ids)),))
    return (stored_claim(row) for row in rows)


def refresh(conn: sqlite3.Connection) -> bool:
    """Regroup every quantified claim when the cache is stale; True when it was rebuilt."""
    if cache_is_current(conn):
        return False
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(f"cannot update the measure cache ({exc}); make the store writable or wait for "
                         "the running ingest to finish") from exc
    try:
        if not cache_is_current(conn):  # another process may have rebuilt it while we waited
            _rebuild(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return True


def _rebuild(conn: sqlite3.Connection) -> None:
    measures = sorted(group(quantified_records(conn)), key=lambda m: (-len(m.claims), m.name))  # as listed
    conn.execute("DELETE FROM measure_cache")
    conn.execute("DELETE FROM measure_cache_names")
    conn.execute("DELETE FROM change_cache")
    conn.executemany("INSERT INTO change_cache (measure_id, after_date, change) VALUES (?, ?, ?)",
                     [(m.id, c.after.date.isoformat() if c.after.date else None, _change_json(c))
                      for m in measures for c in measure_changes(m.claims)])
    conn.executemany("INSERT INTO measure_cache (claim_id, measure_id) VALUES (?, ?)",
                     [(claim.claim_id, m.id) for m in measures for claim in m.claims])
    rows = []
    for m in measures:
        if m.key is not None:
            row = summary(m)
            rows.append((m.id, m.name, m.key.subject, m.key.concept, m.key.family, m.key.qualifier, row["claims"],
                         row["articles"], row["independent"], row["first"], row["last"]))
    conn.executemany(
        "INSERT INTO measure_cache_names (measure_id, name, subject, concept, family, qualifier, claims, articles, "
        "independent, first, last) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (measure_id) DO NOTHING", rows)
    conn.execute("INSERT INTO measure_cache_state (id, claims_version, grouping) VALUES (1, ?, ?) "
                 "ON CONFLICT (id) DO UPDATE SET claims_version = excluded.claims_version, grouping = excluded.grouping",
                 (claims_version(conn), grouping_fingerprint()))


def cached_measures(conn: sqlite3.Connection, ids: Iterable[str]) -> list[Measure]:
    """The automatic measures with these ids, named and keyed as the cache holds them, without their claims:
    what a reader of a few measures needs when no correction applies (the cache must be current)."""
    rows = conn.execute("SELECT measure_id, name, subject, concept, family, qualifier FROM measure_cache_names "
                        "WHERE measure_id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(ids)),))
    return [Measure(row[0], MeasureKey(*row[2:6]), row[1]) for row in rows]


def measure_corrections(conn: sqlite3.Connection) -> list[Correction]:
    return [Correction(kind, tuple(json.loads(args)))
            for kind, args in conn.execute("SELECT kind, args FROM measure_corrections ORDER BY id")]


def summary(measure: Measure) -> dict[str, Any]:
    """A measure's row in ``claimgraph measures``: size, provenance and date span (as timelines date claims)."""
    independence = independent_sources(measure.claims)
    dates = [d for d in (sort_date(c.time.value if c.time else None) or sort_date(c.published)
                         for c in measure.claims) if d is not None]
    return {"id": measure.id, "name": measure.name, "claims": len(measure.claims),
            "articles": independence.articles, "independent": independence.independent,
            "first": min(dates).isoformat() if dates else None, "last": max(dates).isoformat() if dates else None}


class MeasureSet:
    """Every measure of the store, corrections applied, largest first, without reading every claim.

    The automatic measures' summaries come from the cache; only the measures a correction touches
    (merged, split) have their claims read and their summaries recomputed. ``claim_ids`` gives any
    measure's claims.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        refresh(conn)
        self.conn = conn
        corrections = measure_corrections(conn)
        self.corrected = bool(corrections)
        plain = conn.cursor()
        plain.row_factory = None  # tuples: a store's tens of thousands of rows are read faster than as sqlite3.Row
        cached = {row[0]: row for row in plain.execute(
            "SELECT measure_id, name, subject, concept, family, qualifier, claims, articles, independent, first, last "
            "FROM measure_cache_names")}
        involved = self._involved(corrections)
        read: dict[str, list[StoredClaim]] = {ident: [] for ident in involved}
        rows = conn.execute(f"{CLAIM_SELECT} WHERE c.id IN (SELECT claim_id FROM measure_cache WHERE measure_id IN "
                            "(SELECT value FROM json_each(?))) ORDER BY d.id, c.position", (json.dumps(sorted(involved)),))
        for row in rows:
            claim = stored_claim(row)
            read[row["measure_id"]].append(claim)
        measures = [Measure(ident, MeasureKey(*row[2:6]), row[1], read.get(ident, [])) for ident, row in cached.items()]
        self.summaries: dict[str, dict[str, Any]] = {}
        self.loaded: set[str] = set()
        for measure in apply_corrections(measures, corrections) if corrections else measures:
            if measure.id in involved or measure.id not in cached:
                self.summaries[measure.id] = summary(measure)
                self.loaded.add(measure.id)
            else:
                row = cached[measure.id]
                self.summaries[measure.id] = {"id": measure.id, "name": measure.name, "claims": row[6],
                                              "articles": row[7], "independent": row[8], "first": row[9],
                                              "last": row[10]}
            self.summaries[measure.id]["measure"] = measure
        self.measures: list[Measure] = [row["measure"] for row in sorted(
            self.summaries.values(), key=lambda r: (-r["claims"], r["name"]))]
        for row in self.summaries.values():
            del row["measure"]

    def _involved(self, corrections: list[Correction]) -> set[str]:
        """The automatic measures whose claims the corrections move: merged ones and split claims' holders."""
        involved: set[str] = set()
        for correction in corrections:
            if correction.kind == "merge":
                involved.update(correction.args)
            elif correction.kind == "split":
                article, q_start, q_end, value = correction.args
                found = self.conn.execute(
                    "SELECT mc.measure_id FROM claims AS c JOIN documents AS d ON d.id = c.document_id "
                    "JOIN measure_cache AS mc ON mc.claim_id = c.id WHERE c.quantity_start = ? AND c.quantity_end = ? "
                    "AND c.quantity_value = ? AND coalesce(d.url, d.origin, CAST(d.id AS TEXT)) = ?",
                    (q_start, q_end, value, article)).fetchall()
                involved.update(row[0] for row in found)
        return involved

    def claim_ids(self, measure: Measure) -> list[int]:
        if measure.id in self.loaded:
            return [c.claim_id for c in measure.claims if c.claim_id is not None]
        return [row[0] for row in self.conn.execute("SELECT claim_id FROM measure_cache WHERE measure_id = ?",
                                                    (measure.id,))]

    def about(self, entity_ids: Iterable[int], names: set[str]) -> list[Measure]:
        """The measures about an actor: its key's subject is one of ``names`` (case folded), or a claim's
        subject is one of the actor's stored entities."""
        ids = sorted(set(entity_ids))
        hit = {row[0] for row in self.conn.execute(
            "SELECT DISTINCT mc.measure_id FROM measure_cache AS mc JOIN claims AS c ON c.id = mc.claim_id "
            "WHERE c.subject_id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))}
        about_it = {row[0] for row in self.conn.execute(
            "SELECT id FROM claims WHERE subject_id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))} \
            if self.loaded else set()
        return [m for m in self.measures
                if (m.key is not None and m.key.subject.casefold() in names)
                or (m.id in self.loaded and any(c.claim_id in about_it for c in m.claims))
                or (m.id not in self.loaded and m.id in hit)]


def add_correction(conn: sqlite3.Connection, correction: Correction) -> None:
    """Record a measure correction (merge, split or rename), to be applied on every later read."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    conn.execute("INSERT INTO measure_corrections (kind, args, created_at) VALUES (?, ?, ?)",
                 (correction.kind, json.dumps(list(correction.args), ensure_ascii=False), now))


def find_claim(conn: sqlite3.Connection, ref: str) -> StoredClaim:
    """A quantified claim by its row id (``claim_id`` in `claims --format jsonl`) or as
    ``DOC:START-END``: its article (id, URL or origin) and its number's offsets in the text."""
    from claimgraph.store.queries import document

    if ref.strip().isdecimal():
        found = list(quantified_records(conn, [int(ref)]))
        if not found:
            raise MeasureError(f"no quantified claim with id {ref}; `claimgraph claims --format jsonl` shows "
                               "each claim's claim_id (ids change when an article is re-extracted)")
        return found[0]
    doc, sep, span = ref.rpartition(":")
    start, dash, end = span.partition("-")
    if not sep or not dash or not start.isdecimal() or not end.isdecimal():
        raise MeasureError(f"cannot read the claim {ref!r}; give its claim_id, or DOC:START-END with the article's "
                           "id, URL or origin and its number's offsets (quantity start and end), e.g. 12:340-346")
    record = document(conn, doc)
    for claim in record["claims"]:
        if claim.quantity is not None and (claim.quantity.start, claim.quantity.end) == (int(start), int(end)):
            return claim
    raise MeasureError(f"article {doc} has no number at {start}-{end}; `claimgraph show {record['id']}` lists "
                       "its claims, `claims --format jsonl` their quantity offsets")


def select(measures: MeasureSet, ref: str, entity_ids: list[int], names: set[str]) -> tuple[str, list[Measure]]:
    """The measures a `timeline` argument names, and how it named them: "measure" (an id),
    "entity" (every measure about the actor with these stored ids and case-folded names) or "name"
    (the measures whose name contains the words as written, any case)."""
    exact = [m for m in measures.measures if m.id == ref]
    if exact:
        return "measure", exact
    if entity_ids or names:
        about_it = measures.about(entity_ids, names)
        if about_it:
            return "entity", about_it
    folded = ref.casefold()
    named = [m for m in measures.measures if folded in m.name.casefold()]
    if named:
        return "name", named
    raise MeasureError(f"no measure or entity {ref!r}; `claimgraph measures` lists measure ids and names, "
                       "`claimgraph entity list` the entities")


def measure_changes(records: list[StoredClaim]) -> list[Change]:
    """A measure's flagged changes: none unless its claims come from two articles or more."""
    return changes(records) if len({r.doc_id for r in records}) > 1 else []


def all_changes(measures: MeasureSet, *, since: dt.date | None = None, offset: int = 0,
                limit: int | None = None) -> Iterator[tuple[Measure, Change]]:
    """Every flagged change (whose new claim is dated ``since`` or later), in listing order: the
    measures largest first, each one's changes in time order; ``offset`` and ``limit`` take a page.

    The automatic measures' changes are read from ``change_cache`` (built with the grouping); with
    no corrections, in the order stored, a page at a time. A corrected measure's are recomputed.
    """
    if not measures.corrected:
        by_id = {m.id: m for m in measures.measures}
        query = ("SELECT measure_id, change FROM change_cache" + (" WHERE after_date >= ?" if since else "")
                 + " ORDER BY id LIMIT ? OFFSET ?")
        params = (*([since.isoformat()] if since else []), -1 if limit is None else limit, offset)
        for measure_id, text in measures.conn.execute(query, params):
            if measure_id in by_id:  # else the grouping was rebuilt by another writer since it was read
                yield by_id[measure_id], _change(text)
        return
    cached: dict[str, list[str]] = defaultdict(list)
    for measure_id, text in measures.conn.execute("SELECT measure_id, change FROM change_cache ORDER BY id"):
        cached[measure_id].append(text)

    def every() -> Iterator[tuple[Measure, Change]]:
        for measure in measures.measures:
            if measure.id in measures.loaded:
                found = measure_changes(sorted(measure.claims, key=_stored_order))
            else:
                found = [_change(text) for text in cached.get(measure.id, [])]
            for change in found:
                if since is None or (change.after.date is not None and change.after.date >= since):
                    yield measure, change

    yield from islice(every(), offset, None if limit is None else offset + limit)


def _stored_order(claim: StoredClaim) -> tuple[int, int]:
    """Claims as stored (article, then text order: an article's claims are numbered in text order), as the
    grouping reads them."""
    return int(claim.doc_id or 0), claim.claim_id or 0


_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(TimelineEntry))


def _change_json(change: Change) -> str:
    def side(entry: TimelineEntry) -> dict[str, Any]:
        found = {name: getattr(entry, name) for name in _ENTRY_FIELDS}
        found["date"] = entry.date.isoformat() if entry.date else None
        return found
    return json.dumps({"label": change.label, "before": side(change.before), "after": side(change.after)},
                      ensure_ascii=False)


def _change(text: str) -> Change:
    found = json.loads(text)

    def side(entry: dict[str, Any]) -> TimelineEntry:
        return TimelineEntry(**{**entry, "date": dt.date.fromisoformat(entry["date"]) if entry["date"] else None,
                                "sources": tuple(entry["sources"]), "key": tuple(entry["key"])})
    return Change(found["label"], side(found["before"]), side(found["after"]))
