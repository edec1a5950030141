"""``claimgraph claims``: stored claims, filtered by entity, source, modality, dates and words."""

from __future__ import annotations

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import TABLE_FORMATS, db_option, reading, utf8_stdout
from claimgraph.models import MODALITIES


@main.command("claims")
@db_option
@click.option("--about", metavar="ENTITY", help="Claims whose subject is this entity (name or alias, any case).")
@click.option("--source", metavar="NAME", help="Claims with this source anywhere in their chain (any case).")
@click.option("--modality", type=click.Choice(MODALITIES), help="Only claims of this modality.")
@click.option("--since", metavar="DATE", help="Claims on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD): "
              "the claim's time when it has one, else its article's publication date.")
@click.option("--until", metavar="DATE", help="Claims on or before DATE (as --since).")
@click.option("--search", metavar="TEXT", help="Claims whose text has all these words (full-text search).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="At most N claims.")
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table", show_default=True,
              help="table: for reading; jsonl: the output contract plus document fields; csv: one flat row a claim.")
def claims_cli(db_path: str, about: str | None, source: str | None, modality: str | None, since: str | None,
               until: str | None, search: str | None, limit: int | None, fmt: str) -> None:
    """Stored claims, filtered."""
    import sys

    from claimgraph.store import StoreError, display, export

    with reading(db_path) as store:
        try:
            claims = store.claims(about=about, source=source, modality=modality, since=since, until=until,
                                  search=search, limit=limit)
        except StoreError as exc:
            raise click.UsageError(str(exc)) from exc
        if fmt == "table":
            display.claims_table(claims, sys.stdout)
        else:
            export.WRITERS[fmt](claims, utf8_stdout())
