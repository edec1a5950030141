"""``claimgraph ingest SOURCE...``: read sources, extract claims, keep both in the store."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import db_option, load_extractor, model_option
from claimgraph.ingest import DEFAULT_CONCURRENCY, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, DEFAULT_WORKERS


@main.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@db_option
@model_option()
@click.option("--concurrency", type=click.IntRange(1, 64), default=DEFAULT_CONCURRENCY, show_default=True,
              help="Requests in flight at once (at most 2 to any one host).")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=DEFAULT_TIMEOUT, show_default=True,
              metavar="S", help="Seconds to wait for a server before retrying (3 retries, with backoff).")
@click.option("--max-bytes", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True, metavar="N",
              help="Skip responses, files and records (archived pages, JSON Lines lines, decompressed) larger than this.")
@click.option("--workers", type=click.IntRange(1, 64), default=DEFAULT_WORKERS, show_default=True,
              help="Processes reading pages and extracting claims, this one included (it also writes the store).")
@click.option("--allow-private-addresses", is_flag=True,
              help="Fetch from loopback, private and link-local addresses too (an intranet); refused by default.")
def ingest_cli(sources: tuple[str, ...], db_path: str, model: str | None, concurrency: int, timeout: float,
               max_bytes: int, workers: int, allow_private_addresses: bool) -> None:
    """Read SOURCES into the store: text/Markdown/HTML files, http(s) URLs, RSS/Atom feeds (file or URL),
    WARC archives, JSON Lines dumps, folders (by content), or - for standard input.

    Problems are reported on standard error with the source named; the run goes on. The exit
    code is 1 when any source failed (skipped pages, such as index pages, are not failures).
    """
    from claimgraph.ingest.fetch import Fetcher
    from claimgraph.ingest.run import ingest
    from claimgraph.store import Store

    extractor = load_extractor(model)
    fetcher = Fetcher(timeout=timeout, max_bytes=max_bytes, concurrency=concurrency,
                      allow_private_addresses=allow_private_addresses)
    with Store(db_path) as store, fetcher, _progress() as (report, advance):
        summary = ingest(sources, store, extractor, fetcher, stdin=sys.stdin.buffer, report=report, advance=advance,
                         workers=workers)
        if summary.new or summary.updated:
            from claimgraph.store.tracking import refresh

            refresh(store.conn)  # regroup measures now, so that `measures` and `timeline` answer at once
    click.echo(summary.line(), err=True)
    if summary.failed:
        sys.exit(1)


@contextmanager
def _progress() -> Iterator[tuple[Callable[[str], None], Callable[[], None]]]:
    """Report lines on stderr; on a terminal, above a rich progress bar counting articles.

    The number of articles is unknown until the sources are read (a folder, a feed, an archive),
    so the bar counts up and spins rather than filling; it is transient (gone when the run ends).
    """
    if not sys.stderr.isatty():
        yield (lambda message: click.echo(message, err=True)), (lambda: None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("ingest", total=None)
        yield (lambda message: console.print(message, markup=False, highlight=False)), \
              (lambda: progress.advance(task))
