"""Load the lexicons and gazetteers shipped as data files in ``claimgraph/data``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


#: The data files the extraction has read (core.version hashes them: they decide what is extracted).
LOADED: set[str] = set()


@cache
def load(name: str) -> Any:
    """A JSON data file of the package, parsed once per process."""
    LOADED.add(name)
    return json.loads(resources.files("claimgraph.data").joinpath(name).read_text(encoding="utf-8"))
