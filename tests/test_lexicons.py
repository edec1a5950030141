"""Rules are data: every key of every lexicon in claimgraph/data is read by the code (keys defined and never
used, while the same words were hard-coded, were a finding of our review)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "claimgraph"
LEXICONS = sorted((PACKAGE / "data").glob("*.json"))
SOURCE = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_every_lexicon_key_is_read(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = [key for key in data if not key.startswith("_")] if isinstance(data, dict) else []
    unread = [key for key in keys if f'"{key}"' not in SOURCE and f"'{key}'" not in SOURCE]
    assert unread == [], f"{path.name}: keys no code reads: {unread}"


def test_every_lexicon_is_loaded_by_name() -> None:
    unloaded = [path.name for path in LEXICONS if f'"{path.name}"' not in SOURCE]
    assert unloaded == []
