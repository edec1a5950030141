"""Measures that mean one real-world quantity, across the articles of a story, scored on a gold
(tests/data/story_measures_gold.json: the measles outbreak in Samoa and Hurricane Dorian, two Wikinews
articles each). The articles are extracted and stored through ``Store.add`` as ingest stores them, so
each claim carries its story; the grouping is the store's (``Store.measure_set``)."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

import claimgraph
from claimgraph.ingest import IngestedArticle
from claimgraph.store import Store

GOLD = Path(__file__).parent / "data" / "story_measures_gold.json"
# Pinned pairwise figures over pairs of claims from different articles (measured: see the output);
# raise them when the grouping improves, never lower them quietly.
FLOORS = {"precision": 0.99, "recall": 0.54}  # measured 1.0, 0.545 (6 of 11 gold pairs)

Key = tuple[str, int, int, float]


@pytest.fixture(scope="module")
def grouped(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[Key, tuple[str, str]]:
    """Each stored quantified claim's (measure id, story id), by document id and quantity offsets."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    index = {json.loads(line)["id"]: json.loads(line) for line in (corpus_dir / "index.jsonl").read_text(encoding="utf-8").splitlines()}
    path = tmp_path_factory.mktemp("story-measures") / "store.db"
    with Store(path) as store:
        for doc in gold["articles"]:
            row, text = index[doc], (corpus_dir / f"{doc}.txt").read_text(encoding="utf-8")
            document = claimgraph.extract(text, doc_id=doc, published=row["published"], outlet=row["outlet"],
                                          title=row["title"])
            store.add(IngestedArticle(doc, text, title=row["title"], outlet=row["outlet"], published=row["published"],
                                      url=row["url"]), document)
        found = {}
        for record in store.claims(has_number=True):
            q = record.quantity
            assert q is not None
            found[(record.origin, q.start, q.end, float(q.value))] = (record.measure_id, record.story_id)
    return found


def _gold() -> dict[Key, str]:
    claims = json.loads(GOLD.read_text(encoding="utf-8"))["claims"]
    return {(c["doc"], c["start"], c["end"], float(c["value"])): c["measure"] for c in claims}


def test_measures_across_articles_against_gold(grouped: dict[Key, tuple[str, str]]) -> None:
    gold = _gold()
    shared = sorted(set(gold) & set(grouped))
    assert len(shared) >= len(gold) - 2, f"the extractor no longer finds these gold claims: {sorted(set(gold) - set(grouped))}"
    pairs = [(a, b) for a, b in combinations(shared, 2) if a[0] != b[0]]
    predicted = {p for p in pairs if grouped[p[0]][0] == grouped[p[1]][0]}
    truly = {p for p in pairs if gold[p[0]] == gold[p[1]]}
    precision = len(predicted & truly) / len(predicted) if predicted else 1.0
    recall = len(predicted & truly) / len(truly) if truly else 1.0
    print(f"\nstory measures gold: {len(gold)} claims, {len(set(gold.values()))} measures; across articles "
          f"{len(truly)} gold pairs, {len(predicted)} predicted: P={precision:.3f} R={recall:.3f}")
    assert precision >= FLOORS["precision"] and recall >= FLOORS["recall"]


@pytest.mark.xfail(strict=True, reason="issue 12's bar, not met (R 0.545): Dorian's 180 mph has the subject 'NHC "
                   "advisory' (a source) where the 185 mph has none; 'covered only about 31 percent of Samoans' reads "
                   "as a case count (the nearest tally word is 'outbreak'), so it stays apart from the coverage "
                   "figures of the other article")
def test_measures_across_articles_reach_the_bar(grouped: dict[Key, tuple[str, str]]) -> None:
    gold = _gold()
    pairs = [(a, b) for a, b in combinations(sorted(set(gold) & set(grouped)), 2) if a[0] != b[0] and gold[a] == gold[b]]
    assert sum(grouped[a][0] == grouped[b][0] for a, b in pairs) >= 0.9 * len(pairs)


def test_look_alike_numbers_are_kept_apart(grouped: dict[Key, tuple[str, str]]) -> None:
    """A definition (the Category 5 cut-off), the population, a goal and another year's worldwide toll
    never join the story's observations, nor deaths its cases."""
    gold = _gold()
    shared = sorted(set(gold) & set(grouped))
    merged = [(gold[a], gold[b]) for a, b in combinations(shared, 2)
              if grouped[a][0] == grouped[b][0] and gold[a] != gold[b]]
    assert merged == [], merged


def test_no_measure_without_a_named_subject_spans_two_stories(corpus_dir: Path, tmp_path: Path) -> None:
    """Over all of the Wikinews articles of 2019 (stored without extraction's help: their claims are
    extracted and stored as ingest does), a measure whose key names no subject holds one story's claims."""
    index = [json.loads(line) for line in (corpus_dir / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [row for row in index if row["id"].startswith("wn-2019-0")]
    with Store(tmp_path / "wikinews.db") as store:
        for row in rows:
            text = (corpus_dir / f"{row['id']}.txt").read_text(encoding="utf-8")
            store.add(IngestedArticle(row["id"], text, title=row["title"], outlet=row["outlet"],
                                      published=row["published"], url=row["url"]),
                      claimgraph.extract(text, doc_id=row["id"], published=row["published"], title=row["title"]))
        spans = store.conn.execute(
            "SELECT n.subject, count(DISTINCT d.story_id), count(DISTINCT d.id) FROM measure_cache_names AS n "
            "JOIN measure_cache AS mc ON mc.measure_id = n.measure_id JOIN claims AS c ON c.id = mc.claim_id "
            "JOIN documents AS d ON d.id = c.document_id WHERE n.subject = '' GROUP BY n.measure_id").fetchall() \
            if store.measure_set() else []
    assert spans and all(stories == 1 for _, stories, _ in spans)
