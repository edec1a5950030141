"""Time expressions (find_times) resolved against a publication date, and parse_published.

Sentences are copied from the corpus (file named in each comment); the anchor is a fixed
publication date, 20 November 2024 (a Wednesday), so relative expressions have known values.
"""

from __future__ import annotations

from datetime import date

import pytest

from claimgraph.core.timex import Time, find_times, parse_published

ANCHOR = date(2024, 11, 20)


def times(sentence: str, anchor: date | None = ANCHOR) -> list[tuple[str, str | None]]:
    found = find_times(sentence, 0, len(sentence), anchor)
    for t in found:
        assert sentence[t.start:t.end] == t.text
    return [(t.text, t.value) for t in found]


# (sentence, [(expression as written, value with the anchor, value without a publication date)]):
# without an anchor, relative expressions and dates without a year get no value; absolute ones keep theirs
CASES = [
    pytest.param(  # seed-nk-troops
        "Earlier this month, Ukraine’s ambassador to South Korea, Dmytro Ponomarenko, made a similar assessment.",
        [("Earlier this month", "2024-11", None)], id="earlier-this-month"),
    pytest.param(  # pn-breitbart_2016-10-22_canada-eu-failure-signals-more-b
        "Meeting in Washington earlier this month, the finance ministers of the G20 leading economies admitted as "
        "a group that economic growth has not been “equitable” and that more needs to be done to spread the "
        "benefits of lowered borders.",
        [("earlier this month", "2024-11", None)], id="earlier-this-month-lowercase"),
    pytest.param(  # pn-nyt_2016-11-01_f-b-i-s-email-disclosure-broke-a
        "In August, The New York Times reported that anti-corruption investigators in Ukraine had found "
        "handwritten ledgers showing $12.7 million in undisclosed payments to Mr. Manafort.",
        [("In August", "2024-08", None)], id="in-august"),
    pytest.param(  # pn-huff-post_2016-09-20_hillary-clinton-speaks-directly- (20 Nov 2024 is a Wednesday)
        "Tulsa police released video on Monday of last week’s shooting.",
        [("on Monday", "2024-11-18", None), ("last week", "2024-W46", None)], id="on-monday-last-week"),
    pytest.param(  # pn-politico_2016-10-04_trump-not-walking-the-walk-on-hi
        "The Tax Policy Center plans to release its analysis of his revised plan next week.",
        [("next week", "2024-W48", None)], id="next-week"),
    pytest.param(  # wn-2020-01-01-samoan-government-ends-state-of-emergency-over-measles-outbreak
        "The national vaccination campaign started on November 20.",
        [("November 20", "2024-11-20", None)], id="november-20"),
    pytest.param(  # pn-breitbart_2016-10-18_obama-says-trump-modeling-polici
        "The issue that has dogged her campaign and damaged voters’ trust in her even as she remains the "
        "favorite ahead of the Nov. 8 vote.",
        [("Nov. 8", "2024-11-08", None)], id="nov-8-abbreviated"),
    pytest.param(  # pn-huff-post_2016-11-02_obama-calls-on-men-to-reflect-on (a photo caption)
        "President Barack Obama arrives to speak during a campaign event for Democratic Presidential nominee "
        "Hillary Clinton in Columbus, Ohio, November 1, 2016.",
        [("November 1, 2016", "2016-11-01", "2016-11-01")], id="month-day-year"),
    pytest.param(  # pn-nyt_2016-10-14_shake-up-at-wells-fargo-fails-to
        "Mr. Sloan's most recent role was as Wells Fargo's president and chief operating officer, positions he "
        "took in November 2015.",
        [("in November 2015", "2015-11", "2015-11")], id="month-year"),
    pytest.param(  # wh-2022-06-02-fact-sheet-united-states-takes-further-actions-to-counter-sanctions-evasion-by-russia
        "Analysts are projecting a double-digit decline in Russian GDP in 2022, soaring inflation estimated near "
        "20% in 2022, and Putin’s war is projected to wipe out the last 15 years of economic gains in Russia.",
        [("in 2022", "2022", "2022"), ("in 2022", "2022", "2022")], id="in-2022"),
    pytest.param(  # pn-breitbart_2016-09-26_green-party-candidate-jill-stein (a dateline)
        "HEMPSTEAD, N.Y., Sept. 26 (UPI) — Green Party presidential candidate Jill Stein was escorted off the "
        "premises of Hofstra University on Monday afternoon, hours before the start of the first debate between "
        "Donald Trump and Hillary Clinton.",
        [("Sept. 26", "2024-09-26", None), ("on Monday", "2024-11-18", None)], id="dateline-and-weekday"),
    pytest.param(  # seed-nk-troops ("the August invasion" names an event, not a time of the claim)
        "North Korea has already sent more than 10,000 troops to fight alongside Russian forces in the Kursk "
        "region, a territory partially occupied by Ukrainian forces after the August invasion.",
        [], id="no-time-expression"),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_times_resolved_against_the_publication_date(
        sentence: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert times(sentence) == [(text, value) for text, value, _ in expected]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_without_a_publication_date_relative_times_have_no_value(
        sentence: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert times(sentence, anchor=None) == [(text, value) for text, _, value in expected]


def test_a_month_and_day_well_after_publication_is_last_year() -> None:
    # wn-2020-01-01-samoan-government-ends-state-of-emergency-over-measles-outbreak, published 2020-01-01
    sentence = ("On December 5 and 6, the government of Samoa executed a planned shutdown of public services and the "
                "private sector to leave room for a nationwide door-to-door immunization drive.")
    assert times(sentence, anchor=date(2020, 1, 1)) == [("December 5", "2019-12-05")]


def test_a_month_and_day_shortly_after_publication_is_this_year() -> None:
    """A date a few weeks ahead of publication is an upcoming one, not last year's."""
    sentence = "The vote on December 3 will decide the budget."
    assert times(sentence, anchor=date(2024, 11, 5)) == [("December 3", "2024-12-03")]


@pytest.mark.parametrize(("phrase", "future", "value"), [
    ("on Tuesday", False, "2024-11-05"),   # published on a Tuesday: that very day, not the week before
    ("on Monday", False, "2024-11-04"),
    ("on Wednesday", False, "2024-10-30"),
    ("on Wednesday", True, "2024-11-06"),  # "will meet on Wednesday": the coming one
    ("last Tuesday", False, "2024-10-29"),
    ("next Tuesday", False, "2024-11-12"),
    ("this Friday", False, "2024-11-08"),
])
def test_weekdays_against_a_tuesday_publication(phrase: str, future: bool, value: str) -> None:
    found = find_times(f"Officials met {phrase}.", 0, 30, date(2024, 11, 5), future=future)
    assert [(t.text, t.value) for t in found] == [(phrase, value)]


def test_a_month_ahead_in_a_forecast_is_the_coming_one() -> None:
    found = find_times("Prices will rise in March.", 0, 26, date(2024, 11, 5), future=True)
    assert [t.value for t in found] == ["2025-03"]
    assert [t.value for t in find_times("Prices rose in March.", 0, 21, date(2024, 11, 5))] == ["2024-03"]


def test_offsets_are_into_the_whole_text_and_limited_to_the_range() -> None:
    # seed-nk-troops: two paragraphs; only the second is scanned
    text = ("Possibility of sending up to 15,000 North Korean troops to Russia\n\n"
            "Earlier this month, Ukraine’s ambassador to South Korea, Dmytro Ponomarenko, made a similar assessment.")
    start = text.index("Earlier")
    (found,) = find_times(text, start, len(text), ANCHOR)
    assert found == Time("Earlier this month", "2024-11", start, start + len("Earlier this month"))
    assert find_times(text, 0, start, ANCHOR) == []


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-11-20", date(2024, 11, 20)),
        ("2024-11", date(2024, 11, 1)),
        ("2024", date(2024, 1, 1)),
        ("2022-01-25 12:56:40-05:00", date(2022, 1, 25)),   # corpus/index.jsonl, the wh-2022-01-25 press call
        ("  2016-09-12  ", date(2016, 9, 12)),
    ],
)
def test_parse_published(published: str, expected: date) -> None:
    assert parse_published(published) == expected


@pytest.mark.parametrize("published", [None, "", "junk", "Nov 2024", "2024-13-01", "2024-02-30"])
def test_parse_published_rejects_what_is_not_a_date(published: str | None) -> None:
    assert parse_published(published) is None
