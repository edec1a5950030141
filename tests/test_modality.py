"""Modality of quantified claims (GUIDELINES §1): the hedges and plans of the verb group that carries the
number, before or after it; a noun's "likely" ("likely voters") is no hedge."""

from __future__ import annotations

import pytest

import claimgraph


def modalities(text: str) -> dict[float, str]:
    return {c.quantity.value: c.modality for c in claimgraph.extract(text).claims if c.quantity}


@pytest.mark.parametrize(("text", "value", "modality"), [
    ("North Korea could send up to 100,000 troops.", 100000, "possible"),
    ("The ministry will deploy 3,000 police officers.", 3000, "expected"),
    ("Another $20 million in donor money is headed to a House-focused super PAC.", 20_000_000, "expected"),
    ("Up to 5,000 troops are expected to arrive next month.", 5000, "expected"),
    ("About 300 jobs could go.", 300, "possible"),
    ("The army did not send 200 tanks.", 200, "negated"),
    ("Rebels seized 40 villages last week.", 40, "fact"),
    ("Among likely voters, 46 percent back the measure.", 46, "fact"),  # "likely voters": a noun phrase
    ("The likely voter sample is 651 people.", 651, "fact"),
])
def test_modality_of_the_verb_group_that_carries_the_number(text: str, value: float, modality: str) -> None:
    assert modalities(text)[value] == modality
