"""Quantified claims grouped into measures: same subject, same concept, same predicate family.

Every quantified claim belongs to exactly one measure; claims without a named subject are keyed by
their story (or, outside any, their article): they never group with another story's claims. ``explain`` says why two claims
share a measure or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from claimgraph.models import StoredClaim
from claimgraph.track.events import story_name
from claimgraph.track.keys import measure_id
from claimgraph.track.reading import MeasureKey, Reader


@dataclass(slots=True)
class Measure:
    """A group of claims about one quantity: its stable id, key, readable name and claims."""

    id: str
    key: MeasureKey | None
    name: str
    claims: list[StoredClaim] = field(default_factory=list)


def key_id(key: MeasureKey) -> str:
    """The stable id of an automatic measure (an unqualified key's id is that of its three parts)."""
    parts = (key.subject, key.concept, key.family) + ((key.qualifier,) if key.qualifier else ())
    return measure_id(*parts, *(("story", key.story) if key.story else ()))


def story_label(record: StoredClaim) -> str:
    """The name a measure keyed by story shows for it: its story's event, from the first claim's headline."""
    return story_name(record.title, "") if record.title else f"article {record.doc_id}"


def group(records: Iterable[StoredClaim], reader: Reader | None = None) -> list[Measure]:
    """Measures of the quantified claims among ``records``, largest first (claims in input order).

    Without a ``reader`` one is built from the records themselves (their people's full names).
    """
    quantified = [r for r in records if r.quantity is not None]
    reader = reader or Reader.from_records(quantified)
    by_key: dict[MeasureKey, Measure] = {}
    for record in quantified:
        key = reader.key(record)
        measure = by_key.get(key)
        if measure is None:
            measure = by_key[key] = Measure(key_id(key), key, key.named(story_label(record)))
        measure.claims.append(record)
    return sorted(by_key.values(), key=lambda m: (-len(m.claims), m.name))


def explain(a: StoredClaim, b: StoredClaim, reader: Reader | None = None) -> str:
    """In words, why two quantified claims are (or are not) in one measure."""
    reader = reader or Reader.from_records((a, b))
    ka, kb = reader.key(a), reader.key(b)
    parts = []
    for label, va, vb in (("subject", ka.subject, kb.subject), ("concept", ka.concept, kb.concept),
                          ("family", ka.family, kb.family), ("qualifier", ka.qualifier, kb.qualifier),
                          ("story", ka.story, kb.story)):
        if label in ("qualifier", "story") and not (va or vb):
            continue
        shown_a, shown_b = va or "(none)", vb or "(none)"
        parts.append(f"same {label} ({shown_a})" if va == vb else f"different {label} ({shown_a} vs {shown_b})")
    verdict = "one measure" if ka == kb else "different measures"
    return f"{verdict}: " + "; ".join(parts)
