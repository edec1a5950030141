"""The store at a hostile path, on real files: random bytes, a store cut in half, a page of garbage,
another application's SQLite file (never written), a read-only file or folder, no folder, a folder,
and a store written by the previous version. Each gives a message naming the file, never a traceback.

Tests run as root here, and root ignores file permissions, so the read-only cases run three ways: for
real in a child Python that drops root's rights for ``nobody``'s, in a child of its own mount namespace
where the folder is bind-mounted read-only (root refused too), and in process, where SQLite's
``mode=ro`` refuses writes whoever asks and a read-only folder is what ``os.access`` is made to say."""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import claimgraph
from claimgraph.cli import main
from claimgraph.ingest import IngestedArticle
from claimgraph.models import Document
from claimgraph.store import Store, StoreError, StoreMissing, StoreReadOnly, writer
from claimgraph.store.schema import APPLICATION_ID, READS_SINCE, migrations

PAGE = 4096  # SQLite's default page size, which our stores use


@pytest.fixture(scope="module")
def seed(seed_text: str) -> tuple[IngestedArticle, Document]:
    article = IngestedArticle(origin="seed-nk-troops.txt", text=seed_text, title="North Korea", outlet="Seed")
    return article, claimgraph.extract(seed_text, doc_id="seed-nk-troops")


