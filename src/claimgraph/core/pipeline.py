"""The spaCy pipeline: blank English (or a user's installed pipeline) plus our registered components.

Components compute, then assign (spaCy's SpanRuler pattern): the segmenter sets sentence starts
and ``doc._.cg_segments``; the entity finder sets ``doc._.cg_entities``; the claim builder sets
``doc._.cg_claims``. Extensions are registered explicitly by ``register_extensions``, never at import.
"""

from __future__ import annotations

import bisect
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.core.claims import ClaimBuilder
from claimgraph.core.entities import Entity, find_entities
from claimgraph.core.segment import segment

COMPONENTS = ("claimgraph_segmenter", "claimgraph_entities", "claimgraph_claims")


def register_extensions() -> None:
    for name, default in (("cg_segments", None), ("cg_entities", None), ("cg_claims", None), ("cg_meta", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


class Segmenter:
    """Paragraphs, headlines, captions and chrome, then sentences (see ``segment``)."""

    def __call__(self, doc: Doc) -> Doc:
        segments = segment(doc.text)
        self.set_annotations(doc, segments)
        return doc

    def set_annotations(self, doc: Doc, segments: list[Any]) -> None:
        doc._.cg_segments = segments
        if doc.has_annotation("DEP") or len(doc) == 0:
            return  # a parser plugged in before us owns sentence boundaries
        token_starts = [t.idx for t in doc]
        starts = {bisect.bisect_left(token_starts, s.start) for s in segments}
        for token in doc[1:]:
            token.is_sent_start = token.i in starts


class EntityFinder:
    """Gazetteer actors and the document's people; a plugged-in pipeline's PERSON entities join them."""

    def __call__(self, doc: Doc) -> Doc:
        entities = find_entities(doc.text)
        if doc.has_annotation("ENT_IOB"):
            taken = [(e.start, e.end) for e in entities]
            extra = [Entity(ent.text, "person", ent.start_char, ent.end_char) for ent in doc.ents
                     if ent.label_ == "PERSON" and not any(a < ent.end_char and ent.start_char < b for a, b in taken)]
            entities = sorted(entities + extra, key=lambda e: e.start)
        doc._.cg_entities = entities
        return doc


class ClaimFinder:
    """Quantified claims and attributed statements for the document (``doc._.cg_meta`` gives id, date, outlet)."""

    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.cg_meta or {}
        builder = ClaimBuilder(doc.text, meta.get("id", "-"), meta.get("published"), meta.get("outlet"))
        doc._.cg_claims = builder.build(doc._.cg_segments or segment(doc.text), doc._.cg_entities or [])
        return doc


@Language.factory("claimgraph_segmenter", default_config={})
def make_segmenter(nlp: Language, name: str) -> Segmenter:
    return Segmenter()


@Language.factory("claimgraph_entities", default_config={})
def make_entities(nlp: Language, name: str) -> EntityFinder:
    return EntityFinder()


@Language.factory("claimgraph_claims", default_config={})
def make_claims(nlp: Language, name: str) -> ClaimFinder:
    return ClaimFinder()


def build_pipeline(model: str | None = None) -> Language:
    """Blank English with our components, or ``model`` (an installed spaCy pipeline) with them added."""
    register_extensions()
    if model is None:
        nlp = spacy.blank("en")
    else:
        nlp = spacy.load(model, exclude=["lemmatizer", "textcat"])
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    if first is not None:
        nlp.add_pipe("claimgraph_segmenter", before=first)
    else:
        nlp.add_pipe("claimgraph_segmenter")
    nlp.add_pipe("claimgraph_entities")
    nlp.add_pipe("claimgraph_claims")
    nlp.max_length = 2_000_000
    return nlp
