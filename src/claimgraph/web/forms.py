"""A posted ingest form read in memory within a size limit (nothing is written but the store):
a URL, pasted text with its title, outlet and date, or an uploaded file. A URL must be http(s):
a path is never read."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from urllib.parse import urlsplit

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser
from starlette.requests import Request

from claimgraph.web.errors import TooLarge, WebError

FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the small fields beside the file (bytes)
#: The largest body read before its token is known (a form's token field, when the request has no
#: Authorization header): a pasted article or a saved page (the corpus's largest text is 33 KB).
#: What a request without the token can make the server hold; larger uploads send the header.
FORM_TOKEN_BYTES = 1_000_000
FIELDS = ("url", "text", "title", "outlet", "published", "token")


def form_token(form: FormData) -> str | None:
    token = form.get("token")
    return token if isinstance(token, str) else None


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
