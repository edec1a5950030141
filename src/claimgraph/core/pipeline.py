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
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.util import registry
from spacy.vocab import Vocab
from spacy.tokens import Doc

from claimgraph.core.claims import ClaimBuilder
from claimgraph.core.entities import Entity, find_entities
from claimgraph.core.segment import segment
from claimgraph.core.syntax import SentenceParser, load_shipped
from claimgraph.core.tokens import TOKEN_RE, Tok, Words, token_kind

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
                               doc._.cg_parses or {}, meta.get("quantities"), doc_words(doc))
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


class ClaimTokenizer:
    """The one tokenization (``core/tokens.py``) as the Doc's tokens, text kept exactly: one space after a
    token is its trailing space, any other whitespace a token of its own (spaCy's convention). A possessive
    or contraction is split off its word as the treebanks the parser learnt from do ("Korea" "'s", "did"
    "n't"); the rules read the word whole again (``doc_words``).

    The parser parses these tokens and the rules read them back (``doc_words``), in the built-in pipeline
    and in a plugged-in one (``--model``) alike, so a rule, the parse and the evidence offsets always
    agree on what a word is.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for m in TOKEN_RE.finditer(text):
            start, end = m.span()
            if start > pos:
                _gap(text[pos:start], words, spaces)
            word = m.group()
            clitic = _CLITIC_RE.search(word) if m.lastgroup == "word" and ("'" in word or "’" in word) else None
            if clitic is not None:  # "Korea's" → "Korea" "'s", "didn't" → "did" "n't": the treebanks' words
                words.extend((word[:clitic.start()], clitic.group()))
                spaces.extend((False, False))
            else:
                words.append(word)
                spaces.append(False)
            pos = end
        if pos < len(text):
            _gap(text[pos:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    # nothing to save: the tokenizer is rebuilt from the pipeline's config (spaCy's serialisation hooks)
    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> ClaimTokenizer:
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> ClaimTokenizer:
        return self


# A word's possessive or contraction, split off as in the UD treebanks ("'s", "n't", "'re", "'ll", "'ve", "'d", "'m").
_CLITIC_RE = re.compile(r"(?<=[^\W\d_])(?:['’](?:s|re|ve|ll|d|m)|n['’]t)$", re.IGNORECASE)


def _gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    """Whitespace between tokens: the previous word's trailing space, then a whitespace token for the rest."""
    if gap[0] == " " and words and not spaces[-1] and not words[-1].isspace():
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


def doc_words(doc: Doc) -> Words:
    """The Doc's tokens as the rules read them (whitespace tokens left out), computed once a document."""
    meta = doc._.cg_meta
    if meta is None:
        meta = doc._.cg_meta = {}
    words = meta.get("words")
    if words is None:
        text = doc_text(doc)
        toks: list[Tok] = []
        prev_end = -1
        for start, length, space in doc.to_array([IDX, LENGTH, IS_SPACE]).tolist():
            if space:
                continue
            end = start + length
            if start == prev_end and toks and toks[-1].kind == "word" and _CLITIC_RE.fullmatch(text, start, end):
                start = toks.pop().start  # a possessive or contraction the tokenizer split off: its word again
            word = text[start:end]
            spaced = not toks or start != toks[-1].end
            toks.append(Tok(word, word.lower(), token_kind(word), start, end, spaced))
            prev_end = end
        words = meta["words"] = Words(toks)
    return words



@registry.tokenizers("claimgraph.tokenizer.v1")
def make_tokenizer() -> Callable[[Language], ClaimTokenizer]:
    def create(nlp: Language) -> ClaimTokenizer:
        return ClaimTokenizer(nlp.vocab)

    return create


def build_pipeline(model: str | None = None) -> Language:
    """Blank English with our tokenizer and components, or ``model`` (an installed spaCy pipeline) with
    our tokenizer in place of its own and our components added."""
    register_extensions()
    if model is None:
        nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "claimgraph.tokenizer.v1"}}})
    else:
        nlp = spacy.load(model, exclude=["lemmatizer", "textcat"])
        nlp.tokenizer = ClaimTokenizer(nlp.vocab)
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
