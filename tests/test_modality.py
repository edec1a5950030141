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


@pytest.mark.parametrize(("text", "value", "modality"), [
    # expected: a plan or schedule in the past tense of its telling, a hope, a deal that opens the way
    ("The utility was set to cut power to 200,000 homes on Saturday.", 200_000, "expected"),
    ("The vote on 12 amendments is scheduled for Tuesday.", 12, "expected"),
    ("Officials hope to vaccinate 90,000 children by Friday.", 90_000, "expected"),
    ("The agreement paves the way for 3,000 new jobs.", 3000, "expected"),
    # not_cues: a bound that holds a negation word is no negation
    ("No more than 20 people gathered outside.", 20, "fact"),
    ("He repeated the pledge no fewer than 40 times.", 40, "fact"),
    # verb_only: "hope" is a cue as a verb, not as a noun
    ("The ceasefire gives hope to 300,000 people in the city.", 300_000, "fact"),
])
def test_plans_schedules_hopes_and_bounds_that_look_negative(text: str, value: float, modality: str) -> None:
    assert modalities(text)[value] == modality
