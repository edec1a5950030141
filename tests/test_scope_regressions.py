"""Regression tests for out-of-scope numbers seen on whole corpus articles (White House texts)."""

from __future__ import annotations

import pytest

import claimgraph

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


def test_out_of_ratios_are_shares() -> None:
    (found,) = find_quantities("About eight out of 10 voters say they will watch.")
    assert (found.value, found.bound, found.unit) == (80, "approx", "percent")


def test_coordinated_modifiers_share_their_head_noun() -> None:
    # wh-2022-03-16 fact sheet
    (found,) = find_quantities("over 1 million grenade, mortar, and artillery rounds")
    assert found.unit == "grenade, mortar, and artillery rounds"
    listed = find_quantities("14 Catholics, six Orthodox, four Protestants and one Greek Orthodox were admitted")
    assert [f.unit for f in listed] == ["Catholics", "Orthodox", "Protestants", "Greek Orthodox"]


@pytest.mark.parametrize("text", ["Residents should call 911 or 112 in an emergency.",
                                  "In an emergency, dial 999 and wait for the operator."])
def test_numbers_to_call_are_not_counts(text: str) -> None:
    """Emergency and hotline numbers after "call"/"dial" are names of a line, not quantities."""
    assert [c.quantity for c in claimgraph.extract(text).claims if c.quantity] == []


def test_a_number_in_a_broadcasters_or_codes_name_is_not_a_count() -> None:
    """"WESH 2 news": the 2 is part of the name (an upper-case word before a bare number)."""
    values = [c.quantity.value for c in claimgraph.extract(
        "One resident told Paul Rivera of WESH 2 news that 40 homes fell; NATO sent 300 troops.").claims
              if c.quantity]
    assert values == [1, 40, 300]
