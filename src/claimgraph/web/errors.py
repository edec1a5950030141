"""One error shape for every failure the API reports (datasette's ``error_body``): a code a
program can switch on, a message a person can act on, and the detail (the fields at fault)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response


#: Every error code the server answers with, and its HTTP status (the README lists these; a test keeps
#: them in step).
ERROR_CODES: dict[str, int] = {
    "bad_request": 400, "invalid_parameter": 400, "unknown_host": 400, "forbidden": 403, "not_found": 404,
    "method_not_allowed": 405, "too_large": 413, "internal_error": 500, "store_unavailable": 503,
}


class WebError(Exception):
    """A request the explorer refuses or cannot answer, with its HTTP status and error code."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class NotFound(WebError):
    status = 404
    code = "not_found"


class Forbidden(WebError):
    status = 403
    code = "forbidden"


class StoreUnavailable(WebError):
    """The store cannot be read (damaged, another application's file, a newer schema): the server's fault,
    said with the store's own message."""

    status = 503
    code = "store_unavailable"


class TooLarge(WebError):
    status = 413
    code = "too_large"


class ErrorInfo(BaseModel):
    code: str
    message: str
    detail: Any = None


class ErrorBody(BaseModel):
    """``{"error": {"code": ..., "message": ..., "detail": ...}}``"""

    error: ErrorInfo


def error_body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "detail": detail}}


#: The error responses every API operation documents (OpenAPI), all with the one shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter that cannot be used as given (the message says why)"},
    404: {"model": ErrorBody, "description": "No such article, measure, entity or source"},
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    403: {"model": ErrorBody, "description": "Writing needs the server's token (Authorization: Bearer TOKEN)"},
    413: {"model": ErrorBody, "description": "The upload is larger than the server accepts"},
}


def error_response(request: Request, status: int, code: str, message: str, detail: Any = None) -> Response:
    """The error as JSON under /api/ and for clients that do not ask for HTML, else as an HTML page."""
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(code, message, detail), status_code=status)
    from claimgraph.web.rendering import render

    return render(request, "error.html", {"status": status, "code": code, "message": message, "detail": detail},
                  status=status)


def validation_detail(errors: Any) -> tuple[str, list[dict[str, Any]]]:
    """FastAPI's validation errors as a message naming each field and what is wrong with it."""
    detail = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        detail.append({"field": ".".join(location) or "request", "problem": str(error.get("msg", "invalid"))})
    message = "; ".join(f"{d['field']}: {d['problem']}" for d in detail) or "the request is not valid"
    return message, detail
