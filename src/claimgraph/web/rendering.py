"""HTML from the Jinja2 templates, autoescaped (article text and titles are untrusted input).

A page is streamed as it renders, a piece at a time in a worker thread: a visitor who leaves stops
the rendering at the next piece, and a page's first piece (its head, and all of most pages) is
rendered before the response starts, so that a failure there is still an error page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from jinja2 import Environment, PackageLoader
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse

from claimgraph.models import MODALITIES, StoredClaim

#: Characters of a page rendered at a time before the client's connection is checked again.
PIECE_CHARS = 64 * 1024
_templates: Environment | None = None


def templates() -> Environment:
    """The templates' environment (made once), with the filters they use."""
    global _templates
    if _templates is None:
        env = Environment(loader=PackageLoader("claimgraph.web", "templates"), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True)
        from claimgraph.store.display import chain, claim_date, number

        env.filters.update(number=number, chain=chain, claim_date=claim_date, value=_value, weburl=_web_url)
        from claimgraph.web.forms import FORM_TOKEN_BYTES

        env.globals.update(modalities=MODALITIES, form_token_bytes=FORM_TOKEN_BYTES)
        _templates = env
    return _templates


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """The page: whole when it fits in one piece, else its first piece now and the rest streamed
    while the client is still there."""
    chunks = templates().get_template(name).generate(context)
    first = _piece(chunks)
    if len(first) < PIECE_CHARS:
        return HTMLResponse(first, status_code=status)
    return StreamingResponse(_streamed(request, first, chunks), status_code=status,
                             media_type="text/html; charset=utf-8")


def _piece(chunks: Iterator[str]) -> str:
    """The next ``PIECE_CHARS`` (or a little more) of a rendering page; shorter only at its end."""
    parts, size = [], 0
    for chunk in chunks:
        parts.append(chunk)
        size += len(chunk)
        if size >= PIECE_CHARS:
            break
    return "".join(parts)


async def _streamed(request: Request, first: str, chunks: Iterator[str]) -> AsyncIterator[bytes]:
    piece = first
    try:
        while piece:
            yield piece.encode("utf-8")
            if len(piece) < PIECE_CHARS or await request.is_disconnected():
                return
            piece = await run_in_threadpool(_piece, chunks)
    finally:
        chunks.close()  # type: ignore[attr-defined]  # a generator: what it holds is let go at once


def _value(record: StoredClaim) -> str:
    """A claim's number with its bound and unit: "≥ 10,000 troops"."""
    from claimgraph.store.display import number

    q = record.quantity
    if q is None:
        return ""
    if q.bound == "range" and q.low is not None and q.high is not None:
        shown = f"{number(q.low)}–{number(q.high)}"
    else:
        shown = {"at_least": "≥ ", "at_most": "≤ ", "approx": "~"}.get(q.bound, "") + number(q.value)
    return f"{shown} {q.unit or ''}".strip()


def _web_url(url: str | None) -> str | None:
    """The URL when it is an http(s) address, else None: a stored ``javascript:`` URL is never a link."""
    from urllib.parse import urlsplit

    return url if url and urlsplit(url).scheme in ("http", "https") else None
