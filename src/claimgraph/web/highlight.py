"""An article's text cut into flat segments at every claim, number and source boundary, so that
overlapping claims mark up without nesting: each segment knows the claims covering it (the
innermost few) and whether it is part of a number or a source mention. The template escapes each
segment's text.

One sweep over the boundaries in order, the claims open at each kept in a heap by length: the cut
grows with the claims (n log n), never with claims times segments, however the claims nest."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from claimgraph.models import StoredClaim

#: Claims a segment names (innermost first): a span under many claims (one sentence listing a
#: hundred figures) would otherwise carry all of them in its tooltip, and the page would grow with
#: the square of the claims. Real articles nest two or three deep.
MAX_COVERING = 8


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    claims: tuple[int, ...]  # positions (0-based) in the claim list, innermost (shortest) first, at most MAX_COVERING
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


def segments(text: str, claims: list[StoredClaim]) -> list[Segment]:
    """The text as segments, in order, covering it exactly (claims with no usable offsets are left out)."""
    size = len(text)
    opening: defaultdict[int, list[tuple[int, int, int]]] = defaultdict(list)  # cut → (length, position, end)
    anchors: defaultdict[int, list[int]] = defaultdict(list)
    numbers: Counter[int] = Counter()  # cut → number spans opening minus closing there
    mentions: Counter[int] = Counter()
    cuts = {0, size}
    for position, claim in enumerate(claims):
        span = _span(claim.start, claim.end, size)
        if span is None:
            continue
        opening[span[0]].append((span[1] - span[0], position, span[1]))
        if claim.claim_id is not None:
            anchors[span[0]].append(claim.claim_id)
        cuts.update(span)
        quantity = claim.quantity
        for found, into in ((_span(quantity.start, quantity.end, size) if quantity else None, numbers),
                            *((_span(s.start, s.end, size), mentions) for s in claim.sources)):
            if found is not None:
                into[found[0]] += 1
                into[found[1]] -= 1
                cuts.update(found)
    points = sorted(cuts)
    open_claims: list[tuple[int, int, int]] = []
    innermost: list[tuple[int, int, int]] = []
    in_number = in_mention = 0
    out: list[Segment] = []
    for left, right in zip(points, points[1:]):
        for claim_span in opening.get(left, ()):
            heapq.heappush(open_claims, claim_span)
        if left in opening or any(end <= left for _, _, end in innermost):  # else the innermost stay the same
            innermost = _innermost(open_claims, left)
        in_number, in_mention = in_number + numbers[left], in_mention + mentions[left]
        positions = tuple(position for _, position, _ in innermost)
        out.append(Segment(text[left:right], positions, number=in_number > 0, source=in_mention > 0,
                           anchors=tuple(anchors.get(left, ())),
                           modality=claims[positions[0]].modality if positions else None))
    return out


def _innermost(open_claims: list[tuple[int, int, int]], at: int) -> list[tuple[int, int, int]]:
    """The ``MAX_COVERING`` shortest claims still open at ``at``; claims that ended are dropped as
    they come up (each once)."""
    taken: list[tuple[int, int, int]] = []
    while open_claims and len(taken) < MAX_COVERING:
        claim_span = heapq.heappop(open_claims)
        if claim_span[2] > at:
            taken.append(claim_span)
    for claim_span in taken:
        heapq.heappush(open_claims, claim_span)
    return taken
