"""Entity resolution across the store (a real SQLite file): names of one actor grouped across
articles, look-ups by any alias, and user corrections (merge, split, rename) that survive
re-extraction and re-ingestion because they live in their own table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.ingest import IngestedArticle
from claimgraph.models import Claim, Document, Mention, Quantity
from claimgraph.store import Store
from claimgraph.store.resolution import EntityError, Resolution, name_key

# Sentences whose subjects name the same people and bodies in different ways, one article each.
SENTENCES = {
    "a": ["Olaf Scholz pledged 500 tanks.", "Joe Biden pledged 40 jets.", "The Pentagon sent 9 ships."],
    "b": ["Scholz pledged 600 tanks.", "President Joe Biden pledged 50 jets.", "Pentagon sent 10 ships."],
    "c": ["Biden pledged 60 jets.", "Joe Biden sent 70 jets.", "Hunter Biden sold 3 paintings."],
    "d": ["John Smith counted 4 votes.", "Anna Smith counted 5 votes.", "Smith counted 6 votes."],
}


def _document(name: str, sentences: list[str], version: int = 0) -> tuple[IngestedArticle, Document]:
    """An article and hand-made claims: the sentence's first words up to its number are the subject."""
    text = " ".join(sentences) + f" (v{version})"
    claims, start = [], 0
    for sentence in sentences:
        number = next(word for word in sentence.split() if word.isdigit())
        q_start = start + sentence.index(number)
        subject_words = sentence[:sentence.index(number)].rsplit(" ", 2)[0]
        claims.append(Claim(doc=name, text=sentence, start=start, end=start + len(sentence),
                            quantity=Quantity(float(number), "exact", sentence.split()[-1].rstrip("."),
                                              q_start, q_start + len(number)),
                            subject=Mention(subject_words, start, start + len(subject_words),
                                            "government" if "Pentagon" in subject_words else "person")))
        start += len(sentence) + 1
    article = IngestedArticle(origin=f"{name}.txt", text=text, title=f"Article {name}", outlet="Example",
                              published="2024-05-0" + str(ord(name) - 96), url=f"https://example.com/{name}",
                              language="en")
    return article, Document(id=name, text=text, claims=tuple(claims), published=article.published)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "claimgraph.db") as opened:
        for name, sentences in SENTENCES.items():
            opened.add(*_document(name, sentences))
        yield opened


def _names(store: Store, name: str) -> set[str]:
    group = store.entity(name)
    assert group is not None, name
    return {group.name, *group.aliases}


def test_names_of_one_actor_are_grouped_across_articles(store: Store) -> None:
    assert _names(store, "Scholz") == {"Olaf Scholz", "Scholz"}
    assert _names(store, "President Joe Biden") == {"Joe Biden", "President Joe Biden", "Biden"}
    assert _names(store, "Pentagon") == {"The Pentagon", "Pentagon"}


def test_an_ambiguous_surname_stays_apart(store: Store) -> None:
    """'Smith' could be John or Anna Smith (each once): it is not merged with either."""
    assert _names(store, "Smith") == {"Smith"}
    assert _names(store, "John Smith") == {"John Smith"}


def test_a_dominant_full_name_takes_the_surname() -> None:
    """'Biden' goes with Joe Biden (mentioned 5 times) rather than Hunter Biden (once)."""
    resolved = Resolution([(1, "Joe Biden", "person", 5), (2, "Hunter Biden", None, 1), (3, "Biden", None, 2)])
    group = resolved.find("Biden")
    assert group is not None and group.name == "Joe Biden"
    assert resolved.find("Hunter Biden") is not group


def test_titles_possessives_and_gazetteer_aliases_share_a_key() -> None:
    assert name_key("President Joe Biden") == name_key("joe biden")
    assert name_key("the Pentagon’s") == name_key("Pentagon")
    assert name_key("U.N.") == name_key("United Nations")


