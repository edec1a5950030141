"""Load the lexicons and gazetteers shipped as data files in ``claimgraph/data``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """A JSON data file of the package, parsed once per process."""
    return json.loads(resources.files("claimgraph.data").joinpath(name).read_text(encoding="utf-8"))
