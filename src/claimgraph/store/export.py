"""Stored claims out: JSON Lines (the contract's objects with document metadata), CSV and Parquet
(one flat row a claim: quantity, subject, cue and time as columns, the chain as JSON)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, TextIO

from claimgraph.store.rows import DOCUMENT_FIELDS
from claimgraph.store.schema import StoreError

#: The flat columns of CSV and Parquet, in order; ``sources`` is the chain as JSON (innermost first),
#: ``chain`` the same names joined with " ← " for reading.
FLAT_COLUMNS = (
    "doc", *DOCUMENT_FIELDS, "text", "start", "end", "modality",
    "quantity_value", "quantity_low", "quantity_high", "quantity_bound", "quantity_unit",
    "quantity_start", "quantity_end", "subject", "subject_start", "subject_end",
    "chain", "sources", "cue", "cue_start", "cue_end", "time", "time_value", "time_start", "time_end",
)
_INTEGER_COLUMNS = frozenset(("doc_id", "syndicated_with", "claim_id", "start", "end", "quantity_start", "quantity_end",
                              "subject_start", "subject_end", "cue_start", "cue_end", "time_start", "time_end"))
_FLOAT_COLUMNS = frozenset(("quantity_value", "quantity_low", "quantity_high"))
PARQUET_MISSING = ("Parquet export needs pyarrow, a dependency of claimgraph that cannot be imported here; "
                   "reinstall it with `pip install --force-reinstall pyarrow` or export --format jsonl or csv")


def flat(record: dict[str, Any]) -> dict[str, Any]:
    """One claim record (contract dict plus document fields) as a flat row of ``FLAT_COLUMNS``."""
    row: dict[str, Any] = {name: record.get(name) for name in ("doc", *DOCUMENT_FIELDS, "text", "start", "end",
                                                                "modality")}
    for part, fields in (("quantity", ("value", "low", "high", "bound", "unit", "start", "end")),
                         ("subject", ("name", "start", "end")), ("cue", ("text", "start", "end")),
                         ("time", ("text", "value", "start", "end"))):
        value = record.get(part) or {}
        for name in fields:
            column = part if name in ("name", "text") else f"{part}_{name}"
            row[column] = value.get(name)
    row["chain"] = " ← ".join(source["name"] for source in record["sources"])
    row["sources"] = json.dumps(record["sources"], ensure_ascii=False)
    return {name: row[name] for name in FLAT_COLUMNS}


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(flat(record))
        count += 1
    return count


def write_rows_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: TextIO) -> int:
    """Plain rows (sources, entities) as CSV with these columns."""
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def write_parquet(records: Iterable[dict[str, Any]], out: BinaryIO | str, batch_size: int = 10_000) -> int:
    """Write Parquet in row groups of ``batch_size`` claims (streamed: the store need not fit in memory)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StoreError(PARQUET_MISSING) from exc
    schema = pa.schema([(name, pa.int64() if name in _INTEGER_COLUMNS else
                         pa.float64() if name in _FLOAT_COLUMNS else pa.string()) for name in FLAT_COLUMNS])
    count = 0
    with pq.ParquetWriter(out, schema) as parquet:
        for batch in _batches((flat(r) for r in records), batch_size):
            parquet.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


WRITERS = {"jsonl": write_jsonl, "csv": write_csv}