def test_claims_about_any_alias_find_the_whole_actor(store: Store) -> None:
    by_scholz = {c.text for c in store.claims(about="Scholz")}
    assert by_scholz == {"Olaf Scholz pledged 500 tanks.", "Scholz pledged 600 tanks."}
    assert {c.text for c in store.claims(about="Olaf Scholz")} == by_scholz


def test_merge_split_and_rename_are_applied_on_read(store: Store) -> None:
    store.correct_entity("merge", "John Smith", "Smith")
    assert _names(store, "Smith") == {"John Smith", "Smith"}
    store.correct_entity("rename", "Olaf Scholz", "Chancellor Scholz")
    assert _names(store, "Scholz") == {"Chancellor Scholz", "Olaf Scholz", "Scholz"}
    assert len(list(store.claims(about="Chancellor Scholz"))) == 2
    store.correct_entity("split", "Joe Biden", "Biden")
    assert _names(store, "Joe Biden") == {"Joe Biden", "President Joe Biden"}
    assert _names(store, "Biden") == {"Biden"}
    # the extracted rows are untouched: the corrections live in their own table
    assert {row[0] for row in store.conn.execute("SELECT name FROM entities")} >= {"Smith", "Olaf Scholz", "Biden"}
    assert store.conn.execute("SELECT count(*) FROM entity_corrections").fetchone()[0] == 3


def test_corrections_that_name_nothing_are_refused_with_the_way_out(store: Store) -> None:
    with pytest.raises(EntityError, match="no entity 'Nobody'.*entity list"):
        store.correct_entity("merge", "Nobody", "Smith")
    with pytest.raises(EntityError, match="is not an alias of 'Olaf Scholz'.*aliases: Scholz"):
        store.correct_entity("split", "Olaf Scholz", "Biden")
    with pytest.raises(EntityError, match="already"):
        store.correct_entity("merge", "Olaf Scholz", "Scholz")


def _correct(store: Store) -> None:
    store.correct_entity("merge", "John Smith", "Smith")
    store.correct_entity("split", "Joe Biden", "Biden")
    store.correct_entity("rename", "Pentagon", "US Department of Defense")


def _check(store: Store) -> None:
    assert _names(store, "Smith") == {"John Smith", "Smith"}
    assert _names(store, "Biden") == {"Biden"}
    assert _names(store, "Pentagon") == {"US Department of Defense", "The Pentagon", "Pentagon"}


def test_corrections_survive_reextraction(store: Store) -> None:
    _correct(store)
    for name, sentences in SENTENCES.items():
        article, document = _document(name, sentences)
        assert store.add(article, document, reextract=True).status == "updated"
    _check(store)


def test_corrections_survive_reingestion(store: Store) -> None:
    """Every article deleted and ingested again (new row ids for documents, claims and mentions)."""
    _correct(store)
    store.conn.execute("DELETE FROM documents")
    assert store.counts()["claims"] == 0
    for name, sentences in SENTENCES.items():
        assert store.add(*_document(name, sentences, version=1)).status == "new"
    _check(store)


def test_resolved_entities_list_aliases_and_spread(store: Store) -> None:
    rows = {row["name"]: row for row in store.resolved_entities()}
    assert rows["Joe Biden"]["documents"] == 3 and "Biden" in rows["Joe Biden"]["aliases"]
    assert rows["Olaf Scholz"]["mentions"] == 2 and rows["Olaf Scholz"]["aliases"] == ["Scholz"]


def test_written_aliases_are_names_not_pronouns_or_clauses() -> None:
    from claimgraph.store.resolution import written_alias

    assert written_alias("US President Donald Trump") == "US President Donald Trump"
    assert written_alias("Mr. Trump’s") == "Mr. Trump"
    assert written_alias("Secretary of State Antony Blinken") == "Secretary of State Antony Blinken"
    for text in ("she", "He", "It’s", "Trump unleashed a series of", "the president", "Trump and"):
        assert written_alias(text) is None, text


