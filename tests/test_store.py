"""The store on a real SQLite file with real corpus articles: schema and migrations, every contract
field stored and read back, idempotency, re-extraction, each query filter, full-text search with
hostile input, and a writer killed mid-run."""

from __future__ import annotations

import dataclasses
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_data import corpus_articles

import claimgraph
from claimgraph.ingest import IngestedArticle
from claimgraph.models import (
    BOUNDS,
    MODALITIES,
    SOURCE_KINDS,
    STORED_FIELDS,
    Claim,
    Document,
    Mention,
    Quantity,
    Source,
    Span,
    StoredClaim,
    TimeRef,
)
from claimgraph.store import AddResult, QueryError, Store, StoreError, StoreMissing
from claimgraph.store.keys import content_hash, normalise_url
from claimgraph.store.periods import period
from claimgraph.store.schema import migrations

Pairs = tuple[tuple[IngestedArticle, Document], ...]


@pytest.fixture(scope="module")
def articles(corpus_dir: Path) -> Pairs:
    return corpus_articles(corpus_dir)


@pytest.fixture
def store(tmp_path: Path, articles: Pairs) -> Iterator[Store]:
    with Store(tmp_path / "claimgraph.db") as opened:
        for article, document in articles:
            opened.add(article, document)
        yield opened


def _contract(record: StoredClaim) -> dict[str, object]:
    """The output contract's part of a stored claim's JSON (without its article's fields and ids)."""
    found = record.to_dict()
    assert list(found)[-len(STORED_FIELDS):] == list(STORED_FIELDS)
    return {k: v for k, v in found.items() if k not in STORED_FIELDS}


def check_integrity(conn: sqlite3.Connection) -> None:
    """SQLite's own check, foreign keys, claim counts per document, and FTS rows matching their tables."""
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    mismatched = conn.execute(
        "SELECT d.id FROM documents AS d WHERE d.claim_count != "
        "(SELECT count(*) FROM claims AS c WHERE c.document_id = d.id)").fetchall()
    assert mismatched == []
    for fts, table in (("documents_fts", "documents"), ("claims_fts", "claims")):
        conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        indexed = conn.execute(f"SELECT count(*) FROM {fts}_docsize").fetchone()[0]
        assert indexed == conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0], fts


# Schema and migrations


def test_a_new_store_has_the_schema_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with Store(tmp_path / "new.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations())
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "claims", "claim_sources", "sources", "entities", "mentions", "documents_fts",
            "claims_fts"} <= tables


def test_an_older_store_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # an SQLite file at schema version 0
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations())
    with Store(path) as store:  # reopening applies nothing twice
        assert store.counts()["documents"] == 0


def test_a_store_from_a_newer_claimgraph_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with Store(path) as store:  # a real store (marked as claimgraph's) that a later version has migrated
        store.conn.execute("PRAGMA user_version = 999")
    with pytest.raises(StoreError, match="upgrade claimgraph"):
        Store(path)
    with pytest.raises(StoreError, match="upgrade claimgraph"):
        Store(path, readonly=True)


def test_a_file_that_is_not_a_database_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database, just notes\n" * 100)
    with pytest.raises(StoreError, match="not a claimgraph store.*--db"):
        Store(path)


def test_reading_a_missing_store_does_not_create_it(tmp_path: Path) -> None:
    with pytest.raises(StoreMissing, match="claimgraph ingest"):
        Store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


# Writing


def test_every_contract_field_is_stored_and_read_back(store: Store, articles: Pairs) -> None:
    stored = list(store.claims())
    expected = [claim.to_dict() for _, document in articles for claim in document.claims]
    assert len(stored) == len(expected) > 100
    assert [_contract(r) for r in stored] == expected
    assert any(r.quantity for r in stored) and any(len(r.sources) > 1 for r in stored)
    assert any(r.predicate for r in stored)  # the verb that carries the number is kept (migration 0006)
    check_integrity(store.conn)


def test_stored_claims_carry_their_document_metadata(store: Store, articles: Pairs) -> None:
    article, document = next((a, d) for a, d in articles if a.url and d.claims)
    record = next(r for r in store.claims() if r.doc == document.id)
    assert (record.title, record.outlet, record.published, record.url, record.origin) == (
        article.title, article.outlet, article.published, article.url, article.origin)


def test_the_same_url_is_stored_once(store: Store, articles: Pairs) -> None:
    article, document = next((a, d) for a, d in articles if a.url)
    doc_id = store.known(article.url, article.text)
    assert doc_id is not None
    assert article.url is not None
    variant = article.url.replace("https://", "HTTPS://").replace(".gov/", ".GOV/").rstrip("/") \
        + "/?utm_source=feed&utm_medium=rss#comments"
    edited = dataclasses.replace(article, url=variant, text=article.text + "\nAn update.")
    before = store.counts()
    assert store.known(variant, "other text") == doc_id
    assert store.add(edited, dataclasses.replace(document, text=edited.text)) == AddResult(doc_id, "duplicate", None)
    assert store.counts() == before


