"""The outermost layer of the app (pure ASGI, around FastAPI's own error handling): every response,
errors and crashes included, carries the headers that keep untrusted article text inert in the
browser; a request to a name the server does not answer to is refused (400) and a write that does
not come from the server's own pages is refused (403), before any route runs or any body is read."""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimgraph.web.errors import error_response
from claimgraph.web.trust import AllowedHosts, cross_site

# Scripts and styles from this server only: a <script> or onerror= that escaped escaping would not run;
# no framing (clickjacking), no <base> (relative links stay this server's), no plug-ins.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                               "form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class Guard:
    """The host and origin checks and the security headers around ``app``. ``bearer``: whether an
    Authorization header gives the server's token (an API client that sends it needs no Origin: a
    browser never sends that header on its own, so a page of another site cannot)."""

    def __init__(self, app: ASGIApp, hosts: AllowedHosts, bearer: Callable[[str | None], bool]) -> None:
        self.app, self.hosts, self.bearer = app, hosts, bearer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):  # lifespan
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        headers = Headers(scope=scope)
        host = headers.get("host")
        if not self.hosts.allows(host, scope.get("server")):
            await self._refuse(scope, receive, send, 400, "unknown_host",
                               f"this server does not answer to the host {host!r}: open it at the address it "
                               "was started on, or start it with --allowed-host NAME for a name of its own")
            return
        method = scope.get("method", "GET")
        reason = None if self.bearer(headers.get("authorization")) else cross_site(method, headers, scope["scheme"])
        if reason is not None:
            await self._refuse(scope, receive, send, 403, "forbidden",
                               f"a {method} is refused: {reason}; post from this server's own pages, or send "
                               "Origin: with this server's address (or, with --token, Authorization: Bearer TOKEN)")
            return
        await self.app(scope, receive, send)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": message[:120]})
            return
        request = Request(scope, receive)
        await error_response(request, status, code, message)(scope, receive, send)


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in SECURITY_HEADERS.items():
                headers.setdefault(name, value)
        await send(message)

    return sending
