"""``claimgraph serve``: the web explorer and REST API over the store (FastAPI with uvicorn).

Binds 127.0.0.1 by default. Bound to any other address, it takes writes (ingest) only with
--token, and then only from requests that give it (Authorization: Bearer TOKEN). The socket is bound
before the address is printed: a busy port is an error (or, for the default port, another free one).
"""

from __future__ import annotations

import errno
import socket

import click
from click.core import ParameterSource

from claimgraph.cli._app import main
from claimgraph.cli.options import db_option, store_errors

DEFAULT_PORT = 8000


def serving_rules(host: str, token: str | None) -> tuple[bool, str | None]:
    """Whether the server takes writes, and a warning to print: none beyond this machine without a token."""
    from claimgraph.web.trust import LOOPBACK

    if host in LOOPBACK or token:
        return True, None
    return False, (f"serving on {host} without --token: read-only (ingest is refused); "
                   "give --token TOKEN to take writes from clients that send it")


def bind(host: str, port: int, *, fallback: bool) -> socket.socket:
    """A listening socket on host:port; with ``fallback``, a free port when that one is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or not fallback:
                raise
            sock.bind((host, 0))
    except OSError as exc:
        sock.close()
        reason = "is in use by another program" if exc.errno == errno.EADDRINUSE else f"cannot be bound ({exc.strerror})"
        raise click.ClickException(f"{host}:{port} {reason}; give another with --port N, or --port 0 for any "
                                   "free port") from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Another than 127.0.0.1 exposes the store to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on; 0 picks a free one. When the default is taken, a free one is picked.")
@click.option("--token", envvar="CLAIMGRAPH_TOKEN", metavar="TOKEN",
              help="Writes (ingest) need `Authorization: Bearer TOKEN`. CLAIMGRAPH_TOKEN sets it.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Another name this server answers to (a reverse proxy's host, or NAME:PORT); others get 400.")
@click.option("--allow-private-addresses", is_flag=True,
              help="Ingest from the explorer may fetch URLs on this machine and private networks "
                   "(off: public hosts only).")
@click.pass_context
def serve_cli(ctx: click.Context, db_path: str, host: str, port: int, token: str | None,
              allowed_hosts: tuple[str, ...], allow_private_addresses: bool) -> None:
    """Serve the store in a browser (search, articles with their claims marked, measures with their
    timelines, entities, sources, changes, ingest) and as a REST API under /api/."""
    from claimgraph.store import Store, StoreError, StoreReadOnly
    from claimgraph.web import create_app
    from claimgraph.web.serve import server

    writable, warning = serving_rules(host, token)
    try:
        with Store(db_path):  # created (with its schema) when missing, so that the browser can ingest into it
            pass
    except StoreReadOnly:
        with store_errors():
            with Store(db_path, readonly=True):
                pass
        writable, warning = False, f"{db_path} is read-only: serving it read-only (ingest and corrections are refused)"
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if warning:
        click.echo(warning, err=True)
    sock = bind(host, port, fallback=ctx.get_parameter_source("port") is ParameterSource.DEFAULT)
    if port and sock.getsockname()[1] != port:
        click.echo(f"port {port} is in use by another program; serving on a free one instead", err=True)
    port = sock.getsockname()[1]
    try:
        app = create_app(db_path, token=token, writable=writable, host=host, allowed_hosts=allowed_hosts,
                         allow_private_addresses=allow_private_addresses)
    except ValueError as exc:
        sock.close()
        raise click.ClickException(str(exc)) from exc
    app.state.explorer.warm_in_background()
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"claimgraph explorer on http://{shown}:{port}/ (API: http://{shown}:{port}/api/docs); "
               f"store {db_path}; Ctrl-C stops it")
    server(app, host=host, port=port).run(sockets=[sock])

