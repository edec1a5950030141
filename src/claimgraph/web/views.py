"""What every page and API endpoint reads, one function each, so that the HTML and the JSON of a
resource always agree (and both read the store the way the CLI does: ``Store.claims``,
``Store.measure_set``, ``tracking.select``, ``track.timeline``).

A list comes back as a ``Page``: its items, where it starts, and whether there is more. Library
errors become web errors here: a bad filter is a 400, a missing measure or article a 404.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from claimgraph.web.errors import NotFound, WebError

if TYPE_CHECKING:
    from claimgraph.models import StoredClaim
    from claimgraph.store import Store
    from claimgraph.track import Independence, Measure, TimelineEntry
    from claimgraph.web.explorer import Explorer

#: Charts drawn ahead at start (the largest measures': the slow ones to draw).
WARM_CHARTS = 3
#: Claims an article's page shows at once (marked in its text and listed beside it), the rest a page
#: further: eight times the most of any corpus article (123), so a real article is one page, and a
#: page costs the same however many claims an article has (50,000 read at once took seconds).
ARTICLE_CLAIMS = 1_000
MAX_ROW_ID = 2**63 - 1  # SQLite's integers


@dataclass(frozen=True, slots=True)
class ClaimFilters:
    """The claim filters of `claimgraph claims`, and has_number (only claims with a quantity)."""

    about: str | None = None
    source: str | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    search: str | None = None
    has_number: bool = False

    def query(self) -> dict[str, str]:
        """The filters as query parameters (for next links)."""
        return {k: ("true" if v is True else str(v)) for k, v in asdict(self).items() if v not in (None, "", False)}


@dataclass(slots=True)
class Page:
    items: list[Any]
    offset: int
    limit: int
    more: bool


@dataclass(slots=True)
class MeasureView:
    """A measure with its claims' records, timeline and who stands behind it."""

    summary: dict[str, Any]
    records: list[StoredClaim]
    entries: list[TimelineEntry]
    independence: Independence
    claim_ids: dict[tuple[Any, ...], int] = field(default_factory=dict)  # timeline key → claim_id

    @property
    def provenance(self) -> str:
        from claimgraph.store.timelines import provenance

        return provenance(self.independence)


@contextmanager
def _asked() -> Iterator[None]:
    """Store errors as web errors: a bad filter or reference is the caller's (400), a missing one a 404."""
    from claimgraph.store import QueryError, StoreError
    from claimgraph.store.tracking import MeasureError

    try:
        yield
    except MeasureError as exc:
        raise NotFound(str(exc)) from exc
    except QueryError as exc:
        raise WebError(str(exc)) from exc
    except StoreError as exc:
        raise WebError(str(exc)) from exc


def _page(items: Iterator[Any], offset: int, limit: int) -> Page:
    found = list(islice(items, offset, offset + limit + 1))
    return Page(found[:limit], offset, limit, len(found) > limit)


def claims(store: Store, filters: ClaimFilters, offset: int = 0, limit: int = 50) -> Page:
    """Stored claims as ``Store.claims`` gives them, filtered, ``limit`` from ``offset``."""
    with _asked():
        found = list(store.claims(about=filters.about, source=filters.source, modality=filters.modality,
                                  since=filters.since, until=filters.until, search=filters.search,
                                  has_number=filters.has_number, limit=limit + 1, offset=offset))
        return Page(found[:limit], offset, limit, len(found) > limit)


def articles(store: Store, *, search: str | None = None, outlet: str | None = None, since: str | None = None,
             until: str | None = None, offset: int = 0, limit: int = 50) -> Page:
    from claimgraph.store import pages

    with _asked():
        rows = pages.articles(store.conn, search=search, outlet=outlet, since=since, until=until, offset=offset,
                              limit=limit + 1)
    return Page(rows[:limit], offset, limit, len(rows) > limit)


