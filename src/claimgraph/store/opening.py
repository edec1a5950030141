"""What is at a store's path, found out with reads only, before SQLite is let near it.

``examine`` says whether the path holds nothing, an empty file or a claimgraph store, and raises a
``StoreError`` naming the path and what to do for anything else: a folder, a missing folder, a file
that is not SQLite, a damaged one, another application's database (never written: nothing puts our
tables in a file that is not ours), or a file we cannot write when asked to write. ``connect`` opens
it; ``explain`` turns an SQLite error met at any time (a damaged page, a read-only file) into the same
kind of message. The messages themselves are in ``faults``.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Literal

from claimgraph.store import faults
from claimgraph.store.faults import StoreReadOnly, explain
from claimgraph.store.schema import APPLICATION_ID, StoreError

State = Literal["missing", "empty", "store"]

#: The first 16 bytes of every SQLite 3 database (sqlite.org/fileformat.html, "The Database Header").
SQLITE_MAGIC = b"SQLite format 3\x00"
#: The database header's length; the fields read here are at fixed offsets in it (same page).
HEADER_BYTES = 100
#: The tables migration 0001 creates: a store written before stores carried APPLICATION_ID has them all.
FIRST_TABLES = frozenset({"documents", "claims", "claim_sources", "sources", "entities", "mentions"})
#: How long a writer waits for another process's transaction before giving up (seconds).
BUSY_TIMEOUT = 30.0


def examine(path: Path, *, writing: bool) -> State:
    """"missing", "empty" (nothing in it to lose) or "store"; a StoreError for anything else."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise StoreError(faults.no_folder(path)) from None
        if writing and not _can_write(path.parent):
            raise StoreReadOnly(faults.cannot_create(path)) from None
        return "missing"
    except OSError as exc:  # a file where a folder should be, or a folder we may not look into
        raise StoreError(faults.unreachable(path, exc)) from exc
    if stat.S_ISDIR(mode):
        raise StoreError(faults.is_folder(path))
    if not stat.S_ISREG(mode):
        raise StoreError(faults.not_sqlite(path))
    state = _owner(path)
    if writing:
        refusal = faults.read_only(path)
        if refusal is not None:
            raise refusal
    return state


def connect(path: Path, *, readonly: bool, create: bool = False) -> sqlite3.Connection:
    """SQLite on the path: read-write (created when ``create``) or read-only (``reading_uri``)."""
    uri = reading_uri(path) if readonly else f"{_uri(path)}?mode={'rwc' if create else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as exc:
        raise explain(path, exc) from exc
    conn.row_factory = sqlite3.Row
    return conn


def reading_uri(path: Path) -> str:
    """``mode=ro``, and ``immutable=1`` too when no log (-wal) is beside the file and we can write
    neither the file nor its folder. No log means no connection has it open; without immutable, SQLite
    would create -wal and -shm beside it: impossible in a read-only folder, and beside a read-only file
    they are made read-only, so that every write fails once the file is made writable again (measured).
    The risk taken: a writer with rights we lack starting in the middle of a read."""
    immutable = not _wal(path).exists() and not (_can_write(path) and _can_write(path.parent))
    return f"{_uri(path)}?mode=ro{'&immutable=1' if immutable else ''}"


def _owner(path: Path) -> State:
    """Whose file this is, from its header and, when that does not say, its tables."""
    try:
        with path.open("rb") as file:
            raw = file.read(HEADER_BYTES)
    except OSError as exc:
        raise StoreError(faults.unreadable(path, exc)) from exc
    if not raw:
        return "empty"
    if not raw.startswith(SQLITE_MAGIC):
        raise StoreError(faults.not_sqlite(path))
    if len(raw) < HEADER_BYTES:
        raise StoreError(faults.damaged(path, f"{len(raw)} bytes, shorter than SQLite's {HEADER_BYTES}-byte header"))
    application_id = int.from_bytes(raw[68:72], "big")
    if application_id not in (0, APPLICATION_ID):
        raise StoreError(faults.foreign(path, f"SQLite application_id {application_id:#010x}"))
    _check_length(path, raw)
    if application_id == APPLICATION_ID:
        return "store"
    application_id, version, tables = _contents(path)  # the header in the log (-wal) may be newer
    if application_id == APPLICATION_ID:
        return "store"
    if application_id:
        raise StoreError(faults.foreign(path, f"SQLite application_id {application_id:#010x}"))
    if not tables and version == 0:
        return "empty"
    if FIRST_TABLES <= tables and version >= 1:
        return "store"  # written by a claimgraph from before stores were marked (marked when next written)
    shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
    raise StoreError(faults.foreign(path, f"tables {shown}" if tables else f"user_version {version}, no tables"))


def _check_length(path: Path, raw: bytes) -> None:
    """A file shorter than its header's page count was cut short (copied or written in part). Only
    while no log holds pages (-wal, or a rollback -journal): the file and its header may be apart until
    SQLite folds the log in or rolls it back."""
    wal = _wal(path)
    if (wal.exists() and wal.stat().st_size) or path.with_name(path.name + "-journal").exists():
        return
    page_size = int.from_bytes(raw[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size  # the header's way of writing 65536
    if raw[24:28] != raw[92:96]:  # the in-header size is valid only when these counters agree
        return
    expected, found = int.from_bytes(raw[28:32], "big") * page_size, path.stat().st_size
    if found < expected:
        raise StoreError(faults.damaged(path, f"truncated: {found:,} of its {expected:,} bytes"))


def _contents(path: Path) -> tuple[int, int, frozenset[str]]:
    """Application id, user_version and table names, read without writing anything beside the file:
    immutable while no log (-wal) is there, else the log is read (it exists, so -shm does too)."""
    immutable = "" if _wal(path).exists() else "&immutable=1"
    try:
        conn = sqlite3.connect(f"{_uri(path)}?mode=ro{immutable}", uri=True)
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise explain(path, exc) from exc
    return int(application_id), int(version), tables


def _uri(path: Path) -> str:
    return path.absolute().as_uri()  # percent-encoded: '?', '#' and '%' in a name stay in the name


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _can_write(path: Path) -> bool:
    return os.access(path, os.W_OK)
