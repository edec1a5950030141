"""Openly licensed sample articles bundled with the package (``data/samples/``, attributed in
``data/samples-PROVENANCE.md``).

They let ``make run``, the CLI and the tests work on real news text without the evaluation corpus
beside the checkout. The folder holds only the articles and their metadata index, so that
``claimgraph ingest`` reads it as articles: ``claimgraph ingest $(python -m claimgraph.samples --folder)``.
"""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any


def _folder() -> Path:
    root = files("claimgraph.data") / "samples"
    if not isinstance(root, Path):
        raise RuntimeError(
            f"claimgraph's samples are not on the file system ({root!r}); "
            "install the package unzipped (pip install claimgraph) to use them."
        )
    return root


def folder() -> Path:
    """The folder of bundled articles (with its ``index.jsonl`` of metadata)."""
    return _folder()


def provenance() -> Path:
    """The file that gives each bundled article's title, source URL, licence and attribution."""
    return _folder().parent / "samples-PROVENANCE.md"


def paths() -> list[Path]:
    """The bundled articles' ``.txt`` files, sorted by name (the name without ``.txt`` is the id)."""
    return sorted(_folder().glob("*.txt"))


def index() -> dict[str, dict[str, Any]]:
    """Metadata for each bundled article, by id: title, outlet, published, url, license, collection."""
    lines = (_folder() / "index.jsonl").read_text(encoding="utf-8").splitlines()
    rows = (json.loads(line) for line in lines if line.strip())
    return {row["id"]: row for row in rows}


def records() -> list[dict[str, Any]]:
    """Each bundled article as a JSON Lines record `claimgraph ingest` reads: text plus metadata."""
    meta = index()
    out = []
    for path in paths():
        row = meta.get(path.stem, {})
        out.append({"id": path.stem, "text": path.read_text(encoding="utf-8"), "title": row.get("title"),
                    "outlet": row.get("outlet"), "published": row.get("published"), "url": row.get("url")})
    return out


def main() -> None:
    """``python -m claimgraph.samples``: the bundled articles as JSON Lines on standard output
    (``--folder``: the folder's path instead)."""
    if sys.argv[1:] == ["--folder"]:
        print(_folder())
        return
    for record in records():
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
