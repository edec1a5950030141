"""The tracking commands (measures, measure merge|split|rename, timeline, changes, entity …)
through click's CliRunner on a real store of the corpus's White House Ukraine aid texts and the
seed article; measure corrections surviving re-extraction and re-ingestion."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import claimgraph
from claimgraph.cli import main
from claimgraph.ingest import IngestedArticle
from claimgraph.models import Document
from claimgraph.store import Store
from claimgraph.store.timelines import TIMELINE_COLUMNS

NK_TROOPS = "North Korea — troops — sent"


@lru_cache(maxsize=1)
def ukraine_aid_articles(corpus: Path) -> tuple[tuple[IngestedArticle, Document], ...]:
    """The White House texts about Ukraine (2022–2025) and the seed article, extracted with their metadata."""
    rows = [json.loads(line) for line in (corpus / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    pairs = []
    for row in rows:
        if not (row["id"].startswith("wh-") and "ukrain" in row["id"]) and row["id"] != "seed-nk-troops":
            continue
        text = (corpus / f"{row['id']}.txt").read_text(encoding="utf-8")
        published = (row["published"] or "")[:10] or None
        article = IngestedArticle(origin=f"corpus/{row['id']}.txt", text=text, title=row["title"],
                                  outlet=row["outlet"], published=published, url=row["url"], language="en")
        pairs.append((article, claimgraph.extract(text, doc_id=row["id"], published=published,
                                                  outlet=row["outlet"], title=row["title"])))
    return tuple(pairs)


@pytest.fixture(scope="module")
def built(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("track") / "claimgraph.db"
    with Store(path) as store:
        for article, document in ukraine_aid_articles(corpus_dir):
            store.add(article, document)
    return path


@pytest.fixture
def db(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the store for each test (corrections write to it)."""
    return Path(shutil.copy(built, tmp_path / "claimgraph.db"))


def invoke(db: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, [*args, "--db", str(db)], catch_exceptions=False)
    return result


