"""The schema and its migrations: numbered SQL files in ``migrations/``, applied in order.

``PRAGMA user_version`` holds the number of the last migration applied. Opening a store to write
applies the ones it lacks, each in its own transaction, so an old file is brought up to date in place;
opening it to read only changes nothing, and reads a store from ``READS_SINCE`` on as it is.
``PRAGMA application_id`` marks the file as a claimgraph store: set when a store is opened to write,
outside the numbered migrations, so that a claimgraph from before it still opens the store.
"""

from __future__ import annotations

import re
import sqlite3
from importlib import resources

_MIGRATION_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")
#: "CLGR": the SQLite header's application id of a claimgraph store (not one of the ids in SQLite's
#: registry, magic.txt); a store written before it has none and is known by its tables (``opening``).
APPLICATION_ID = 0x434C4752
#: The oldest schema version today's reads understand as it is: 0007 adds the kept story spans the list
#: of stories reads (tests/test_hostile_store.py checks that nothing after it adds a table, column or
#: index a read uses).
READS_SINCE = 7


class StoreError(Exception):
    """A store that cannot be used as asked. The message says what to do."""


def migrations() -> list[tuple[int, str, str]]:
    """(number, file name, SQL) of every migration shipped with the package, in order."""
    found = []
    for entry in resources.files("claimgraph.store").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.fullmatch(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise StoreError(f"store migrations are not numbered 1..n without gaps: {numbers}; "
                         "reinstall claimgraph")
    return found


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_readable(conn: sqlite3.Connection) -> int:
    """The schema version of a store opened for reading only, when today's reads understand it as it is."""
    latest, current = len(migrations()), schema_version(conn)
    _refuse_newer(current, latest)
    if current < READS_SINCE:
        raise StoreError(f"this store has schema version {current}, older than this claimgraph reads without "
                         f"upgrading it ({READS_SINCE}), and it is open for reading only; a command that writes "
                         "(`claimgraph ingest` into it) upgrades it in place: on a copy, when it cannot be written")
    return current


def _refuse_newer(current: int, latest: int) -> None:
    if current > latest:
        raise StoreError(f"this store has schema version {current}, newer than this claimgraph "
                         f"understands ({latest}); upgrade claimgraph (pip install -U claimgraph)")


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations the database lacks; returns the schema version it is at now."""
    available = migrations()
    latest = len(available)
    current = schema_version(conn)
    _refuse_newer(current, latest)
    for number, name, sql in available[current:]:
        # executescript commits first; the script runs in one transaction with its version bump.
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.rollback()
            raise StoreError(f"migration {name} failed: {exc}") from exc
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return latest
