"""Stories: articles of one event across outlets and days, grouped as they are stored, scored on a gold.

The gold (tests/data/stories_gold.json) groups the corpus's 330 articles by reading every title and
the ledes of likely pairs: 35 stories of two or more articles (PolNeAR's 2016 election coverage,
Wikinews 2019-2020, the White House's statements), every other article a story of its own (the gold's
``_about`` says what its review changed). The
store is filled through ``Store.add`` (as ingest, the web's ingest and ``load`` fill it), with each
article's title, outlet and date from the corpus index; claims play no part in stories, so the
articles are stored without extraction (fast).
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from claimgraph.ingest import IngestedArticle
from claimgraph.models import Document
from claimgraph.store import Store

GOLD = Path(__file__).parent / "data" / "stories_gold.json"
# Pinned pairwise figures on the gold (measured: see the test's output); raise them when stories
# improve, never lower them quietly. Precision first: no merge across different stories is the bar.
# The gold's review split the 2020 primaries (a topic the stories grouped): the same code measured 0.371,
# 0.057, 1.0, 0.007 on the reviewed gold before entities, event phrases and lede numbers were terms.
FLOORS = {"precision": 0.52, "recall": 0.11, "cross_precision": 0.99, "cross_recall": 0.02}  # measured 0.529, 0.117, 1.0, 0.021


def corpus_articles(corpus: Path) -> list[IngestedArticle]:
    """The corpus's articles with their index metadata, in the order `ingest` reads the folder (by name)."""
    index = [json.loads(line) for line in (corpus / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    return [IngestedArticle(str(corpus / f"{row['id']}.txt"), (corpus / f"{row['id']}.txt").read_text(encoding="utf-8"),
                            title=row["title"], outlet=row["outlet"], published=row["published"], url=row["url"])
            for row in sorted(index, key=lambda r: r["id"])]


def fill(path: Path, articles: list[IngestedArticle]) -> dict[str, str]:
    """Store the articles without claims; each article's story id, by corpus id."""
    with Store(path) as store:
        for article in articles:
            store.add(article, Document(Path(article.origin).stem, article.text))
        rows = store.conn.execute("SELECT origin, story_id FROM documents").fetchall()
    return {Path(origin).stem: story for origin, story in rows}


def pairwise(predicted: dict[str, str], gold: dict[str, str], outlets: dict[str, Any],
             cross: bool = False) -> tuple[float, float, int]:
    """Precision, recall and wrong pairs over pairs of articles in one story (``cross``: pairs of
    articles from different outlets only)."""
    predicted_pairs = gold_pairs = hits = 0
    for a, b in combinations(sorted(gold), 2):
        if cross and outlets[a] == outlets[b]:
            continue
        same, truly = predicted[a] == predicted[b], gold[a] == gold[b]
        predicted_pairs += same
        gold_pairs += truly
        hits += same and truly
    return (hits / predicted_pairs if predicted_pairs else 1.0, hits / gold_pairs if gold_pairs else 1.0,
            predicted_pairs - hits)


def gold_stories(corpus: Path) -> tuple[dict[str, str], dict[str, Any]]:
    index = {json.loads(line)["id"]: json.loads(line) for line in (corpus / "index.jsonl").read_text(encoding="utf-8").splitlines()}
    gold = {doc: doc for doc in index}
    for story in json.loads(GOLD.read_text(encoding="utf-8"))["stories"]:
        for doc in story["articles"]:
            assert doc in index, f"the gold names {doc!r}, which is not in the corpus"
            gold[doc] = story["name"]
    return gold, {doc: row["outlet"] for doc, row in index.items()}


@pytest.fixture(scope="module")
def corpus_stories(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return fill(tmp_path_factory.mktemp("stories") / "corpus.db", corpus_articles(corpus_dir))


def test_stories_against_gold(corpus_dir: Path, corpus_stories: dict[str, str]) -> None:
    gold, outlets = gold_stories(corpus_dir)
    precision, recall, wrong = pairwise(corpus_stories, gold, outlets)
    cross_p, cross_r, cross_wrong = pairwise(corpus_stories, gold, outlets, cross=True)
    print(f"\nstories gold: {len(set(gold.values()))} stories of {len(gold)} articles; predicted "
          f"{len(set(corpus_stories.values()))}; pairwise P={precision:.3f} R={recall:.3f} ({wrong} wrong pairs); "
          f"across outlets P={cross_p:.3f} R={cross_r:.3f} ({cross_wrong} wrong pairs)")
    figures = {"precision": precision, "recall": recall, "cross_precision": cross_p, "cross_recall": cross_r}
    assert all(figures[name] >= floor for name, floor in FLOORS.items()), figures


def _invoke(db: Path, *args: str) -> Any:
    from click.testing import CliRunner

    from claimgraph.cli import main

    return CliRunner().invoke(main, [*args, "--db", str(db)], catch_exceptions=False)


@pytest.fixture
def small_store(corpus_dir: Path, tmp_path: Path) -> Path:
    """Two Hurricane Dorian reports four days apart, two of Alexei Navalny's poisoning, and a third topic."""
    wanted = ("wn-2019-09-01-hurricane-dorian", "wn-2019-09-05-hurricane-dorian", "wn-2020-08-22-russia-s-navalny",
              "wn-2020-09-05-germany-says", "wn-2019-10-05-four-stabbed")
    articles = [a for a in corpus_articles(corpus_dir) if Path(a.origin).stem.startswith(wanted)]
    path = tmp_path / "small.db"
    fill(path, articles)
    return path


def test_stories_command_lists_each_story_with_its_articles(small_store: Path) -> None:
    result = _invoke(small_store, "stories", "--format", "jsonl")
    found = [json.loads(line) for line in result.output.splitlines()]
    assert [len(s["articles"]) for s in found] == [2, 1, 2]  # the latest first: Navalny, the stabbing, Dorian
    dorian = found[-1]
    assert set(dorian) >= {"id", "name", "first", "last", "articles"}
    assert (dorian["first"], dorian["last"]) == ("2019-09-01", "2019-09-05") and "Dorian" in dorian["name"]
    assert set(dorian["articles"][0]) == {"doc_id", "title", "url", "origin", "outlet", "published"}
    table = _invoke(small_store, "stories", "--about", "navalny", "--since", "2019-12").output
    assert "Navalny" in table and "Dorian" not in table and table.rstrip().endswith("1 story")
    shown = _invoke(small_store, "story", dorian["id"]).output
    assert shown.index("2019-09-01") < shown.index("2019-09-05") and "2 articles" in shown


def test_the_stories_table_reads_the_same_stories_from_the_index(small_store: Path) -> None:
    """`stories` (the table) reads each story's span from an index alone: the same rows as the full list,
    without the articles; with a correction it reads the articles as the full list does."""
    def spans(store: Store, **filters: str) -> list[dict[str, Any]]:
        return [{k: v for k, v in s.items() if k != "articles"} for s in store.stories(**filters)]  # type: ignore[arg-type]

    with Store(small_store) as store:
        assert store.stories(articles=False) == spans(store) and len(spans(store)) == 3
        assert store.stories(since="2020", articles=False) == spans(store, since="2020") != spans(store)
        first, second = (s["id"] for s in store.stories()[:2])
        store.correct_story("merge", first, second)
        assert store.stories(articles=False) == spans(store) and len(spans(store)) == 2
    table = _invoke(small_store, "stories").output
    assert table.rstrip().endswith("2 stories") and "Dorian" in table


def test_kept_story_spans_follow_every_write(small_store: Path) -> None:
    """The list reads each story's span from ``story_spans``, kept by every add; a write that keeps none (an
    older claimgraph, a hand edit) marks its stories stale by trigger, and a read-only list computes those
    afresh: the list always equals the full read of every article."""
    def full(store: Store) -> list[dict[str, Any]]:
        return [{k: v for k, v in s.items() if k != "articles"} for s in store.stories()]

    with Store(small_store) as store:
        conn = store.conn
        assert conn.execute("SELECT count(*) FROM story_spans_stale").fetchone()[0] == 0  # every add refreshed
        assert conn.execute("SELECT count(*) FROM story_spans").fetchone()[0] == 3
        assert store.stories(articles=False) == full(store)
        navalny = next(s for s in store.stories() if "Navalny" in s["name"])
        moved, stays = navalny["articles"][0]["doc_id"], navalny["articles"][1]["doc_id"]
        conn.execute("UPDATE documents SET outlet = 'Elsewhere', published = '2021-01-02' WHERE id = ?", (moved,))
        conn.execute("UPDATE documents SET syndicated_with = ? WHERE id = ?", (moved, stays))
        assert conn.execute("SELECT count(*) FROM story_spans_stale").fetchone()[0] == 1
    with Store(small_store, readonly=True) as store:  # stale, and no writing: computed at the read
        listed = store.stories(articles=False)
        assert listed == full(store)
        changed = next(s for s in listed if "Navalny" in s["name"])
        assert changed["last"] == "2021-01-02" and "Elsewhere" in changed["outlets"] and changed["reports"] == 1
    with Store(small_store) as store:  # opening to write brings the kept spans up to date
        assert store.conn.execute("SELECT count(*) FROM story_spans_stale").fetchone()[0] == 0
        assert store.stories(articles=False) == full(store)
        store.conn.execute("DELETE FROM documents WHERE id = ?", (stays,))
        assert store.stories(articles=False) == full(store)


def test_story_corrections_survive_reingestion(small_store: Path, corpus_dir: Path) -> None:
    found = [json.loads(line) for line in _invoke(small_store, "stories", "--format", "jsonl").output.splitlines()]
    navalny, stabbing, dorian = found
    assert _invoke(small_store, "story", "merge", dorian["id"], stabbing["id"]).exit_code == 0
    assert _invoke(small_store, "story", "split", str(navalny["articles"][1]["doc_id"])).exit_code == 0
    assert _invoke(small_store, "story", "rename", dorian["id"], "Hurricane Dorian").exit_code == 0
    with Store(small_store) as store:  # re-extraction of every article: new claims, the same stories
        for article in corpus_articles(corpus_dir):
            if store.known(article.url, article.text) is not None:
                store.add(article, Document(Path(article.origin).stem, article.text), reextract=True)
    again = {s["name"]: len(s["articles"]) for s in
             map(json.loads, _invoke(small_store, "stories", "--format", "jsonl").output.splitlines())}
    assert again["Hurricane Dorian"] == 3 and sorted(again.values()) == [1, 1, 3]
    refused = _invoke(small_store, "story", "split", str(stabbing["articles"][0]["doc_id"]))
    assert refused.exit_code == 0  # the stabbing is in Dorian's story now: it can be split out again
    missing = _invoke(small_store, "story", "nothing-here")
    assert missing.exit_code == 1 and "no story 'nothing-here'" in missing.output
