"""Reading the store: claims by subject, source, modality, date and words; sources; entities; documents.

Names are compared case-insensitively with Python's ``casefold`` (registered as an SQL function),
so "ukraine" finds "Ukraine" and "УКРАЇНА" finds "Україна".
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from claimgraph.models import MODALITIES, StoredClaim
from claimgraph.store.keys import normalise_url
from claimgraph.store.periods import period
from claimgraph.store.rows import CLAIM_SELECT, stored_claim
from claimgraph.store.schema import StoreError

_WORDLIKE = re.compile(r"\w")
# An article counts once per story: syndicated copies share the id of their story's first article.
_REPORT = "coalesce(d.syndicated_with, d.id)"


class QueryError(StoreError):
    """A query that cannot be run as written (a bad date, a search with no words)."""


def register_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("casefold", 1, lambda s: s.casefold() if isinstance(s, str) else s, deterministic=True)


_UNSEARCHABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def fts_query(text: str) -> str:
    '''User words as an FTS5 query that operators and quotes in them cannot break: each word a quoted
    phrase (quotes doubled), all of them required; a trailing ``*`` keeps its prefix meaning.

    >>> fts_query('troops "Kursk AND OR')
    '"troops" """Kursk" "AND" "OR"'
    '''
    words = []
    for word in _UNSEARCHABLE.sub("", text).split():  # a NUL or lone surrogate would end FTS5's string early
        prefix = word.endswith("*") and _WORDLIKE.search(word[:-1]) is not None
        word = word[:-1] if prefix else word
        if _WORDLIKE.search(word):
            words.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
    if not words:
        raise QueryError(f"the search {text!r} has no words to look for; search for words, e.g. --search troops")
    return " ".join(words)


def claims(conn: sqlite3.Connection, *, about: str | None = None, source: str | None = None,
           modality: str | None = None, since: str | None = None, until: str | None = None,
           search: str | None = None, has_number: bool = False, limit: int | None = None, offset: int = 0,
           about_ids: list[int] | None = None) -> Iterator[StoredClaim]:
    """Stored claims, in document and text order.

    ``about`` finds subjects by entity name or mention text; ``about_ids`` adds the entities that
    entity resolution puts with it (``resolution.entity_ids``).

    A bad filter raises QueryError here, at the call, not when the results are first read.
    """
    where: list[str] = ["1"]
    params: list[str | int] = []
    if about:
        where.append("c.subject_id IN (SELECT id FROM entities WHERE casefold(name) = ? "
                     "UNION SELECT entity_id FROM mentions WHERE role = 'subject' AND casefold(text) = ? "
                     "UNION SELECT value FROM json_each(?))")
        params += [about.casefold()] * 2 + [json.dumps(about_ids or [])]
    if source:
        where.append("c.id IN (SELECT cs.claim_id FROM claim_sources AS cs JOIN sources AS s ON s.id = cs.source_id "
                     "WHERE casefold(s.name) = ? OR casefold(cs.mention) = ?)")
        params += [source.casefold()] * 2
    if modality:
        if modality not in MODALITIES:
            raise QueryError(f"unknown modality {modality!r}; use one of {', '.join(MODALITIES)}")
        where.append("c.modality = ?")
        params.append(modality)
    if since:
        where.append("c.date_end >= ?")
        params.append(_day(since, "since")[0])
    if until:
        where.append("c.date_start <= ?")
        params.append(_day(until, "until")[1])
    if search is not None:
        where.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
        params.append(fts_query(search))
    if has_number:
        where.append("c.quantity_bound IS NOT NULL")
    sql = f"{CLAIM_SELECT} WHERE {' AND '.join(where)} ORDER BY d.id, c.position"
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"  # skipped rows are stepped over in SQLite, never built into records
        params += [-1 if limit is None else limit, offset]
    try:
        rows = conn.execute(sql, params)
    except sqlite3.OperationalError as exc:  # defensive: fts_query should leave nothing FTS5 rejects
        raise QueryError(f"cannot run the search {search!r}: {exc}; search for plain words") from exc
    return (stored_claim(row) for row in rows)


def _day(value: str, name: str) -> tuple[str, str]:
    found = period(value)
    if found is None:
        raise QueryError(f"--{name} {value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-11-05)")
    return found


def sources(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every source in a chain: its name, kind, and how many claims, documents and independent reports cite it."""
    rows = conn.execute(
        f"SELECT s.name, s.kind, count(DISTINCT cs.claim_id) AS claims, count(DISTINCT d.id) AS documents, "
        f"count(DISTINCT {_REPORT}) AS reports FROM sources AS s JOIN claim_sources AS cs ON cs.source_id = s.id "
        f"JOIN claims AS c ON c.id = cs.claim_id JOIN documents AS d ON d.id = c.document_id "
        f"GROUP BY s.id ORDER BY claims DESC, s.name")
    yield from (dict(row) for row in rows)


def entities(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every actor named as a subject or a source (an entity with a kind: a plain noun phrase that is a
    claim's subject, "troops", is none): name, kind, mentions, documents and independent reports."""
    rows = conn.execute(
        f"SELECT e.name, e.kind, count(*) AS mentions, count(DISTINCT d.id) AS documents, "
        f"count(DISTINCT {_REPORT}) AS reports FROM entities AS e JOIN mentions AS m ON m.entity_id = e.id "
        f"JOIN documents AS d ON d.id = m.document_id WHERE e.kind IS NOT NULL GROUP BY e.id "
        f"ORDER BY mentions DESC, e.name")
    yield from (dict(row) for row in rows)


DOCUMENT_COLUMNS = ("id", "name", "origin", "url", "title", "outlet", "author", "published", "language", "text",
                    "extractor_version", "extraction_error", "claim_count", "syndicated_with", "ingested_at",
                    "extracted_at")


def document(conn: sqlite3.Connection, ref: str | int) -> dict[str, Any]:
    """A stored article by id, URL or origin (or the extractor's name for it), with its claims
    (``claims``: its stored claims in text order)."""
    row = _find_document(conn, ref)
    if row is None:
        raise QueryError(f"no stored article {ref!r}; give its id, URL or origin "
                         "(`claimgraph claims` lists them with their doc_id)")
    record = dict(row)
    record["claims"] = [stored_claim(r) for r in conn.execute(
        f"{CLAIM_SELECT} WHERE d.id = ? ORDER BY c.position", (record["id"],))]
    return record


def _find_document(conn: sqlite3.Connection, ref: str | int) -> sqlite3.Row | None:
    select = f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents"
    if isinstance(ref, int) or (ref.isdecimal() and len(ref) < 19):  # 19 digits may pass SQLite's 64 bits
        row = conn.execute(f"{select} WHERE id = ?", (int(ref),)).fetchone()
        if row is not None or isinstance(ref, int):
            return row
    for column, value in (("url_key", normalise_url(ref)), ("origin", ref), ("name", ref)):
        if value is not None:
            row = conn.execute(f"{select} WHERE {column} = ? ORDER BY id LIMIT 1", (value,)).fetchone()
            if row is not None:
                return row
    return None


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How much the store holds: documents, independent reports (stories), claims, sources, entities."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM documents) AS documents, "
        "(SELECT count(*) FROM documents WHERE syndicated_with IS NULL) AS reports, "
        "(SELECT count(*) FROM claims) AS claims, (SELECT count(*) FROM sources) AS sources, "
        "(SELECT count(*) FROM entities) AS entities").fetchone()
    return dict(row)
