"""The dependency rules of data/syntax.json, each on its own example sentence, parsed by the shipped pipeline:
the rule must fire and give the noun phrase the data file says."""

from __future__ import annotations

import re
from typing import Any

import pytest

from claimgraph.core.syntax import SUBJECT_RULES, Parse, load_shipped, subject_of_number

pytestmark = pytest.mark.skipif(load_shipped() is None, reason="the shipped pipeline is not installed")


@pytest.mark.parametrize("rule", SUBJECT_RULES, ids=lambda r: r["name"])
def test_each_rule_gives_its_example_subject(rule: dict[str, Any]) -> None:
    nlp = load_shipped()
    example = rule["example"]
    number = re.search(r"\d", example)
    assert number is not None, "every example carries a number"
    found = subject_of_number(Parse(nlp(example), 0), number.start())
    assert found is not None and (found.rule, example[found.start:found.end]) == (rule["name"], rule["gives"])


def test_the_number_in_its_own_subject_gives_no_subject() -> None:
    """"25 people were injured": the counted people are what the claim is about; no rule names a subject."""
    text = "At least 25 people were injured in the blast."
    assert subject_of_number(Parse(load_shipped()(text), 0), text.index("25")) is None


def test_a_reported_clause_keeps_its_own_subject() -> None:
    """"The IMF expects that U.S. output will expand by 1.6 percent": the output, not the IMF."""
    text = "The IMF expects that U.S. output will expand by 1.6 percent."
    found = subject_of_number(Parse(load_shipped()(text), 0), text.index("1.6"))
    assert found is not None and text[found.start:found.end] == "U.S. output"
