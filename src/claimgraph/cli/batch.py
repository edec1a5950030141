"""``claimgraph batch INPUT... --out DIR``: archives → claims on Dask, as Parquet by publication month."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import model_option
from claimgraph.ingest import DEFAULT_MAX_BYTES


@main.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, metavar="DIR",
              help="Output folder (a path or fsspec URL): Parquet tables by publication month.")
@click.option("--scheduler", metavar="ADDRESS", help="A running Dask scheduler (tcp://HOST:8786); "
              "without it a local cluster of one worker a core is started.")
@click.option("--workers", type=click.IntRange(1, 1024), help="Worker processes of the local cluster.  "
              "[default: one a core]")
@click.option("--resume", is_flag=True, help="Finish the batch in DIR: run only its unfinished tasks.")
@click.option("--task-size", "task_mb", type=click.FloatRange(0.01, 10_000), default=8.0, show_default=True,
              metavar="MB", help="Input a task reads: large files are split into ranges of this size.")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True, metavar="N",
              help="Skip pages, texts and records (archived pages, JSON Lines lines) larger than this, decompressed.")
@model_option("An installed spaCy pipeline to use instead of the built-in one (on every worker).")
def batch_cli(inputs: tuple[str, ...], out: str, scheduler: str | None, workers: int | None, resume: bool,
              task_mb: float, max_bytes: int, model: str | None) -> None:
    """Extract claims from INPUTS (WARC/WARC.gz archives, JSON Lines, compressed or not, folders, pages and
    texts; paths or fsspec URLs such as s3://…) on Dask, into Parquet in DIR.

    Problems are reported on standard error with their location (file and byte offset); the run goes
    on. The exit code is 1 when any record failed or any task is unfinished (`--resume` finishes it).
    """
    from claimgraph.batch import BatchError
    from claimgraph.batch.driver import batch

    if scheduler is not None and workers is not None:
        raise click.UsageError("--workers sizes the local cluster; with --scheduler, start workers on the cluster")
    with _progress() as (report, started, advance):
        try:
            summary = batch(list(inputs), out, scheduler=scheduler, workers=workers, resume=resume,
                            task_bytes=int(task_mb * 1_000_000), max_bytes=max_bytes, model=model, report=report, started=started,
                            advance=advance)
        except BatchError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(summary.line(), err=True)
    if summary.failed or summary.unfinished:
        sys.exit(1)


@contextmanager
def _progress() -> Iterator[tuple[Callable[[str], None], Callable[[int, str | None], None], Callable[[Any], None]]]:
    """Problems on stderr; on a terminal, above a progress bar of tasks (with articles and claims so far)."""
    def started_plain(tasks: int, link: str | None) -> None:
        click.echo(f"{tasks} task(s) to run" + (f"; Dask dashboard: {link}" if link else ""), err=True)

    if not sys.stderr.isatty():
        yield (lambda message: click.echo(message, err=True)), started_plain, (lambda result: None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, \
        TimeRemainingColumn

    console = Console(stderr=True)
    columns = (TextColumn("tasks"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[counts]}"),
               TimeElapsedColumn(), TimeRemainingColumn())
    totals = {"articles": 0, "claims": 0}
    with Progress(*columns, console=console) as progress:
        bar = progress.add_task("batch", total=None, counts="")

        def started(tasks: int, link: str | None) -> None:
            progress.update(bar, total=tasks)
            if link:
                console.print(f"Dask dashboard: {link}", markup=False, highlight=False)

        def advance(result: Any) -> None:
            totals["articles"] += result.articles
            totals["claims"] += result.claims
            progress.update(bar, advance=1, counts=f"{totals['articles']:,} articles, {totals['claims']:,} claims")

        yield (lambda message: console.print(message, markup=False, highlight=False)), started, advance
