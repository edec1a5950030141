"""The FastAPI app: the API under /api/, the HTML pages, the vendored static files, one error
shape (JSON under /api/, an HTML page elsewhere), and the headers that keep untrusted article text
inert in the browser (a Content-Security-Policy that allows no inline script)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimgraph.web.errors import WebError, error_body, validation_detail
from claimgraph.web.explorer import MAX_UPLOAD_BYTES, Explorer

HERE = Path(__file__).resolve().parent
# Scripts and styles from this server only: a <script> or onerror= that escaped escaping would not run.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_STATUS_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                 413: "too_large", 500: "internal_error"}


def create_app(db_path: str | Path, *, token: str | None = None, writable: bool = True,
               max_upload: int = MAX_UPLOAD_BYTES) -> FastAPI:
    """The explorer over the store at ``db_path`` (which must exist). ``token``: writes need it;
    ``writable`` False: no writes at all."""
    from claimgraph.web import api, pages

    app = FastAPI(title="claimgraph", version=_version(), docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Claims, articles, sources, entities, measures, timelines and changes from a "
                              "claimgraph store. Every error has the shape "
                              '`{"error": {"code": ..., "message": ..., "detail": ...}}`.')
    app.state.explorer = Explorer(Path(db_path), token=token, writable=writable, max_upload=max_upload)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _handle_errors(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _version() -> str:
    import claimgraph

    return claimgraph.__version__


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return _error(request, exc.status, exc.code, exc.message, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message, detail = validation_detail(exc.errors())
        return _error(request, 400, "invalid_parameter", message, detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.status_code != 404 else f"no page or endpoint at {request.url.path}"
        return _error(request, exc.status_code, _STATUS_CODES.get(exc.status_code, "http_error"), message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        return _error(request, 500, "internal_error", f"the server failed: {type(exc).__name__}: {exc}")


def _error(request: Request, status: int, code: str, message: str, detail: Any = None) -> Response:
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(code, message, detail), status_code=status)
    from claimgraph.web.pages import render

    return render(request, "error.html", {"status": status, "code": code, "message": message, "detail": detail},
                  status=status)


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