def test_the_same_text_with_other_whitespace_is_stored_once(store: Store, articles: Pairs) -> None:
    article, document = next((a, d) for a, d in articles if a.url is None)
    respaced = "  " + article.text.replace(" ", "  ").replace("\n\n", "\n \n\t") + "\n\n"
    copy = IngestedArticle(origin="elsewhere/copy.txt", text=respaced)
    doc_id = store.known(None, article.text)
    assert doc_id is not None and store.known(None, respaced) == doc_id
    before = store.counts()
    assert store.add(copy, dataclasses.replace(document, text=respaced, claims=())).status == "duplicate"
    assert store.counts() == before


def test_keys_normalise_urls_and_text() -> None:
    assert normalise_url("HTTPS://Example.COM:443/a/b/?utm_campaign=x&id=2#frag") == "https://example.com/a/b?id=2"
    assert normalise_url("http://example.com:8080/") == "http://example.com:8080"
    assert normalise_url("  ") is None
    assert content_hash("Ｔhe  troops\n arrived") == content_hash("the troops arrived")  # NFKC, spaces, case


def test_reextraction_replaces_the_claims_in_one_transaction(store: Store, articles: Pairs) -> None:
    article, document = next((a, d) for a, d in articles if len(d.claims) > 3)
    doc_id = store.known(article.url, article.text)
    assert doc_id is not None
    old_ids = {r[0] for r in store.conn.execute("SELECT id FROM claims WHERE document_id = ?", (doc_id,))}
    fewer = dataclasses.replace(document, claims=document.claims[:2])
    assert store.add(article, fewer, reextract=True) == AddResult(doc_id, "updated", None)
    new_ids = {r[0] for r in store.conn.execute("SELECT id FROM claims WHERE document_id = ?", (doc_id,))}
    assert len(new_ids) == 2 and not new_ids & old_ids
    assert [_contract(r) for r in store.document(doc_id)["claims"]] == [c.to_dict() for c in fewer.claims]
    check_integrity(store.conn)


def test_a_new_extractor_version_updates_the_stored_claims(store: Store, articles: Pairs) -> None:
    """Stored claims never go stale: an article extracted by another version (a changed rule, lexicon or
    model: core.version) is not 'known' to that version, and adding it replaces its claims."""
    article, document = articles[0]
    assert store.add(article, document).status == "duplicate"
    assert store.known(article.url, article.text, document.extractor) is not None
    upgraded = dataclasses.replace(document, extractor="0123456789abcdef")
    assert store.known(article.url, article.text, upgraded.extractor) is None
    assert store.add(article, upgraded).status == "updated"
    assert store.add(article, upgraded).status == "duplicate"
    row = store.conn.execute("SELECT extractor_version FROM documents WHERE origin = ?", (article.origin,)).fetchone()
    assert row[0] == "0123456789abcdef"
    check_integrity(store.conn)


def test_claims_whose_offsets_point_into_another_text_are_refused(tmp_path: Path, articles: Pairs) -> None:
    article, document = articles[0]
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(StoreError, match="offsets"):
            store.add(dataclasses.replace(article, text=article.text.upper()), document)
        assert store.counts()["documents"] == 0  # the failed add left nothing behind


def test_the_syndication_lookup_reads_bands_by_key_not_every_document(tmp_path: Path, articles: Pairs) -> None:
    """Regression: a row-value ``IN (VALUES …)`` made each add scan the documents table (quadratic ingest)."""
    statements: list[str] = []
    with Store(tmp_path / "s.db") as store:
        for article, document in articles[:3]:
            store.conn.set_trace_callback(statements.append)
            store.add(article, document)
            store.conn.set_trace_callback(None)
        lookups = [s for s in statements if "document_bands AS b" in s]
        assert lookups
        plan = " | ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {lookups[-1]}"))
    assert "SEARCH b USING PRIMARY KEY" in plan and "SCAN d" not in plan, plan


def test_claim_ids_follow_on_and_are_never_given_twice(store: Store, articles: Pairs) -> None:
    """Ids follow on across articles; a re-extracted article's claims get new ids, even when it is the
    last one stored (so an id, as `measure split` and the web's chart keys use it, names one claim)."""
    ids = [row[0] for row in store.conn.execute("SELECT id FROM claims ORDER BY document_id, position")]
    assert ids == list(range(1, len(ids) + 1))
    article, document = articles[-1]
    replaced = {row[0] for row in store.conn.execute(
        "SELECT c.id FROM claims AS c JOIN documents AS d ON d.id = c.document_id WHERE d.origin = ?",
        (article.origin,))}
    store.add(article, document, reextract=True)
    now = [row[0] for row in store.conn.execute("SELECT id FROM claims ORDER BY id")]
    assert len(now) == len(ids) and not replaced & set(now) and min(set(now) - set(ids)) == len(ids) + 1
    check_integrity(store.conn)


