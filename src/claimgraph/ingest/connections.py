"""The fetcher's connections: made to addresses the policy checked, and never past a fetch's deadline.

httpx leaves resolving and connecting to httpcore's network backend; ``CheckedBackend`` takes that
place. It resolves the host once (``addresses.checked_addresses``: refused before any socket is
opened) and connects to the checked address itself, so a second DNS answer (DNS rebinding) cannot
swap in another; the name still goes in the Host header and in TLS's SNI and certificate check,
which httpcore takes from the URL, not from the socket. Every connect, read and write timeout is
also cut to the time left before the deadline of the fetch running in this thread (``deadline``),
so a server trickling a byte at a time, headers included, is stopped when the deadline comes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from ssl import SSLContext
from typing import Any

import httpcore
import httpx

from claimgraph.ingest import addresses

#: When the fetch running in this context must end (``time.monotonic()``), None for no deadline.
_DEADLINE: ContextVar[float | None] = ContextVar("claimgraph_fetch_deadline", default=None)


@contextmanager
def deadline(at: float) -> Iterator[None]:
    """Bound every connection's wait, in this thread, by ``at`` (``time.monotonic()`` seconds)."""
    token = _DEADLINE.set(at)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _time_left(timeout: float | None, error: type[Exception]) -> float | None:
    at = _DEADLINE.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise error("the fetch's deadline has passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every wait ends by the current fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self._stream.start_tls(ssl_context, server_hostname,
                                                     _time_left(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class CheckedBackend(httpcore.NetworkBackend):
    """TCP connections to checked addresses only (``addresses``), unless ``allow_private``."""

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        try:
            checked = addresses.checked_addresses(host, port, allow_private=self.allow_private)
        except OSError as exc:  # the name does not resolve: as httpcore reports it
            raise httpcore.ConnectError(str(exc)) from exc
        failure: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in checked:  # each in getaddrinfo's order, as socket.create_connection does
            try:
                stream = self._sockets.connect_tcp(str(address), port, _time_left(timeout, httpcore.ConnectTimeout),
                                                   local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return DeadlineStream(stream)
        raise failure

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.UnsupportedProtocol("the fetcher connects over TCP only")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class CheckedTransport(httpx.HTTPTransport):
    """httpx's transport over a ``CheckedBackend``.

    ``HTTPTransport`` builds its connection pool in ``__init__`` and takes no network backend, so the
    pool (``_pool``, as httpx 0.28 names it) is rebuilt here with the same settings and ours."""

    def __init__(self, *, allow_private: bool, limits: httpx.Limits) -> None:
        ssl_context = httpx.create_ssl_context()  # certifi's CAs, or SSL_CERT_FILE / SSL_CERT_DIR when set
        super().__init__(verify=ssl_context, limits=limits)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections, keepalive_expiry=limits.keepalive_expiry,
            network_backend=CheckedBackend(allow_private=allow_private))
