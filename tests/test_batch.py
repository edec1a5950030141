"""`claimgraph batch` and `load` on real corpus articles packed into JSON Lines and WARC files, run on a
real local Dask cluster (two worker processes, one thread each): tasks split by byte range, Parquet by
month, corrupt records and files reported with their location, --resume, load twice, DuckDB.

The cluster of separate `dask scheduler` / `dask worker` processes (a worker killed mid-run, network
namespaces) is tested in tests/test_batch_cluster.py, with the helpers here.
"""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.batch.plan import plan
from claimgraph.batch.reading import read_task
from claimgraph.cli import main
from claimgraph.core import Article, Extractor
from claimgraph.ingest import IngestedArticle, IngestProblem
from claimgraph.store import Store

pytestmark = [pytest.mark.filterwarnings("ignore::ResourceWarning"),  # distributed's sockets closed by GC
              pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def corpus_records(corpus: Path, count: int, start: int = 0) -> list[dict[str, Any]]:
    """``count`` corpus articles (by id) as JSON Lines records; every seventh has no date (month=unknown)."""
    index = sorted((json.loads(line) for line in (corpus / "index.jsonl").read_text(encoding="utf-8").splitlines()),
                   key=lambda row: row["id"])
    records = []
    for i, row in enumerate(index[start:start + count]):
        records.append({"id": row["id"], "title": row["title"], "outlet": row["outlet"], "url": row["url"],
                        "published": None if i % 7 == 3 else row["published"],
                        "text": (corpus / f"{row['id']}.txt").read_text(encoding="utf-8")})
    return records


def write_jsonl(path: Path, records: list[dict[str, Any]], *, corrupt_after: int | None = None) -> Path:
    lines = [json.dumps(record) + "\n" for record in records]
    if corrupt_after is not None:
        lines.insert(corrupt_after, '{"id": "broken", "text": "cut off in the mid\n')
    path.write_text("".join(lines), encoding="utf-8")
    return path


def page_html(record: dict[str, Any]) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in record["text"].split("\n") if p.strip())
    return (f"<!doctype html><html><head><title>{record['title']}</title></head><body><article>"
            f"<h1>{record['title']}</h1>\n{paragraphs}</article></body></html>").encode()


