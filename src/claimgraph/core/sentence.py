"""One sentence as the claim builder reads it: its tokens, actors, attributions and quantities."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimgraph.core.attribution import Attribution
from claimgraph.core.entities import Entity
from claimgraph.core.quantities import Found
from claimgraph.core.segment import Segment
from claimgraph.core.sources import SourceRef
from claimgraph.core.syntax import Parse
from claimgraph.core.tokens import Tok


@dataclass(slots=True)
class Sentence:
    segment: Segment
    toks: list[Tok]
    entities: list[Entity]
    attributions: list[Attribution]
    quote_start_depth: int = 0
    quote_end_depth: int = 0
    quantities: list[Found] = field(default_factory=list)
    poll: SourceRef | None = None  # the poll a poll story reports, for its shares and samples
    parse: Parse | None = None     # the sentence's dependency parse, when it was parsed


def token_at(toks: list[Tok], offset: int) -> int:
    """Index of the first token ending after ``offset`` (``len(toks)`` when none does)."""
    for k, t in enumerate(toks):
        if t.end > offset:
            return k
    return len(toks)
