"""Commands that read the store: `claims`, `sources`, `entities`, `show`, `export`.

Each checks its arguments, opens the store without creating it, and leaves the work to
``claimgraph.store``; a library error becomes a click error with its message (exit 1).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click

#: Every command that touches the store takes --db; CLAIMGRAPH_DB sets it for a shell.
db_option = click.option(
    "--db", "db_path", envvar="CLAIMGRAPH_DB", default="claimgraph.db", show_default=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The store: an SQLite file (created on first use). CLAIMGRAPH_DB sets it for a shell.")

# After db_option: importing the CLI group imports cli_ingest, which takes db_option from here.
from claimgraph.cli import main  # noqa: E402
from claimgraph.models import MODALITIES  # noqa: E402

TABLE_FORMATS = ("table", "jsonl", "csv")
SOURCE_COLUMNS = ("name", "kind", "claims", "documents", "reports")
ENTITY_COLUMNS = ("name", "kind", "mentions", "documents", "reports")


@contextmanager
def _reading(db_path: str) -> Iterator[Any]:
    """The store opened for reading (never created), with library errors turned into click errors."""
    from claimgraph.store import Store, StoreError

    try:
        with Store(db_path, create=False) as store:
            yield store
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _utf8_stdout() -> TextIO:
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")  # JSON and CSV are UTF-8, whatever the locale says
    return sys.stdout


def _write(records: Iterator[dict[str, Any]], fmt: str, columns: tuple[str, ...] | None, noun: str) -> None:
    from claimgraph.store import display, export

    if fmt == "table":
        if columns is None:
            display.claims_table(records, sys.stdout)
        else:
            display.rows_table(records, columns, sys.stdout, noun)
    elif fmt == "jsonl":
        export.write_jsonl(records, _utf8_stdout())
    elif columns is None:
        export.write_csv(records, _utf8_stdout())
    else:
        export.write_rows_csv(records, columns, _utf8_stdout())


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
    from claimgraph.store import StoreError

    with _reading(db_path) as store:
        try:
            records = store.claims(about=about, source=source, modality=modality, since=since, until=until,
                                   search=search, limit=limit)
        except StoreError as exc:
            raise click.UsageError(str(exc)) from exc
        _write(records, fmt, None, "claim")


@main.command("sources")
@db_option
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table", show_default=True)
def sources_cli(db_path: str, fmt: str) -> None:
    """Every source of an attribution chain: its kind, and how many claims, articles and independent
    reports (syndicated copies counted once) cite it."""
    with _reading(db_path) as store:
        _write(store.sources(), fmt, SOURCE_COLUMNS, "source")


@main.command("entities")
@db_option
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table", show_default=True)
def entities_cli(db_path: str, fmt: str) -> None:
    """Every entity named as a subject or a source, with its mentions, articles and independent reports."""
    with _reading(db_path) as store:
        _write(store.entities(), fmt, ENTITY_COLUMNS, "entity")


@main.command("show")
@db_option
@click.argument("doc")
def show_cli(db_path: str, doc: str) -> None:
    """An article (DOC: its id, URL or origin) in the terminal with its claims marked."""
    from claimgraph.store import display

    with _reading(db_path) as store:
        display.show_document(store.document(doc), sys.stdout)


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
    with _reading(db_path) as store:
        try:
            if fmt == "parquet":
                assert out_path is not None
                count = export.write_parquet(store.claims(), out_path)
            elif out_path is None:
                count = export.WRITERS[fmt](store.claims(), _utf8_stdout())
            else:
                with open(out_path, "w", encoding="utf-8", newline="") as out:
                    count = export.WRITERS[fmt](store.claims(), out)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
    if out_path is not None:
        click.echo(f"{count} claims written to {out_path}", err=True)
