"""``claimgraph extract FILE...``: claims from plain-text files (or standard input) to standard output."""

from __future__ import annotations

import io
import json
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import check_date, load_extractor, model_option, plural
from claimgraph.core import Article, Extractor
from claimgraph.models import Claim
from claimgraph.reading import InputError, Text, read_file, read_path, shift_claim, split_text

FORMATS = ("jsonl", "json", "table")
TABLE_TEXT_CHARS = 80


@dataclass(frozen=True, slots=True)
class FileResult:
    """What came of one input: its claims and warnings, or the error that stopped it."""

    name: str
    claims: tuple[Claim, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None


@dataclass(slots=True)
class _Chunk:
    """A piece of an input on its way through the pipeline (an input that failed has no text)."""

    name: str
    source: Text | None
    offset: int = 0
    last: bool = True
    error: str | None = None


@dataclass(slots=True)
class _Tally:
    files: int = 0
    claims: int = 0
    failed: int = 0


def read_input(name: str) -> Text:
    """Read a named input: ``-`` is standard input."""
    if name == "-":
        return read_file(sys.stdin.buffer, "-")
    return read_path(name)


def extract_files(names: Iterable[str], extractor: Extractor, *, published: str | None = None,
                  outlet: str | None = None) -> Iterator[FileResult]:
    """Extract from many files, streaming, in input order. A file that cannot be read gives an error result.

    Long texts go through the pipeline in chunks; their claims come back with whole-file offsets.
    """
    pending: deque[_Chunk] = deque()

    def articles() -> Iterator[Article]:
        for name in names:
            try:
                source = read_input(name)
            except InputError as exc:
                pending.append(_Chunk(name, None, error=str(exc)))
                continue
            if is_html(source.text):
                page = _main_text(source)
                if page is None:
                    pending.append(_Chunk(name, None, error=f"{name}: an HTML page with no article text "
                                                            "(an index page or a paywall)"))
                    continue
                source = page
            chunks = list(split_text(source.text))
            for i, (offset, chunk) in enumerate(chunks):
                pending.append(_Chunk(name, source, offset, last=i == len(chunks) - 1))
                yield Article(source.name, chunk, published=published, outlet=outlet)

    claims: list[Claim] = []
    errors: list[str] = []
    for document in extractor.pipe(articles()):
        yield from _failures(pending)
        chunk = pending.popleft()
        assert chunk.source is not None, "documents come out in input order"
        claims.extend(shift_claim(c, chunk.offset, chunk.name) for c in document.claims)
        if document.error:
            errors.append(document.error)
        if chunk.last:
            if errors:
                yield FileResult(chunk.name, error=f"{chunk.name}: {errors[0]}")
            else:
                warnings = chunk.source.warnings + tuple(f"{chunk.name}: {w}" for w in document.warnings)
                yield FileResult(chunk.name, tuple(claims), warnings)
            claims, errors = [], []
    yield from _failures(pending)


def is_html(text: str) -> bool:
    """A page rather than a text: what `ingest` would read as HTML (the same sniffing)."""
    from claimgraph.ingest.sniff import SNIFF_BYTES, sniff

    return sniff(text[:SNIFF_BYTES].encode("utf-8", errors="replace")) == "html"


def _main_text(source: Text) -> Text | None:
    """A page's main text, as `ingest` reads it (trafilatura); its claims' offsets are into that text."""
    from claimgraph.ingest import IngestProblem
    from claimgraph.ingest.pages import extract_page

    page = extract_page(source.text, source.name)
    if isinstance(page, IngestProblem):
        return None
    note = (f"{source.name}: an HTML page: claims are read from its main text, and their offsets are into "
            "that text (`claimgraph ingest` stores it with the page's title, date and outlet)")
    return Text(source.name, page.text, source.encoding, (*source.warnings, note))


def _failures(pending: deque[_Chunk]) -> Iterator[FileResult]:
    while pending and pending[0].error is not None:
        failed = pending.popleft()
        yield FileResult(failed.name, error=failed.error)


@main.command("extract")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="jsonl: one claim a line (the output contract); json: one array; table: for reading.")
@model_option()
@click.option("--published", metavar="DATE", callback=check_date,
              help="Publication date (ISO 8601) of every file, to resolve 'last week'.")
@click.option("--outlet", metavar="NAME", help="The outlet that published every file (never a source of its own sentences).")
def extract_cli(files: tuple[str, ...], fmt: str, model: str | None, published: str | None,
                outlet: str | None) -> None:
    """Extract claims from FILES (plain text; - reads standard input) and write them to standard output.

    Unreadable files are reported on standard error and skipped; the exit code is then 1.
    """
    extractor = load_extractor(model)
    tally = _Tally()
    results = _reported(extract_files(files, extractor, published=published, outlet=outlet), tally)
    if fmt != "table" and isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")  # JSON is UTF-8 (RFC 8259), whatever the locale says
    WRITERS[fmt](results, sys.stdout)
    if tally.files > 1 or tally.failed:
        click.echo(f"{plural(tally.files, 'file')}, {plural(tally.claims, 'claim')}, {tally.failed} failed",
                   err=True)
    if tally.failed:
        sys.exit(1)


def _reported(results: Iterable[FileResult], tally: _Tally) -> Iterator[FileResult]:
    """Pass on the good results; report warnings and errors on standard error and count them."""
    for result in results:
        tally.files += 1
        for warning in result.warnings:
            click.echo(warning, err=True)
        if result.error is not None:
            tally.failed += 1
            click.echo(f"{result.error}; skipped", err=True)
            continue
        tally.claims += len(result.claims)
        yield result


def write_jsonl(results: Iterable[FileResult], out: TextIO) -> None:
    for result in results:
        out.writelines(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in result.claims)
        out.flush()


def write_json(results: Iterable[FileResult], out: TextIO) -> None:
    """One JSON array of all claims, written as they come."""
    separator = "[\n"
    for result in results:
        for claim in result.claims:
            out.write(separator + json.dumps(claim.to_dict(), ensure_ascii=False))
            separator = ",\n"
    out.write("[]\n" if separator == "[\n" else "\n]\n")


def write_table(results: Iterable[FileResult], out: TextIO) -> None:
    """A table a document, for reading: value, bound, unit, subject, modality, sources, text."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=None if out.isatty() else 140)
    for result in results:
        table = Table(title=result.name, caption=None if result.claims else "no claims")
        for column in ("value", "bound", "unit", "subject", "modality", "sources (innermost first)", "text"):
            table.add_column(column, overflow="fold")
        for claim in result.claims:
            table.add_row(*_table_row(claim))
        console.print(table)


def _table_row(claim: Claim) -> tuple[str, ...]:
    q = claim.quantity
    if q is None:
        value = bound = unit = ""
    else:
        value = f"{_number(q.low)}–{_number(q.high)}" if q.bound == "range" else _number(q.value)
        bound, unit = q.bound, q.unit
    text = claim.text if len(claim.text) <= TABLE_TEXT_CHARS else claim.text[:TABLE_TEXT_CHARS - 1] + "…"
    return (value, bound, unit, claim.subject.name if claim.subject else "", claim.modality,
            " ← ".join(s.name for s in claim.sources), text)


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


WRITERS = {"jsonl": write_jsonl, "json": write_json, "table": write_table}