def warc_bytes(records: list[dict[str, Any]], *, gzipped: bool) -> bytes:
    """A WARC archive with a request and an HTML response record a corpus article."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for i, record in enumerate(records):
        url = f"https://news.example.org/{i}/{record['id']}"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        for warc in (writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")),
                     writer.create_warc_record(url, "response", payload=io.BytesIO(page_html(record)),
                                               http_headers=headers)):
            writer.write_record(warc)
            warc.raw_stream.close()  # warcio spools the payload to a temporary file and leaves it open
    return out.getvalue()


def read_table(out: Path, table: str) -> list[dict[str, Any]]:
    return [row for path in sorted(out.glob(f"{table}/month=*/*.parquet")) for row in pq.read_table(path).to_pylist()]


def read_all(tasks_of: list[Any]) -> list[IngestedArticle | IngestProblem]:
    return [item for task in tasks_of for item in read_task(task)]


# Splitting: every record in exactly one task, whatever the task size


@pytest.mark.parametrize("task_bytes", [7_000, 20_000, 1_000_000])
def test_jsonl_byte_ranges_read_every_record_once(corpus_dir: Path, tmp_path: Path, task_bytes: int) -> None:
    path = write_jsonl(tmp_path / "dump.jsonl", corpus_records(corpus_dir, 30))
    tasks = plan([str(path)], task_bytes)
    assert len(tasks) == max(1, -(-path.stat().st_size // task_bytes)) if task_bytes < path.stat().st_size else 1
    items = read_all(tasks)
    assert [item.origin for item in items] == [r["id"] for r in corpus_records(corpus_dir, 30)]
    assert len({t.id for t in tasks}) == len(tasks) and plan([str(path)], task_bytes) == tasks  # deterministic ids


def test_a_folder_index_gives_its_files_their_metadata_as_ingest_reads_it(corpus_dir: Path, tmp_path: Path) -> None:
    """The corpus's own layout, texts beside an index.jsonl of their metadata: the index is planned as
    no task, and each text carries its title, outlet and date, through the plan's JSON too."""
    rows = [json.loads(line) for line in (corpus_dir / "index.jsonl").read_text(encoding="utf-8").splitlines()][:5]
    for row in rows:
        (tmp_path / f"{row['id']}.txt").write_bytes((corpus_dir / f"{row['id']}.txt").read_bytes())
    (tmp_path / "index.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    tasks = plan([str(tmp_path)])
    assert not any(url.endswith("index.jsonl") for task in tasks for url in task.files)
    tasks = [type(task).from_json(json.loads(json.dumps(task.to_json()))) for task in tasks]  # as --resume reads them
    items = {Path(item.origin).stem: item for item in read_all(tasks)}
    assert set(items) == {row["id"] for row in rows}
    for row in rows:
        item = items[row["id"]]
        assert isinstance(item, IngestedArticle) and item.title == row["title"] and item.outlet == row["outlet"]
        assert (item.published or "")[:7] == (row["published"] or "")[:7]


def test_jsonl_range_boundary_exactly_at_a_line_start(corpus_dir: Path, tmp_path: Path) -> None:
    records = corpus_records(corpus_dir, 4)
    path = write_jsonl(tmp_path / "dump.jsonl", records)
    first_line = len((json.dumps(records[0]) + "\n").encode())
    items = read_all(plan([str(path)], first_line))  # the second range starts exactly at the second line
    assert [item.origin for item in items] == [r["id"] for r in records]


@pytest.mark.parametrize("gzipped", [True, False])
def test_warc_byte_ranges_read_every_page_once(corpus_dir: Path, tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(warc_bytes(corpus_records(corpus_dir, 12), gzipped=gzipped))
    whole = read_all(plan([str(path)], 10**9))
    tasks = plan([str(path)], path.stat().st_size // 6)
    assert len(tasks) >= 6
    split = read_all(tasks)
    assert [item.origin for item in split] == [item.origin for item in whole]
    assert len(whole) == 12 and all(isinstance(item, IngestedArticle) for item in whole)
    assert all(item.origin.startswith(f"{path}@") for item in whole)


def test_corrupt_record_is_named_by_file_and_byte_offset(corpus_dir: Path, tmp_path: Path) -> None:
    records = corpus_records(corpus_dir, 6)
    path = write_jsonl(tmp_path / "dump.jsonl", records, corrupt_after=2)
    offset = sum(len((json.dumps(r) + "\n").encode()) for r in records[:2])
    items = read_all(plan([str(path)], 5_000))
    problems = [item for item in items if isinstance(item, IngestProblem)]
    assert [p.origin for p in problems] == [f"{path}@{offset}"]
    assert "not a JSON object" in problems[0].reason
    assert [item.origin for item in items if isinstance(item, IngestedArticle)] == [r["id"] for r in records]


def test_corrupt_files_are_reported_and_the_rest_read(corpus_dir: Path, tmp_path: Path) -> None:
    records = corpus_records(corpus_dir, 6)
    archive = warc_bytes(records, gzipped=True)
    (tmp_path / "cut.warc.gz").write_bytes(archive[:len(archive) * 2 // 3])
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    (tmp_path / "dump.jsonl.gz").write_bytes(gzip.compress(write_jsonl(tmp_path / "x", records).read_bytes())[:-600])
    (tmp_path / "x").unlink()
    items = read_all(plan([str(tmp_path)]))
    problems = {Path(p.origin).name: p for p in items if isinstance(p, IngestProblem)}
    assert set(problems) == {"cut.warc.gz", "scan.pdf", "dump.jsonl.gz"}
    assert "truncated or damaged" in problems["cut.warc.gz"].reason and not problems["cut.warc.gz"].skipped
    assert "a PDF document" in problems["scan.pdf"].reason and problems["scan.pdf"].skipped
    assert "damaged after" in problems["dump.jsonl.gz"].reason
    assert sum(isinstance(item, IngestedArticle) for item in items) >= 6  # what came before the damage


# On a real local cluster


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local) as client:
        yield client


@pytest.fixture(scope="module")
def inputs(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """A folder: a JSON Lines dump with a corrupt record, a WARC archive, a text file, a PDF."""
    folder = tmp_path_factory.mktemp("inputs")
    dump = corpus_records(corpus_dir, 40)
    write_jsonl(folder / "dump.jsonl", dump, corrupt_after=17)
    pages = corpus_records(corpus_dir, 6, start=100)
    (folder / "crawl.warc.gz").write_bytes(warc_bytes(pages, gzipped=True))
    loose = corpus_records(corpus_dir, 1, start=200)[0]
    (folder / "article.txt").write_text(loose["text"], encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    return folder, dump


def run_cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def batch_out(cluster: Any, inputs: tuple[Path, list[dict[str, Any]]],
              tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("batch") / "out"
    result = run_cli("batch", str(inputs[0]), "--out", str(out), "--scheduler", cluster.scheduler.address,
                     "--task-size", "0.05")
    return out, result


def test_batch_writes_each_article_once_by_month(batch_out: tuple[Path, Any],
                                                 inputs: tuple[Path, list[dict[str, Any]]]) -> None:
    out, result = batch_out
    folder, dump = inputs
    documents = read_table(out, "documents")
    names = Counter(d["name"] for d in documents)
    assert set(names.values()) == {1}
    assert {r["id"] for r in dump} <= set(names) and str(folder / "article.txt") in names
    assert sum(n.startswith(f"{folder / 'crawl.warc.gz'}@") for n in names) == 6
    assert len(documents) == 40 + 6 + 1
    months = {p.name for p in (out / "documents").iterdir()}
    assert "month=unknown" in months and "month=2016-09" in months
    undated = {d["name"] for d in pq.read_table(out / "documents" / "month=unknown").to_pylist()}
    assert {r["id"] for r in dump if r["published"] is None} <= undated
    plan_tasks = json.loads((out / "_plan.json").read_text())["tasks"]
    assert len(plan_tasks) > 4 and len(list((out / "_done").iterdir())) == len(plan_tasks)
    assert not (out / "_tmp").exists()


def test_batch_claims_are_the_in_process_pipelines(batch_out: tuple[Path, Any],
                                                   inputs: tuple[Path, list[dict[str, Any]]]) -> None:
    out, _ = batch_out
    dump = inputs[1]
    expected = {d.id: d for d in Extractor().pipe(
        Article(r["id"], r["text"], r["published"][:10] if r["published"] else None, r["outlet"], r["title"])
        for r in dump)}
    claims = Counter(c["document_id"] for c in read_table(out, "claims"))
    for doc in read_table(out, "documents"):
        if doc["name"] in expected:
            assert claims[doc["id"]] == doc["claim_count"] == len(expected[doc["name"]].claims), doc["name"]
    links = read_table(out, "sources")
    assert links and {link["kind"] for link in links} <= {"person", "organization", "outlet", "government",
                                                          "document", "anonymous", "group"}


def test_batch_reports_problems_with_their_location(batch_out: tuple[Path, Any],
                                                    inputs: tuple[Path, list[dict[str, Any]]]) -> None:
    _, result = batch_out
    folder, dump = inputs
    offset = sum(len((json.dumps(r) + "\n").encode()) for r in dump[:17])
    assert result.exit_code == 1, result.output  # a record failed
    assert f"{folder / 'dump.jsonl'}@{offset}: not a JSON object" in result.output
    assert f"{folder / 'scan.pdf'}: not a page, archive, JSON Lines or text (a PDF document)" in result.output
    assert "unfinished 0, articles 47" in result.output and "failed 1 (not a JSON object: 1)" in result.output


def test_pipeline_is_loaded_once_per_worker(batch_out: tuple[Path, Any], cluster: Any) -> None:
    from claimgraph.batch.worker import pipeline_loads

    tasks = len(json.loads((batch_out[0] / "_plan.json").read_text())["tasks"])
    assert tasks > 2 * len(cluster.scheduler_info()["workers"])
    assert set(cluster.run(pipeline_loads).values()) == {1}


def test_resume_runs_only_unfinished_tasks(cluster: Any, inputs: tuple[Path, list[dict[str, Any]]],
                                           batch_out: tuple[Path, Any], tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(batch_out[0], out)
    plan_tasks = json.loads((out / "_plan.json").read_text())["tasks"]
    lost = plan_tasks[1]["id"]
    (out / "_done" / f"{lost}.json").unlink()  # as if its worker died after moving its files into place,
    next((out / "documents").glob(f"*/{lost}.parquet")).unlink()  # and before moving all of them
    again = run_cli("batch", str(inputs[0]), "--out", str(out), "--scheduler", cluster.scheduler.address,
                    "--task-size", "0.05")
    assert again.exit_code == 1 and "already holds a batch; pass --resume" in again.output
    resumed = run_cli("batch", str(inputs[0]), "--out", str(out), "--scheduler", cluster.scheduler.address,
                      "--task-size", "0.05", "--resume")
    assert "1 task(s) to run" in resumed.output
    assert f"tasks {len(plan_tasks)} ({len(plan_tasks) - 1} finished before), unfinished 0" in resumed.output
    names = Counter(d["name"] for d in read_table(out, "documents"))
    assert names == Counter(d["name"] for d in read_table(batch_out[0], "documents")) and set(names.values()) == {1}
    other = run_cli("batch", str(inputs[0] / "dump.jsonl"), "--out", str(out), "--resume",
                    "--scheduler", cluster.scheduler.address)
    assert other.exit_code == 1 and "holds a batch of other inputs" in other.output


def test_load_twice_stores_each_article_once(batch_out: tuple[Path, Any], tmp_path: Path) -> None:
    out = batch_out[0]
    db = tmp_path / "claims.db"
    first = run_cli("load", str(out), "--db", str(db))
    assert first.exit_code == 0, first.output
    assert "read 47, new 47, duplicates 0" in first.output
    with Store(db) as store:
        counts = store.counts()
        stored = sorted(json.dumps({k: v for k, v in c.to_dict().items() if k not in GROUPINGS}, sort_keys=True)
                        for c in store.claims())
    second = run_cli("load", str(out), "--db", str(db))
    assert "read 47, new 0, duplicates 47" in second.output
    with Store(db) as store:
        assert store.counts() == counts
    assert len(stored) == len(read_table(out, "claims"))
    # the same claims as extracting in process and adding to a store (what `ingest` does)
    expected_db = tmp_path / "direct.db"
    documents = read_table(out, "documents")
    extractor = Extractor()
    with Store(expected_db) as store:
        for doc in documents:
            article = IngestedArticle(doc["origin"], doc["text"], title=doc["title"], outlet=doc["outlet"],
                                      published=doc["published"], url=doc["url"], language=doc["language"])
            store.add(article, next(extractor.pipe([Article(doc["name"], doc["text"], doc["published"],
                                                            doc["outlet"], doc["title"])])))
        direct = sorted(json.dumps({k: v for k, v in c.to_dict().items() if k not in GROUPINGS}, sort_keys=True)
                        for c in store.claims())
    assert stored == direct


# Ids that depend on the order articles were stored in (rows, and the stories and measures grown as they come).
GROUPINGS = ("doc_id", "claim_id", "syndicated_with", "measure_id", "story_id")


def test_load_refuses_a_folder_that_is_not_a_batch(tmp_path: Path) -> None:
    result = run_cli("load", str(tmp_path), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1 and "holds no batch output (no _plan.json)" in result.output


def test_duckdb_reads_the_output_directly(batch_out: tuple[Path, Any]) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = batch_out[0]
    # the README's query (benchmarks/results/batch_README_section.md), on this output
    rows = duckdb.sql(f"""
        SELECT d.month, count(*) AS claims, count(DISTINCT d.id) AS articles,
               mode(s.name) FILTER (WHERE s.position = 0) AS top_source
        FROM read_parquet('{out}/claims/*/*.parquet', hive_partitioning = true) AS c
        JOIN read_parquet('{out}/documents/*/*.parquet', hive_partitioning = true) AS d ON d.id = c.document_id
        LEFT JOIN read_parquet('{out}/sources/*/*.parquet', hive_partitioning = true) AS s
               ON s.claim_id = c.id AND s.position = 0
        GROUP BY d.month ORDER BY d.month""").fetchall()
    assert sum(r[1] for r in rows) == len(read_table(out, "claims"))
    assert "unknown" in {r[0] for r in rows} and any(r[3] for r in rows)


def test_missing_input_is_named(tmp_path: Path) -> None:
    result = run_cli("batch", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and f"{tmp_path / 'nope.jsonl'}: no such file or folder" in result.output


def test_batch_without_scheduler_starts_a_local_cluster(corpus_dir: Path, tmp_path: Path) -> None:
    dump = write_jsonl(tmp_path / "dump.jsonl", corpus_records(corpus_dir, 3))
    result = run_cli("batch", str(dump), "--out", str(tmp_path / "out"), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "1 task(s) to run; Dask dashboard: http://" in result.output
    assert "tasks 1, unfinished 0, articles 3" in result.output
    assert len(read_table(tmp_path / "out", "documents")) == 3
