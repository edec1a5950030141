"""The HTML pages: search, article, measures and measure, entities and entity, sources and source,
changes, and ingest, each rendered by ``rendering.render``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimgraph.web import views
from claimgraph.web.api import MAX_LIMIT, MAX_OFFSET
from claimgraph.web.errors import NotFound, WebError
from claimgraph.web.explorer import Explorer
from claimgraph.web.rendering import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE = 50  # rows a page in every list
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


def _explorer(request: Request) -> Explorer:
    explorer: Explorer = request.app.state.explorer
    return explorer


def _blank(value: str | None) -> str | None:
    """A form field left empty is no filter."""
    return value.strip() or None if value is not None else None


def _next(request: Request, page: views.Page) -> str | None:
    return views.next_link(request.scope["path"], request.query_params.multi_items(), page)


@router.get("/")
def search(request: Request, q: str | None = None, about: str | None = None, source: str | None = None,
           modality: str | None = None, since: str | None = None, until: str | None = None,
           has_number: str | None = None, offset: Offset = 0) -> Response:
    """Articles and claims matching the words and filters."""
    q, modality = _blank(q), _blank(modality)
    filters = views.ClaimFilters(_blank(about), _blank(source), modality, _blank(since), _blank(until), q,
                                 bool(has_number))
    with _explorer(request).store() as store:
        found = views.claims(store, filters, offset, PAGE)
        articles = views.articles(store, search=q, since=filters.since, until=filters.until, limit=10)
        counts = store.counts()
    return render(request, "search.html", {"filters": filters, "claims": found, "articles": articles,
                                           "counts": counts, "next": _next(request, found)})


@router.get("/articles/{doc_id}")
def article(request: Request, doc_id: int, offset: Offset = 0) -> Response:
    """The article with its claims marked in place and listed beside it (a page of them, at ``offset``)."""
    from claimgraph.web.highlight import segments

    with _explorer(request).store() as store:
        record, claims = views.article(store, doc_id, offset)
    return render(request, "article.html", {"doc": record, "claims": claims, "next": _next(request, claims),
                                            "segments": segments(record["text"], claims.items)})


@router.get("/measures")
def measures(request: Request, about: str | None = None, offset: Offset = 0) -> Response:
    with _explorer(request).store() as store:
        found = views.measures(store, about=_blank(about), offset=offset, limit=PAGE)
    return render(request, "measures.html", {"measures": found, "about": _blank(about), "next": _next(request, found)})


@router.get("/measures/{ident}")
def measure(request: Request, ident: str, offset: Offset = 0, limit: Limit = 200) -> Response:
    """The measure's chart (loaded after the page) and the table of its claims in time order."""
    with _explorer(request).store() as store:
        view = views.measure(store, ident)
    rows = views.timeline_rows(view)
    shown = views.Page(rows[offset:offset + limit], offset, limit, len(rows) > offset + limit)
    return render(request, "measure.html", {"view": view, "rows": shown, "next": _next(request, shown)})


@router.get("/measures/{ident}/chart.svg")
def measure_chart(request: Request, ident: str) -> Response:
    """The timeline chart as SVG: a tooltip and a link to the article at the claim on every point."""
    explorer = _explorer(request)
    with explorer.store() as store:
        svg = views.chart(explorer, store, ident)
    if svg is None:
        raise NotFound("charts need matplotlib, which is not installed; install it with "
                       "`pip install 'claimgraph[charts]'` (the page's table has every claim)")
    return Response(svg, media_type="image/svg+xml")


@router.get("/stories")
def stories(request: Request, about: str | None = None, since: str | None = None, until: str | None = None,
            offset: Offset = 0) -> Response:
    """Stories, the latest first, filtered by words or entity and dates."""
    from claimgraph.web import story_views

    explorer = _explorer(request)
    about, since, until = _blank(about), _blank(since), _blank(until)
    with explorer.store() as store:
        found = story_views.stories(explorer, store, about=about, since=since, until=until, offset=offset, limit=PAGE)
    return render(request, "stories.html", {"stories": found, "about": about, "since": since, "until": until,
                                            "next": _next(request, found)})


@router.get("/stories/{ident}")
def story(request: Request, ident: str) -> Response:
    """A story: its articles in time order, its largest measures' charts and every measure's claims."""
    from claimgraph.web import story_views

    with _explorer(request).store() as store:
        found = story_views.story(store, ident)
    return render(request, "story.html", {"story": found, "charted": story_views.CHARTED_MEASURES})


@router.get("/entities")
def entities(request: Request, q: str | None = None, offset: Offset = 0) -> Response:
    explorer = _explorer(request)
    with explorer.store() as store:
        found = views.entities(explorer, store, search=_blank(q), offset=offset, limit=PAGE)
    return render(request, "entities.html", {"entities": found, "q": _blank(q), "next": _next(request, found)})


@router.get("/entities/{name:path}")
def entity(request: Request, name: str) -> Response:
    explorer = _explorer(request)
    with explorer.store() as store:
        found = views.entity(explorer, store, name, PAGE)
    return render(request, "entity.html", {"entity": found})


@router.get("/sources")
def sources(request: Request, offset: Offset = 0) -> Response:
    explorer = _explorer(request)
    with explorer.store() as store:
        found = views.sources(explorer, store, offset=offset, limit=PAGE)
    return render(request, "sources.html", {"sources": found, "next": _next(request, found)})


@router.get("/sources/{name:path}")
def source(request: Request, name: str) -> Response:
    with _explorer(request).store() as store:
        found = views.source(store, name, PAGE)
    return render(request, "source.html", {"source": found})


@router.get("/changes")
def changes(request: Request, since: str | None = None, offset: Offset = 0) -> Response:
    explorer = _explorer(request)
    with explorer.store() as store:
        found = views.changes(store, since=_blank(since), offset=offset, limit=PAGE)
    return render(request, "changes.html", {"changes": found, "since": _blank(since), "next": _next(request, found)})


@router.get("/api/docs", include_in_schema=False)
def api_docs(request: Request) -> Response:
    """The REST API's reference, rendered here from the OpenAPI document (no CDN, no inline script)."""
    schema = request.app.openapi()
    operations = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                   "description": op.get("description", ""),
                   "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                   "description": p.get("description", "")} for p in op.get("parameters", [])],
                   "responses": sorted(op.get("responses", {}))}
                  for path, methods in schema.get("paths", {}).items() for method, op in methods.items()]
    return render(request, "api_docs.html", {"info": schema.get("info", {}), "operations": operations})


@router.get("/ingest")
def ingest_form(request: Request) -> Response:
    explorer = _explorer(request)
    return render(request, "ingest.html", {"explorer": explorer, "error": None})


@router.post("/ingest")
async def ingest(request: Request, authorization: Annotated[str | None, Header()] = None) -> Response:
    """Ingest what the form gives, then show the article (or the newest of several) with its claims."""
    from claimgraph.web.upload import ingest_request

    explorer = _explorer(request)
    try:
        outcome = await ingest_request(request, explorer, authorization)
    except WebError as exc:
        return render(request, "ingest.html", {"explorer": explorer, "error": exc}, status=exc.status)
    return RedirectResponse(f"/articles/{outcome.doc_ids[0]}", status_code=303)
