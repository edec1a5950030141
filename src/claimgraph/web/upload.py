"""Ingest from the browser or the API: a URL, pasted text or an uploaded file, read within a size
limit (in memory: nothing is written but the store), then through ``ingest.run.ingest`` with the
server's one extractor, like `claimgraph ingest`. A URL must be http(s): a path is never read."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser
from starlette.requests import Request

from claimgraph.web.errors import Forbidden, TooLarge, WebError

if TYPE_CHECKING:
    from claimgraph.ingest import IngestedArticle
    from claimgraph.models import Document
    from claimgraph.store import Store
    from claimgraph.web.explorer import Explorer

FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the small fields beside the file (bytes)
FIELDS = ("url", "text", "title", "outlet", "published", "token")


@dataclass(slots=True)
class Outcome:
    """What an ingest request stored: the articles' ids (new or already stored), the run's summary
    line and every problem reported."""

    doc_ids: list[int] = field(default_factory=list)
    summary: str = ""
    problems: list[str] = field(default_factory=list)


class _Recorder:
    """The store as ``ingest`` sees it, noting the id of every article it adds or already has."""

    def __init__(self, store: Store, outcome: Outcome) -> None:
        self.store, self.outcome = store, outcome

    def known(self, url: str | None, text: str) -> int | None:
        found = self.store.known(url, text)
        if found is not None:
            self.outcome.doc_ids.append(found)
        return found

    def add(self, article: IngestedArticle, document: Document) -> Any:
        result = self.store.add(article, document)
        self.outcome.doc_ids.append(result.doc_id)
        return result


def form_token(form: FormData) -> str | None:
    token = form.get("token")
    return token if isinstance(token, str) else None


def check_origin(request: Request) -> None:
    """Refuse a write posted from another site's page (a cross-site form aimed at this server)."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise Forbidden(f"a write from another site ({origin}) is refused; post from this server's own pages")


async def read_form(request: Request, limit: int) -> FormData:
    """The posted form, read in memory and refused (413) past ``limit`` bytes of upload."""
    declared = request.headers.get("content-length", "")
    if declared.isdecimal() and int(declared) > limit + FORM_OVERHEAD:
        raise TooLarge(_too_large(int(declared), limit))
    content_type = request.headers.get("content-type", "")

    async def capped() -> AsyncGenerator[bytes, None]:
        total = 0
        async for chunk in request.stream():
            total += len(chunk)
            if total > limit + FORM_OVERHEAD:
                raise TooLarge(_too_large(total, limit))
            yield chunk

    try:
        if content_type.startswith("multipart/form-data"):
            parser = MultiPartParser(request.headers, capped(), max_files=1, max_fields=len(FIELDS) + 2,
                                     max_part_size=limit)
            parser.spool_max_size = limit + FORM_OVERHEAD  # keep the upload in memory, never in a temporary file
            return await parser.parse()
        if content_type.startswith("application/x-www-form-urlencoded"):
            return await FormParser(request.headers, capped()).parse()
    except MultiPartException as exc:
        raise WebError(f"cannot read the form: {exc}") from exc
    raise WebError("post a form (multipart/form-data or application/x-www-form-urlencoded) with a url, "
                   "a text or a file field", [{"field": "content-type", "problem": content_type or "missing"}])


def _too_large(size: int, limit: int) -> str:
    return (f"the upload is {size / 1e6:.1f} MB; this server accepts at most {limit / 1e6:.0f} MB a request "
            "(split the file, or ingest it with `claimgraph ingest FILE`)")


async def sources_of(form: FormData, limit: int) -> tuple[list[str], bytes | None]:
    """What to ingest: ``[url]``, or ``["-"]`` with the bytes to read (a file, or the pasted text as
    one JSON Lines record carrying the title, outlet and date given with it)."""
    url = _field(form, "url")
    upload = form.get("file")
    text = _field(form, "text")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(_too_large(len(data), limit))
        if not data.strip():
            raise WebError(f"the file {upload.filename!r} is empty", [{"field": "file", "problem": "empty"}])
        return ["-"], data
    if text:
        record = {"text": text, **{name: _field(form, name) for name in ("title", "outlet", "published", "url")}}
        data = json.dumps({k: v for k, v in record.items() if v}, ensure_ascii=False).encode("utf-8")
        if len(data) > limit:
            raise TooLarge(_too_large(len(data), limit))
        return ["-"], data
    if url:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise WebError(f"{url!r} is not an http(s) URL; give a web address, paste the text or upload a file",
                           [{"field": "url", "problem": "not an http(s) URL"}])
        return [url], None
    raise WebError("nothing to ingest: give a url, a text or a file",
                   [{"field": "url", "problem": "missing"}, {"field": "text", "problem": "missing"},
                    {"field": "file", "problem": "missing"}])


def _field(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value.strip() or None if isinstance(value, str) else None


def ingest_sources(explorer: Explorer, sources: list[str], data: bytes | None) -> Outcome:
    """Ingest into the store with the server's extractor, one request at a time."""
    from claimgraph.ingest.fetch import Fetcher
    from claimgraph.ingest.run import ingest

    outcome = Outcome()
    extractor = explorer.extractor()
    with explorer.write_lock, explorer.store() as store, Fetcher(max_bytes=explorer.max_upload) as fetcher:
        summary = ingest(sources, _Recorder(store, outcome), extractor, fetcher,
                         stdin=io.BytesIO(data or b""), report=outcome.problems.append, workers=1)
    outcome.summary = summary.line()
    if outcome.doc_ids:
        explorer.warm_in_background()
    if not outcome.doc_ids:
        raise WebError("nothing was stored: " + ("; ".join(outcome.problems) or summary.line()),
                       {"summary": summary.line(), "problems": outcome.problems})
    return outcome


async def ingest_request(request: Request, explorer: Explorer, authorization: str | None) -> Outcome:
    """A posted ingest, checked (origin, size, token) and run off the event loop."""
    from starlette.concurrency import run_in_threadpool

    check_origin(request)
    form = await read_form(request, explorer.max_upload)
    try:
        explorer.check_write(authorization, form_token(form))
        sources, data = await sources_of(form, explorer.max_upload)
    finally:
        await form.close()
    return await run_in_threadpool(ingest_sources, explorer, sources, data)
