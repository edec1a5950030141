"""Golden test on the seed article: every claim in its gold file comes out exactly.

Each gold quantity must be found with its value, bound, unit, subject, modality and the full
attribution chain (innermost first); each gold attribution must be found with its innermost
source. Names are compared with the scorer's own rule (../shared/eval/score.py ``same_name``),
so the test and the dev-gold score agree on what "the same name" means.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from helpers import SHARED, load_script

import claimgraph
from claimgraph.models import Claim

GOLD = SHARED / "eval" / "gold" / "seed-nk-troops.json"
pytestmark = pytest.mark.skipif(not GOLD.is_file(), reason=f"the seed's gold file is not at {GOLD}")


def _scorer() -> ModuleType:
    return load_script("claimgraph_scorer", SHARED / "eval" / "score.py")


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return dict(json.loads(GOLD.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def claims(seed_text: str) -> list[Claim]:
    return list(claimgraph.extract(seed_text, doc_id="seed-nk-troops", published="2024-11").claims)


def _quote_span(text: str, quote: str) -> tuple[int, int]:
    at = text.index(quote)
    return at, at + len(quote)


def _gold_quantities() -> list[dict[str, Any]]:
    return list(json.loads(GOLD.read_text(encoding="utf-8"))["quantities"]) if GOLD.is_file() else []


def _gold_attributions() -> list[dict[str, Any]]:
    return list(json.loads(GOLD.read_text(encoding="utf-8"))["attributions"]) if GOLD.is_file() else []


@pytest.mark.parametrize("expected", _gold_quantities(), ids=lambda g: f"{g['value']}-{g['quote'][:30]}")
def test_quantity_comes_out_exactly(expected: dict[str, Any], claims: list[Claim], seed_text: str) -> None:
    score = _scorer()
    start, end = _quote_span(seed_text, expected["quote"])
    found = [c for c in claims if c.quantity and c.start < end and start < c.end
             and abs(c.quantity.value - expected["value"]) < 1e-6]
    assert found, f"no claim with value {expected['value']} over {expected['quote']!r}"
    claim = found[0]
    assert claim.quantity is not None
    assert claim.quantity.bound == expected["bound"]
    assert score.same_name(claim.quantity.unit, expected["unit"]), claim.quantity.unit
    assert claim.subject is not None and score.same_name(claim.subject.name, expected["subject"]), claim.subject
    assert claim.modality == expected["modality"]
    chain = [{"name": s.name} for s in claim.sources]
    assert score.same_chain(chain, expected["sources"]), [s.name for s in claim.sources]


@pytest.mark.parametrize("expected", _gold_attributions(), ids=lambda g: g["quote"][:40])
def test_attribution_comes_out(expected: dict[str, Any], claims: list[Claim], seed_text: str) -> None:
    score = _scorer()
    start, end = _quote_span(seed_text, expected["quote"])
    assert any(c.sources and c.start < end and start < c.end and score.same_name(c.sources[0].name, expected["sources"][0])
               for c in claims), f"no claim over {expected['quote']!r} from {expected['sources'][0]!r}"


def test_no_quantity_from_names(gold: dict[str, Any], claims: list[Claim], seed_text: str) -> None:
    """The gold's traps ("G20 countries", "G-20 summit") give no quantity."""
    for trap in gold["ignore"]:
        start, end = _quote_span(seed_text, trap)
        assert not [c for c in claims if c.quantity and c.quantity.start < end and start < c.quantity.end], trap


def test_evidence_offsets_slice_to_the_text(claims: list[Claim], seed_text: str) -> None:
    for claim in claims:
        assert seed_text[claim.start:claim.end] == claim.text
        for source in claim.sources:
            assert seed_text[source.start:source.end] == source.mention
        if claim.cue:
            assert seed_text[claim.cue.start:claim.cue.end] == claim.cue.text


def test_time_is_resolved_against_publication(claims: list[Claim]) -> None:
    """ "Earlier this month" in a November 2024 article is 2024-11."""
    ambassador = next(c for c in claims if c.quantity and c.quantity.value == 15000 and c.sources)
    assert ambassador.time is None or ambassador.time.value == "2024-11"


def test_serialises_to_the_contract(claims: list[Claim]) -> None:
    keys = {"doc", "text", "start", "end", "quantity", "subject", "modality", "sources", "cue", "time", "predicate"}
    for claim in claims:
        assert set(claim.to_dict()) == keys
        assert json.loads(json.dumps(claim.to_dict()))["doc"] == "seed-nk-troops"


def test_shared_path_is_the_scorers(gold: dict[str, Any]) -> None:
    assert Path(SHARED / "eval" / "score.py").is_file() and gold["id"] == "seed-nk-troops"
