"""Reading stories: the list (filtered by words, entity names and dates), one story with its articles
in time order, and the user's corrections (merge, split, rename) applied on top of the automatic
assignment at every read, so that they survive re-ingestion (story ids are stable, split articles are
named by their durable name).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from claimgraph.store.schema import StoreError

ARTICLE_FIELDS = ("doc_id", "title", "url", "origin", "outlet", "published")
_ARTICLES = ("SELECT d.id, d.title, d.url, d.origin, d.outlet, d.published, d.story_id, d.syndicated_with, "
             "coalesce(d.url, d.origin, CAST(d.id AS TEXT)) FROM documents AS d")
# Each story's span, articles, independent reports and outlets, from the index documents_story_span alone:
# of every story, or (with ``_SPANS_OF``) of the stories in a JSON array.
# Outlets come as one string, sorted and joined by U+001F (a JSON array would be parsed once a story).
_SPAN_COLUMNS = ("SELECT d.story_id, count(*), count(DISTINCT coalesce(d.syndicated_with, d.id)), "
                 "min(substr(nullif(d.published, ''), 1, 10)), max(substr(nullif(d.published, ''), 1, 10)), "
                 "(SELECT coalesce(group_concat(o, char(31)), '') FROM (SELECT DISTINCT e.outlet AS o FROM documents "
                 "AS e WHERE e.story_id = d.story_id AND e.outlet > '' ORDER BY o)) FROM documents AS d ")
_OUTLETS_SEPARATOR = "\x1f"
_SPANS = _SPAN_COLUMNS + "WHERE d.story_id IS NOT NULL GROUP BY d.story_id"
_SPANS_OF = _SPAN_COLUMNS + "WHERE d.story_id IN (SELECT value FROM json_each(?)) GROUP BY d.story_id"
#: Stale stories a read computes one by one (by the index); more, and it aggregates every story at once.
_STALE_ONE_BY_ONE = 2_000


class StoryError(StoreError):
    """A story or article named on the command line that the store does not have."""


def split_id(article: str) -> str:
    return "s" + hashlib.sha1(f"split\x1f{article}".encode("utf-8")).hexdigest()[:11]


@dataclass
class StoryCorrections:
    """The corrections as lookups: merged story → the story it went into, split articles, new names."""

    into: dict[str, str] = field(default_factory=dict)
    split: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> StoryCorrections:
        found = cls()
        for kind, args in conn.execute("SELECT kind, args FROM story_corrections ORDER BY id"):
            values = json.loads(args)
            if kind == "merge":
                into, other = found.shown(values[0]), found.shown(values[1])
                if into != other:
                    found.into[other] = into
            elif kind == "split":
                found.split.add(values[0])
            else:
                found.names[found.shown(values[0])] = values[1]
        return found

    def shown(self, story: str) -> str:
        while story in self.into:
            story = self.into[story]
        return story

    def story_of(self, story: str | None, article: str, doc_id: int | str | None) -> str:
        """The story an article is shown in (an article stored before stories: its own)."""
        if article in self.split:
            return self.shown(split_id(article))
        return self.shown(story) if story else f"d{doc_id}"

    def __bool__(self) -> bool:
        return bool(self.into or self.split or self.names)


def _story(ident: str, name: str, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    rows = sorted(rows, key=lambda r: (r[5] is None, r[5] or "", r[0]))
    dates = [r[5][:10] for r in rows if r[5]]
    outlets = sorted({r[4] for r in rows if r[4]})
    return {"id": ident, "name": name, "first": min(dates) if dates else None, "last": max(dates) if dates else None,
            "article_count": len(rows), "reports": len({r[7] or r[0] for r in rows}), "outlets": outlets,
            "articles": [dict(zip(ARTICLE_FIELDS, r[:6])) for r in rows]}


def stories(conn: sqlite3.Connection, *, words: set[str] | None = None, since: str | None = None,
            until: str | None = None) -> list[dict[str, Any]]:
    """Every story (corrections applied), the latest first; ``words``: only stories whose name or an
    article's title holds one of these (case folded); ``since``/``until``: ISO dates its span meets."""
    fixes = StoryCorrections.read(conn)
    names = dict(conn.execute("SELECT id, name FROM stories").fetchall())
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in conn.execute(_ARTICLES):
        grouped[fixes.story_of(row[6], row[8], row[0])].append(tuple(row))
    found = []
    for ident, rows in grouped.items():
        name = fixes.names.get(ident) or names.get(ident) or _fallback_name(rows)
        if words and not any(w in text.casefold() for w in words for text in [name, *(r[1] or "" for r in rows)]):
            continue
        story = _story(ident, name, rows)
        if (since and (story["last"] or "") < since) or (until and (story["first"] or "9999") > until):
            continue
        found.append(story)
    found.sort(key=lambda s: (s["last"] or "", s["article_count"], s["id"]), reverse=True)
    return found