def test_middle_initials_and_descriptions_before_a_full_name_are_one_person(tmp_path: Path) -> None:
    """"Donald J. Trump" and "Democrat Hillary Clinton" are the people of those full names, the actor is
    shown by its most mentioned full name without a title, and only words that describe a person
    (titles, roles, parties, "former") are taken for description: "Mary Ann Smith" is not "Ann Smith"."""
    rows = [(1, "Donald Trump", "person", 40), (2, "Donald J. Trump", "person", 5),
            (3, "Republican nominee Donald Trump", "person", 1), (4, "Hillary Clinton", "person", 30),
            (5, "Democrat Hillary Clinton", "person", 3), (6, "Bill Clinton", "person", 9),
            (7, "Chris Christie Calls Hillary Clinton", None, 1), (8, "Former President Bill Clinton", "person", 2),
            (9, "Mary Ann Smith", "person", 3), (10, "Ann Smith", "person", 5), (11, "New York Times", None, 2),
            (12, "York Times", None, 1), (13, "President Joe Biden", "person", 50), (14, "Joe Biden", "person", 5)]
    groups = {group.name: sorted(group.ids) for group in Resolution(rows).groups.values()}
    assert groups["Donald Trump"] == [1, 2, 3]
    assert groups["Hillary Clinton"] == [4, 5]
    assert groups["Bill Clinton"] == [6, 8]
    assert groups["Chris Christie Calls Hillary Clinton"] == [7]  # more than two words before the name
    assert groups["Mary Ann Smith"] == [9] and groups["Ann Smith"] == [10]
    assert groups["New York Times"] == [11] and groups["York Times"] == [12]
    assert groups["Joe Biden"] == [13, 14]  # shown without the title, however often it was written with one


def _role_article(name: str, text: str, written: str, subject: str) -> tuple[IngestedArticle, Document]:
    """An article whose one claim's subject is written ``written`` and named ``subject``."""
    at, number = text.index(written), next(w for w in text.split() if w.replace(",", "").isdigit())
    q_at = text.index(number)
    claim = Claim(doc=name, text=text, start=0, end=len(text),
                  quantity=Quantity(float(number.replace(",", "")), "exact", "troops", q_at, q_at + len(number)),
                  subject=Mention(subject, at, at + len(written)))
    return (IngestedArticle(origin=f"{name}.txt", text=text, url=f"https://example.com/{name}", language="en"),
            Document(id=name, text=text, claims=(claim,)))


def test_a_qualified_role_in_one_article_is_the_person_others_name_with_it(tmp_path: Path) -> None:
    """"the German chancellor" in an article that names nobody is Olaf Scholz when the store's other
    articles name him with that role, and only him; a role without a country, body or party ("the
    spokesman", "the prime minister") is never resolved."""
    with Store(tmp_path / "roles.db") as store:
        for name, text, written, subject in (
                ("a", "German Chancellor Olaf Scholz pledged 500 troops.", "German Chancellor Olaf Scholz", "Olaf Scholz"),
                ("b", "German Chancellor Olaf Scholz pledged 700 troops.", "German Chancellor Olaf Scholz", "Olaf Scholz"),
                ("c", "The German chancellor pledged 600 troops.", "The German chancellor", "the German chancellor"),
                ("d", "Spokesman John Kirby counted 40 troops.", "Spokesman John Kirby", "John Kirby"),
                ("e", "The spokesman counted 50 troops.", "The spokesman", "the spokesman"),
                ("f", "Prime Minister Keir Starmer sent 30 troops.", "Prime Minister Keir Starmer", "Keir Starmer"),
                ("g", "The prime minister sent 20 troops.", "The prime minister", "the prime minister")):
            store.add(*_role_article(name, text, written, subject))
        assert _names(store, "Olaf Scholz") == {"Olaf Scholz", "the German chancellor"}
        assert _names(store, "the spokesman") == {"the spokesman"}
        assert _names(store, "the prime minister") == {"the prime minister"}
        about = {record.doc for record in store.claims(about="Olaf Scholz")}
        assert about == {"a", "b", "c"}
