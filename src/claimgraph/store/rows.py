"""Claims to rows and back: a stored claim is read back once, as a ``StoredClaim`` (the extracted
``Claim`` with its article's fields and ids), so that it serialises exactly as the output contract says
(the same ``to_dict`` as ``claimgraph extract``, plus the stored fields)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any, Protocol

from claimgraph.models import STORED_FIELDS, Claim, Mention, Quantity, Source, Span, StoredClaim, TimeRef
from claimgraph.store.periods import period

# The SELECT list that ``stored_claim`` reads: the claim's columns, its subject's name, its
# chain as a JSON array (innermost first) and its document's metadata.
CLAIM_SELECT = """
SELECT c.id AS claim_id, c.text, c.start, c."end", c.modality,
       c.quantity_value, c.quantity_low, c.quantity_high, c.quantity_bound, c.quantity_unit,
       c.quantity_start, c.quantity_end,
       e.name AS subject_name, c.subject_start, c.subject_end,
       c.cue_text, c.cue_start, c.cue_end, c.time_text, c.time_value, c.time_start, c.time_end, c.predicate,
       (SELECT json_group_array(json_array(cs.position, s.name, cs.mention, s.kind, cs.start, cs."end"))
          FROM claim_sources AS cs JOIN sources AS s ON s.id = cs.source_id
         WHERE cs.claim_id = c.id) AS chain,
       d.id AS doc_id, d.name AS doc_name, d.title, d.outlet, d.published, d.url, d.origin,
       d.syndicated_with, d.story_id,
       (SELECT mc.measure_id FROM measure_cache AS mc WHERE mc.claim_id = c.id) AS measure_id
FROM claims AS c
JOIN documents AS d ON d.id = c.document_id
LEFT JOIN entities AS e ON e.id = c.subject_id
"""


def claim_values(claim: Claim, published: str | None) -> dict[str, Any]:
    """The ``claims`` columns of a claim (all but its document, position and subject entity)."""
    q, s, cue, time = claim.quantity, claim.subject, claim.cue, claim.time
    dates = (period(time.value) if time else None) or period(published)
    return {
        "text": claim.text, "start": claim.start, "end": claim.end, "modality": claim.modality,
        "quantity_value": q.value if q else None, "quantity_low": q.low if q else None,
        "quantity_high": q.high if q else None, "quantity_bound": q.bound if q else None,
        "quantity_unit": q.unit if q else None, "quantity_start": q.start if q else None,
        "quantity_end": q.end if q else None,
        "subject_start": s.start if s else None, "subject_end": s.end if s else None,
        "cue_text": cue.text if cue else None, "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "time_text": time.text if time else None, "time_value": time.value if time else None,
        "time_start": time.start if time else None, "time_end": time.end if time else None,
        "date_start": dates[0] if dates else None, "date_end": dates[1] if dates else None,
        "predicate": claim.predicate,
    }


class Columns(Protocol):
    """A row of the ``claims`` columns read by name: an ``sqlite3.Row`` of ``CLAIM_SELECT``, or a row of a
    batch's claims table (``batch.tables``)."""

    def __getitem__(self, name: str, /) -> Any: ...


def claim_fields(row: Columns, subject: str | None, links: Iterable[list[Any]]) -> dict[str, Any]:
    """The ``Claim`` fields (all but ``doc``) that a row of the ``claims`` columns holds, with its
    subject's name and its chain's links (position, name, mention, kind, start, end; any order)."""
    bound, cue, time = row["quantity_bound"], row["cue_text"], row["time_text"]
    return {
        "text": row["text"], "start": row["start"], "end": row["end"], "modality": row["modality"],
        "quantity": None if bound is None else Quantity(
            row["quantity_value"], bound, row["quantity_unit"], row["quantity_start"], row["quantity_end"],
            row["quantity_low"], row["quantity_high"]),
        "subject": None if subject is None else Mention(subject, row["subject_start"], row["subject_end"]),
        "sources": tuple(Source(name, mention, kind, start, end) for _, name, mention, kind, start, end in sorted(links)),
        "cue": None if cue is None else Span(cue, row["cue_start"], row["cue_end"]),
        "time": None if time is None else TimeRef(time, row["time_value"], row["time_start"], row["time_end"]),
        "predicate": row["predicate"],
    }


def stored_claim(row: sqlite3.Row) -> StoredClaim:
    """The stored claim a row of ``CLAIM_SELECT`` describes: built once here, read as it is everywhere
    (tests/test_store.py checks that every claim reads back as the extractor's ``to_dict`` wrote it)."""
    return StoredClaim(doc=row["doc_name"], **claim_fields(row, row["subject_name"], json.loads(row["chain"] or "[]")),
                       **{name: row[name] for name in STORED_FIELDS})
