"""The number parser (claimgraph.core.numbers): table tests and Hypothesis round-trips.

Properties follow sqlite-utils' tests/test_hypothesis.py: format a value the way news writes it,
parse it back, get the value. The "never raises" properties also cover ``find_quantities``.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.core.numbers import parse_digits, parse_number, parse_words
from claimgraph.core.quantities import find_quantities

PROPERTY = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("100,000", 100_000),            # seed-nk-troops: "up to 100,000 troops"
        ("1,001", 1_001),                # pn-politico_2016-09-25: "1,001 adults"
        ("1,000,000", 1_000_000),
        ("4.3", 4.3),
        ("4.5", 4.5),                    # pn-politico_2016-09-25: "margin of error of 4.5 points"
        (".5", 0.5),
        ("1.5 million", 1_500_000),
        ("1.6 billion", 1_600_000_000),  # pn-huff-post_2016-09-16: "1.6 billion members"
        ("12 million", 12_000_000),
        ("2bn", 2_000_000_000),
        ("1.5bn", 1_500_000_000),
        ("1.5 bn", 1_500_000_000),
        ("3m", 3_000_000),
        ("1.5million", 1_500_000),
        ("two dozen", 24),
        ("a dozen", 12),                 # pn-breitbart_2016-09-30: "About a dozen people"
        ("twenty-five", 25),
        ("ninety-nine", 99),
        ("two hundred thousand", 200_000),
        ("a hundred thousand", 100_000),  # pn-politico_2016-10-12: "traded up to about a hundred thousand"
        ("sixteen", 16),                 # wn-2019-01-15 (Karaj plane crash): "the sixteen on-board"
        ("seven hundred", 700),
        ("one hundred and five", 105),
        ("two thousand and twenty-four", 2024),
        ("twenty-five hundred", 2500),
        ("a million", 1_000_000),
        ("two million", 2_000_000),      # pn-nyt_2016-10-14: "as many as two million phony accounts"
        ("thousand", 1000),
        ("zero", 0),
        ("  sixteen  ", 16),
    ],
)
def test_parse_number_table(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "junk",
    ["", "   ", "junk", "a", "and", "troops", "half", "two-thirds", "1,00", "12,3456", "1e6", "5 6",
     "five five", "twenty twenty", "five twenty", "4.3 percent", "$2bn", "G20", "Su-34"],
)
def test_parse_number_rejects_what_is_not_one_number(junk: str) -> None:
    assert parse_number(junk) is None


@pytest.mark.parametrize(("text", "value"), [("100,000", 100_000.0), (" 4.3 ", 4.3), ("2024", 2024.0)])
def test_parse_digits_reads_only_digit_numbers(text: str, value: float) -> None:
    assert parse_digits(text) == value


@pytest.mark.parametrize("text", ["1.5 million", "twenty-five", "2bn", "1,00", ""])
def test_parse_digits_rejects_words_and_scales(text: str) -> None:
    assert parse_digits(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("sixteen", 16), ("twenty-five", 25), ("two hundred thousand", 200_000), ("a dozen", 12),
     ("two dozen", 24), ("1.5 million", 1_500_000), ("a million", 1_000_000)],
)
def test_parse_words_docstring_examples(text: str, value: float) -> None:
    assert parse_words(text) == value


@pytest.mark.parametrize("text", ["", "a", "an", "twenty twenty", "5 6", "eleven twelve", "troops"])
def test_parse_words_rejects_non_numbers(text: str) -> None:
    assert parse_words(text) is None


def test_parse_number_does_not_drop_a_minus_sign() -> None:
    assert parse_number("-5") in (None, -5.0)


def test_parse_words_survives_a_long_run_of_multipliers() -> None:
    value = parse_words("hundred " * 160)
    assert value is None or math.isfinite(value)


# -- properties ------------------------------------------------------------------------------


@PROPERTY
@given(st.integers(min_value=0, max_value=10**12))
def test_integers_round_trip_with_and_without_thousands_separators(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@PROPERTY
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([1, 2]), st.booleans())
def test_decimals_round_trip(hundredths: int, places: int, separators: bool) -> None:
    value = hundredths / 100
    text = f"{value:,.{places}f}" if separators else f"{value:.{places}f}"
    assert parse_number(text) == float(text.replace(",", ""))


_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _below_thousand(n: int) -> str:
    """English words for 1..999, hyphenating tens and units ("three hundred forty-two")."""
    hundreds, rest = divmod(n, 100)
    words = [f"{_UNITS[hundreds]} hundred"] if hundreds else []
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(f"{_TENS[tens]}-{_UNITS[units]}" if units else _TENS[tens])
    elif rest:
        words.append(_UNITS[rest])
    return " ".join(words)


def english(n: int) -> str:
    """English words for 1..999,999: "one hundred twenty-five thousand three hundred forty-two"."""
    thousands, rest = divmod(n, 1000)
    words = [f"{_below_thousand(thousands)} thousand"] if thousands else []
    if rest:
        words.append(_below_thousand(rest))
    return " ".join(words)


@pytest.mark.parametrize(("n", "words"), [(25, "twenty-five"), (342, "three hundred forty-two"),
                                          (100_000, "one hundred thousand"), (11_019, "eleven thousand nineteen")])
def test_english_formatter(n: int, words: str) -> None:
    assert english(n) == words


@PROPERTY
@given(st.integers(min_value=1, max_value=999_999))
def test_english_words_round_trip(n: int) -> None:
    assert parse_words(english(n)) == n
    assert parse_number(english(n)) == n


_NUMBERISH = st.sampled_from(
    ["one", "two", "twenty-five", "hundred", "thousand", "million", "bn", "dozen", "dozens", "half", "a", "an", "of",
     "and", "to", "between", "up", "more", "than", "nearly", "percent", "%", "$", "US$", "€", "-", "–", ",", ".",
     "troops", "Article", "G20", "Sept.", "year-old", "minutes", "1", "19", "2022", "100,000", "4.5", "46-page"]
)
_TEXTS = st.one_of(st.text(), st.lists(st.one_of(_NUMBERISH, st.text(max_size=4)), max_size=30).map(" ".join))


@PROPERTY
@given(_TEXTS)
def test_parsers_never_raise(text: str) -> None:
    for parse in (parse_number, parse_words, parse_digits):
        value = parse(text)
        assert value is None or isinstance(value, (int, float))


@PROPERTY
@given(_TEXTS)
def test_find_quantities_offsets_stay_in_the_text(text: str) -> None:
    for found in find_quantities(text):
        assert 0 <= found.start < found.end <= len(text)
        assert 0 <= found.number_start < found.number_end <= len(text)
        assert math.isfinite(found.value)


def test_find_quantities_value_is_finite_for_a_huge_digit_string() -> None:
    assert all(math.isfinite(f.value) for f in find_quantities("9" * 400 + " troops"))
