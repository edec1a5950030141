"""``claimgraph changes``: revisions, contradictions and denials within measures, with both sides."""

from __future__ import annotations

import sys

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import db_option, reading, utf8_stdout


@main.command("changes")
@db_option
@click.option("--since", metavar="DATE", help="Only changes whose new claim is dated on or after DATE "
              "(YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
def changes_cli(db_path: str, since: str | None, fmt: str) -> None:
    """Flagged changes and conflicts within measures (a fact contradicting a fact, an estimate revised
    up or down, a denial), with both sides: the earlier claim and the new one."""
    from claimgraph.store import export, timelines, tracking
    from claimgraph.track import sort_date

    start = sort_date(since) if since else None
    if since and start is None:
        raise click.UsageError(f"--since {since!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    with reading(db_path) as store:
        found = list(tracking.all_changes(store.measure_set(), since=start))
    if fmt == "table":
        timelines.changes_table(((m.name, c) for m, c in found), sys.stdout)
    else:
        export.write_jsonl(({"measure_id": m.id, "measure": m.name, **c.to_dict()} for m, c in found),
                              utf8_stdout())
