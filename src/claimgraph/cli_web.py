"""`claimgraph serve`: the web explorer and REST API over the store (FastAPI with uvicorn).

Binds 127.0.0.1 by default. Bound to any other address, it takes writes (ingest) only with
--token, and then only from requests that give it (Authorization: Bearer TOKEN)."""

from __future__ import annotations

import click

from claimgraph.cli import main
from claimgraph.cli_store import db_option


def serving_rules(host: str, token: str | None) -> tuple[bool, str | None]:
    """Whether the server takes writes, and a warning to print: none beyond this machine without a token."""
    from claimgraph.web.explorer import LOOPBACK

    if host in LOOPBACK or token:
        return True, None
    return False, (f"serving on {host} without --token: read-only (ingest is refused); "
                   "give --token TOKEN to take writes from clients that send it")


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Another than 127.0.0.1 exposes the store to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", envvar="CLAIMGRAPH_TOKEN", metavar="TOKEN",
              help="Writes (ingest) need `Authorization: Bearer TOKEN`. CLAIMGRAPH_TOKEN sets it.")
def serve_cli(db_path: str, host: str, port: int, token: str | None) -> None:
    """Serve the store in a browser (search, articles with their claims marked, measures with their
    timelines, entities, sources, changes, ingest) and as a REST API under /api/."""

    import uvicorn

    from claimgraph.store import Store, StoreError
    from claimgraph.web import create_app

    try:
        with Store(db_path):  # created (with its schema) when missing, so that the browser can ingest into it
            pass
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    writable, warning = serving_rules(host, token)
    if warning:
        click.echo(warning, err=True)
    app = create_app(db_path, token=token, writable=writable)
    app.state.explorer.warm_in_background()
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"claimgraph explorer on http://{shown}:{port}/ (API: http://{shown}:{port}/api/docs); "
               f"store {db_path}; Ctrl-C stops it")
    uvicorn.run(app, host=host, port=port, log_level="warning")
