"""User corrections to the automatic grouping, as plain records applied on top of it.

Corrections name measures by their stable ids and claims by their stable keys (article,
quantity offsets, value), so re-grouping the same claims after re-extraction and applying the
same corrections gives the same result. The store keeps them as rows; here they are values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from claimgraph.models import StoredClaim
from claimgraph.track.keys import claim_key, measure_id
from claimgraph.track.measures import Measure

CorrectionKind = Literal["merge", "split", "rename"]


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction: ``merge`` (into_id, from_id), ``split`` (claim key) or ``rename`` (id, name)."""

    kind: CorrectionKind
    args: tuple[Any, ...]

    @classmethod
    def merge(cls, into_id: str, from_id: str) -> Correction:
        return cls("merge", (into_id, from_id))

    @classmethod
    def split(cls, record: StoredClaim) -> Correction:
        return cls("split", tuple(claim_key(record)))

    @classmethod
    def rename(cls, measure: str, name: str) -> Correction:
        return cls("rename", (measure, name))


class CorrectionError(ValueError):
    """A correction that cannot be read (its kind or arguments are wrong)."""


def apply_corrections(measures: Iterable[Measure], corrections: Iterable[Correction]) -> list[Measure]:
    """The measures after the corrections, in order; a correction naming nothing present is skipped.

    A split claim gets a measure of its own (id from its claim key), which later corrections can
    rename or merge like any other.
    """
    by_id = {m.id: Measure(m.id, m.key, m.name, list(m.claims)) for m in measures}
    for correction in corrections:
        if correction.kind == "merge":
            into, source = correction.args
            if into in by_id and source in by_id and into != source:
                by_id[into].claims.extend(by_id.pop(source).claims)
        elif correction.kind == "split":
            key = tuple(correction.args)
            for measure in list(by_id.values()):
                found = [c for c in measure.claims if claim_key(c) == key]
                if found and len(measure.claims) > len(found):
                    measure.claims = [c for c in measure.claims if claim_key(c) != key]
                    new_id = measure_id("split", *map(str, key))
                    by_id[new_id] = Measure(new_id, None, f"{measure.name} (split: {found[0].text[:40]})",
                                            found)
                    break
        elif correction.kind == "rename":
            ident, name = correction.args
            if ident in by_id:
                by_id[ident].name = name
        else:
            raise CorrectionError(f"unknown correction kind {correction.kind!r}; use merge, split or rename")
    return sorted(by_id.values(), key=lambda m: (-len(m.claims), m.name))