def document(store: Store, ref: str) -> dict[str, Any]:
    """A stored article (by id, URL or origin) with its claims; 404 when there is none."""
    from claimgraph.store import QueryError

    try:
        return store.document(ref)
    except QueryError as exc:
        raise NotFound(str(exc)) from exc


def article(store: Store, doc_id: int, offset: int = 0, limit: int = ARTICLE_CLAIMS) -> tuple[dict[str, Any], Page]:
    """A stored article's fields and text with a page of its claims (in text order, as ``Store.document``
    gives them all); 404 when there is none."""
    from claimgraph.store.queries import DOCUMENT_COLUMNS
    from claimgraph.store.rows import CLAIM_SELECT, stored_claim

    row = store.conn.execute(f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE id = ?",
                             (doc_id,)).fetchone() if 0 <= doc_id <= MAX_ROW_ID else None
    if row is None:
        raise NotFound(f"no stored article {doc_id}; the search page and /api/documents list them")
    rows = store.conn.execute(f"{CLAIM_SELECT} WHERE d.id = ? ORDER BY c.position LIMIT ? OFFSET ?",
                              (doc_id, limit + 1, offset))
    found = [stored_claim(r) for r in rows]
    return dict(row), Page(found[:limit], offset, limit, len(found) > limit)


def next_link(path: str, query: Iterable[tuple[str, str]], page: Page) -> str | None:
    """The link to the page after ``page``: this path and query with the next offset, relative (never
    built from the request's Host header)."""
    if not page.more:
        return None
    params = [(name, value) for name, value in query if name != "offset"] + [("offset", str(page.offset + page.limit))]
    return f"{quote(path)}?{urlencode(params)}"


def measures(store: Store, *, about: str | None = None, offset: int = 0, limit: int = 50) -> Page:
    """Measures' summaries (as `claimgraph measures`), largest first."""
    with _asked():
        found, chosen = store.measures(about=about)
    return _page((found.summaries[m.id] for m in chosen), offset, limit)


def measure(store: Store, ident: str) -> MeasureView:
    """One measure by id: its claims' full records and its timeline."""
    with _asked():
        found = store.measure_set()
        chosen = next((m for m in found.measures if m.id == ident), None)
        if chosen is None:
            raise NotFound(f"no measure {ident!r}; /api/measures lists the ids")
        return _view(store, found, chosen)


def _view(store: Store, found: Any, chosen: Measure) -> MeasureView:
    from claimgraph.track import claim_key, independent_sources, timeline

    records = store.measure_records(found, chosen)
    return MeasureView(found.summaries[chosen.id], records, timeline(records), independent_sources(records),
                       {claim_key(r): r.claim_id for r in records if r.claim_id is not None})


def chart(explorer: Explorer, store: Store, ident: str) -> str | None:
    """A measure's timeline chart as SVG (None without matplotlib), kept while the measure has the same
    name and claims (a re-extracted claim gets a new id): a write elsewhere in the store does not
    redraw it, and a kept chart is served without reading the claims (the largest take a second to draw)."""
    from claimgraph.web.chart import timeline_svg

    with _asked():
        found = store.measure_set()
        chosen = next((m for m in found.measures if m.id == ident), None)
        if chosen is None:
            raise NotFound(f"no measure {ident!r}; /api/measures lists the ids")
        key = hashlib.sha256(repr((chosen.name, sorted(found.claim_ids(chosen)))).encode()).hexdigest()

    def draw() -> str | None:
        view = _view(store, found, chosen)
        return timeline_svg(view.summary["name"], view.provenance, view.entries,
                            lambda e: f"/articles/{e.doc_id}#claim-{view.claim_ids.get(e.key, '')}")

    return explorer.kept(f"chart:{ident}", key, draw)


