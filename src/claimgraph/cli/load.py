"""``claimgraph load DIR``: the output of `claimgraph batch` into the store, each article once."""

from __future__ import annotations

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import db_option


@main.command("load")
@click.argument("out", metavar="DIR")
@db_option
def load_cli(out: str, db_path: str) -> None:
    """Add the output of `claimgraph batch` in DIR to the store, each article once (as `ingest` does)."""
    from claimgraph.batch import BatchError
    from claimgraph.batch.load import load
    from claimgraph.store import Store, StoreError
    from claimgraph.store.tracking import refresh

    try:
        with Store(db_path) as store:
            summary = load(out, store)
            if summary.new or summary.updated:
                refresh(store.conn)  # regroup measures now, as `ingest` does
    except (BatchError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(summary.line(), err=True)
    if summary.unfinished_tasks:
        click.echo(f"{out}: {summary.unfinished_tasks} task(s) unfinished and not loaded; "
                   "run `claimgraph batch --resume` with the same inputs, then load again", err=True)
