"""The ``claimgraph`` command group; every command module registers itself on it."""

from __future__ import annotations

import click


@click.group()
@click.version_option(package_name="claimgraph", prog_name="claimgraph")
def main() -> None:
    """Turn news into a sourced, structured record of claims."""