def timelines(store: Store, ref: str) -> tuple[str, list[MeasureView]]:
    """The measures a `claimgraph timeline` argument names (a measure id, an entity, words of a name)."""
    from claimgraph.store import tracking

    with _asked():
        found = store.measure_set()
        how, chosen = tracking.select(found, ref, *store.entity_names(ref))
        return how, [_view(store, found, m) for m in chosen]


def timeline_rows(view: MeasureView) -> list[dict[str, Any]]:
    """A measure's timeline as `timeline --format jsonl` rows, each with its claim_id."""
    from claimgraph.store.timelines import timeline_row

    summary = view.summary
    return [{**timeline_row(summary["id"], summary["name"], e), "claim_id": view.claim_ids.get(e.key)}
            for e in view.entries]


def changes(store: Store, *, since: str | None = None, offset: int = 0, limit: int = 50) -> Page:
    """Flagged changes (as `changes --format jsonl`), a page at a time from the store's change cache."""
    from claimgraph.store import tracking
    from claimgraph.track import sort_date

    start = sort_date(since) if since else None
    if since and start is None:
        raise WebError(f"since {since!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
                       [{"field": "since", "problem": "not a date"}])
    with _asked():
        found = [{"measure_id": m.id, "measure": m.name, **c.to_dict()}
                 for m, c in tracking.all_changes(store.measure_set(), since=start, offset=offset, limit=limit + 1)]
    return Page(found[:limit], offset, limit, len(found) > limit)


def entities(explorer: Explorer, store: Store, *, search: str | None = None, offset: int = 0,
             limit: int = 50) -> Page:
    """Actors (as `claimgraph entity list`), most mentioned first; ``search``: words in a name or alias."""
    rows = explorer.cached(store, "entities", store.resolved_entities)
    if search:
        folded = search.casefold()
        rows = [r for r in rows if folded in r["name"].casefold() or any(folded in a.casefold() for a in r["aliases"])]
    return _page(iter(rows), offset, limit)


def entity(explorer: Explorer, store: Store, name: str, limit: int = 50) -> dict[str, Any]:
    """An actor: its names, the claims about it, the claims it makes, and its measures."""
    group = store.entity(name)
    if group is None:
        raise NotFound(f"no entity {name!r}; /api/entities lists them")

    def compute() -> dict[str, Any]:
        with _asked():
            found, about = store.measures(about=group.name)
            return {"name": group.name, "kind": group.kind, "aliases": group.aliases, "mentions": group.mentions,
                    "claims_about": list(store.claims(about=group.name, limit=limit)),
                    "claims_made": list(store.claims(source=group.name, limit=limit)),
                    "measures": [found.summaries[m.id] for m in about[:limit]]}

    return explorer.cached(store, f"entity:{group.name}:{limit}", compute)


def sources(explorer: Explorer, store: Store, *, offset: int = 0, limit: int = 50) -> Page:
    """Sources (as `claimgraph sources`), most cited first."""
    rows = explorer.cached(store, "sources", lambda: list(store.sources()))
    return _page(iter(rows), offset, limit)


def source(store: Store, name: str, limit: int = 50) -> dict[str, Any]:
    """A source: what it claimed (it anywhere in the chain) and who relays what it said first."""
    from claimgraph.store import pages

    info = pages.source_info(store.conn, name)
    if info is None:
        raise NotFound(f"no source {name!r}; /api/sources lists them")
    return {**info, "claims": list(store.claims(source=info["name"], limit=limit)),
            "relayed_by": pages.relays(store.conn, info["name"], limit)}


def warm(explorer: Explorer) -> None:
    """Fill the caches whose first computation is slow at scale (the measure grouping and its changes
    after a write by another process; the entity and source lists; the largest measures' charts), so
    that the first visitor does not wait. Run in a thread at start."""
    with explorer.store() as store:
        found = store.measure_set()  # the grouping and its changes, rebuilt once after a write elsewhere
        entities(explorer, store)
        sources(explorer, store)
        for largest in found.measures[:WARM_CHARTS]:
            chart(explorer, store, largest.id)
