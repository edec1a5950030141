"""find_entities: gazetteer actors with canonical names and the document's people, on corpus text."""

from __future__ import annotations

import pytest

from claimgraph.core.entities import Entity, find_entities


def mentions(text: str) -> list[tuple[str, str, str]]:
    """(text as written, canonical name, kind) of every mention, in order."""
    return [(text[e.start:e.end], e.name, e.kind) for e in find_entities(text)]


# seed-nk-troops: the first body paragraph's first two sentences
SEED_LEAD = (
    "North Korea could send up to 100,000 troops to support Russia in its war against Ukraine if cooperation between "
    "Pyongyang and Moscow continues to develop, according to sources familiar with the estimates of some G20 "
    "countries. According to the TimeUkraineIsrael portal, citing Bloomberg, this scenario is part of an analysis of "
    "the deepening partnership between Russian President Vladimir Putin and North Korean leader Kim Jong Un."
)


def test_countries_capitals_demonyms_outlets_and_people_in_the_seed_lead() -> None:
    assert mentions(SEED_LEAD) == [
        ("North Korea", "North Korea", "country"),
        ("Russia", "Russia", "country"),
        ("Ukraine", "Ukraine", "country"),
        ("Pyongyang", "North Korea", "country"),
        ("Moscow", "Russia", "country"),
        ("G20", "G20", "organization"),
        ("Bloomberg", "Bloomberg", "outlet"),
        ("Russian", "Russia", "country"),
        ("Vladimir Putin", "Vladimir Putin", "person"),
        ("North Korean", "North Korea", "country"),
        ("Kim Jong Un", "Kim Jong Un", "person"),
    ]


