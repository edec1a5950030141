"""Options and helpers several commands share: the store (--db), the spaCy pipeline (--model), dates,
output as table, JSON Lines or CSV, and the store opened for reading with its errors as click errors."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import click

#: Every command that touches the store takes --db; CLAIMGRAPH_DB sets it for a shell.
db_option = click.option(
    "--db", "db_path", envvar="CLAIMGRAPH_DB", default="claimgraph.db", show_default=True,
    type=click.Path(dir_okay=False),
    help="The store: an SQLite file (created on first use). CLAIMGRAPH_DB sets it for a shell.")

TABLE_FORMATS = ("table", "jsonl", "csv")


def _check_model(ctx: click.Context, param: click.Parameter, name: str | None) -> str | None:
    import spacy.util

    if name is None or name.startswith("blank:") or spacy.util.is_package(name) or Path(name).is_dir():
        return name
    raise click.BadParameter(
        f"spaCy pipeline {name!r} is not installed; install it with `python -m spacy download {name}` "
        "or omit --model to use the built-in pipeline", ctx, param)


def model_option(help: str = "An installed spaCy pipeline to use instead of the built-in one.") -> Any:
    """--model NAME: a user's installed spaCy pipeline (checked to exist before any work starts)."""
    return click.option("--model", metavar="NAME", callback=_check_model, help=help)


def check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An ISO 8601 date, month or year, or a usage error saying how to write one."""
    if value is None or re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", value):
        return value
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date; write e.g. 2024-11-05 or 2024-11",
                                 ctx, param) from None
    return value


def load_extractor(model: str | None) -> Any:
    """The extraction pipeline, or a click error saying why it would not load."""
    from claimgraph.core import Extractor

    try:
        return Extractor(model)
    except OSError as exc:
        raise click.ClickException(f"cannot load spaCy pipeline {model!r}: {exc}") from exc


def plural(n: int, noun: str) -> str:
    """'1 claim', '3 claims' (for nouns with a regular plural)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@contextmanager
def reading(db_path: str) -> Iterator[Any]:
    """The store opened read-only (never created, migrated or written: it works on read-only files and
    folders), with library errors (a missing or damaged store, no such measure, entity or claim) turned
    into click errors."""
    from claimgraph.store import Store

    with store_errors():
        with Store(db_path, readonly=True) as store:
            yield store


@contextmanager
def writing(db_path: str) -> Iterator[Any]:
    """The store opened to write (never created): for corrections of entities and measures."""
    from claimgraph.store import Store

    with store_errors():
        with Store(db_path, create=False) as store:
            yield store


@contextmanager
def store_errors() -> Iterator[None]:
    """Library store errors (missing, damaged, read-only, …) as click errors with their message."""
    from claimgraph.store import StoreError

    try:
        yield
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def utf8_stdout() -> TextIO:
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")  # JSON and CSV are UTF-8, whatever the locale says
    return sys.stdout


@contextmanager
def output(out_path: str | None) -> Iterator[TextIO]:
    """Standard output (UTF-8), or the file named by --out."""
    if out_path is None:
        yield utf8_stdout()
    else:
        with open(out_path, "w", encoding="utf-8", newline="") as out:
            yield out


def write_records(records: Iterator[dict[str, Any]], fmt: str, columns: tuple[str, ...],
                  nouns: tuple[str, str]) -> None:
    """Rows (sources, entities) as a table (its caption counting ``nouns``: one, many), JSON Lines or CSV
    (`claims` writes stored claims itself)."""
    from claimgraph.store import display, export

    if fmt == "table":
        display.rows_table(records, columns, sys.stdout, nouns)
    elif fmt == "jsonl":
        export.write_jsonl(records, utf8_stdout())
    else:
        export.write_rows_csv(records, columns, utf8_stdout())
