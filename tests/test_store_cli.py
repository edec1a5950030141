"""The store's commands (claims, sources, entities, show, export) through click's CliRunner on a
real store of extracted corpus articles."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from store_data import corpus_articles

from claimgraph.cli import main
from claimgraph.store import Store
from claimgraph.store.export import FLAT_COLUMNS, PARQUET_MISSING

READ_COMMANDS = (["claims"], ["sources"], ["entities"], ["show", "1"], ["export"])


@pytest.fixture(scope="module")
def db(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "claimgraph.db"
    with Store(path) as store:
        for article, document in corpus_articles(corpus_dir):
            store.add(article, document)
    return path


@pytest.fixture(scope="module")
def claim_count(db: Path) -> int:
    with Store(db, create=False) as store:
        return store.counts()["claims"]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_a_missing_store_is_a_clear_error_and_is_not_created(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "claimgraph.db"
    result = invoke(*command, "--db", str(missing))
    assert result.exit_code == 1
    assert f"no store at {missing}; run `claimgraph ingest …` first or pass --db" in result.output
    assert not missing.exists()


def test_claimgraph_db_sets_the_store(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_DB", str(db))
    assert invoke("sources").exit_code == 0


def test_claims_table_has_the_reading_columns(db: Path) -> None:
    result = invoke("claims", "--db", str(db), "--limit", "5")
    assert result.exit_code == 0, result.output
    for column in ("value", "bound", "unit", "subject", "modality", "chain", "date", "outlet", "text"):
        assert column in result.output
    assert "5 claims" in result.output


def test_claims_jsonl_is_the_contract_plus_document_fields(db: Path, claim_count: int) -> None:
    result = invoke("claims", "--db", str(db), "--format", "jsonl")
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == claim_count
    assert {"doc", "text", "start", "end", "quantity", "subject", "modality", "sources", "cue", "time",
            "title", "outlet", "published", "url", "origin"} <= set(records[0])


def test_claims_filters_reach_the_store(db: Path) -> None:
    possible = invoke("claims", "--db", str(db), "--modality", "possible", "--format", "jsonl").output.splitlines()
    assert possible and all(json.loads(line)["modality"] == "possible" for line in possible)
    found = invoke("claims", "--db", str(db), "--search", "troops", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(found)))
    assert rows and all("troop" in row["text"].lower() for row in rows)
    person = json.loads(invoke("sources", "--db", str(db), "--format", "jsonl").output.splitlines()[0])["name"]
    cited = invoke("claims", "--db", str(db), "--source", person.upper(), "--format", "jsonl").output.splitlines()
    assert cited and all(any(s["name"] == person for s in json.loads(line)["sources"]) for line in cited)
    in_2022 = invoke("claims", "--db", str(db), "--since", "2022-01", "--until", "2022", "--format", "jsonl")
    assert in_2022.exit_code == 0 and in_2022.output


@pytest.mark.parametrize("hostile", ['"; DROP TABLE', "AND OR NOT", '"unbalanced'])
def test_hostile_search_never_gives_a_traceback(db: Path, hostile: str) -> None:
    result = invoke("claims", "--db", str(db), "--search", hostile)
    assert result.exit_code == 0 and "Traceback" not in result.output


@pytest.mark.parametrize(("args", "message"), [(["--search", '" *'], "no words"),
                                               (["--since", "yesterday"], "YYYY-MM-DD"),
                                               (["--modality", "rumour"], "'rumour' is not one of")])
def test_bad_filters_are_usage_errors(db: Path, args: list[str], message: str) -> None:
    result = invoke("claims", "--db", str(db), *args)
    assert result.exit_code == 2 and message in result.output


def test_sources_and_entities_tables_and_formats(db: Path) -> None:
    for command, columns in (("sources", "name,kind,claims,documents,reports"),
                             ("entities", "name,kind,mentions,documents,reports")):
        table = invoke(command, "--db", str(db))
        assert table.exit_code == 0 and "reports" in table.output
        assert invoke(command, "--db", str(db), "--format", "csv").output.splitlines()[0] == columns
        first = json.loads(invoke(command, "--db", str(db), "--format", "jsonl").output.splitlines()[0])
        assert first["documents"] >= first["reports"] >= 1


def test_show_marks_the_claims_in_the_article(db: Path, corpus_dir: Path) -> None:
    article, document = next((a, d) for a, d in corpus_articles(corpus_dir) if len(d.claims) > 2)
    result = invoke("show", "--db", str(db), article.origin)
    assert result.exit_code == 0, result.output
    assert article.title and article.title in result.output
    assert "legend: fact  expected  possible  negated  number  source" in result.output
    assert "[1]" in result.output and f"[{len(document.claims)}]" in result.output
    assert invoke("show", "--db", str(db), "nowhere.txt").exit_code == 1


def test_show_styles_spans_by_modality(db: Path, corpus_dir: Path) -> None:
    from claimgraph.store import display

    article, document = next((a, d) for a, d in corpus_articles(corpus_dir) if d.claims)
    claims = document.claims
    marked = display.marked_text(article.text, claims)
    styles = {str(span.style) for span in marked.spans}
    assert display.MODALITY_STYLES[claims[0].modality] in styles
    assert marked.plain.replace("[", "").startswith(article.text[:claims[0].end].replace("[", ""))


def test_export_jsonl_round_trip(db: Path, claim_count: int, tmp_path: Path) -> None:
    out = tmp_path / "claims.jsonl"
    result = invoke("export", "--db", str(db), "--format", "jsonl", "--out", str(out))
    assert result.exit_code == 0 and f"{claim_count} claims written" in result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == claim_count
    assert lines == invoke("export", "--db", str(db)).output.splitlines()


def test_export_csv_has_the_flat_header_and_a_row_a_claim(db: Path, claim_count: int) -> None:
    rows = list(csv.reader(io.StringIO(invoke("export", "--db", str(db), "--format", "csv").output)))
    assert tuple(rows[0]) == FLAT_COLUMNS and len(rows) == claim_count + 1


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None,
                    reason="pyarrow is not installed (pip install 'claimgraph[parquet]')")
def test_export_parquet_round_trip(db: Path, claim_count: int, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "claims.parquet"
    assert invoke("export", "--db", str(db), "--format", "parquet", "--out", str(out)).exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == claim_count and tuple(table.column_names) == FLAT_COLUMNS


def test_export_parquet_without_pyarrow_says_how_to_install_it(db: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    result = invoke("export", "--db", str(db), "--format", "parquet", "--out", str(tmp_path / "x.parquet"))
    assert result.exit_code == 1 and PARQUET_MISSING in result.output
    assert "pip install --force-reinstall pyarrow" in PARQUET_MISSING


def test_export_parquet_needs_out(db: Path) -> None:
    result = invoke("export", "--db", str(db), "--format", "parquet")
    assert result.exit_code == 2 and "--out" in result.output


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["measures"], ["changes"], ["entity", "list"]],
                         ids=lambda c: "-".join(c))
def test_read_commands_open_the_store_read_only(db: Path, tmp_path: Path, command: list[str]) -> None:
    """A read command writes nothing into the store (no migration, no cache; SQLite's own -wal/-shm files
    aside): it works on a read-only file or folder (tests/test_hostile_store.py)."""
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    before = copy.read_bytes()
    result = invoke(*command, "--db", str(copy))
    assert result.exit_code == 0, result.output
    assert copy.read_bytes() == before
    assert {p.name for p in tmp_path.iterdir()} <= {"copy.db", "copy.db-wal", "copy.db-shm"}
    assert not (tmp_path / "copy.db-wal").exists() or (tmp_path / "copy.db-wal").stat().st_size == 0


def test_a_damaged_store_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 100)
    result = CliRunner().invoke(main, ["claims", "--db", str(broken)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "broken.db" in result.output and "Traceback" not in result.output
