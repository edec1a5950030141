"""`claimgraph ingest` end to end into a real SQLite file: counts, idempotency, and a run killed
mid-way (SIGKILL) then run again — every article stored exactly once."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from test_ingest_fetch import base, readability, server  # noqa: F401 - fixtures

from claimgraph.cli import main
from claimgraph.core import Extractor
from claimgraph.ingest.fetch import Fetcher
from claimgraph.ingest.run import ingest
from claimgraph.models import StoredClaim
from claimgraph.store import Store

CRASH_ARTICLES = 40


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["ingest", *args], input=stdin)


def documents(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def summary(result: Result) -> dict[str, int]:
    line = result.stderr.strip().splitlines()[-1]
    return {key: int(n) for key, n in re.findall(r"(read|new|duplicates|updated|skipped|failed) (\d+)", line)}


@pytest.fixture
def folder(tmp_path: Path, readability: Path) -> Path:
    """Three recorded pages (one saved twice under another name), a text article and an index page."""
    root = tmp_path / "in"
    root.mkdir()
    for name in ("cnn", "bbc-1", "lemonde-1"):
        (root / f"{name}.html").write_bytes((readability / name / "source.html").read_bytes())
    (root / "copy-of-cnn").write_bytes((readability / "cnn" / "source.html").read_bytes())
    (root / "story.txt").write_text("The ministry said 4,000 people were evacuated on Monday, officials said.\n" * 3)
    (root / "front.html").write_text("<html><body><ul><li><a href=/a>A</a></li></ul></body></html>")
    return root


def test_ingest_into_a_store_then_again_all_duplicates(tmp_path: Path, folder: Path, base: str) -> None:
    db = tmp_path / "claims.db"
    first = invoke(str(folder), f"{base}/page/wapo-1", f"{base}/missing", "--db", str(db), "--timeout", "2",
                   "--allow-private-addresses")  # the test server is on loopback
    assert first.exit_code == 1, first.stderr  # the 404 is a failure
    assert summary(first) == {"read": 6, "new": 5, "duplicates": 1, "updated": 0, "skipped": 1, "failed": 1}
    assert "no article text found: 1" in first.stderr and "HTTP 404 Not Found: 1" in first.stderr
    assert f"{folder / 'front.html'}: no article text found" in first.stderr
    assert f"{folder / 'lemonde-1.html'}: language 'fr'; stored without claims" in first.stderr
    assert documents(db) == 5
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] > 0
    second = invoke(str(folder), f"{base}/page/wapo-1", "--db", str(db), "--allow-private-addresses")
    assert second.exit_code == 0, second.stderr
    assert summary(second) == {"read": 6, "new": 0, "duplicates": 6, "updated": 0, "skipped": 1, "failed": 0}
    assert documents(db) == 5


def test_standard_input(tmp_path: Path, readability: Path) -> None:
    db = tmp_path / "claims.db"
    result = invoke("-", "--db", str(db), stdin=(readability / "telegraph" / "source.html").read_bytes())
    assert result.exit_code == 0, result.stderr
    assert summary(result)["new"] == 1 and documents(db) == 1


def test_killed_run_then_rerun_stores_every_article_once(tmp_path: Path, corpus_dir: Path) -> None:
    articles = sorted(corpus_dir.glob("*.txt"))[:CRASH_ARTICLES]
    folder = tmp_path / "many"
    folder.mkdir()
    for path in articles:
        (folder / path.name).write_bytes(path.read_bytes())
    distinct = len({" ".join(p.read_text(encoding="utf-8").split()) for p in articles})
    db = tmp_path / "crash.db"
    command = [str(Path(sys.executable).parent / "claimgraph"), "ingest", str(folder), "--db", str(db)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if db.exists() and _stored(db) >= 3:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be killed; give it more articles"
        workers = _children(process.pid)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(10)
    stored_at_kill = _stored(db)
    assert 3 <= stored_at_kill < distinct
    assert _gone(workers, within=5.0), "the killed run's extraction workers are still running"
    rerun = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"new {distinct - stored_at_kill}, duplicates {len(articles) - distinct + stored_at_kill}" in rerun.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT origin) FROM documents").fetchone() == (distinct, distinct)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _stored(db: Path) -> int:
    try:
        return documents(db)
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def _children(pid: int) -> list[int]:
    """The running processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _gone(pids: list[int], within: float) -> bool:
    """Whether every process in ``pids`` has exited (or is a zombie) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                alive.append(pid)
        if not alive:
            return True
        time.sleep(0.1)
    return False


def test_workers_store_the_same_articles_and_claims_as_one_process(tmp_path: Path, folder: Path,
                                                                    corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.glob("*.txt"))[:12]:
        (folder / path.name).write_bytes(path.read_bytes())
    extractor = Extractor()
    stores = {}
    for workers in (1, 2, 3):  # 2: one forked worker beside this process; 3: two, taking jobs back
        with Store(tmp_path / f"{workers}.db") as store, Fetcher() as fetcher:
            result = ingest([str(folder)], store, extractor, fetcher, workers=workers)
            stores[workers] = (result, _contents(store))
    (one, stored_one) = stores[1]
    assert one.new == 16 and one.duplicates == 1
    assert all(result == one and stored == stored_one for result, stored in stores.values())


def _contents(store: Store) -> tuple[list[tuple[object, ...]], list[StoredClaim]]:
    documents = [tuple(row) for row in store.conn.execute(
        "SELECT id, origin, title, outlet, published, content_hash, claim_count, syndicated_with FROM documents "
        "ORDER BY id")]
    return documents, list(store.claims())


def test_an_article_not_in_english_is_stored_without_claims(tmp_path: Path, foreign_texts: dict[str, str],
                                                           corpus_dir: Path) -> None:
    """The rules read English: a French article is kept (searchable, listed) but gives no claims, and the
    run says so; an English one beside it gives its claims as usual."""
    (tmp_path / "fr.txt").write_text(foreign_texts["fr"] * 3, encoding="utf-8")
    (tmp_path / "en.txt").write_text((corpus_dir / "seed-nk-troops.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    db = tmp_path / "s.db"
    result = invoke("--db", str(db), "--workers", "1", str(tmp_path / "fr.txt"), str(tmp_path / "en.txt"))
    assert result.exit_code == 0, result.output
    assert "stored without claims (claimgraph reads claims in English text only)" in result.output
    with Store(db, create=False) as store:
        counts = dict(store.conn.execute("SELECT origin, claim_count FROM documents").fetchall())
    assert counts[str(tmp_path / "fr.txt")] == 0 and counts[str(tmp_path / "en.txt")] > 5
