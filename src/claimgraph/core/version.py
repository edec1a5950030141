"""The extractor's version: a hash of the code, lexicons and pipeline that decide extraction.

A store keeps each article's claims with the version that extracted them; when it differs (an upgrade
changed a rule, a lexicon or the trained pipeline, or another ``--model`` is used), ingesting the
article again re-extracts it. The tracking layer keys its measure cache the same way.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable

# The code of the package that decides what is extracted: the core and the models. Its data are the
# lexicons its modules load (core_lexicons) and the trained pipeline (core.syntax).
_CODE_PACKAGES = ("claimgraph.core",)
_CODE_FILES = (("claimgraph", "models.py"),)


def _files(folder: Traversable, skip: frozenset[str] = frozenset({"__pycache__"})) -> list[tuple[str, bytes]]:
    """Every file below ``folder`` as (relative name, bytes), in a fixed order."""
    found: list[tuple[str, bytes]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name in skip:
            continue
        if entry.is_dir():
            found.extend((f"{entry.name}/{name}", data) for name, data in _files(entry))
        elif not entry.name.endswith(".pyc"):
            found.append((entry.name, entry.read_bytes()))
    return found


def core_lexicons() -> set[str]:
    """The data files the extraction core reads: every ``load("….json")`` in its modules (tracking and the
    store read lexicons of their own through the same loader; those do not decide what is extracted)."""
    names: set[str] = set()
    for name, code in _files(resources.files("claimgraph.core")):
        if name.endswith(".py"):
            names.update(re.findall(r'load\("([\w.-]+\.json)"\)', code.decode("utf-8")))
    return names


@lru_cache(maxsize=8)
def extractor_version(model: str | None = None) -> str:
    """16 hex digits naming what extracts: our code and data, spaCy's version, and ``model`` when a user's
    pipeline is plugged in (by name and version, as installed)."""
    import spacy

    digest = hashlib.sha256()
    for package in _CODE_PACKAGES:
        for name, code in _files(resources.files(package)):
            if name.endswith(".py"):
                digest.update(f"{package}/{name}".encode() + b"\0" + code)
    for package, name in _CODE_FILES:
        digest.update(f"{package}/{name}".encode() + b"\0" + resources.files(package).joinpath(name).read_bytes())
    from claimgraph.core.syntax import PIPELINE_DIR, shipped_pipeline_path

    data = resources.files("claimgraph.data")
    for name in sorted(core_lexicons()):
        digest.update(f"data/{name}".encode() + b"\0" + data.joinpath(name).read_bytes())
    if model is None and shipped_pipeline_path() is not None:
        for name, blob in _files(data.joinpath(PIPELINE_DIR)):
            digest.update(f"data/{PIPELINE_DIR}/{name}".encode() + b"\0" + blob)
    digest.update(f"spacy {spacy.__version__}".encode())
    if model is not None:
        digest.update(f"model {model} {_model_version(model)}".encode())
    return digest.hexdigest()[:16]


def _model_version(model: str) -> str:
    """An installed pipeline's version (from its package metadata or meta.json), or '' when unknown."""
    from spacy.util import get_model_meta, is_package

    try:
        if is_package(model):
            from importlib.metadata import version

            return version(model)
        return str(get_model_meta(model).get("version", ""))
    except (OSError, ValueError):
        return ""
