"""Changes and conflicts within a measure: a new claim that differs from the earlier ones.

Each claim's number is read as an interval with a tolerance for its bound; two claims differ
when their intervals do not overlap. A negated claim against an earlier affirmed one whose
interval it overlaps is a denial.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimgraph.models import StoredClaim
from claimgraph.track.timeline import TimelineEntry, timeline

# Tolerances around a stated number: an exact figure is taken as ±2% (rounding in reporting),
# an approximate one ±20% ("about", "nearly", "roughly" rarely stray further). Set by reading
# the corpus's approximate figures; re-run tests/test_measures.py after any change.
EXACT_TOLERANCE = 0.02
APPROX_TOLERANCE = 0.20


def interval(value: float, bound: str, low: float | None = None, high: float | None = None) -> tuple[float, float]:
    """The values a number phrase allows: exact ±2%, approx ±20%, at_least [v,∞), at_most [0,v], range."""
    if bound == "at_least":
        return (low if low is not None else value), math.inf
    if bound == "at_most":
        return 0.0, (high if high is not None else value)
    if bound == "range":
        return (low if low is not None else value), (high if high is not None else value)
    tolerance = APPROX_TOLERANCE if bound == "approx" else EXACT_TOLERANCE
    return value - abs(value) * tolerance, value + abs(value) * tolerance


def _interval(entry: TimelineEntry) -> tuple[float, float]:
    return interval(entry.value, entry.bound, entry.low, entry.high)


@dataclass(frozen=True, slots=True)
class Change:
    """A flagged change: what kind, and both sides (the earlier claim and the new one)."""

    label: str  # "fact contradicts fact", "estimate revised up", "estimate revised down", "denial"
    before: TimelineEntry
    after: TimelineEntry

    def to_dict(self) -> dict[str, Any]:
        def side(e: TimelineEntry) -> dict[str, Any]:
            return {"key": list(e.key), "value": e.value, "bound": e.bound, "modality": e.modality,
                    "sources": list(e.sources), "date": e.date.isoformat() if e.date else None,
                    "doc_id": e.doc_id, "text": e.text}
        return {"label": self.label, "before": side(self.before), "after": side(self.after)}


def _label(before: TimelineEntry, after: TimelineEntry) -> str | None:
    (b_lo, b_hi), (a_lo, a_hi) = _interval(before), _interval(after)
    overlap = a_lo <= b_hi and b_lo <= a_hi
    if (after.modality == "negated") != (before.modality == "negated"):
        return "denial" if overlap else None
    if overlap:
        return None
    if before.modality == "fact" and after.modality == "fact":
        return "fact contradicts fact"
    return "estimate revised up" if a_lo > b_hi else "estimate revised down"


def changes(measure_claims: Iterable[StoredClaim]) -> list[Change]:
    """Claims that differ from the latest earlier claim of another article, in time order.

    Each claim is compared with the most recent earlier claim from a different document (the
    measure's standing figure when it appeared); a negated claim with the latest affirmed one.
    """
    found: list[Change] = []
    latest: TimelineEntry | None = None  # the latest claim so far
    previous: TimelineEntry | None = None  # the latest claim of a document other than latest's
    latest_affirmed: TimelineEntry | None = None
    for entry in timeline(measure_claims):
        earlier = latest if latest is not None and latest.doc_id != entry.doc_id else previous
        if entry.modality == "negated" and latest_affirmed is not None and latest_affirmed.doc_id != entry.doc_id:
            earlier = latest_affirmed
        if earlier is not None:
            label = _label(earlier, entry)
            if label is not None:
                found.append(Change(label, earlier, entry))
        if latest is not None and latest.doc_id != entry.doc_id:
            previous = latest
        latest = entry
        if entry.modality != "negated":
            latest_affirmed = entry
    return found
