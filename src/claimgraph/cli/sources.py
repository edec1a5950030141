"""``claimgraph sources``: who claims what — every source of an attribution chain with its counts."""

from __future__ import annotations

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import TABLE_FORMATS, db_option, reading, write_records

SOURCE_COLUMNS = ("name", "kind", "claims", "documents", "reports")


@main.command("sources")
@db_option
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table", show_default=True)
def sources_cli(db_path: str, fmt: str) -> None:
    """Every source of an attribution chain: its kind, and how many claims, articles and independent
    reports (syndicated copies counted once) cite it."""
    with reading(db_path) as store:
        write_records(store.sources(), fmt, SOURCE_COLUMNS, ("source", "sources"))
