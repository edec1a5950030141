"""``claimgraph timeline MEASURE|ENTITY``: a measure's claims in time order, as a table, rows or a chart."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import db_option, output, reading

if TYPE_CHECKING:
    from claimgraph.models import StoredClaim
    from claimgraph.track import Measure

TIMELINE_FORMATS = ("table", "jsonl", "csv", "png", "svg")


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
    with reading(db_path) as store:
        found = store.measure_set()
        how, chosen = tracking.select(found, ref, *store.entity_names(ref))
        shown = store.measures_records(found, chosen)
    if how != "measure" and len(chosen) > 1:
        click.echo(f"{len(chosen)} measures {'about' if how == 'entity' else 'named like'} {ref!r}", err=True)
    _write_timelines(shown, fmt, out_path)


def _write_timelines(shown: list[tuple[Measure, list[StoredClaim]]], fmt: str, out_path: str | None) -> None:
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
        with output(out_path) as out:
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
