"""The parse of the sentences that can hold a quantified claim: tags, lemmas and dependency arcs.

The built-in pipeline parses with claimgraph's own tagger and parser (trained on the UD English
treebanks, shipped in ``claimgraph/data/pipeline``; see training/README.md), run on the sentences that
carry a number only: the rules that read a clause's subject need it there, and parsing every sentence
would cost more than all the rest of extraction. A plugged-in pipeline with a parser (``--model``)
parses the whole text itself; its sentences are read the same way.

``doc._.cg_parses`` maps a segment's start offset to its parse: a spaCy ``Doc`` (or ``Span``) whose
tokens' ``idx`` plus ``offset`` are offsets into the article's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from claimgraph.core.quantities import find_quantities
from claimgraph.core.segment import Segment
from claimgraph.core.tokens import Tok

#: Where the trained pipeline is shipped (package data); without it, sentences go unparsed.
PIPELINE_DIR = "pipeline"
# Number words that make a sentence worth parsing: its claims' subjects are read off the parse.
_NUMBER_RE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|"
    r"millions?|billions?|trillions?|half|third|quarter|several|scores)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Parse:
    """One sentence's parse and where its tokens stand in the article (``token.idx + offset``)."""

    tokens: Any  # a spaCy Doc or Span
    offset: int

    def tag(self, toks: list[Tok]) -> None:
        """Give each of the rules' tokens the tag of the parse's token it starts in."""
        parsed = [(t.idx + self.offset, t.idx + self.offset + len(t.text), t.tag_) for t in self.tokens]
        k = 0
        for tok in toks:
            while k < len(parsed) and parsed[k][1] <= tok.start:
                k += 1
            if k < len(parsed) and parsed[k][0] <= tok.start:
                tok.tag = parsed[k][2]

    def token_at(self, char: int) -> Any | None:
        """The token that covers character ``char`` of the article, if any."""
        local = char - self.offset
        for token in self.tokens:
            if token.idx <= local < token.idx + len(token.text):
                return token
            if token.idx > local:
                return None
        return None


def wants_parse(text: str, seg: Segment) -> bool:
    """Can this sentence hold a quantified claim (a digit or a number word)?"""
    return seg.kind not in ("chrome", "caption") and _NUMBER_RE.search(text, seg.start, seg.end) is not None


def shipped_pipeline_path() -> Path | None:
    """The trained pipeline in the package, or None when this installation has none."""
    folder = resources.files("claimgraph.data").joinpath(PIPELINE_DIR)
    path = Path(str(folder))
    return path if (path / "config.cfg").is_file() else None


# What the rules read of the shipped pipeline: Penn tags and arcs. Its UPOS/morphology and lemmas are
# left out (a third faster: 12,000 → 16,100 tokens/s on one loaded core, training/README.md).
UNUSED_COMPONENTS = ("morphologizer", "lemmatizer")


@cache
def load_shipped() -> Any | None:
    """The shipped tagger and parser, loaded once per process (None when not installed)."""
    import spacy
    from thinc.api import use_ops

    path = shipped_pipeline_path()
    if path is None:
        return None
    # thinc's BLIS kernels fall back to slow generic code on some CPUs; numpy's OpenBLAS gives the same
    # annotations ~35% faster here (30,000 → 40,000+ words per CPU second, training/README.md)
    with use_ops("numpy", use_blis=False):
        return spacy.load(path, exclude=list(UNUSED_COMPONENTS))


class SentenceParser:
    """Parses the sentences of each document that carry a number, in batches across documents; with
    ``own`` (the pipeline parses the whole text itself), reads them off the document's own parse."""

    def __init__(self, parser: Any | None, own: bool = False, batch_size: int = 256) -> None:
        self.parser = parser
        self.own = own
        self.batch_size = batch_size

    def __call__(self, doc: Any) -> Any:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Any], batch_size: int = 16) -> Iterator[Any]:
        batch: list[Any] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._parse(batch)
                batch = []
        yield from self._parse(batch)

    def _parse(self, docs: list[Any]) -> Iterator[Any]:
        from claimgraph.core.pipeline import doc_text

        wanted: list[tuple[Any, int, str]] = []
        for doc in docs:
            doc._.cg_parses = {}
            if self.own:
                doc._.cg_parses = parses_from_model(doc, doc._.cg_segments or [])
                continue
            if self.parser is None:
                continue
            text = doc_text(doc)
            found = doc._.cg_meta.setdefault("quantities", {})
            for seg in doc._.cg_segments or ():
                if wants_parse(text, seg):
                    found[seg.start] = find_quantities(text, seg.start, seg.end)
                    if found[seg.start]:  # only a sentence with an in-scope quantity is parsed: half the words
                        wanted.append((doc, seg.start, text[seg.start:seg.end]))
        if wanted and self.parser is not None:
            parsed = self.parser.pipe((sentence for _, _, sentence in wanted), batch_size=self.batch_size)
            for (doc, start, _), sentence in zip(wanted, parsed):
                doc._.cg_parses[start] = Parse(sentence, start)
        yield from docs


