"""``claimgraph measures`` and ``claimgraph measure merge|split|explain|rename``: quantified claims grouped
into measures, and corrections of that grouping (kept in the store, applied on every read)."""

from __future__ import annotations

import sys
from typing import Any

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import db_option, reading, utf8_stdout, writing


@main.command("measures")
@db_option
@click.option("--about", metavar="ENTITY", help="Only measures about this entity (any of its names or aliases).")
@click.option("--min-claims", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Only measures with at least N claims.")
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
def measures_cli(db_path: str, about: str | None, min_claims: int, fmt: str) -> None:
    """Measures: quantified claims grouped by subject, thing counted and predicate, largest first, with
    their articles, independent original sources and date span (corrections applied)."""
    from claimgraph.store import export, timelines

    with reading(db_path) as store:
        found, chosen = store.measures(about=about)
        rows = [found.summaries[m.id] for m in chosen if found.summaries[m.id]["claims"] >= min_claims]
    if fmt == "table":
        timelines.measures_table(rows, sys.stdout)
    else:
        export.write_jsonl(rows, utf8_stdout())


@main.group("measure")
def measure_cli() -> None:
    """Correct the grouping of claims into measures; kept in the store and applied on every read,
    so corrections survive re-ingestion and re-extraction."""


def _measure(store: Any, ident: str) -> Any:
    """The measure with this id, and its summary."""
    from claimgraph.store.tracking import MeasureError

    found = store.measure_set()
    for measure in found.measures:
        if measure.id == ident:
            return measure, found.summaries[ident]
    raise MeasureError(f"no measure {ident!r}; `claimgraph measures` lists the ids")


@measure_cli.command("merge")
@db_option
@click.argument("into_id")
@click.argument("from_id")
def measure_merge_cli(db_path: str, into_id: str, from_id: str) -> None:
    """Put the claims of measure FROM_ID into measure INTO_ID."""
    from claimgraph.track import Correction

    with writing(db_path) as store:
        (into, into_row), (other, other_row) = _measure(store, into_id), _measure(store, from_id)
        if into.id == other.id:
            raise click.UsageError("give two different measures")
        store.correct_measure(Correction.merge(into.id, other.id))
    click.echo(f"merged {other.name!r} into {into.name!r} ({into_row['claims'] + other_row['claims']} claims)")


@measure_cli.command("split")
@db_option
@click.argument("claim")
def measure_split_cli(db_path: str, claim: str) -> None:
    """Give a claim a measure of its own. CLAIM: its claim_id (`claims --format jsonl`) or
    DOC:START-END, its article's id, URL or origin and its number's offsets."""
    from claimgraph.store.tracking import MeasureError, find_claim
    from claimgraph.track import Correction, claim_key

    with writing(db_path) as store:
        record = find_claim(store.conn, claim)
        key = claim_key(record)
        found = store.measure_set()
        holder = next((m for m in found.measures if record.claim_id in found.claim_ids(m)), None)
        if holder is None or found.summaries[holder.id]["claims"] < 2:
            raise MeasureError(f"the claim {claim!r} is already a measure of its own")
        store.correct_measure(Correction.split(record))
    click.echo(f"split {record.text[:60]!r} ({key[0]}, {key[1]}-{key[2]}) out of {holder.name!r}")


@measure_cli.command("explain")
@db_option
@click.argument("first", metavar="CLAIM")
@click.argument("second", metavar="CLAIM")
def measure_explain_cli(db_path: str, first: str, second: str) -> None:
    """Why two claims are (or are not) in one measure: which of subject, thing counted and predicate agree.
    Each CLAIM as for `measure split`: a claim_id, or DOC:START-END."""
    from claimgraph.store.tracking import find_claim
    from claimgraph.track import explain

    with reading(db_path) as store:
        a, b = find_claim(store.conn, first), find_claim(store.conn, second)
    click.echo(explain(a, b))


@measure_cli.command("rename")
@db_option
@click.argument("ident", metavar="ID")
@click.argument("name")
def measure_rename_cli(db_path: str, ident: str, name: str) -> None:
    """Show measure ID under NAME."""
    from claimgraph.track import Correction

    if not name.strip():
        raise click.UsageError("the new name cannot be empty")
    with writing(db_path) as store:
        measure, _ = _measure(store, ident)
        store.correct_measure(Correction.rename(measure.id, name.strip()))
    click.echo(f"renamed {measure.name!r} to {name.strip()!r}")
