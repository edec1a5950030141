"""Where the benchmark and scoring scripts find their articles, and how they write predictions.

The evaluation data lives in ``../shared`` beside the checkout (corpus, gold, PolNeAR);
without it, the bundled samples stand in for the speed benchmark.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from claimgraph import samples
from claimgraph.core import Article

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
GOLD = SHARED / "eval" / "gold"
POLNEAR_DEV = SHARED / "polnear" / "dev"
SCORE_PY = SHARED / "eval" / "score.py"
POLNEAR_SCORE_PY = SHARED / "eval" / "polnear_score.py"
RESULTS = ROOT / "benchmarks" / "results"


def have_shared() -> bool:
    """True when the evaluation data (corpus, gold, scorers) is beside the checkout."""
    return CORPUS.is_dir() and GOLD.is_dir() and SCORE_PY.is_file()


def load_index(folder: Path) -> dict[str, dict[str, Any]]:
    """The ``index.jsonl`` beside a folder of articles, by id ({} when there is none)."""
    path = folder / "index.jsonl"
    if not path.is_file():
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: row for row in rows}


def article(path: Path, meta: dict[str, Any] | None = None) -> Article:
    """An article from a ``.txt`` file read exactly (UTF-8, nothing stripped), id = file name stem.

    ``published`` is passed as its ISO date part ("2022-03-16 13:28:18-04:00" → "2022-03-16";
    a month such as "2024-11" stays as it is), so relative times resolve against the day.
    """
    meta = meta or {}
    published = meta.get("published")
    return Article(
        id=path.stem,
        text=path.read_bytes().decode("utf-8"),
        published=published[:10] if isinstance(published, str) else None,
        outlet=meta.get("outlet"),
        title=meta.get("title"),
    )


def articles(paths: Iterable[Path]) -> Iterator[Article]:
    """Articles for the given files, with metadata from each folder's ``index.jsonl``."""
    indexes: dict[Path, dict[str, dict[str, Any]]] = {}
    for path in paths:
        folder = path.parent
        if folder not in indexes:
            indexes[folder] = load_index(folder)
        yield article(path, indexes[folder].get(path.stem))


def benchmark_paths() -> tuple[str, list[Path]]:
    """The speed benchmark's articles: the whole corpus when present, else the bundled samples."""
    if CORPUS.is_dir():
        return os.path.relpath(CORPUS, ROOT), sorted(CORPUS.glob("*.txt"))
    return "bundled samples", samples.paths()


def write_jsonl(documents: Iterable[Any], out: TextIO) -> int:
    """Write each document's claims as contract JSON Lines; returns how many claims were written."""
    written = 0
    for document in documents:
        for claim in document.to_dicts():
            out.write(json.dumps(claim, ensure_ascii=False) + "\n")
            written += 1
    return written


def git_commit() -> str | None:
    """The checkout's short commit id, to say which code a figure was measured on."""
    done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False)
    dirty = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", "src"], check=False)
    commit = done.stdout.strip()
    return (commit + ("+changes" if dirty.returncode else "")) if commit else None