@pytest.fixture(scope="module")
def pristine(seed: tuple[IngestedArticle, Document], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store of today's version with the seed article (its claims, sources and measures)."""
    path = tmp_path_factory.mktemp("pristine") / "claimgraph.db"
    with Store(path) as store:
        store.add(*seed)
        store.measure_set()  # the measure cache built and stored, as after an ingest
    return path


@pytest.fixture
def store_file(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(pristine, tmp_path / "claimgraph.db"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(path: Path, match: str) -> None:
    """Every way of opening ``path`` is refused with the message, the file unchanged, nothing beside it."""
    before, beside = sha(path), sorted(os.listdir(path.parent))
    for options in ({}, {"create": False}, {"readonly": True}):
        with pytest.raises(StoreError, match=match) as caught:
            Store(path, **options)
        assert str(path) in str(caught.value)
    assert sha(path) == before and sorted(os.listdir(path.parent)) == beside


def cli_claims(path: Path) -> str:
    """`claimgraph claims --db PATH`: exit 1 with an error line (an exception would fail the test)."""
    result = CliRunner().invoke(main, ["claims", "--db", str(path)], catch_exceptions=False)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    return result.output


# Not a store at all


def test_random_bytes_are_not_a_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "claimgraph.db"
    path.write_bytes(random.Random(1).randbytes(3 * PAGE))
    refused(path, r"is not a SQLite database.*pass another --db")
    assert "is not a SQLite database" in cli_claims(path)


def test_a_folder_and_a_missing_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"is a folder, not a store file.*claimgraph\.db"):
        Store(tmp_path)
    with pytest.raises(StoreError, match=r"no folder .*nowhere for the store s\.db; create the folder"):
        Store(tmp_path / "nowhere" / "s.db")
    (tmp_path / "file").write_text("a file, not a folder")
    with pytest.raises(StoreError, match=r"cannot open the store .*file/s\.db \(Not a directory\)"):
        Store(tmp_path / "file" / "s.db")
    assert sorted(os.listdir(tmp_path)) == ["file"]
    assert "no folder" in cli_claims(tmp_path / "nowhere" / "s.db")


def test_an_empty_file_is_no_store_to_read_and_becomes_one_when_written(tmp_path: Path) -> None:
    path = tmp_path / "claimgraph.db"
    path.touch()
    with pytest.raises(StoreMissing, match=r"no store at .* \(an empty file\); run `claimgraph ingest"):
        Store(path, readonly=True)
    with Store(path) as store:
        assert store.counts()["documents"] == 0


# Damaged stores


def test_a_store_cut_in_half_is_damaged(store_file: Path) -> None:
    data = store_file.read_bytes()
    store_file.write_bytes(data[:len(data) // 2])
    refused(store_file, r"is damaged \(truncated: .* bytes\); restore it from a backup or ingest again")
    assert "is damaged" in cli_claims(store_file)


def test_a_page_of_garbage_is_met_as_damage_when_read(store_file: Path) -> None:
    with sqlite3.connect(store_file) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'claims'").fetchone()[0]
    conn.close()
    with store_file.open("r+b") as file:  # the claims table's first page, overwritten
        file.seek((root - 1) * PAGE)
        file.write(random.Random(2).randbytes(PAGE))
    for options in ({}, {"readonly": True}):
        with pytest.raises(StoreError, match=r"is damaged \(sqlite: database disk image is malformed\); restore it"):
            with Store(store_file, **options) as store:
                list(store.claims())
    assert "is damaged (sqlite: database disk image is malformed)" in cli_claims(store_file)


def test_a_garbled_schema_page_is_damaged_at_opening(store_file: Path) -> None:
    with store_file.open("r+b") as file:  # page 1 after its 100-byte header: the table of tables
        file.seek(100)
        file.write(random.Random(3).randbytes(PAGE - 100))
    for options in ({}, {"readonly": True}):
        with pytest.raises(StoreError, match=r"is damaged \(sqlite: .*\); restore it from a backup"):
            Store(store_file, **options)


# Another application's SQLite file: refused, never written


def _foreign(path: Path, *, wal: bool = False, application_id: int = 0, tables: str = "notes") -> Path:
    conn = sqlite3.connect(path, isolation_level=None)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    for table in tables.split():
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute(f"INSERT INTO {table} (body) VALUES ('theirs')")
    conn.execute("PRAGMA user_version = 7")
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.close()
    return path


def test_another_applications_database_is_left_untouched(tmp_path: Path) -> None:
    refused(_foreign(tmp_path / "notes.db"), r"another application's SQLite database \(tables notes\)")
    refused(_foreign(tmp_path / "wal.db", wal=True), r"another application's SQLite database \(tables notes\)")
    refused(_foreign(tmp_path / "geo.db", application_id=0x47504B47, tables=""),  # a GeoPackage's id
            r"another application's SQLite database \(SQLite application_id 0x47504b47\)")
    refused(_foreign(tmp_path / "alike.db", tables="documents claims"), r"tables claims, documents\)")
    assert "another application's SQLite database" in cli_claims(tmp_path / "notes.db")


# Read-only files and folders


def test_reading_only_opens_with_mode_ro_and_writes_nothing(store_file: Path,
                                                            seed: tuple[IngestedArticle, Document]) -> None:
    before = sha(store_file)
    with Store(store_file, readonly=True) as store:
        assert store.counts()["claims"] > 0 and store.measures()[1]
        with pytest.raises(StoreReadOnly, match="open for reading only"):
            store.add(*seed)
    with pytest.raises(StoreReadOnly, match="open for reading only"):  # SQLite's own refusal, explained
        with Store(store_file, readonly=True) as store:
            store.conn.execute("DELETE FROM claims")
    assert sha(store_file) == before
    assert not (store_file.parent / "claimgraph.db-wal").stat().st_size  # the log SQLite makes to read: empty


def test_a_stale_grouping_is_rebuilt_in_memory_when_reading_only(store_file: Path) -> None:
    with Store(store_file) as store:
        expected = [m.id for m in store.measures()[1]]
    with sqlite3.connect(store_file) as conn:  # as after an upgrade that changes the grouping
        conn.execute("DELETE FROM measure_cache_state")
    conn.close()
    before = sha(store_file)
    with Store(store_file, readonly=True) as store:
        assert [m.id for m in store.measures()[1]] == expected
        assert [m.id for m in store.measures()[1]] == expected  # again, on the same connection
        assert store.conn.execute("SELECT count(*) FROM main.measure_cache_state").fetchone()[0] == 0
    assert sha(store_file) == before


def test_a_read_only_folder_is_read_immutable_and_refuses_writes(store_file: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, os.access says every folder is writable: the folder's answer is changed here; the real
    thing runs as an unprivileged user in test_read_only_file_and_folder_for_real."""
    folder, real_access = store_file.parent, os.access
    monkeypatch.setattr(os, "access", lambda p, mode: real_access(p, mode) and not (
        Path(p) == folder and mode & os.W_OK))
    with Store(store_file, readonly=True) as store:
        assert store.counts()["claims"] > 0
    assert sorted(os.listdir(folder)) == ["claimgraph.db"]  # immutable: no -wal, no -shm
    with pytest.raises(StoreReadOnly, match=r"is in a read-only folder \(permission denied\)"):
        Store(store_file)
    with pytest.raises(StoreReadOnly, match=r"cannot create the store .*new\.db: its folder .* is read-only"):
        Store(folder / "new.db")


# What a user without write access sees, run in a child Python. As root the child starts as root (its
# Python lives in root's home, closed to others), loads what it needs from there, then drops to the user.
AS_USER = """
import json, os, sys
from pathlib import Path
import importlib.readers
from claimgraph.store import Store, StoreError, schema, tracking
path, uid, gid = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
schema.migrations(), tracking.grouping_fingerprint()
if uid != os.geteuid():
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
out = {}
try:
    with Store(path, readonly=True) as store:
        out["claims"], out["measures"] = store.counts()["claims"], len(store.measures()[1])
except StoreError as exc:
    out["read"] = str(exc)
for name, target in (("write", path), ("create", path.with_name("new.db"))):
    try:
        Store(target).close()
        out[name] = "done"
    except StoreError as exc:
        out[name] = str(exc)
out["files"] = sorted(os.listdir(path.parent))
print(json.dumps(out))
"""


@pytest.fixture
def user_folder() -> Iterator[tuple[Path, int, int]]:
    """A folder for a user without root's rights (``nobody`` when the tests run as root), its ids."""
    uid, gid = os.geteuid(), os.getegid()
    if uid == 0:
        try:
            uid, gid = pwd.getpwnam("nobody").pw_uid, pwd.getpwnam("nobody").pw_gid
        except KeyError:
            pytest.skip("running as root with no `nobody` user to drop to: file permissions cannot be tested")
    base = Path(tempfile.mkdtemp(prefix="claimgraph-ro-"))  # under /tmp: pytest's own folder is root's alone
    base.chmod(0o755)
    try:
        yield base, uid, gid
    finally:
        for folder, _, _ in os.walk(base):
            os.chmod(folder, 0o755)
        shutil.rmtree(base)


def _run(command: list[str]) -> dict[str, Any]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def _expected(pristine: Path) -> tuple[int, int]:
    with Store(pristine, readonly=True) as store:
        return store.counts()["claims"], len(store.measures()[1])


def _copy_for(pristine: Path, folder: Path, uid: int, file_mode: int, folder_mode: int) -> Path:
    folder.mkdir()
    path = Path(shutil.copy(pristine, folder / "claimgraph.db"))
    for owned in (folder, path):
        os.chown(owned, uid, -1)
    path.chmod(file_mode)
    folder.chmod(folder_mode)
    return path


@pytest.mark.parametrize("case, file_mode, folder_mode, refusal", [
    ("file", 0o444, 0o755, r"claimgraph\.db is read-only \(permission denied\), so it cannot be written"),
    ("folder", 0o644, 0o555, r"claimgraph\.db is in a read-only folder \(permission denied\)")])
def test_read_only_file_and_folder_for_real(pristine: Path, user_folder: tuple[Path, int, int], case: str,
                                           file_mode: int, folder_mode: int, refusal: str) -> None:
    base, uid, gid = user_folder
    path = _copy_for(pristine, base / case, uid, file_mode, folder_mode)
    before = sha(path)
    found = _run([sys.executable, "-c", AS_USER, str(path), str(uid), str(gid)])
    assert (found["claims"], found["measures"]) == _expected(pristine)
    assert not [f for f in found["files"] if f.startswith("claimgraph.db-")]  # read immutable: no log beside it
    assert sha(path) == before
    assert re.search(refusal, found["write"]) and "commands that only read the store still work" in found["write"]
    if case == "folder":
        assert re.search(r"cannot create the store .*new\.db: its folder .* is read-only", found["create"])
    else:  # made writable again, it takes writes: no read-only log was left behind to refuse them
        path.chmod(0o644)
        assert _run([sys.executable, "-c", AS_USER, str(path), str(uid), str(gid)])["write"] == "done"


def _with_log_only(pristine: Path, folder: Path) -> Path:
    """A copy of a store taken while a writer had it open: its log (-wal) holds a change, no -shm."""
    path = Path(shutil.copy(pristine, folder / "claimgraph.db"))
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE documents SET title = 'changed'")
    wal = path.with_name("claimgraph.db-wal")
    copy, wal_copy = Path(shutil.copy(path, folder / "copy.db")), Path(shutil.copy(wal, folder / "copy.db-wal"))
    writer.close()  # the log folded in and removed, with its -shm
    copy.replace(path)
    wal_copy.replace(wal)
    return path


@pytest.mark.parametrize("log", [False, True])
def test_a_read_only_file_system_for_real(pristine: Path, user_folder: tuple[Path, int, int], log: bool) -> None:
    """The folder bind-mounted read-only in a mount namespace of the child's own (gone with it): root
    too is refused there. A store whose log (-wal) is there without its -shm cannot be read there."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("a read-only bind mount needs root and unshare(1)")
    path = _copy_for(pristine, user_folder[0] / "mounted", 0, 0o644, 0o755)
    if log:
        _with_log_only(pristine, path.parent)
    mount = 'mount --bind -o ro "$1" "$1" && exec "$2" -c "$3" "$4" 0 0'
    done = subprocess.run(["unshare", "-m", "sh", "-c", mount, "sh", str(path.parent), sys.executable, AS_USER,
                           str(path)], capture_output=True, text=True, timeout=120, check=False)
    if done.returncode and "mount" in done.stderr and "Traceback" not in done.stderr:
        pytest.skip(f"no read-only bind mount here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    if log:
        assert re.search(r"cannot read .*claimgraph\.db \(sqlite: unable to open database file\): its log "
                         r".*claimgraph\.db-wal needs claimgraph\.db-shm beside it", found["read"])
        assert found["files"] == ["claimgraph.db", "claimgraph.db-wal"]
    else:
        assert (found["claims"], found["measures"]) == _expected(pristine)
        assert found["files"] == ["claimgraph.db"]
    assert re.search(r"claimgraph\.db is read-only \(read-only file system\), so it cannot be written; commands "
                     r"that only read the store still work; to write, copy it somewhere writable", found["write"])
    assert re.search(r"cannot create .*: its folder .* is read-only \(read-only file system\)", found["create"])


# A store of the previous version


def _previous_version(path: Path, seed: tuple[IngestedArticle, Document], version: int) -> None:
    """A store as the claimgraph before this one wrote it: today's migrations up to ``version``, no
    application id, the seed article added by the writer."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for number, _, sql in migrations()[:version]:
        conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
    conn.row_factory = sqlite3.Row
    if version >= 4:
        conn.execute("BEGIN IMMEDIATE")
        if version < 6:  # today's writer keeps each claim's predicate (0006); the one before had no such column
            conn.execute("ALTER TABLE claims ADD COLUMN predicate TEXT")
        writer.add(conn, *seed, version="0.previous")
        if version < 6:
            conn.execute("ALTER TABLE claims DROP COLUMN predicate")
        conn.execute("COMMIT")
    conn.close()


def test_a_store_of_the_previous_version_is_read_as_it_is_and_migrated_when_written(
        tmp_path: Path, seed: tuple[IngestedArticle, Document]) -> None:
    path = tmp_path / "previous.db"
    _previous_version(path, seed, len(migrations()))
    before = sha(path)
    with Store(path, readonly=True) as store:
        claims = store.counts()["claims"]
        assert claims > 0 and store.measures()[1]
    assert sha(path) == before
    with Store(path) as store:
        assert store.counts()["claims"] == claims
        versions = [store.conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("user_version", "application_id")]
    assert versions == [len(migrations()), APPLICATION_ID]


def test_an_older_store_read_only_asks_to_be_opened_to_write(
        tmp_path: Path, seed: tuple[IngestedArticle, Document]) -> None:
    path = tmp_path / "old.db"
    _previous_version(path, seed, READS_SINCE - 1)
    with pytest.raises(StoreError, match=rf"old\.db: this store has schema version {READS_SINCE - 1}, older .*"
                                         r"a command that writes \(`claimgraph ingest` into it\) upgrades it"):
        Store(path, readonly=True)
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations())


def test_reads_since_is_true_every_table_and_column_reads_need_is_there(tmp_path: Path) -> None:
    """READS_SINCE promises that reads find what they use in a store of that version: the same
    tables, columns and indexes as today's. A migration that adds any must move it."""
    def shape(version: int) -> set[tuple[str, ...]]:
        conn = sqlite3.connect(tmp_path / f"{version}-{len(list(tmp_path.iterdir()))}.db")  # READS_SINCE may be the latest
        for number, _, sql in migrations()[:version]:
            conn.executescript(f"{sql}\nPRAGMA user_version = {number};")
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")]
        found = {(name, *(str(c[1]) for c in conn.execute(f"PRAGMA table_info('{name}')"))) for name in names}
        conn.close()
        return found

    assert shape(READS_SINCE) == shape(len(migrations()))
