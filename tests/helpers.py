"""Helpers the test modules share (importable: pytest puts this folder on sys.path)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

# The project's shared folder (corpus, gold, scorers) stands beside the repository.
SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


def load_script(name: str, path: Path) -> ModuleType:
    """Import a script that is not part of a package (a scorer, a benchmark) as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