# Queries


def test_about_matches_subject_names_and_aliases_in_any_case(store: Store) -> None:
    subject = next(r.subject for r in store.claims() if r.subject)
    found = list(store.claims(about=subject.name.upper()))
    assert found and all(r.subject and r.subject.name == subject.name for r in found)
    alias = store.conn.execute(
        "SELECT m.text, e.name FROM mentions AS m JOIN entities AS e ON e.id = m.entity_id "
        "WHERE m.role = 'subject' AND m.text != e.name LIMIT 1").fetchone()
    assert alias is not None
    assert any(r.subject and r.subject.name == alias[1] for r in store.claims(about=alias[0].lower()))
    assert list(store.claims(about="No Such Entity Anywhere")) == []


def test_source_matches_any_link_of_the_chain(store: Store) -> None:
    outer = next(r.sources[-1].name for r in store.claims() if len(r.sources) > 1)
    found = list(store.claims(source=outer.lower()))
    assert found and all(any(s.name == outer or s.mention.casefold() == outer.casefold()
                             for s in r.sources) for r in found)
    assert any(r.sources[0].name != outer for r in found)  # found where it is not the innermost


def test_modality_filter(store: Store) -> None:
    for modality in ("fact", "expected", "possible", "negated"):
        assert all(r.modality == modality for r in store.claims(modality=modality))
    assert sum(1 for _ in store.claims(modality="possible")) > 0
    with pytest.raises(QueryError, match="fact, expected"):
        store.claims(modality="rumour")


def test_since_and_until_use_the_claim_time_else_the_publication_date(store: Store) -> None:
    everything = list(store.claims())
    in_2016 = list(store.claims(since="2016", until="2016-12-31"))
    assert 0 < len(in_2016) < len(everything)
    for r in in_2016:
        dates = period(r.time.value if r.time and r.time.value else r.published)
        assert dates is not None and dates[0] <= "2016-12-31" and dates[1] >= "2016-01-01", r
    dated_claim = next(r for r in everything if r.time and r.time.value and r.published
                       and r.time.value[:4] != r.published[:4])
    assert dated_claim.time and dated_claim.time.value
    year = dated_claim.time.value[:4]
    assert any(r.text == dated_claim.text for r in store.claims(since=year, until=year))
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        store.claims(since="last Tuesday")


def test_search_finds_words_in_claim_text(store: Store) -> None:
    found = list(store.claims(search="troops"))
    assert found and all("troop" in r.text.lower() for r in found)
    assert len(list(store.claims(search="troop*"))) >= len(found)
    assert len(list(store.claims(search="troops", limit=1))) == 1


@pytest.mark.parametrize("hostile", ['"; DROP TABLE claims; --', "AND OR NOT", '"unbalanced quote', "NEAR(a b",
                                     "troops\" OR \"x", "col:value", "^start", "a * b",
                                     "troo\x00ps", "troops\ud800", "\x1b[31mtroops"])
def test_hostile_search_input_is_searched_as_words(store: Store, hostile: str) -> None:
    assert isinstance(list(store.claims(search=hostile)), list)
    assert store.conn.execute("SELECT count(*) FROM claims").fetchone()[0] > 0


@pytest.mark.parametrize("wordless", ['"', "* ( ) :", "  ", "'); --"])
def test_a_search_without_words_says_so(store: Store, wordless: str) -> None:
    with pytest.raises(QueryError, match="no words"):
        store.claims(search=wordless)


def test_sources_and_entities_count_claims_documents_and_reports(store: Store) -> None:
    sources = list(store.sources())
    assert sources and set(sources[0]) == {"name", "kind", "claims", "documents", "reports"}
    assert sources[0]["claims"] >= sources[-1]["claims"] and all(s["documents"] >= s["reports"] for s in sources)
    entities = list(store.entities())
    assert entities and set(entities[0]) == {"name", "kind", "mentions", "documents", "reports"}
    assert all(e["kind"] is not None for e in entities) and any(e["kind"] == "person" for e in entities)
    subjects = {c.subject.name for c in store.claims() if c.subject}
    assert subjects - {e["name"] for e in entities}, "plain noun phrases are subjects, not entities"


