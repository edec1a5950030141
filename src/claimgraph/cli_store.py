"""Commands that read the store: `claims`, `sources`, `entities`, `show`, `export`."""

from __future__ import annotations

import click

#: Every command that touches the store takes --db; CLAIMGRAPH_DB sets it for a shell.
db_option = click.option(
    "--db", "db_path", envvar="CLAIMGRAPH_DB", default="claimgraph.db", show_default=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The store: an SQLite file (created on first use). CLAIMGRAPH_DB sets it for a shell.")
