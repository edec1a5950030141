"""Read-only queries the web explorer needs beside ``queries``: articles listed and searched a page
at a time, who relays a source, and a key that changes whenever what the pages show may change."""

from __future__ import annotations

import sqlite3
from typing import Any

from claimgraph.store.queries import _day, fts_query

ARTICLE_COLUMNS = "d.id, d.title, d.outlet, d.published, d.url, d.origin, d.claim_count, d.syndicated_with"


def articles(conn: sqlite3.Connection, *, search: str | None = None, outlet: str | None = None,
             since: str | None = None, until: str | None = None, offset: int = 0,
             limit: int = 50) -> list[dict[str, Any]]:
    """Stored articles, newest first (then by id), filtered by words of their title or text, outlet
    (any case) and publication date; ``limit`` rows from ``offset``."""
    where, params = ["1"], []  # type: tuple[list[str], list[Any]]
    if search is not None:
        where.append("d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
        params.append(fts_query(search))
    if outlet:
        where.append("casefold(d.outlet) = ?")
        params.append(outlet.casefold())
    if since:
        where.append("substr(d.published, 1, 10) >= ?")
        params.append(_day(since, "since")[0])
    if until:
        where.append("substr(d.published, 1, 10) <= ?")
        params.append(_day(until, "until")[1])
    rows = conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM documents AS d WHERE {' AND '.join(where)} "
                        "ORDER BY d.published IS NULL, d.published DESC, d.id DESC LIMIT ? OFFSET ?",
                        [*params, limit, offset])
    return [dict(row) for row in rows]


def relays(conn: sqlite3.Connection, source: str, limit: int = 50) -> list[dict[str, Any]]:
    """Who passes on what a source (by name, any case) said first: the other sources of the chains
    it is the innermost of, with how many claims and articles each relays."""
    rows = conn.execute(
        "SELECT s.name, s.kind, count(DISTINCT cs.claim_id) AS claims, count(DISTINCT c.document_id) AS documents "
        "FROM claim_sources AS first JOIN sources AS origin ON origin.id = first.source_id "
        "JOIN claim_sources AS cs ON cs.claim_id = first.claim_id AND cs.position > 0 "
        "JOIN sources AS s ON s.id = cs.source_id JOIN claims AS c ON c.id = cs.claim_id "
        "WHERE first.position = 0 AND casefold(origin.name) = ? AND s.id != origin.id "
        "GROUP BY s.id ORDER BY claims DESC, s.name LIMIT ?", (source.casefold(), limit))
    return [dict(row) for row in rows]


def source_info(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """A source by name (any case): its name and kinds, and how many claims cite it, as ``queries.sources``."""
    row = conn.execute(
        "SELECT min(s.name) AS name, group_concat(DISTINCT s.kind) AS kind, count(DISTINCT cs.claim_id) AS claims, "
        "count(DISTINCT c.document_id) AS documents FROM sources AS s "
        "LEFT JOIN claim_sources AS cs ON cs.source_id = s.id LEFT JOIN claims AS c ON c.id = cs.claim_id "
        "WHERE casefold(s.name) = ?", (name.casefold(),)).fetchone()
    return None if row is None or row["name"] is None else dict(row)


def state_key(conn: sqlite3.Connection) -> tuple[int, ...]:
    """Changes whenever a claim is written or removed or a correction recorded: a cache keyed by it
    never serves what the store no longer says."""
    row = conn.execute(
        "SELECT (SELECT value FROM store_state WHERE key = 'claims_version'), "
        "(SELECT coalesce(max(id), 0) FROM entity_corrections), "
        "(SELECT coalesce(max(id), 0) FROM measure_corrections), "
        "(SELECT coalesce(max(id), 0) FROM story_corrections), "
        "(SELECT coalesce(max(id), 0) FROM documents)").fetchone()
    return tuple(int(value) for value in row)