def measures(db: Path, *args: str) -> list[dict[str, object]]:
    result = invoke(db, "measures", "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def by_name(rows: list[dict[str, object]], name: str) -> dict[str, object]:
    return next(row for row in rows if row["name"] == name)


def test_measures_lists_claims_articles_originals_and_dates(db: Path) -> None:
    rows = measures(db)
    assert rows and all(set(row) == {"id", "name", "claims", "articles", "independent", "first", "last"}
                        for row in rows)
    sizes = [row["claims"] for row in rows]
    assert sizes == sorted(sizes, reverse=True)
    nk = by_name(rows, NK_TROOPS)
    assert nk["articles"] == 1 and nk["independent"] >= 3 and nk["first"] == "2024-11-01"
    table = invoke(db, "measures", "--min-claims", "3")
    assert table.exit_code == 0 and NK_TROOPS in table.stdout and "independent originals" in table.stdout


def test_measures_about_an_entity_by_any_alias(db: Path) -> None:
    about = measures(db, "--about", "North Korea")
    assert about and all(row["name"].startswith("North Korea") for row in about)  # type: ignore[attr-defined]
    assert measures(db, "--about", "Pyongyang") == about  # a capital stands for its country
    assert measures(db, "--about", "north korea") == about
    assert measures(db, "--about", "Nobody At All") == []


def test_timeline_table_shows_provenance_and_each_claim(db: Path) -> None:
    result = invoke(db, "timeline", NK_TROOPS)
    assert result.exit_code == 0, result.output
    assert "1 article, 4 independent original sources" in result.stdout
    for cell in ("≤ 100,000", "≤ 15,000", "≥ 10,000", "possible", "expected", "fact", "Bloomberg", "2024-11-01"):
        assert cell in result.stdout, cell


def test_timeline_by_entity_shows_every_measure_about_it(db: Path) -> None:
    result = invoke(db, "timeline", "North Korea", "--format", "jsonl")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert {line["measure"] for line in lines} >= {NK_TROOPS}
    assert "measures about 'North Korea'" in result.stderr
    first = lines[0]
    assert {"date", "dated_by", "value", "bound", "modality", "chain", "outlet", "title", "measure_articles",
            "measure_independent"} <= set(first)


def test_timeline_csv_is_in_time_order(db: Path) -> None:
    ident = by_name(measures(db), "United States — dollars — pledged")["id"]
    result = invoke(db, "timeline", str(ident), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == TIMELINE_COLUMNS and len(rows) >= 5
    dates = [row["date"] for row in rows if row["date"]]
    assert dates == sorted(dates)


def test_timeline_png_and_svg_charts(db: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="charts need matplotlib (the test extra installs it)")
    png, svg = tmp_path / "nk.png", tmp_path / "nk.svg"
    assert invoke(db, "timeline", NK_TROOPS, "--format", "png", "--out", str(png)).exit_code == 0
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert invoke(db, "timeline", NK_TROOPS, "--format", "svg", "--out", str(svg)).exit_code == 0
    assert ET.parse(svg).getroot().tag.endswith("svg") and NK_TROOPS in svg.read_text(encoding="utf-8")


def test_timeline_errors_say_what_to_do(db: Path) -> None:
    missing = invoke(db, "timeline", "zzz no such thing")
    assert missing.exit_code == 1 and "`claimgraph measures` lists measure ids" in missing.output
    png = invoke(db, "timeline", NK_TROOPS, "--format", "png")
    assert png.exit_code == 2 and "--out PATH" in png.output


def test_changes_show_both_sides(db: Path) -> None:
    result = invoke(db, "changes", "--format", "jsonl")
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert found and all({"measure", "label", "before", "after"} <= set(c) for c in found)
    assert all(c["before"]["doc_id"] != c["after"]["doc_id"] for c in found)
    later = [json.loads(line) for line in invoke(db, "changes", "--since", "2023", "--format", "jsonl")
             .stdout.splitlines()]
    assert 0 < len(later) < len(found) and all(c["after"]["date"] >= "2023" for c in later)
    table = invoke(db, "changes")
    assert table.exit_code == 0 and "before" in table.stdout and "after" in table.stdout
    assert invoke(db, "changes", "--since", "soon").exit_code == 2


def _changes_from_claims(store: Store) -> list[tuple[str, dict[str, object]]]:
    """Every change computed afresh from each listed measure's full claim records."""
    from claimgraph.store import tracking

    found = store.measure_set()
    return [(m.id, c.to_dict()) for m in found.measures
            for c in tracking.measure_changes(store.measure_records(found, m))]


def test_cached_changes_are_the_changes_of_the_claims_corrected_or_not(db: Path) -> None:
    """The change cache (built with the grouping) gives what computing from the claims gives, in the
    same order, page by page, and a corrected measure's changes follow the correction."""
    from claimgraph.store import tracking
    from claimgraph.track import sort_date

    def listed(store: Store, **page: object) -> list[tuple[str, dict[str, object]]]:
        return [(m.id, c.to_dict()) for m, c in tracking.all_changes(store.measure_set(), **page)]  # type: ignore[arg-type]

    with Store(db) as store:
        expected = _changes_from_claims(store)
        assert len(expected) >= 8 and listed(store) == expected  # enough to page through (offset 3, limit 5)
        assert listed(store, offset=3, limit=5) == expected[3:8]
        since = sort_date("2023-06")
        assert listed(store, since=since) == [(i, c) for i, c in expected
                                              if c["after"]["date"] and c["after"]["date"] >= "2023-06"]  # type: ignore[index]
    rows = measures(db)
    pledged = by_name(rows, "United States — dollars — pledged")
    ukraine = by_name(rows, "Ukraine — dollars — pledged")
    assert invoke(db, "measure", "merge", str(pledged["id"]), str(ukraine["id"])).exit_code == 0
    with Store(db) as store:
        corrected = _changes_from_claims(store)
        assert corrected != expected and listed(store) == corrected
        assert listed(store, offset=2, limit=4) == corrected[2:6]
        assert not any(i == ukraine["id"] for i, _ in listed(store))


def _reextract(db: Path, corpus: Path, *, reingest: bool = False) -> None:
    with Store(db) as store:
        if reingest:
            store.conn.execute("DELETE FROM documents")
        for article, document in ukraine_aid_articles(corpus):
            store.add(article, document, reextract=True)


@pytest.mark.parametrize("reingest", [False, True], ids=["reextracted", "reingested"])
def test_measure_corrections_persist_and_survive(db: Path, corpus_dir: Path, reingest: bool) -> None:
    rows = measures(db)
    pledged = by_name(rows, "United States — dollars — pledged")
    ukraine = by_name(rows, "Ukraine — dollars — pledged")
    assert invoke(db, "measure", "merge", str(pledged["id"]), str(ukraine["id"])).exit_code == 0
    assert invoke(db, "measure", "rename", str(pledged["id"]), "US and Ukraine aid pledges").exit_code == 0
    nk = invoke(db, "timeline", NK_TROOPS, "--format", "jsonl").stdout.splitlines()
    bloomberg = next(json.loads(line) for line in nk if json.loads(line)["chain"] == "Bloomberg")
    claims = [json.loads(line) for line in invoke(db, "claims", "--format", "jsonl").stdout.splitlines()]
    claim = next(c for c in claims if c["text"] == bloomberg["text"] and c["quantity"])
    ref = f"{claim['doc_id']}:{claim['quantity']['start']}-{claim['quantity']['end']}"
    split = invoke(db, "measure", "split", ref)
    assert split.exit_code == 0, split.output

    def check() -> None:
        after = measures(db)
        merged = by_name(after, "US and Ukraine aid pledges")
        assert merged["claims"] == pledged["claims"] + ukraine["claims"]  # type: ignore[operator]
        assert not any(row["name"] == "Ukraine — dollars — pledged" for row in after)
        assert by_name(after, NK_TROOPS)["claims"] == by_name(rows, NK_TROOPS)["claims"] - 1  # type: ignore[operator]
        assert any(str(row["name"]).startswith(f"{NK_TROOPS} (split") for row in after)

    check()
    _reextract(db, corpus_dir, reingest=reingest)
    check()


def test_split_by_claim_id_and_bad_references(db: Path) -> None:
    nk = by_name(measures(db), NK_TROOPS)
    claims = [json.loads(line) for line in invoke(db, "claims", "--format", "jsonl", "--about", "North Korea")
              .stdout.splitlines()]
    claim = next(c for c in claims if c["quantity"] and "100,000" in c["text"])
    assert invoke(db, "measure", "split", str(claim["claim_id"])).exit_code == 0
    assert by_name(measures(db), NK_TROOPS)["claims"] == nk["claims"] - 1  # type: ignore[operator]
    for ref, message in (("999999", "no quantified claim with id 999999"), ("nonsense", "cannot read the claim"),
                         (f"{claim['doc_id']}:1-2", "has no number at 1-2")):
        result = invoke(db, "measure", "split", ref)
        assert result.exit_code == 1 and message in result.output, result.output
    assert "no measure 'nope'" in invoke(db, "measure", "rename", "nope", "x").output


def test_entity_commands(db: Path) -> None:
    listed = [json.loads(line) for line in invoke(db, "entity", "list", "--format", "jsonl").stdout.splitlines()]
    assert {"name", "kind", "aliases", "mentions", "documents", "reports"} <= set(listed[0])
    result = invoke(db, "entity", "rename", "North Korea", "DPRK")
    assert result.exit_code == 0 and "'DPRK' now has aliases North Korea" in result.stdout
    assert measures(db, "--about", "DPRK") == measures(db, "--about", "North Korea")
    assert len(list(json.loads(line) for line in invoke(db, "claims", "--about", "DPRK", "--format", "jsonl")
                    .stdout.splitlines())) > 0
    missing = invoke(db, "entity", "merge", "DPRK", "Atlantis")
    assert missing.exit_code == 1 and "no entity 'Atlantis'" in missing.output


def test_commands_on_a_missing_store_are_clear_errors(tmp_path: Path) -> None:
    for command in (["measures"], ["timeline", "x"], ["changes"], ["entity", "list"], ["measure", "rename", "a", "b"]):
        result = invoke(tmp_path / "none.db", *command)
        assert result.exit_code == 1 and "no store at" in result.output


def test_the_measure_cache_is_rebuilt_only_when_claims_change(db: Path, corpus_dir: Path) -> None:
    from claimgraph.store import tracking

    with Store(db) as store:
        assert tracking.refresh(store.conn) is True  # the first read groups every claim
        assert tracking.refresh(store.conn) is False
        before = tracking.claims_version(store.conn)
        article, document = ukraine_aid_articles(corpus_dir)[0]
        store.add(article, document, reextract=True)
        assert tracking.claims_version(store.conn) > before
        assert tracking.refresh(store.conn) is True
        cached = store.conn.execute("SELECT count(*) FROM measure_cache").fetchone()[0]
        assert cached == store.conn.execute("SELECT count(*) FROM claims WHERE quantity_bound IS NOT NULL").fetchone()[0]


def test_measure_explain_says_why(tmp_path: Path) -> None:
    """`measure explain` names what two claims share and what they do not."""
    import claimgraph
    from claimgraph.ingest import IngestedArticle
    from claimgraph.store import Store

    text = ("North Korea has already sent more than 10,000 troops to Russia. "
            "Officials said North Korea could send up to 100,000 troops.")
    db = tmp_path / "explain.db"
    with Store(db) as store:
        store.add(IngestedArticle(origin="a.txt", text=text), claimgraph.extract(text, doc_id="a.txt"))
    from click.testing import CliRunner

    from claimgraph.cli import main
    result = CliRunner().invoke(main, ["measure", "explain", "--db", str(db), "a.txt:29-52", "a.txt:102-122"])
    assert result.exit_code == 0, result.output
    assert "North Korea" in result.output and "troops" in result.output


def test_changes_read_while_another_writer_regroups_do_not_fail(tmp_path: Path) -> None:
    """A reader's measures, then another process regroups after new articles: the reader's changes are
    those of the measures it knows (before, a KeyError: a 500 on /changes)."""
    from claimgraph.store import tracking

    def add(store: Store, n: int, text: str, day: str) -> None:
        article = IngestedArticle(origin=f"a{n}.txt", text=text, outlet=f"Outlet{n}", published=day,
                                  url=f"https://example.com/{n}", language="en")
        store.add(article, claimgraph.extract(text, doc_id=f"d{n}", published=day))

    path = tmp_path / "race.db"
    with Store(path) as store:
        add(store, 0, "Unemployment in Spain was 12 percent in 2023, the ministry said.", "2024-01-01")
        add(store, 1, "Unemployment in Spain was 14 percent in 2023, the ministry said.", "2024-02-01")
    with Store(path) as reader:
        measures = reader.measure_set()
        before = list(tracking.all_changes(measures))
        with Store(path) as writer:
            add(writer, 2, "Inflation in France was 3 percent in 2023, the bank said.", "2024-03-01")
            add(writer, 3, "Inflation in France was 5 percent in 2023, the bank said.", "2024-04-01")
            tracking.refresh(writer.conn)
        after = list(tracking.all_changes(measures))
        assert {m.id for m, _ in after} <= {m.id for m in measures.measures} and len(after) >= len(before)