def test_demonyms_are_flagged() -> None:
    flagged = {(SEED_LEAD[e.start:e.end], e.demonym) for e in find_entities(SEED_LEAD)}
    assert ("North Korean", True) in flagged
    assert ("Russian", True) in flagged
    assert ("Pyongyang", False) in flagged


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(  # pn-wash-post_2016-09-10_outrage-but-few-options-on-the-t
            '"Sadly, the DPRK has chosen a different path and made clear it would not be a credible negotiating '
            'partner."',
            [("DPRK", "North Korea", "country")], id="the-DPRK"),
        pytest.param(  # seed-nk-troops
            "In an interview with the Voice of America, he said that Kyiv expects North Korea to send up to 15,000 of "
            "its military to take part in hostilities in Russia’s Kursk region and the occupied territories of "
            "eastern Ukraine, with the units being replaced every few months.",
            [("Voice of America", "Voice of America", "outlet"), ("Kyiv", "Ukraine", "country"),
             ("North Korea", "North Korea", "country"), ("Russia", "Russia", "country"), ("Kursk", "Kursk", "region"),
             ("Ukraine", "Ukraine", "country")], id="Kyiv"),
        pytest.param(  # pn-politico_2016-11-02_trump-adviser-flynn-gets-agitate ("the Kremlin." ends the sentence)
            "The Republican nominee has offered complimentary words about Putin, but has denied he has any formal "
            "connection to the Kremlin.",
            [("Kremlin", "Kremlin", "government")], id="the-Kremlin"),
        pytest.param(  # pn-breitbart_2016-09-20_poll-wealthy-voters-abandon-repu
            "Bloomberg reports that the Republican nominee has either won or tied among the group of voters making "
            "$100,000 or more, according to the Roper Center for Public Opinion Research.",
            [("Bloomberg", "Bloomberg", "outlet")], id="Bloomberg"),
        pytest.param(  # pn-nyt_2016-10-17_british-bank-abruptly-drops-russ
            "The state-financed network, also known as Russia Today, suggested that NatWest's decision hindered its "
            "freedom of speech, though critics consider RT a Kremlin mouthpiece.",
            [("Russia Today", "RT", "outlet"), ("RT", "RT", "outlet"), ("Kremlin", "Kremlin", "government")],
            id="outlet-alias"),
        pytest.param(  # wh-2022-03-16-fact-sheet-on-u-s-security-assistance-for-ukraine
            "In addition to the U.S.-produced short-range air defense systems the Ukrainians have been using to great "
            "effect, the United States has also identified and is helping the Ukrainians acquire additional, "
            "longer-range systems on which Ukraine’s forces are already trained, as well as additional munitions for "
            "those systems.",
            [("U.S.", "United States", "country"), ("Ukrainians", "Ukraine", "country"),
             ("United States", "United States", "country"), ("Ukrainians", "Ukraine", "country"),
             ("Ukraine", "Ukraine", "country")],
            id="U.S.-produced-and-possessive-country"),
        pytest.param(  # seed-nk-troops
            "It is worth noting that China has not publicly commented on the issue of sending North Korean troops to "
            "Russia, which may indicate Beijing’s possible dissatisfaction with this situation.",
            [("China", "China", "country"), ("North Korean", "North Korea", "country"),
             ("Russia", "Russia", "country"), ("Beijing", "China", "country")],
            id="possessive-capital"),
    ],
)
def test_gazetteer_names(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert mentions(text) == expected


def test_titles_are_stripped_and_surnames_resolve_to_the_full_name() -> None:
    # seed-nk-troops
    text = ("This issue has already been discussed at the G-20 summit in Brazil, in particular during the meeting "
            "between German Chancellor Olaf Scholz and Chinese President Xi Jinping. Scholz stressed that the "
            "deployment of North Korean troops was a “serious escalation” of the war against Ukraine and expressed "
            "hope that China would use its influence to prevent further escalation.")
    assert mentions(text) == [
        ("G-20", "G20", "organization"),
        ("Brazil", "Brazil", "country"),
        ("German", "Germany", "country"),
        ("Olaf Scholz", "Olaf Scholz", "person"),
        ("Chinese", "China", "country"),
        ("Xi Jinping", "Xi Jinping", "person"),
        ("Scholz", "Olaf Scholz", "person"),
        ("North Korean", "North Korea", "country"),
        ("Ukraine", "Ukraine", "country"),
        ("China", "China", "country"),
    ]


def test_military_titles_are_stripped() -> None:
    # pn-politico_2016-09-08_flynn-says-trump-absolutely-righ
    text = ("Retired Lt. Gen. Michael Flynn said Donald Trump was “absolutely right” when he said Wednesday night that "
            "under President Barack Obama, “the generals have been reduced to rubble.”")
    assert [(name, kind) for _, name, kind in mentions(text)] == [
        ("Michael Flynn", "person"), ("Donald Trump", "person"), ("Barack Obama", "person")]


def test_possessive_organisation_before_a_name() -> None:
    # pn-politico_2016-09-25_poll-clinton-and-trump-in-dead-h
    text = ("Among likely voters in a four-way race, 46 percent would choose Clinton and 44 percent would back Trump, "
            "while 5 percent prefer Libertarian nominee Gary Johnson and 1 percent support the Green Party’s Jill "
            "Stein.")
    people = [(written, name) for written, name, kind in mentions(text) if kind == "person"]
    assert people == [("Gary Johnson", "Gary Johnson"), ("Jill Stein", "Jill Stein")]


def test_unicode_names() -> None:
    # wn-2019-08-08-gunman-opens-fire-in-el-paso-texas-superstore-more-than-20-dead
    text = ("According to Mexican President Andrés Manuel López Obrador, six Mexican nationals were killed in the "
            "attack, and seven more were injured.")
    assert mentions(text) == [
        ("Mexican", "Mexico", "country"),
        ("Andrés Manuel López Obrador", "Andrés Manuel López Obrador", "person"),
        ("Mexican", "Mexico", "country"),
    ]


def test_surname_used_twice_is_a_person_and_short_forms_follow_the_full_name() -> None:
    # pn-huff-post_2016-10-10_new-poll-gives-hillary-clinton-a
    text = ("Hillary Clinton leads Donald Trump by 11 points, 46 percent to 35 percent, in a four-way race among "
            "likely voters, according to an NBC/Wall Street Journal survey conducted immediately after a tape "
            "showing Trump bragging about sexually assaulting women was released Friday.")
    assert [(written, name) for written, name, kind in mentions(text) if kind == "person"] == [
        ("Hillary Clinton", "Hillary Clinton"), ("Donald Trump", "Donald Trump"), ("Trump", "Donald Trump")]


def test_possessive_after_a_person_is_not_part_of_the_name() -> None:
    # pn-breitbart_2016-09-21_only-percent-of-hillary-clinton-
    text = ("At a recent fundraising gig in New York with celebrity Barbra Streisand, Clinton called half of Donald "
            "Trump’s supporters “deplorables.”")
    people = [e for e in find_entities(text) if e.kind == "person"]
    assert [(e.name, text[e.start:e.end]) for e in people] == [
        ("Barbra Streisand", "Barbra Streisand"), ("Donald Trump", "Donald Trump")]


def test_entities_are_sorted_records_with_offsets_into_the_text() -> None:
    entities = find_entities(SEED_LEAD)
    assert entities[0] == Entity("North Korea", "country", 0, len("North Korea"), False)
    assert [e.start for e in entities] == sorted(e.start for e in entities)


def test_two_people_of_one_surname_stay_two_and_a_first_name_is_no_org_word() -> None:
    """"Bill" ends organisation names ("the Senate Bill") but starts a person's; a full name with another
    first name is another person, not the first one met with that surname."""
    text = ("Former President Bill Clinton spoke in Flint for his wife Hillary Clinton on Monday. "
            "Clinton said premiums rose. The Senate Bill passed.")
    found = mentions(text)
    assert ("Bill Clinton", "Bill Clinton", "person") in found
    assert ("Hillary Clinton", "Hillary Clinton", "person") in found
    assert not any(kind == "person" and "Senate" in written for written, _, kind in found)


def test_a_place_inside_a_longer_name_is_not_the_country() -> None:
    """"Madrid District Hospital", "Moscow State University": not Spain and Russia."""
    from claimgraph.core.entities import find_entities

    text = "Madrid District Hospital treated 25 people; Moscow State University hired 20 staff; Kyiv said no."
    assert [(e.name, text[e.start:e.end]) for e in find_entities(text) if e.kind == "country"] == [("Ukraine", "Kyiv")]


def test_a_capital_after_a_preposition_of_place_is_the_city_not_its_government() -> None:
    # wn-2019-07-15 Philippines earthquake; "Pyongyang sent" is North Korea acting
    assert ("Madrid", "Madrid", "region") in mentions("Madrid District Hospital in the town of Madrid treated them.")
    assert ("Kyiv", "Kyiv", "region") in mentions("Soldiers died in Kyiv.")
    assert ("Pyongyang", "North Korea", "country") in mentions("Pyongyang sent troops.")
