"""Commands over measures and entities: `measures`, `measure merge|split|rename`, `timeline`,
`changes` and `entity list|merge|split|rename`.

Each checks its arguments, opens the store without creating it and leaves the work to
``claimgraph.store`` (``tracking``, ``resolution``) and ``claimgraph.track``; corrections are
kept in their own tables and applied on every read.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from claimgraph.cli import main
from claimgraph.cli_store import _reading, _utf8_stdout, db_option

TIMELINE_FORMATS = ("table", "jsonl", "csv", "png", "svg")


@contextmanager
def _store(db_path: str) -> Iterator[Any]:
    """The store opened for reading, with tracking errors (no such measure, entity or claim) as click errors."""
    from claimgraph.store import StoreError

    with _reading(db_path) as store:
        try:
            yield store
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc


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

    with _store(db_path) as store:
        found, chosen = store.measures(about=about)
        rows = [found.summaries[m.id] for m in chosen if found.summaries[m.id]["claims"] >= min_claims]
    if fmt == "table":
        timelines.measures_table(rows, sys.stdout)
    else:
        export.write_jsonl(rows, _utf8_stdout())


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

    with _store(db_path) as store:
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

    with _store(db_path) as store:
        record = find_claim(store.conn, claim)
        key = claim_key(record)
        found = store.measure_set()
        holder = next((m for m in found.measures if record["claim_id"] in found.claim_ids(m)), None)
        if holder is None or found.summaries[holder.id]["claims"] < 2:
            raise MeasureError(f"the claim {claim!r} is already a measure of its own")
        store.correct_measure(Correction.split(record))
    click.echo(f"split {record['text'][:60]!r} ({key[0]}, {key[1]}-{key[2]}) out of {holder.name!r}")


@measure_cli.command("explain")
@db_option
@click.argument("first", metavar="CLAIM")
@click.argument("second", metavar="CLAIM")
def measure_explain_cli(db_path: str, first: str, second: str) -> None:
    """Why two claims are (or are not) in one measure: which of subject, thing counted and predicate agree.
    Each CLAIM as for `measure split`: a claim_id, or DOC:START-END."""
    from claimgraph.store.tracking import find_claim
    from claimgraph.track import explain

    with _store(db_path) as store:
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
    with _store(db_path) as store:
        measure, _ = _measure(store, ident)
        store.correct_measure(Correction.rename(measure.id, name.strip()))
    click.echo(f"renamed {measure.name!r} to {name.strip()!r}")


@main.command("timeline")
@db_option
@click.argument("ref", metavar="MEASURE|ENTITY")
@click.option("--format", "fmt", type=click.Choice(TIMELINE_FORMATS), default="table", show_default=True,
              help="table, jsonl or csv: one row a claim; png or svg: a chart (needs claimgraph[charts]).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True),
              help="Write here instead of standard output (required for png).")
def timeline_cli(db_path: str, ref: str, fmt: str, out_path: str | None) -> None:
    """A measure's claims in time order (claim time, else publication date) with value, bound,
    modality, source chain and article. MEASURE|ENTITY: a measure id, an entity (every measure
    about it), or words of a measure's name."""
    from claimgraph.store import tracking

    if fmt == "png" and out_path is None:
        raise click.UsageError("--format png writes a binary image; give it a file name with --out PATH")
    with _store(db_path) as store:
        found = store.measure_set()
        how, chosen = tracking.select(found, ref, *store.entity_names(ref))
        shown = store.measures_records(found, chosen)
    if how != "measure" and len(chosen) > 1:
        click.echo(f"{len(chosen)} measures {'about' if how == 'entity' else 'named like'} {ref!r}", err=True)
    _write_timelines(shown, fmt, out_path)


def _write_timelines(shown: list[tuple[Any, list[dict[str, Any]]]], fmt: str, out_path: str | None) -> None:
    from claimgraph.store import export, timelines
    from claimgraph.track import independent_sources, timeline

    lines = [(m, timeline(records), independent_sources(records)) for m, records in shown]
    if fmt in ("png", "svg"):
        from claimgraph.charts import MAX_PANELS, ChartError, ChartPanel, write_chart

        panels = [ChartPanel(m.name, timelines.provenance(ind), entries) for m, entries, ind in lines]
        try:
            if out_path is None:
                drawn = write_chart(panels, sys.stdout.buffer, fmt)
            else:
                with open(out_path, "wb") as out:
                    drawn = write_chart(panels, out, fmt)
        except ChartError as exc:
            raise click.ClickException(str(exc)) from exc
        if len(panels) > drawn:
            click.echo(f"the chart shows the {MAX_PANELS} largest of {len(panels)} measures", err=True)
    else:
        with _output(out_path) as out:
            if fmt == "table":
                for m, entries, ind in lines:
                    timelines.timeline_table(m.name, m.id, entries, ind, out)
            else:
                rows = ({**timelines.timeline_row(m.id, m.name, e), "measure_articles": ind.articles,
                         "measure_independent": ind.independent} for m, entries, ind in lines for e in entries)
                if fmt == "jsonl":
                    export.write_jsonl(rows, out)
                else:
                    export.write_rows_csv(rows, timelines.TIMELINE_COLUMNS, out)
    if out_path is not None:
        click.echo(f"timeline of {len(lines)} measure{'s' * (len(lines) != 1)} written to {out_path}", err=True)


@contextmanager
def _output(out_path: str | None) -> Iterator[Any]:
    if out_path is None:
        yield _utf8_stdout()
    else:
        with open(out_path, "w", encoding="utf-8", newline="") as out:
            yield out


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
    with _store(db_path) as store:
        found = list(tracking.all_changes(store.measure_set(), since=start))
    if fmt == "table":
        timelines.changes_table(((m.name, c) for m, c in found), sys.stdout)
    else:
        export.write_jsonl(({"measure_id": m.id, "measure": m.name, **c.to_dict()} for m, c in found),
                              _utf8_stdout())


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

    with _store(db_path) as store:
        rows = store.resolved_entities()
    if fmt == "jsonl":
        export.write_jsonl(rows, _utf8_stdout())
    else:
        display.rows_table(({**r, "aliases": ", ".join(r["aliases"])} for r in rows),
                           ("name", "kind", "aliases", "mentions", "documents", "reports"), sys.stdout, "entity")


def _entity_correction(db_path: str, kind: str, name: str, other: str) -> None:
    with _store(db_path) as store:
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
