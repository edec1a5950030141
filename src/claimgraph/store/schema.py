"""The schema and its migrations: numbered SQL files in ``migrations/``, applied in order.

``PRAGMA user_version`` holds the number of the last migration applied. Opening a store applies
the ones it lacks, each in its own transaction, so an old file is brought up to date in place.
"""

from __future__ import annotations

import re
import sqlite3
from importlib import resources

_MIGRATION_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


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


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations the database lacks; returns the schema version it is at now."""
    available = migrations()
    latest = len(available)
    current = schema_version(conn)
    if current > latest:
        raise StoreError(f"this store has schema version {current}, newer than this claimgraph "
                         f"understands ({latest}); upgrade claimgraph (pip install -U claimgraph)")
    for number, name, sql in available[current:]:
        # executescript commits first; the script runs in one transaction with its version bump.
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.rollback()
            raise StoreError(f"migration {name} failed: {exc}") from exc
    return latest
