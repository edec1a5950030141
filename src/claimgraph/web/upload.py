"""Ingest from the browser or the API: a URL, pasted text or an uploaded file (``forms``), through
``ingest.run.ingest`` with the server's one extractor, like `claimgraph ingest`.

The right to write is checked before the body is read. Ingests run side by side: fetching and
reading hold no lock, extraction takes one article at a time, and only the store's writes are
serialised, so a slow page never holds up another visitor's ingest."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from claimgraph.web.errors import Forbidden, WebError
from claimgraph.web.forms import FORM_OVERHEAD, FORM_TOKEN_BYTES, form_token, read_form, sources_of

if TYPE_CHECKING:
    import threading

    from claimgraph.ingest import IngestedArticle
    from claimgraph.models import Document
    from claimgraph.store import Store
    from claimgraph.web.explorer import Explorer

@dataclass(slots=True)
class Outcome:
    """What an ingest request stored: the articles' ids (new or already stored), the run's summary
    line and every problem reported."""

    doc_ids: list[int] = field(default_factory=list)
    summary: str = ""
    problems: list[str] = field(default_factory=list)


class _Recorder:
    """The store as ``ingest`` sees it, noting the id of every article it adds or already has."""

    def __init__(self, store: Store, outcome: Outcome, write_lock: threading.Lock) -> None:
        self.store, self.outcome, self.write_lock = store, outcome, write_lock

    def known(self, url: str | None, text: str, version: str | None = None) -> int | None:
        found = self.store.known(url, text, version)
        if found is not None:
            self.outcome.doc_ids.append(found)
        return found

    def add(self, article: IngestedArticle, document: Document) -> Any:
        with self.write_lock:  # the one lock a write holds: the store's transaction, not the fetch before it
            result = self.store.add(article, document)
        self.outcome.doc_ids.append(result.doc_id)
        return result


def ingest_sources(explorer: Explorer, sources: list[str], data: bytes | None) -> Outcome:
    """Ingest into the store with the server's extractor, beside other requests' ingests."""
    from claimgraph.ingest.fetch import Fetcher
    from claimgraph.ingest.run import ingest

    outcome = Outcome()
    extractor = explorer.extractor()
    with explorer.store() as store, Fetcher(max_bytes=explorer.max_upload,
                                            allow_private_addresses=explorer.allow_private_addresses) as fetcher:
        summary = ingest(sources, _Recorder(store, outcome, explorer.write_lock), extractor, fetcher,
                         stdin=io.BytesIO(data or b""), report=outcome.problems.append, workers=1)
    outcome.summary = summary.line()
    if outcome.doc_ids:
        explorer.warm_in_background()
    if not outcome.doc_ids:
        raise WebError("nothing was stored: " + ("; ".join(outcome.problems) or summary.line()),
                       {"summary": summary.line(), "problems": outcome.problems})
    return outcome


async def ingest_request(request: Request, explorer: Explorer, authorization: str | None) -> Outcome:
    """A posted ingest (its origin checked by the ``Guard``): the right to write checked from the
    headers first, the form read within its limits, then the ingest run off the event loop."""
    from starlette.concurrency import run_in_threadpool

    granted = explorer.header_grants_write(authorization)
    if not granted:  # the token can only be in the form: read no more of it than FORM_TOKEN_BYTES
        declared = request.headers.get("content-length", "")
        if not declared.isdecimal() or int(declared) > FORM_TOKEN_BYTES + FORM_OVERHEAD:
            raise Forbidden("writing needs this server's token: send Authorization: Bearer TOKEN (a form's token "
                            f"field is read only in a request of at most {FORM_TOKEN_BYTES / 1e6:g} MB)")
    form = await read_form(request, explorer.max_upload if granted else min(explorer.max_upload, FORM_TOKEN_BYTES))
    try:
        if not granted:
            explorer.check_form_token(form_token(form))
        sources, data = await sources_of(form, explorer.max_upload)
    finally:
        await form.close()
    return await run_in_threadpool(ingest_sources, explorer, sources, data)