def test_a_document_is_found_by_id_url_or_origin(store: Store, articles: Pairs) -> None:
    article, document = next((a, d) for a, d in articles if a.url and d.claims)
    by_origin = store.document(article.origin)
    assert article.url is not None
    assert store.document(by_origin["id"])["id"] == by_origin["id"]
    assert store.document(article.url + "?utm_source=x")["id"] == by_origin["id"]
    assert store.document(str(by_origin["id"]))["text"] == article.text
    assert len(by_origin["claims"]) == len(document.claims) == by_origin["claim_count"]
    for ref in ("no/such/article.txt", "¹", "9" * 30):  # a digit that is no number; an id past 64 bits
        with pytest.raises(QueryError, match="its id, URL or origin"):
            store.document(ref)


# Crash safety

_WRITER = """
import dataclasses, pickle, sys
from claimgraph.store import Store
pairs = pickle.load(open(sys.argv[2], "rb"))
with Store(sys.argv[1]) as store:
    for round in range(1000):
        for n, (article, document) in enumerate(pairs):
            text = article.text + f"\\n\\nCopy {round}."
            copy = dataclasses.replace(article, origin=f"{article.origin}#{round}", text=text,
                                       url=f"https://example.org/{round}/{n}")
            store.add(copy, dataclasses.replace(document, text=text))
            print(round, n, flush=True)
"""


def test_a_writer_killed_mid_run_leaves_a_whole_store(tmp_path: Path, articles: Pairs) -> None:
    """SIGKILL a process adding articles in a loop; the store must hold only whole articles, and
    adding everything again must store each article once."""
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("needs SIGKILL (POSIX)")
    pairs = [(a, d) for a, d in articles if d.claims][:8]
    data = tmp_path / "pairs.pickle"
    data.write_bytes(pickle.dumps(pairs))
    db = tmp_path / "crash.db"
    with subprocess.Popen([sys.executable, "-c", _WRITER, str(db), str(data)], stdout=subprocess.PIPE,
                          text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"}) as child:
        assert child.stdout is not None
        done = [child.stdout.readline() for _ in range(3 * len(pairs) + 5)]  # a few rounds committed, then kill
        assert all(done), "the writer stopped before it was killed"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with Store(db) as store:
        check_integrity(store.conn)
        stored = store.counts()["documents"]
        assert stored >= len(done)
        rounds = stored // len(pairs) + 1
        statuses = []
        for round_ in range(rounds + 1):
            for n, (article, document) in enumerate(pairs):
                text = article.text + f"\n\nCopy {round_}."
                copy = dataclasses.replace(article, origin=f"{article.origin}#{round_}", text=text,
                                           url=f"https://example.org/{round_}/{n}")
                statuses.append(store.add(copy, dataclasses.replace(document, text=text)).status)
        assert statuses.count("duplicate") == stored
        assert store.counts()["documents"] == (rounds + 1) * len(pairs) == len(statuses)
        assert store.conn.execute("SELECT count(*) FROM (SELECT content_hash FROM documents GROUP BY content_hash "
                                  "HAVING count(*) > 1)").fetchone()[0] == 0
        check_integrity(store.conn)


# Round trip of arbitrary claims

_names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
_offsets = st.integers(0, 10_000)
_numbers = st.floats(-1e15, 1e15, allow_nan=False).map(lambda v: round(v, 6))
_claims = st.builds(
    Claim, doc=st.just("doc"), text=_names, start=_offsets, end=_offsets,
    modality=st.sampled_from(MODALITIES),
    quantity=st.none() | st.builds(Quantity, value=_numbers, bound=st.sampled_from(BOUNDS), unit=_names,
                                   start=_offsets, end=_offsets, low=st.none() | _numbers, high=st.none() | _numbers),
    subject=st.none() | st.builds(Mention, name=_names, start=_offsets, end=_offsets),
    sources=st.lists(st.builds(Source, name=_names, mention=_names, kind=st.sampled_from(SOURCE_KINDS),
                               start=_offsets, end=_offsets), max_size=3).map(tuple),
    cue=st.none() | st.builds(Span, text=_names, start=_offsets, end=_offsets),
    time=st.none() | st.builds(TimeRef, text=_names, value=st.none() | st.sampled_from(["2024", "2024-W05", "x"]),
                               start=_offsets, end=_offsets),
    predicate=st.none() | _names)


@settings(max_examples=40, deadline=None)
@given(claims=st.lists(_claims, max_size=5))
def test_any_claims_read_back_as_they_were_written(claims: list[Claim]) -> None:
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "h.db") as store:
        text = "An article long enough to hold its claims. " * 3
        result = store.add(IngestedArticle(origin="h.txt", text=text), Document("doc", text, tuple(claims)))
        assert [_contract(r) for r in store.document(result.doc_id)["claims"]] == [c.to_dict() for c in claims]
        check_integrity(store.conn)
