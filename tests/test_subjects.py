"""Subjects of quantified claims on real sentences: clause segmentation, coordination, pronouns, events.

Sentences are from the corpus's Wikinews articles (CC BY 2.5, wikinews.org) and White House
texts (public domain); each test names its pattern.
"""

from __future__ import annotations

import pytest

import claimgraph


def subjects(text: str) -> dict[float, str | None]:
    """Each number's value → its subject's name."""
    return {c.quantity.value: c.subject.name if c.subject else None
            for c in claimgraph.extract(text).claims if c.quantity is not None}


def test_relative_clause_and_appositive_are_skipped_and_coordinated_objects_share_the_subject() -> None:
    # wn-2019-09-04 California boat fire
    found = subjects("The boat, Conception, which caught fire overnight in open seas, carried 33 passengers "
                     "and six crew members.")
    assert found[33] in ("Conception", "The boat", "boat")
    assert found[6] == found[33]


def test_pronoun_in_a_subordinate_clause_takes_the_main_clause_subject() -> None:
    # wn-2019-09-17 Hamza bin Laden
    found = subjects('The US State Department described Hamza bin Laden in March of this year as an "emerging" '
                     "figure in the Al-Qaeda organization when they offered a one million US dollar reward for "
                     "information leading to his capture.")
    assert found[1_000_000] == "State Department"


def test_reduced_relative_participle_and_a_parenthetical_conversion() -> None:
    # wn-2019-09-04 California boat fire
    found = subjects("USCG Captain Monica Rochester told the press a nearly 24-hour search mission involving three "
                     "helicopters covering 160 square miles (~415 km2) had discovered no further signs in the water.")
    assert found[3] == found[160] == found[415]
    assert found[3] is not None and found[3].endswith("search mission")


def test_casualties_in_a_where_clause_belong_to_the_place() -> None:
    # wn-2019-08-08 El Paso
    found = subjects("The El Paso shooting preceded another one less than thirteen hours later in Dayton, Ohio "
                     "where ten people died.")
    assert found[10] in ("Ohio", "Dayton")


def test_casualties_in_a_headline_belong_to_the_event() -> None:
    # wn-2019-09-04 California boat fire (headline)
    assert subjects("Dozens dead in California boat fire\n")[12] == "California boat fire"


def test_casualties_in_the_body_belong_to_the_headline_event() -> None:
    # wn-2019-01-15 Iranian cargo plane (headline and a body sentence)
    found = subjects("Iranian cargo plane crashes into Karaj houses\n\n"
                     "All but one of the sixteen on-board died; no deaths were reported on the ground.\n")
    assert found[16] == "Iranian cargo plane"


def test_opening_adverbial_is_skipped_and_a_capitalised_name_is_not_a_participle() -> None:
    # wh-2022-03-24 humanitarian assistance to Ukraine
    found = subjects("Since February 24, the United States has already provided more than $123 million to "
                     "complement the work of neighboring countries and the European Union.")
    assert found[123_000_000] == "United States"


def test_a_share_of_a_whole_is_about_the_whole() -> None:
    # wh-2025-03-25 Houthis
    found = subjects("As a result, 75% of U.S.-flagged shipping has been forced to navigate the southern coast "
                     "of Africa.")
    assert found[75] is not None and "shipping" in found[75]


def test_a_list_introduced_by_a_priced_package_has_the_package_as_subject() -> None:
    """The scale word stays with its number: the bullets' subject is the package, not "$800"."""
    found = subjects("The new $800 million assistance package includes:\n\n- 800 Stinger anti-aircraft systems;\n"
                     "- 2,000 Javelin missiles;")
    assert found[800] == found[2000] == "$800 million assistance package"


@pytest.mark.parametrize("text", ["It’s a $700 million package, the official said.",
                                  "You know, we sent 200,000 rounds last month.",
                                  "There's about 40 miles of range left."])
def test_pronouns_and_contractions_are_never_a_subject_name(text: str) -> None:
    """"It’s", "you know", "There's" are not what a claim is about (they used to become entities)."""
    for claim in claimgraph.extract(text).claims:
        assert claim.subject is None or claim.subject.name.lower().split("’")[0].split("'")[0] not in {
            "it", "you", "there", "we"}


def test_an_event_measured_is_the_subject_and_that_event_is_the_last_one_named() -> None:
    """"a magnitude 5.2 earthquake" is about the earthquake; "That event destroyed 300 homes" is about the
    last event the text named, not about the word "event"."""
    text = ("On Wednesday, a magnitude 5.2 earthquake hit the island. It followed a 6.4 quake on January 7. "
            "That event destroyed at least 300 homes.")
    found = subjects(text)
    assert found[5.2] == "earthquake" and found[6.4] == "quake" and found[300] == "quake"


def test_a_dummy_it_leaves_the_subject_to_the_noun_the_number_modifies() -> None:
    """"It’s a $700 million package": the claim is about the package, not about "it"."""
    assert subjects("It’s a $700 million package.") == {700_000_000: "package"}
    assert subjects("It is a $5 billion aid package for Kyiv.") == {5_000_000_000: "aid package"}


def test_a_participle_after_a_name_and_a_comma_describes_the_name() -> None:
    text = ("The island had not recovered from Hurricane Maria, estimated to have done about $90 billion in "
            "damage and claimed about 3000 lives.")
    assert subjects(text) == {90_000_000_000: "Hurricane Maria", 3000: "Hurricane Maria"}


