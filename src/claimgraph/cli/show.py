"""``claimgraph show DOC``: an article in the terminal with its claims marked."""

from __future__ import annotations

import sys

import click

from claimgraph.cli._app import main
from claimgraph.cli.options import db_option, reading


@main.command("show")
@db_option
@click.argument("doc")
def show_cli(db_path: str, doc: str) -> None:
    """An article (DOC: its id, URL or origin) in the terminal with its claims marked."""
    from claimgraph.store import display

    with reading(db_path) as store:
        display.show_document(store.document(doc), sys.stdout)
