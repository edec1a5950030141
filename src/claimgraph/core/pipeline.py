"""The spaCy pipeline: blank English (or a user's installed pipeline) plus our registered components.

Components compute, then assign (spaCy's SpanRuler pattern): the segmenter sets sentence starts
and ``doc._.cg_segments``; the entity finder sets ``doc._.cg_entities``; the claim builder sets
``doc._.cg_claims``. Extensions are registered explicitly by ``register_extensions``, never at import.
"""

from __future__ import annotations

import bisect
from typing import Any

import numpy
import re
from collections.abc import Callable

import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.util import registry
from spacy.vocab import Vocab
from spacy.tokens import Doc

from claimgraph.core.claims import ClaimBuilder
from claimgraph.core.entities import Entity, find_entities
from claimgraph.core.segment import segment
from claimgraph.core.syntax import SentenceParser, load_shipped

COMPONENTS = ("claimgraph_segmenter", "claimgraph_entities", "claimgraph_parser", "claimgraph_claims")


def register_extensions() -> None:
    for name, default in (("cg_segments", None), ("cg_entities", None), ("cg_parses", None), ("cg_claims", None),
                          ("cg_meta", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def doc_text(doc: Doc) -> str:
    """The document's text, computed once (``Doc.text`` rebuilds the string on every access)."""
    meta = doc._.cg_meta
    if meta is None:
        meta = doc._.cg_meta = {}
    if "text" not in meta:
        meta["text"] = doc.text
    return str(meta["text"])


class Segmenter:
    """Paragraphs, headlines, captions and chrome, then sentences (see ``segment``)."""

    def __init__(self, parsed: bool = False) -> None:
        self.parsed = parsed  # a parser later in the pipeline sets sentence boundaries itself

    def __call__(self, doc: Doc) -> Doc:
        segments = segment(doc_text(doc))
        self.set_annotations(doc, segments)
        return doc

    def set_annotations(self, doc: Doc, segments: list[Any]) -> None:
        doc._.cg_segments = segments
        if self.parsed or len(doc) == 0:
            return
        token_starts = doc.to_array(IDX).tolist()
        flags = numpy.full(len(doc), -1, dtype="int64")
        for s in segments:
            flags[min(bisect.bisect_left(token_starts, s.start), len(doc) - 1)] = 1
        flags[0] = 1
        doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))  # type: ignore[arg-type]


class EntityFinder:
    """Gazetteer actors and the document's people; a plugged-in pipeline's PERSON entities join them."""

    def __init__(self, has_ner: bool = False) -> None:
        self.has_ner = has_ner

    def __call__(self, doc: Doc) -> Doc:
        entities = find_entities(doc_text(doc))
        if self.has_ner:
            taken = [(e.start, e.end) for e in entities]
            extra = [Entity(ent.text, "person", ent.start_char, ent.end_char) for ent in doc.ents
                     if ent.label_ == "PERSON" and not any(a < ent.end_char and ent.start_char < b for a, b in taken)]
            entities = sorted(entities + extra, key=lambda e: e.start)
        doc._.cg_entities = entities
        return doc


class ClaimFinder:
    """Quantified claims and attributed statements for the document (``doc._.cg_meta`` gives id, date, outlet)."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        meta = doc._.cg_meta
        builder = ClaimBuilder(text, meta.get("id", "-"), meta.get("published"), meta.get("outlet"),
                               doc._.cg_parses or {}, meta.get("quantities"))
        doc._.cg_claims = builder.build(doc._.cg_segments or segment(text), doc._.cg_entities or [])
        return doc


@Language.factory("claimgraph_segmenter", default_config={})
def make_segmenter(nlp: Language, name: str) -> Segmenter:
    return Segmenter(parsed="parser" in nlp.pipe_names or "senter" in nlp.pipe_names)


@Language.factory("claimgraph_entities", default_config={})
def make_entities(nlp: Language, name: str) -> EntityFinder:
    return EntityFinder(has_ner="ner" in nlp.pipe_names)


@Language.factory("claimgraph_parser", default_config={"shipped": True})
def make_parser(nlp: Language, name: str, shipped: bool) -> SentenceParser:
    """Our own tagger and parser on the sentences with numbers, or the pipeline's own parse when it has one."""
    own = "parser" in nlp.pipe_names
    return SentenceParser(load_shipped() if shipped and not own else None, own=own)


@Language.factory("claimgraph_claims", default_config={})
def make_claims(nlp: Language, name: str) -> ClaimFinder:
    return ClaimFinder()


class WhitespaceTokenizer:
    """Tokens split at whitespace, text kept exactly (runs of whitespace are tokens of their own).

    claimgraph's rules read their own tokens (``core/tokens.py``); in the built-in pipeline the Doc
    only carries sentences and our annotations, so spaCy's English affix rules would be work nobody
    uses — a fifth of the extraction time (measured with benchmarks/bench_extract.py). A plugged-in
    pipeline (``--model``) keeps its own tokenizer.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for m in _PIECES.finditer(text):
            piece = m.group()
            if piece == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True  # one space after a word is that word's trailing space
            else:
                words.append(piece)
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    # nothing to save: the tokenizer is rebuilt from the pipeline's config (spaCy's serialisation hooks)
    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> WhitespaceTokenizer:
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> WhitespaceTokenizer:
        return self


_PIECES = re.compile(r"\S+|\s+?(?=\S|$)|\s+")


@registry.tokenizers("claimgraph.whitespace_tokenizer.v1")
def make_whitespace_tokenizer() -> Callable[[Language], WhitespaceTokenizer]:
    def create(nlp: Language) -> WhitespaceTokenizer:
        return WhitespaceTokenizer(nlp.vocab)

    return create


def build_pipeline(model: str | None = None) -> Language:
    """Blank English (whitespace tokens) with our components, or ``model`` (an installed spaCy
    pipeline) with them added."""
    register_extensions()
    if model is None:
        nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "claimgraph.whitespace_tokenizer.v1"}}})
    else:
        nlp = spacy.load(model, exclude=["lemmatizer", "textcat"])
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    if first is not None:
        nlp.add_pipe("claimgraph_segmenter", before=first)
    else:
        nlp.add_pipe("claimgraph_segmenter")
    nlp.add_pipe("claimgraph_entities")
    nlp.add_pipe("claimgraph_parser")
    nlp.add_pipe("claimgraph_claims")
    nlp.max_length = 2_000_000
    return nlp
