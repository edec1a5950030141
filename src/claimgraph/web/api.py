"""The REST API under /api/: the contract's JSON (claims exactly as ``Store.claims`` gives them),
lists a page at a time with a ``next`` link, filters as on the command line, errors in one shape."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from claimgraph.models import StoredClaim
from claimgraph.web import views
from claimgraph.web.errors import ERROR_RESPONSES, WRITE_RESPONSES
from claimgraph.web.explorer import Explorer

router = APIRouter(prefix="/api", tags=["api"], responses=ERROR_RESPONSES)

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000  # past any store's size; keeps SQLite's LIMIT within its integers
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items a page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")]
Date = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")]
Text = Annotated[str | None, Query(max_length=500)]
Modality = Literal["fact", "expected", "possible", "negated"]


class ListPage(BaseModel):
    """A page of a list: its items, where it starts, and the link to the next page, relative to this
    server (its path and query; null at the end)."""

    items: list[dict[str, Any]]
    offset: int
    limit: int
    next: str | None


def _explorer(request: Request) -> Explorer:
    explorer: Explorer = request.app.state.explorer
    return explorer


def _listing(request: Request, page: views.Page) -> dict[str, Any]:
    following = views.next_link(request.scope["path"], request.query_params.multi_items(), page)
    return {"items": page.items, "offset": page.offset, "limit": page.limit, "next": following}


def _json(claims: list[StoredClaim]) -> list[dict[str, Any]]:
    """Stored claims as the API gives them: each one's ``to_dict`` (as `claims --format jsonl`)."""
    return [claim.to_dict() for claim in claims]


@router.get("/claims", response_model=ListPage, summary="Stored claims, filtered")
def claims(request: Request, about: Text = None, source: Text = None, modality: Modality | None = None,
           since: Date = None, until: Date = None, search: Text = None, has_number: bool = False,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Claims in article and text order: the output contract plus their article's fields and claim_id.
    about: an entity (name or alias); source: anywhere in the chain; search: words of the claim."""
    filters = views.ClaimFilters(about, source, modality, since, until, search, has_number)
    with _explorer(request).store() as store:
        page = views.claims(store, filters, offset, limit)
    return _listing(request, views.Page(_json(page.items), page.offset, page.limit, page.more))


@router.get("/documents", response_model=ListPage, summary="Stored articles, newest first")
def documents(request: Request, search: Text = None, outlet: Text = None, since: Date = None, until: Date = None,
              limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Articles' metadata and claim counts; search: words of the title or text."""
    with _explorer(request).store() as store:
        return _listing(request, views.articles(store, search=search, outlet=outlet, since=since, until=until,
                                                offset=offset, limit=limit))


@router.get("/documents/{ref:path}", summary="One article with its text and claims")
def document(request: Request, ref: str) -> dict[str, Any]:
    """An article by id, URL or origin."""
    with _explorer(request).store() as store:
        found = views.document(store, ref)
    return {**found, "claims": _json(found["claims"])}


@router.post("/documents", status_code=201, responses=WRITE_RESPONSES, summary="Ingest an article",
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                 "type": "object", "properties": {
                     "url": {"type": "string", "description": "An http(s) page to fetch"},
                     "text": {"type": "string", "description": "The article's text, pasted"},
                     "file": {"type": "string", "format": "binary", "description": "A file as `ingest` reads it"},
                     "title": {"type": "string"}, "outlet": {"type": "string"},
                     "published": {"type": "string", "description": "YYYY-MM-DD"}}}}}}})
async def ingest(request: Request, authorization: Annotated[str | None, Header()] = None) -> JSONResponse:
    """Ingest a URL, a pasted text or an uploaded file (at most the server's limit, 10 MB by default);
    with a token configured, send `Authorization: Bearer TOKEN`."""
    from claimgraph.web.upload import ingest_request

    outcome = await ingest_request(request, _explorer(request), authorization)
    return JSONResponse({"documents": [f"/api/documents/{i}" for i in outcome.doc_ids], "ids": outcome.doc_ids,
                         "summary": outcome.summary, "problems": outcome.problems}, status_code=201)


@router.get("/sources", response_model=ListPage, summary="Sources of attribution chains, most cited first")
def sources(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    explorer = _explorer(request)
    with explorer.store() as store:
        return _listing(request, views.sources(explorer, store, offset=offset, limit=limit))


@router.get("/sources/{name:path}", summary="One source: its claims and who relays it")
def source(request: Request, name: str, limit: Limit = 50) -> dict[str, Any]:
    with _explorer(request).store() as store:
        found = views.source(store, name, limit)
    return {**found, "claims": _json(found["claims"])}


@router.get("/entities", response_model=ListPage, summary="Entities as actors with aliases")
def entities(request: Request, search: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """search: words in a name or alias (any case)."""
    explorer = _explorer(request)
    with explorer.store() as store:
        return _listing(request, views.entities(explorer, store, search=search, offset=offset, limit=limit))


@router.get("/entities/{name:path}", summary="One entity: aliases, claims about it and by it, measures")
def entity(request: Request, name: str, limit: Limit = 50) -> dict[str, Any]:
    explorer = _explorer(request)
    with explorer.store() as store:
        found = views.entity(explorer, store, name, limit)
    return {**found, "claims_about": _json(found["claims_about"]), "claims_made": _json(found["claims_made"])}


@router.get("/measures", response_model=ListPage, summary="Measures, largest first")
def measures(request: Request, about: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """about: only measures about this entity (any of its names)."""
    with _explorer(request).store() as store:
        return _listing(request, views.measures(store, about=about, offset=offset, limit=limit))


@router.get("/measures/{ident}", summary="One measure with its timeline")
def measure(request: Request, ident: str) -> dict[str, Any]:
    with _explorer(request).store() as store:
        view = views.measure(store, ident)
    return {**view.summary, "provenance": view.provenance, "timeline": views.timeline_rows(view)}


@router.get("/timeline/{ref:path}", summary="Timelines of the measures a reference names")
def timeline(request: Request, ref: str) -> dict[str, Any]:
    """ref: a measure id, an entity (every measure about it) or words of a measure's name, as
    `claimgraph timeline`."""
    with _explorer(request).store() as store:
        how, found = views.timelines(store, ref)
    return {"matched_by": how, "measures": [{**v.summary, "provenance": v.provenance,
                                             "timeline": views.timeline_rows(v)} for v in found]}


@router.get("/stories", response_model=ListPage, summary="Stories, the latest first")
def stories(request: Request, about: Text = None, since: Date = None, until: Date = None, limit: Limit = 50,
            offset: Offset = 0) -> dict[str, Any]:
    """Articles grouped into stories (one event across outlets and days), as `claimgraph stories --format
    jsonl`: id, name, first, last, articles. about: words of a name or title, or an entity's names."""
    from claimgraph.web import story_views

    explorer = _explorer(request)
    with explorer.store() as store:
        return _listing(request, story_views.stories(explorer, store, about=about, since=since, until=until,
                                                     offset=offset, limit=limit))


@router.get("/stories/{ident}", summary="One story: its articles in time order and its measures' timelines")
def story(request: Request, ident: str) -> dict[str, Any]:
    from claimgraph.web import story_views

    with _explorer(request).store() as store:
        return story_views.story(store, ident)


@router.get("/changes", response_model=ListPage, summary="Conflicts and revisions within measures")
def changes(request: Request, since: Date = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Each flagged change with both sides; since: only those whose new claim is dated on or after."""
    explorer = _explorer(request)
    with explorer.store() as store:
        return _listing(request, views.changes(store, since=since, offset=offset, limit=limit))
