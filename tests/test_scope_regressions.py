"""Regression tests for out-of-scope numbers seen on whole corpus articles (White House texts)."""

from __future__ import annotations

import pytest

from claimgraph.core.quantities import find_quantities


@pytest.mark.parametrize("text", [
    "**1. Preamble**",                                   # a numbered heading in Markdown emphasis
    "(3) Nuclear safety and security",                    # a numbered item in brackets
    "We reaffirm support for the IAEA Director General’s “Seven Indispensable Pillars of Nuclear Safety”.",
])
def test_numbering_and_names_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_a_counted_list_item_still_counts() -> None:
    # wh-2022-03-16 fact sheet: a bullet that opens with a capitalised number word
    (found,) = find_quantities("- Five Mi-17 helicopters;")
    assert (found.value, found.unit) == (5, "Mi-17 helicopters")
