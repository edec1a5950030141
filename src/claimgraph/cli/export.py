"""``claimgraph export``: every stored claim with its document's metadata, as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import db_option, output, reading


@main.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(("jsonl", "csv", "parquet")), default="jsonl",
              show_default=True, help="jsonl: the output contract plus document fields; csv and parquet: flat rows.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True),
              help="Write here instead of standard output (required for parquet).")
def export_cli(db_path: str, fmt: str, out_path: str | None) -> None:
    """Every stored claim with its document's metadata."""
    from claimgraph.store import StoreError, export

    if fmt == "parquet" and out_path is None:
        raise click.UsageError("--format parquet writes a binary file; give it a name with --out PATH")
    with reading(db_path) as store:
        try:
            if fmt == "parquet":
                assert out_path is not None
                count = export.write_parquet(store.claims(), out_path)
            else:
                with output(out_path) as out:
                    count = export.WRITERS[fmt](store.claims(), out)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    if out_path is not None:
        click.echo(f"{count} claims written to {out_path}", err=True)
