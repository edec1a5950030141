"""Claims to rows and back: the stored claim is rebuilt as a ``Claim`` so that it serialises
exactly as the output contract says (the same ``to_dict`` as ``claimgraph extract``)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from claimgraph.models import Claim, Mention, Quantity, Source, Span, TimeRef, json_number
from claimgraph.store.periods import period

#: The fields every stored claim carries beside the contract's: its document's, its own row id in the
#: store (``claim_id``: names the claim in `measure split`; a re-extraction gives new ids), and the
#: measure and story it is in (``Store.claims`` applies the user's corrections to both).
DOCUMENT_FIELDS = ("doc_id", "title", "outlet", "published", "url", "origin", "syndicated_with", "claim_id",
                   "measure_id", "story_id")

# The SELECT list that ``claim_record`` reads: the claim's columns, its subject's name, its
# chain as a JSON array (innermost first) and its document's metadata.
CLAIM_SELECT = """
SELECT c.id AS claim_id, c.text, c.start, c."end", c.modality,
       c.quantity_value, c.quantity_low, c.quantity_high, c.quantity_bound, c.quantity_unit,
       c.quantity_start, c.quantity_end,
       e.name AS subject_name, c.subject_start, c.subject_end,
       c.cue_text, c.cue_start, c.cue_end, c.time_text, c.time_value, c.time_start, c.time_end,
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
    }


def stored_claim(row: sqlite3.Row) -> Claim:
    """The Claim a row of ``CLAIM_SELECT`` describes."""
    quantity = None
    if row["quantity_bound"] is not None:
        quantity = Quantity(value=row["quantity_value"], bound=row["quantity_bound"], unit=row["quantity_unit"],
                            start=row["quantity_start"], end=row["quantity_end"],
                            low=row["quantity_low"], high=row["quantity_high"])
    subject = None
    if row["subject_name"] is not None:
        subject = Mention(row["subject_name"], row["subject_start"], row["subject_end"])
    cue = Span(row["cue_text"], row["cue_start"], row["cue_end"]) if row["cue_text"] is not None else None
    time = None
    if row["time_text"] is not None:
        time = TimeRef(row["time_text"], row["time_value"], row["time_start"], row["time_end"])
    links = sorted(json.loads(row["chain"] or "[]"))  # by position: innermost first
    sources = tuple(Source(name, mention, kind, start, end) for _, name, mention, kind, start, end in links)
    return Claim(doc=row["doc_name"], text=row["text"], start=row["start"], end=row["end"],
                 modality=row["modality"], quantity=quantity, subject=subject, sources=sources, cue=cue, time=time)


def claim_record(row: sqlite3.Row) -> dict[str, Any]:
    """The contract's JSON object for a stored claim, with its document's metadata added.

    Built straight from the row: the same object as ``stored_claim(row).to_dict()`` (tests/test_store.py
    checks that every claim reads back as the extractor's ``to_dict`` wrote it, on corpus articles and
    generated claims) in a third of the time; timelines and changes over a large store read
    a hundred thousand of them.
    """
    bound, subject, cue, time = row["quantity_bound"], row["subject_name"], row["cue_text"], row["time_text"]
    record: dict[str, Any] = {
        "doc": row["doc_name"], "text": row["text"], "start": row["start"], "end": row["end"],
        "quantity": None if bound is None else {
            "value": json_number(row["quantity_value"]), "low": json_number(row["quantity_low"]),
            "high": json_number(row["quantity_high"]), "bound": bound, "unit": row["quantity_unit"],
            "start": row["quantity_start"], "end": row["quantity_end"]},
        "subject": None if subject is None else {"name": subject, "start": row["subject_start"],
                                                  "end": row["subject_end"]},
        "modality": row["modality"],
        "sources": [{"name": name, "mention": mention, "kind": kind, "start": start, "end": end}
                    for _, name, mention, kind, start, end in sorted(json.loads(row["chain"] or "[]"))],
        "cue": None if cue is None else {"text": cue, "start": row["cue_start"], "end": row["cue_end"]},
        "time": None if time is None else {"text": time, "value": row["time_value"], "start": row["time_start"],
                                           "end": row["time_end"]},
    }
    for name in DOCUMENT_FIELDS:
        record[name] = row[name]
    return record
