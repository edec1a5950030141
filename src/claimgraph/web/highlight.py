"""An article's text cut into flat segments at every claim, number and source boundary, so that
overlapping claims mark up without nesting: each segment knows the claims covering it and whether
it is part of a number or a source mention. The template escapes each segment's text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    claims: tuple[int, ...]  # positions (0-based) in the article's claim list, innermost (shortest) first
    number: bool = False
    source: bool = False
    anchors: tuple[int, ...] = ()  # claim_ids that start here (the segment carries their anchors)
    modality: str | None = None  # the innermost claim's


def _span(start: Any, end: Any, size: int) -> tuple[int, int] | None:
    """A span clamped to the text; None when it is empty or not a pair of offsets."""
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    start, end = max(0, min(start, size)), max(0, min(end, size))
    return (start, end) if start < end else None


def segments(text: str, claims: list[dict[str, Any]]) -> list[Segment]:
    """The text as segments, in order, covering it exactly (claims with no usable offsets are left out)."""
    size = len(text)
    claim_spans: list[tuple[int, int, int]] = []  # (start, end, position)
    numbers: list[tuple[int, int]] = []
    mentions: list[tuple[int, int]] = []
    cuts = {0, size}
    for position, claim in enumerate(claims):
        span = _span(claim.get("start"), claim.get("end"), size)
        if span is None:
            continue
        claim_spans.append((*span, position))
        cuts.update(span)
        quantity = claim.get("quantity") or {}
        for found, into in ((_span(quantity.get("start"), quantity.get("end"), size), numbers),
                            *((_span(s.get("start"), s.get("end"), size), mentions) for s in claim.get("sources") or ())):
            if found is not None:
                into.append(found)
                cuts.update(found)
    points = sorted(cuts)
    out: list[Segment] = []
    for left, right in zip(points, points[1:]):
        covering = sorted((end - start, position) for start, end, position in claim_spans if start <= left and right <= end)
        positions = tuple(position for _, position in covering)
        anchors = tuple(claims[p].get("claim_id") for start, _, p in claim_spans if start == left)
        out.append(Segment(text[left:right], positions,
                           number=any(s <= left and right <= e for s, e in numbers),
                           source=any(s <= left and right <= e for s, e in mentions),
                           anchors=tuple(a for a in anchors if isinstance(a, int)),
                           modality=claims[positions[0]]["modality"] if positions else None))
    return out
