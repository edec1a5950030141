"""``claimgraph entities`` and ``claimgraph entity list|merge|split|rename``: actors under their many names,
and corrections of them (kept in the store, applied on every read)."""

from __future__ import annotations

import sys

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import TABLE_FORMATS, db_option, reading, utf8_stdout, write_records, writing

ENTITY_COLUMNS = ("name", "kind", "mentions", "documents", "reports")


@main.command("entities")
@db_option
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table", show_default=True)
def entities_cli(db_path: str, fmt: str) -> None:
    """Every entity named as a subject or a source, with its mentions, articles and independent reports."""
    with reading(db_path) as store:
        write_records(store.entities(), fmt, ENTITY_COLUMNS, ("entity", "entities"))


@main.group("entity")
def entity_cli() -> None:
    """Entities across the store as actors with aliases; merge, split and rename are kept as
    corrections in the store, applied on every read (they survive re-ingestion and re-extraction)."""


@entity_cli.command("list")
@db_option
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
def entity_list_cli(db_path: str, fmt: str) -> None:
    """Every actor: its name, kind, aliases, mentions, articles and independent reports."""
    from claimgraph.store import display, export

    with reading(db_path) as store:
        rows = store.resolved_entities()
    if fmt == "jsonl":
        export.write_jsonl(rows, utf8_stdout())
    else:
        display.rows_table(({**r, "aliases": ", ".join(r["aliases"])} for r in rows),
                           ("name", "kind", "aliases", "mentions", "documents", "reports"), sys.stdout, ("entity", "entities"))


def _entity_correction(db_path: str, kind: str, name: str, other: str) -> None:
    with writing(db_path) as store:
        group = store.correct_entity(kind, name, other)
    aliases = ", ".join(group.aliases) or "(none)"
    click.echo(f"{kind}: {group.name!r} now has aliases {aliases}")


def _entity_command(kind: str, second: str, doc: str) -> None:
    """Register `entity KIND NAME SECOND`, recorded as a correction of that kind."""

    @entity_cli.command(kind, help=doc)
    @db_option
    @click.argument("name")
    @click.argument(second)
    def command(db_path: str, name: str, **other: str) -> None:
        _entity_correction(db_path, kind, name, other[second])


_entity_command("merge", "alias", "Make entity ALIAS (and its aliases) an alias of entity NAME.")
_entity_command("split", "alias", "Give ALIAS, now an alias of entity NAME, an entity of its own.")
_entity_command("rename", "new", "Show entity NAME as NEW (every old name stays an alias).")