def spans(conn: sqlite3.Connection, *, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Every story as ``stories`` lists it, without its articles: one kept row a story (``story_spans``),
    where ``stories`` reads every article's row. Only for a store without story corrections, where every
    article has a named story (``has_plain_spans``)."""
    plain = conn.cursor()
    plain.row_factory = None  # tuples: sqlite3.Row costs more than reading the spans at 100,000 articles
    names = dict(plain.execute("SELECT id, name FROM stories").fetchall())
    outlet_lists: dict[str, list[str]] = {}  # the same few outlets make most stories' lists: read each list once
    found = []
    for ident, count, reports, first, last, outlets in _span_rows(plain):
        if (since and (last or "") < since) or (until and (first or "9999") > until):
            continue
        listed = outlet_lists.get(outlets)
        if listed is None:
            listed = outlet_lists[outlets] = outlets.split(_OUTLETS_SEPARATOR) if outlets else []
        found.append({"id": ident, "name": names[ident], "first": first, "last": last, "article_count": count,
                      "reports": reports, "outlets": listed})
    found.sort(key=lambda s: (s["last"] or "", s["article_count"], s["id"]), reverse=True)  # quick when in order
    return found


def _span_rows(cursor: sqlite3.Cursor) -> list[tuple[Any, ...]]:
    """Every story's (id, articles, reports, first, last, outlets): kept rows (``story_spans``) and, for
    the stories marked stale since they were kept, rows computed now."""
    stale = [row[0] for row in cursor.execute("SELECT story_id FROM story_spans_stale").fetchall()]
    if len(stale) > _STALE_ONE_BY_ONE:
        return cursor.execute(_SPANS).fetchall()
    kept = cursor.execute("SELECT story_id, articles, reports, first, last, outlets FROM story_spans "
                          "ORDER BY coalesce(last, '') DESC, articles DESC, story_id DESC").fetchall()  # as listed
    if not stale:
        return kept
    fresh = cursor.execute(_SPANS_OF, (json.dumps(stale),)).fetchall()
    marked = set(stale)
    return [row for row in kept if row[0] not in marked] + fresh


def refresh_spans(conn: sqlite3.Connection) -> int:
    """Recompute the kept spans of the stories marked stale (the caller holds the write transaction);
    how many."""
    stale = [row[0] for row in conn.execute("SELECT story_id FROM story_spans_stale").fetchall()]
    if not stale:
        return 0
    ids = json.dumps(stale)
    conn.execute("DELETE FROM story_spans WHERE story_id IN (SELECT value FROM json_each(?))", (ids,))
    conn.execute(f"INSERT INTO story_spans (story_id, articles, reports, first, last, outlets) {_SPANS_OF}", (ids,))
    conn.execute("DELETE FROM story_spans_stale")
    return len(stale)


def has_plain_spans(conn: sqlite3.Connection) -> bool:
    """Whether ``spans`` gives what ``stories`` would: no corrections, and every article in a named story."""
    return (conn.execute("SELECT 1 FROM story_corrections LIMIT 1").fetchone() is None
            and conn.execute("SELECT 1 FROM documents AS d LEFT JOIN stories AS s ON s.id = d.story_id "
                             "WHERE s.id IS NULL LIMIT 1").fetchone() is None)


def _fallback_name(rows: list[tuple[Any, ...]]) -> str:
    return next((r[1] for r in rows if r[1]), None) or f"article {rows[0][0]}"


def story(conn: sqlite3.Connection, ident: str) -> dict[str, Any]:
    """One story by id (corrections applied), its articles in time order; a StoryError when none."""
    fixes = StoryCorrections.read(conn)
    automatic = [ident, *(other for other in fixes.into if fixes.shown(other) == ident)]
    rows = [tuple(r) for r in conn.execute(f"{_ARTICLES} WHERE d.story_id IN (SELECT value FROM json_each(?))",
                                           (json.dumps(automatic),))]
    if fixes.split:  # split articles keep their automatic story id: found by their durable names
        rows += [tuple(r) for r in conn.execute(f"{_ARTICLES} WHERE coalesce(d.url, d.origin, CAST(d.id AS TEXT)) "
                                                "IN (SELECT value FROM json_each(?))", (json.dumps(sorted(fixes.split)),))]
    rows = list({r[0]: r for r in rows if fixes.story_of(r[6], r[8], r[0]) == ident}.values())
    if not rows and ident.startswith("d") and ident[1:].isdecimal():
        rows = [tuple(r) for r in conn.execute(f"{_ARTICLES} WHERE d.id = ? AND d.story_id IS NULL", (int(ident[1:]),))]
    if not rows:
        raise StoryError(f"no story {ident!r}; `claimgraph stories` lists the ids")
    name = conn.execute("SELECT name FROM stories WHERE id = ?", (ident,)).fetchone()
    return _story(ident, fixes.names.get(ident) or (name[0] if name else _fallback_name(rows)), rows)


def story_of_article(conn: sqlite3.Connection, ref: str) -> tuple[str, str]:
    """(the story an article is shown in, the article's durable name), by the article's id, URL or origin."""
    from claimgraph.store.queries import _find_document

    row = _find_document(conn, ref)
    if row is None:
        raise StoryError(f"no stored article {ref!r}; give its id, URL or origin (`claimgraph stories --format jsonl`)")
    article, story_id = conn.execute("SELECT coalesce(url, origin, CAST(id AS TEXT)), story_id FROM documents "
                                     "WHERE id = ?", (row["id"],)).fetchone()
    return StoryCorrections.read(conn).story_of(story_id, article, row["id"]), article


def add_correction(conn: sqlite3.Connection, kind: str, args: list[str]) -> None:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    conn.execute("INSERT INTO story_corrections (kind, args, created_at) VALUES (?, ?, ?)",
                 (kind, json.dumps(args, ensure_ascii=False), now))
