"""Stored claims out: JSON Lines (each ``StoredClaim.to_dict``: the contract's object with its document's
fields), CSV and Parquet (one flat row a claim: quantity, subject, cue and time as columns, the chain as JSON)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, TextIO

from claimgraph.models import STORED_FIELDS, StoredClaim
from claimgraph.store.schema import StoreError

#: The flat columns of CSV and Parquet, in order; ``sources`` is the chain as JSON (innermost first),
#: ``chain`` the same names joined with " ← " for reading.
FLAT_COLUMNS = (
    "doc", *STORED_FIELDS, "text", "start", "end", "modality",
    "quantity_value", "quantity_low", "quantity_high", "quantity_bound", "quantity_unit",
    "quantity_start", "quantity_end", "subject", "subject_start", "subject_end",
    "chain", "sources", "cue", "cue_start", "cue_end", "time", "time_value", "time_start", "time_end", "predicate",
)
_INTEGER_COLUMNS = frozenset(("doc_id", "syndicated_with", "claim_id", "start", "end", "quantity_start", "quantity_end",
                              "subject_start", "subject_end", "cue_start", "cue_end", "time_start", "time_end"))
_FLOAT_COLUMNS = frozenset(("quantity_value", "quantity_low", "quantity_high"))
PARQUET_MISSING = ("Parquet export needs pyarrow, a dependency of claimgraph that cannot be imported here; "
                   "reinstall it with `pip install --force-reinstall pyarrow` or export --format jsonl or csv")


def flat(claim: StoredClaim) -> dict[str, Any]:
    """One stored claim as a flat row of ``FLAT_COLUMNS`` (numbers as its JSON writes them)."""
    found = claim.to_dict()
    row: dict[str, Any] = {name: found[name] for name in ("doc", *STORED_FIELDS, "text", "start", "end", "modality",
                                                            "predicate")}
    for part, fields in (("quantity", ("value", "low", "high", "bound", "unit", "start", "end")),
                         ("subject", ("name", "start", "end")), ("cue", ("text", "start", "end")),
                         ("time", ("text", "value", "start", "end"))):
        value = found[part] or {}
        for name in fields:
            column = part if name in ("name", "text") else f"{part}_{name}"
            row[column] = value.get(name)
    row["chain"] = " ← ".join(source.name for source in claim.sources)
    row["sources"] = json.dumps(found["sources"], ensure_ascii=False)
    return {name: row[name] for name in FLAT_COLUMNS}


def write_claims_jsonl(claims: Iterable[StoredClaim], out: TextIO) -> int:
    """Stored claims as JSON Lines, one ``to_dict`` a line."""
    return write_jsonl((claim.to_dict() for claim in claims), out)


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(claims: Iterable[StoredClaim], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for claim in claims:
        writer.writerow(flat(claim))
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


def write_parquet(claims: Iterable[StoredClaim], out: BinaryIO | str, batch_size: int = 10_000) -> int:
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
        for batch in _batches((flat(c) for c in claims), batch_size):
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


WRITERS = {"jsonl": write_claims_jsonl, "csv": write_csv}
