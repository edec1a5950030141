"""The uvicorn server for the explorer, as `claimgraph serve` runs it: on SIGTERM or Ctrl-C it stops
taking connections, lets the requests in flight finish for a few seconds, then cancels them (a
page still rendering, or sent to a client that stopped reading, never holds the process)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uvicorn

#: Seconds a stopping server gives the requests in flight (uvicorn's ``timeout_graceful_shutdown``;
#: by default it waits for them forever). A page renders in well under a second.
SHUTDOWN_GRACE_SECONDS = 5


def server(app: Any, *, host: str = "127.0.0.1", port: int = 0, log_level: str = "warning") -> uvicorn.Server:
    """A server for ``app`` (``create_app``'s, given the same ``host``); ``.run()`` serves until stopped,
    ``.run(sockets=[sock])`` on a socket bound already (host and port then come from it)."""
    import uvicorn

    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level=log_level,
                                         timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS))
