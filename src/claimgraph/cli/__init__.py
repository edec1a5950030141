"""The command line: one module a command (spaCy's ``cli/`` layout), each a thin layer that checks its
arguments and leaves the work to the library; options shared by several commands are in ``options``.
"""

from __future__ import annotations

from claimgraph.cli import (  # noqa: F401  (each module registers its commands on `main`)
    batch,
    changes,
    claims,
    entity,
    export,
    extract,
    ingest,
    load,
    measure,
    serve,
    show,
    sources,
    stories,
    story,
    timeline,
)
from claimgraph.cli._app import main

__all__ = ["main"]
