"""A measure's claims in time order, and how many independent sources stand behind them.

A claim is dated by its own time expression when the text gives one (an ISO week, month or
year is read as its first day; an interval by its start), else by its article's publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimgraph.models import StoredClaim
from claimgraph.track.keys import claim_key

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
UNDATED = dt.date.max


def sort_date(value: str | None) -> dt.date | None:
    """The first day an ISO 8601 date, week, month, year or interval stands for (None if unreadable)."""
    if not value:
        return None
    value = value.split("/")[0].strip()
    try:
        week = _WEEK.match(value)
        if week:
            return dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        found = _DATE.match(value)
        if found:
            return dt.date(int(found.group(1)), int(found.group(2) or 1), int(found.group(3) or 1))
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One claim on a measure's timeline, with what a reader needs to weigh it."""

    date: dt.date | None
    dated_by: str  # "claim" (its time expression) or "published" (its article's date)
    value: float
    low: float | None
    high: float | None
    bound: str
    unit: str
    modality: str
    sources: tuple[str, ...]  # innermost (original) first
    doc_id: Any
    title: str | None
    outlet: str | None
    url: str | None
    text: str
    key: tuple[str, int, int, float]
    claim_id: Any = None  # the stored claim's id (None for a claim not from a store)
    story_id: str | None = None


def claim_date(record: StoredClaim) -> tuple[dt.date | None, str]:
    """When a claim is about: its time expression's first day, else its article's publication date."""
    found = sort_date(record.time.value) if record.time else None
    if found is not None:
        return found, "claim"
    return sort_date(record.published), "published"


def timeline(measure_claims: Iterable[StoredClaim]) -> list[TimelineEntry]:
    """The quantified claims in time order (undated last; ties kept in input order)."""
    entries = []
    for record in measure_claims:
        quantity = record.quantity
        if quantity is None:
            continue
        date, dated_by = claim_date(record)
        entries.append(TimelineEntry(
            date, dated_by, quantity.value, quantity.low, quantity.high, quantity.bound, quantity.unit or "",
            record.modality, tuple(s.name for s in record.sources), record.doc_id, record.title, record.outlet,
            record.url, record.text, claim_key(record), record.claim_id, record.story_id))
    entries.sort(key=lambda e: e.date or UNDATED)
    return entries


@dataclass(frozen=True, slots=True)
class Independence:
    """Who stands behind a measure: distinct original sources versus articles relaying them."""

    originals: tuple[str, ...]  # innermost sources (an article speaking in its own voice is its own)
    articles: int  # distinct reports (syndicated copies count once)
    relays: int  # reports that carry the measure only on someone else's word
    copies: int  # articles beyond the first of a syndicated story

    @property
    def independent(self) -> int:
        return len(self.originals)


def independent_sources(measure_claims: Iterable[StoredClaim]) -> Independence:
    """Distinct original sources behind a measure, and how many reports merely relay them.

    A chain's innermost source counts once however many outlets cite it ("citing Bloomberg"
    relays count once); syndicated copies (same ``syndicated_with``) are one report.
    """
    originals: dict[str, str] = {}
    own_voice: dict[str, bool] = {}
    documents: set[str] = set()
    for record in measure_claims:
        document = str(record.doc_id if record.doc_id is not None else record.doc)
        documents.add(document)
        report = str(record.syndicated_with or document)
        if record.sources:
            name = record.sources[0].name
            own = False
        else:
            name = record.outlet or f"article {report}"  # its own voice, with no outlet named
            own = True
        originals.setdefault(name.casefold(), name)
        own_voice[report] = own_voice.get(report, False) or own
    relays = sum(1 for own in own_voice.values() if not own)
    return Independence(tuple(sorted(originals.values())), len(own_voice), relays, len(documents) - len(own_voice))
