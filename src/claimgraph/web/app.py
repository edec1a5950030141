"""The FastAPI app: the API under /api/, the HTML pages, the vendored static files and one error
shape (JSON under /api/, an HTML page elsewhere), inside the ``Guard`` (the hosts it answers to,
writes from its own pages only, the security headers on every response)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from claimgraph.web.errors import WebError, error_response, validation_detail
from claimgraph.web.explorer import MAX_UPLOAD_BYTES, Explorer
from claimgraph.web.guard import Guard
from claimgraph.web.trust import AllowedHosts

HERE = Path(__file__).resolve().parent
# A status Starlette raises on its own (a 404 route, a 405 method) answers with its code in ERROR_CODES.
_STATUS_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                 413: "too_large", 500: "internal_error"}


class ExplorerApp(FastAPI):
    """FastAPI with the ``Guard`` outside all of its own layers, so that its checks run first and its
    headers reach every response, the 500s of its outermost error handler included."""

    allowed_hosts: AllowedHosts

    def build_middleware_stack(self) -> ASGIApp:
        explorer: Explorer = self.state.explorer
        return Guard(super().build_middleware_stack(), self.allowed_hosts, explorer.bearer)


def create_app(db_path: str | Path, *, token: str | None = None, writable: bool = True,
               max_upload: int = MAX_UPLOAD_BYTES, host: str = "127.0.0.1", allowed_hosts: Iterable[str] = (),
               allow_private_addresses: bool = False) -> FastAPI:
    """The explorer over the store at ``db_path`` (which must exist). ``token``: writes need it;
    ``writable`` False: no writes at all; ``host``: the address the server is bound to, and
    ``allowed_hosts``: other names it answers to (``Host``); ``allow_private_addresses``: ingest may
    fetch from this machine and private networks (off: a URL given by a visitor reaches public hosts only)."""
    from claimgraph.web import api, pages

    app = ExplorerApp(title="claimgraph", version=_version(), docs_url=None, redoc_url=None,
                      openapi_url="/api/openapi.json",
                      description="Claims, articles, sources, entities, measures, timelines and changes from a "
                                  "claimgraph store. Every error has the shape "
                                  '`{"error": {"code": ..., "message": ..., "detail": ...}}`.')
    app.allowed_hosts = AllowedHosts.serving(host, allowed_hosts)
    app.state.explorer = Explorer(Path(db_path), token=token, writable=writable, max_upload=max_upload,
                                  allow_private_addresses=allow_private_addresses)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _handle_errors(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _version() -> str:
    import claimgraph

    return claimgraph.__version__


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc.status, exc.code, exc.message, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message, detail = validation_detail(exc.errors())
        return error_response(request, 400, "invalid_parameter", message, detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.status_code != 404 else f"no page or endpoint at {request.url.path}"
        code = _STATUS_CODES.get(exc.status_code, "bad_request" if exc.status_code < 500 else "internal_error")
        return error_response(request, exc.status_code, code, message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        response = error_response(request, 500, "internal_error", f"the server failed: {type(exc).__name__}: {exc}")
        response.headers["connection"] = "close"  # the server logs the error and then drops the connection
        return response


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document with its unused 422 responses removed: validation errors are 400s with
    the one error shape."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        app.openapi_schema = schema
    return app.openapi_schema
