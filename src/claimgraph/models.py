"""The claim model: typed, immutable records that serialise exactly to the output contract.

One model is used everywhere (extraction, CLI, exports). ``Claim.to_dict`` writes the
JSON object described in the project's output contract (FORMAT.md): ``doc``, ``text``,
``start``, ``end``, ``quantity``, ``subject``, ``modality``, ``sources``, ``cue``, ``time``,
``predicate``. A stored claim is a ``StoredClaim``: the claim with its article's fields and its ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Bound = Literal["exact", "approx", "at_least", "at_most", "range"]
Modality = Literal["fact", "expected", "possible", "negated"]
SourceKind = Literal["person", "organization", "outlet", "government", "document", "anonymous", "group"]

BOUNDS: tuple[Bound, ...] = ("exact", "approx", "at_least", "at_most", "range")
MODALITIES: tuple[Modality, ...] = ("fact", "expected", "possible", "negated")
SOURCE_KINDS: tuple[SourceKind, ...] = (
    "person", "organization", "outlet", "government", "document", "anonymous", "group",
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number phrase: its value (the low end of a range), bound, unit and where it stands."""

    value: float
    bound: Bound
    unit: str
    start: int
    end: int
    low: float | None = None
    high: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": json_number(self.value), "low": json_number(self.low), "high": json_number(self.high),
            "bound": self.bound, "unit": self.unit, "start": self.start, "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A canonical name with the span of one of its mentions (a claim's subject)."""

    name: str
    start: int
    end: int
    # the kind of actor it names (SOURCE_KINDS) when it names one ("North Korea": government), else None
    # for a plain noun phrase ("troops"); not part of the output contract, nor of a claim's identity
    kind: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Source:
    """One link of an attribution chain: who, as written and as canonically named."""

    name: str
    mention: str
    kind: SourceKind
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "mention": self.mention, "kind": self.kind,
                "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text as written (an attribution cue), with its offsets."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class TimeRef:
    """When the claimed thing happens: the expression and its ISO 8601 value (date or interval)."""

    text: str
    value: str | None
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Claim:
    """A quantified claim or an attributed statement, with its evidence offsets."""

    doc: str
    text: str
    start: int
    end: int
    modality: Modality = "fact"
    quantity: Quantity | None = None
    subject: Mention | None = None
    sources: tuple[Source, ...] = ()
    cue: Span | None = None
    time: TimeRef | None = None
    # the verb that carries the number, as written and lowercased ("sent", "killed", "could send" → "send"),
    # read off the clause by extraction for tracking's predicate families (None: none found, or a store
    # written before it was kept)
    predicate: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc, "text": self.text, "start": self.start, "end": self.end,
            "quantity": self.quantity.to_dict() if self.quantity else None,
            "subject": self.subject.to_dict() if self.subject else None,
            "modality": self.modality,
            "sources": [s.to_dict() for s in self.sources],
            "cue": self.cue.to_dict() if self.cue else None,
            "time": self.time.to_dict() if self.time else None,
            "predicate": self.predicate,
        }


#: The fields a stored claim carries beside the contract's, in the order its JSON gives them.
STORED_FIELDS = ("doc_id", "title", "outlet", "published", "url", "origin", "syndicated_with", "claim_id",
                 "measure_id", "story_id")


@dataclass(frozen=True, slots=True)
class StoredClaim(Claim):
    """A claim as the store gives it back: the extracted claim, its article's fields (``doc_id`` is the
    article's row id; ``syndicated_with`` the first article of its syndicated copies), its own row id
    (``claim_id``: a re-extraction gives new ones) and the measure and story it is shown in.

    Built once from a row (``store.rows``) or from an extracted document (``track.records``) and read as
    it is by tracking, the web and the exports; ``to_dict`` is the JSON of `claims --format jsonl`.
    """

    doc_id: int | str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    origin: str | None = None
    syndicated_with: int | None = None
    claim_id: int | None = None
    measure_id: str | None = None
    story_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        found = Claim.to_dict(self)  # (a slotted dataclass has no zero-argument super())
        found.update((name, getattr(self, name)) for name in STORED_FIELDS)
        return found

    @property
    def article(self) -> str:
        """The article by its most durable name: URL, else origin, else its row id (or extractor's name)."""
        return str(self.url or self.origin or (self.doc_id if self.doc_id is not None else self.doc))


@dataclass(frozen=True, slots=True)
class Document:
    """An article's text with the claims found in it."""

    id: str
    text: str
    claims: tuple[Claim, ...] = ()
    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    warnings: tuple[str, ...] = field(default=())
    error: str | None = None  # set when extraction failed on this document (it then has no claims)
    extractor: str = ""  # the version of what extracted it (core.version): a store re-extracts when it differs

    def to_dicts(self) -> list[dict[str, Any]]:
        return [claim.to_dict() for claim in self.claims]


def json_number(value: float | None) -> int | float | None:
    """Write whole numbers as JSON integers (100000, not 100000.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 1e18 else round(value, 6)