def parses_from_model(doc: Any, segments: list[Segment]) -> dict[int, Parse]:
    """A plugged-in pipeline's own parse, cut at our segments (its tokens are the document's)."""
    parses: dict[int, Parse] = {}
    for seg in segments:
        span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
        if span is not None and len(span):
            parses[seg.start] = Parse(span, 0)
    return parses


# Dependency relations (UD) along which a number's phrase hangs from the predicate of its clause, and the
# relations of a predicate's subject.
_SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "nsubj:outer"})
_UP_TO_CLAUSE = frozenset({"xcomp", "conj"})  # a clause whose subject is its head's ("plans to send", "… and sent")
_NP_PARTS = frozenset({"compound", "flat", "flat:name", "amod", "nmod:poss", "case", "det:poss", "nummod", "nmod:desc",
                       "obl:npmod", "nmod:npmod"})
_PREDICATE_TAGS = ("VB", "MD")  # Penn tags of a verb: the predicate a number's phrase hangs from
_NOMINAL_TAGS = ("NN", "PRP", "CD", "DT")  # Penn tags a subject's head may have ("Officials", "it", "Two", "This")


def clause_subject(parse: Parse, number_char: int) -> tuple[int, int] | None:
    """The character span of the subject of the clause that holds the number at ``number_char``
    ("North Korea could send up to 100,000 troops" → "North Korea"), following a control verb or a
    coordinated clause up to the subject they share ("plans to send 300 troops"). None when the number's
    own phrase is the subject, or the clause has none."""
    token = parse.token_at(number_char)
    if token is None:
        return None
    phrase = token
    while phrase.dep_ in ("nummod", "compound", "quantmod", "advmod", "amod", "det", "nmod:npmod", "obl:npmod") \
            and phrase.head is not phrase and phrase.head.i != phrase.i:
        phrase = phrase.head  # up to the counted noun ("100,000" → "troops")
    predicate = phrase
    seen = 0
    while not predicate.tag_.startswith(_PREDICATE_TAGS) and predicate.dep_ not in ("ROOT", "root") and seen < 8:
        if predicate.dep_ in _SUBJECT_DEPS:
            return None  # the number's phrase is (in) the subject: the counted thing is what it is about
        if predicate.dep_ == "acl:relcl":
            return _np_span(predicate.head, parse)  # "troops that were sent …": the antecedent
        predicate = predicate.head
        seen += 1
    for _ in range(4):
        subject = next((c for c in predicate.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None and not subject.tag_.startswith(_NOMINAL_TAGS):
            return None  # a parse that calls a verb or an adverb the subject is not to be trusted
        if subject is not None:
            return None if subject is phrase or phrase in subject.subtree else _np_span(subject, parse)
        if predicate.dep_ not in _UP_TO_CLAUSE or predicate.head is predicate:
            return None
        predicate = predicate.head
    return None


def predicate_of(parse: Parse, number_char: int) -> str | None:
    """The verb the number's phrase hangs from ("could send up to 100,000 troops" → "send"), lowercased."""
    token = parse.token_at(number_char)
    for _ in range(10):
        if token is None:
            return None
        if token.tag_.startswith(_PREDICATE_TAGS) and token.tag_ != "MD":
            return str(token.text).lower()
        if token.head is token:
            return None
        token = token.head
    return None


def participle_antecedent(parse: Parse, number_char: int) -> tuple[int, int] | None:
    """The noun a participial clause holding the number hangs from ("Hurricane Maria, estimated to have done
    about $90 billion in damage" → "Hurricane Maria"), or None when the number is not in such a clause."""
    token = parse.token_at(number_char)
    for _ in range(8):
        if token is None or token.head is token:
            return None
        if token.dep_ == "acl" and token.tag_ in ("VBN", "VBG") and token.head.tag_.startswith("NNP"):
            return _np_span(token.head, parse)
        if token.dep_ in _SUBJECT_DEPS or token.dep_ in ("ccomp", "advcl", "parataxis", "acl:relcl"):
            return None
        token = token.head
    return None


def _np_span(head: Any, parse: Parse) -> tuple[int, int]:
    """The noun phrase a head word names: its compounds, adjectives, possessors and flat name parts."""
    doc = head.doc
    left = head.i
    for child in reversed(list(head.lefts)):  # the nearest first
        if child.dep_ not in _NP_PARTS or child.dep_ == "case":
            break
        left = min(t.i for t in child.subtree)
    right = head.i
    for child in head.rights:
        if child.dep_ not in ("flat", "flat:name", "compound") or child.i != right + 1:
            break
        right = child.i
    return doc[left].idx + parse.offset, doc[right].idx + len(doc[right].text) + parse.offset
