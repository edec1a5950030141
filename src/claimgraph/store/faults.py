"""What is wrong with a store, said so that its user can act: each message names the file and what to do.

``explain`` turns SQLite's errors (by primary result code, sqlite.org/rescode.html) into these;
``fault`` only those that are the file's state (damaged, read-only, locked, a full disk), not a bug.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from claimgraph.store.schema import StoreError

ANOTHER_DB = "pass another --db"
PERMISSION_DENIED, READ_ONLY_FILE_SYSTEM = "permission denied", "read-only file system"
KEEP_READING = "commands that only read the store still work; to write, "
TO_WRITE = {PERMISSION_DENIED: "make it writable (chmod u+w) or copy it somewhere writable and pass the copy with --db",
            READ_ONLY_FILE_SYSTEM: "copy it somewhere writable and pass the copy with --db"}


class StoreReadOnly(StoreError):
    """A store that cannot be written here: a read-only file or folder, or one opened for reading only."""


def no_folder(path: Path) -> str:
    return f"no folder {path.parent} for the store {path.name}; create the folder or {ANOTHER_DB}"


def cannot_create(path: Path) -> str:
    return (f"cannot create the store {path}: its folder {path.parent} is read-only "
            f"({_why_read_only(path.parent)}); {ANOTHER_DB} in a writable folder")


def unreachable(path: Path, error: OSError) -> str:
    return f"cannot open the store {path} ({error.strerror or error}); check the path or {ANOTHER_DB}"


def is_folder(path: Path) -> str:
    return f"{path} is a folder, not a store file; pass --db a file path, such as {path / 'claimgraph.db'}"


def not_sqlite(path: Path) -> str:
    return (f"{path} is not a SQLite database, so not a claimgraph store; {ANOTHER_DB} (a store is created "
            "where no file is)")


def unreadable(path: Path, error: OSError) -> str:
    return f"{path} cannot be read ({error.strerror or error}); ask for read access or {ANOTHER_DB}"


def damaged(path: Path, detail: str) -> str:
    return f"{path} is damaged ({detail}); restore it from a backup or ingest again into a new store"


def foreign(path: Path, evidence: str) -> str:
    return (f"{path} is another application's SQLite database ({evidence}), not a claimgraph store; "
            f"claimgraph leaves it untouched: {ANOTHER_DB}")


def read_only(path: Path) -> StoreReadOnly | None:
    """Why this store cannot be written here (the file, its log or its folder), or None when it can."""
    why = _why_read_only(path.parent)
    advice = KEEP_READING + TO_WRITE[why]
    if path.exists() and not os.access(path, os.W_OK):
        return StoreReadOnly(f"{path} is read-only ({why}), so it cannot be written; {advice}")
    for log in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if log.exists() and not os.access(log, os.W_OK):  # left by a reader that could not write
            return StoreReadOnly(f"{log} is read-only ({why}), so {path} cannot be written; make it writable too")
    if not os.access(path.parent, os.W_OK):
        return StoreReadOnly(f"{path} is in a read-only folder ({why}): SQLite writes its log (-wal and -shm "
                             f"files) beside the store, so it cannot be written there; {advice}")
    return None


def _why_read_only(folder: Path) -> str:
    try:
        mounted_read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        mounted_read_only = False
    return READ_ONLY_FILE_SYSTEM if mounted_read_only else PERMISSION_DENIED


def cannot_open(path: Path, detail: str) -> str:
    wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
    if wal.exists() and not shm.exists() and not os.access(path.parent, os.W_OK):
        return (f"cannot read {path} ({detail}): its log {wal} needs {shm.name} beside it, which cannot be made in "
                "a read-only folder; open the store once where its folder is writable, so that the log is folded in")
    return f"cannot open the store {path} ({detail}); check that it and its folder can be read, or {ANOTHER_DB}"


def fault(path: Path, error: sqlite3.Error) -> StoreError | None:
    """The store's state behind an SQLite error, as a message; None for errors that are bugs."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF  # the primary result code
    detail = f"sqlite: {error}"
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreError(damaged(path, detail))
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return read_only(path) or StoreReadOnly(f"{path} is open for reading only ({detail}); open it to write")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(f"{path} is locked by another process ({detail}); wait for it (an ingest, a server) "
                          "to finish and retry")
    if code == sqlite3.SQLITE_FULL:
        return StoreError(f"cannot write {path}: the disk is full ({detail}); free some space and retry")
    if code == sqlite3.SQLITE_IOERR:
        return StoreError(f"{path} could not be read or written ({detail}); check the disk, or restore the "
                          "store from a backup")
    if code == sqlite3.SQLITE_CANTOPEN:
        return StoreError(cannot_open(path, detail))
    return None


def explain(path: Path, error: sqlite3.Error) -> StoreError:
    """``fault``'s message, or one that still names the store for any other SQLite error."""
    return fault(path, error) or StoreError(f"cannot use the store {path} (sqlite: {error}); {ANOTHER_DB}")