def test_the_predicate_is_the_verb_that_carries_the_number() -> None:
    """Tracking groups by predicate family; the verb comes from extraction (the parse when shipped), not
    from re-reading the claim's text."""
    from claimgraph.core.syntax import shipped_pipeline_path

    claims = [c for c in claimgraph.extract("Officials said 12 people were arrested.").claims if c.quantity]
    assert [c.predicate for c in claims] == ["arrested"]
    if shipped_pipeline_path() is not None:
        (sent,) = [c for c in claimgraph.extract("North Korea could send up to 100,000 troops.").claims]
        assert sent.predicate == "send"


def test_he_is_the_last_person_named_before_him() -> None:
    text = ("Bernie Sanders won the Nevada caucuses on Saturday.\n\n"
            "Among voters under 30, he received two-thirds of the votes.")
    assert subjects(text)[66.67] == "Bernie Sanders"


def test_what_we_had_is_about_what_was_counted() -> None:
    """"We've had hundreds of small earthquakes": about the earthquakes, not the speakers."""
    text = 'John Geiger told the press: "We\'ve had hundreds of small earthquakes in the region."'
    assert subjects(text)[100] == "small earthquakes"


def test_a_plural_noun_tagged_so_is_not_taken_for_a_verb() -> None:
    """"the Democratic voters": with the parse's tags, "voters" after a capitalised word is a noun."""
    from claimgraph.core.syntax import shipped_pipeline_path

    if shipped_pipeline_path() is None:
        pytest.skip("needs the shipped pipeline's tags")
    found = subjects("According to its polling, roughly two-thirds of the Democratic voters preferred a primary.")
    assert found[66.67] == "Democratic voters"


def test_a_clause_with_its_own_subject_never_takes_the_last_one() -> None:
    # constructed: the second sentence's clause has a common noun phrase of its own for a subject
    found = subjects("It is a $700 million package. The previous aid package was $150 million.")
    assert found[700_000_000] == "package"
    assert found[150_000_000] == "previous aid package"


def test_there_were_n_things_is_about_the_things() -> None:
    # wn-2020-08-08 Calicut passenger flight
    found = subjects("There were 190 people on board, six of them crew members.")
    assert found[190] == "people"


def test_a_number_of_things_is_about_the_things() -> None:
    # wn-2019-09-05 Hurricane Dorian
    found = subjects("A large number of homes and other buildings in the affected areas have been destroyed with "
                     "some estimates by the Red Cross and government officials ranging from 45% to 60% destruction.")
    assert found[45] == found[60] == "homes"


def test_an_adverb_by_the_parse_ends_the_subject_phrase() -> None:
    # wn-2019-09-04 California boat fire; "super" before "PACs" modifies the noun and stays
    found = subjects("A deadly boat fire earlier this week near Santa Cruz Island off the coast of California, "
                     "United States, resulted in the death of all 33 passengers.")
    assert found[33] == "deadly boat fire"


def test_a_name_no_list_knows_owns_the_number_after_its_possessive() -> None:
    # wn-2019-11-07 Hungarian state-owned enterprise
    found = subjects("With government resolution No. 1430/2019, the state issued an indemnity bond to cover for "
                     "HDT's 38.8 million euro loan.")
    assert found[38_800_000] == "HDT"


def test_an_abbreviation_full_stop_does_not_end_the_clause_of_a_number() -> None:
    # White House 2025-03-25: the share is about the shipping, not the earlier clause's actor
    found = subjects("In fact, since 2023, Houthi terrorists attacked U.S. Navy warships 174 times and attacked "
                     "commercial shipping vessels 145 times — and as a result, 75% of U.S.-flagged shipping has been "
                     "forced to navigate the southern coast of Africa.")
    assert found[174] == "Houthi terrorists"
    assert found[75] == "U.S.-flagged shipping"


def test_the_parse_subject_of_the_clause_outranks_a_name_in_an_opening_phrase() -> None:
    # wn-2019-02-05 Syria: "Syrian" belongs to the relative clause, the cost to the reconstruction
    found = subjects("The United States, which has retreated from a previous goal of ousting Syrian President Bashar "
                     "al-Assad, has stated reconstruction will cost between US$300 and 400 billion.")
    assert found[300_000_000_000] == "reconstruction"


def test_a_fronted_time_phrase_without_a_comma_is_no_subject() -> None:
    # constructed: the time phrase opens the clause, the subject follows it
    assert subjects("Next month Ukraine will get 31 tanks.")[31] == "Ukraine"
    assert subjects("The past several weeks we've had hundreds of small earthquakes in the region.")[100] \
        == "small earthquakes"


@pytest.mark.parametrize(("text", "value", "subject"), [
    ("Late on Tuesday, the index fell 2%.", 2, "index"),  # an adverb opens the phrase, a comma closes it
    ("Perhaps most damaging, peacekeepers have been blamed for killing more than 10,000.", 10_000, "peacekeepers"),
])
def test_a_fronted_adverbial_the_parse_tags_is_no_subject(text: str, value: float, subject: str) -> None:
    assert subjects(text)[value] == subject


@pytest.mark.parametrize(("text", "value", "subject"), [
    ("Some 35 percent of Mexican jobs depend directly on foreign trade.", 35, "Mexican jobs"),
    ("Officials hope to vaccinate 90% of children.", 90, "Officials"),
])
def test_a_present_tense_verb_after_a_plural_noun_ends_the_subject(text: str, value: float, subject: str) -> None:
    """The parse's VBP after a plural noun or a name is the clause's verb, not the end of a noun phrase."""
    assert subjects(text)[value] == subject
