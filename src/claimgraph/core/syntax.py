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

from claimgraph.core.lexicon import load
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
        from claimgraph.core.pipeline import doc_text, doc_words

        wanted: list[tuple[Any, int, Any]] = []
        for doc in docs:
            doc._.cg_parses = {}
            if self.own:
                doc._.cg_parses = parses_from_model(doc, doc._.cg_segments or [])
                continue
            if self.parser is None:
                continue
            text = doc_text(doc)
            words = doc_words(doc)
            found = doc._.cg_meta.setdefault("quantities", {})
            for seg in doc._.cg_segments or ():
                if wants_parse(text, seg):
                    found[seg.start] = find_quantities(text, seg.start, seg.end, words.between(seg.start, seg.end))
                    span = doc.char_span(seg.start, seg.end, alignment_mode="expand") if found[seg.start] else None
                    if span is not None and len(span):  # only a sentence with an in-scope quantity: half the words
                        wanted.append((doc, seg.start, span))
        if wanted and self.parser is not None:
            vocab = self.parser.vocab
            sentences = (_tokens_of(vocab, span) for _, _, span in wanted)  # the Doc's own tokens, parsed
            for (doc, start, span), sentence in zip(wanted, self.parser.pipe(sentences, batch_size=self.batch_size)):
                doc._.cg_parses[start] = Parse(sentence, span.start_char)
        yield from docs


def _tokens_of(vocab: Any, span: Any) -> Any:
    """A sentence of the document as a Doc of the parser's vocabulary, with the same tokens and text."""
    from spacy.tokens import Doc

    spaces = [bool(t.whitespace_) for t in span]
    spaces[-1] = False
    return Doc(vocab, words=[t.text for t in span], spaces=spaces)


def parses_from_model(doc: Any, segments: list[Segment]) -> dict[int, Parse]:
    """A plugged-in pipeline's own parse, cut at our segments (its tokens are the document's)."""
    parses: dict[int, Parse] = {}
    for seg in segments:
        span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
        if span is not None and len(span):
            parses[seg.start] = Parse(span, 0)
    return parses


# UD relations of a noun phrase's parts, kept when its span is read off its head word.
_NP_PARTS = frozenset({"compound", "flat", "flat:name", "amod", "nmod:poss", "det:poss", "nummod", "nmod:desc",
                       "obl:npmod", "nmod:npmod"})
_PREDICATE_TAGS = ("VB", "MD")  # Penn tags of a verb: the predicate a number's phrase hangs from
_CHAIN_DEPS = frozenset({"xcomp", "conj"})  # a clause whose subject is its governor's ("plans to send", "… and sent")
_LEX = load("syntax.json")
SUBJECT_RULES: list[dict[str, Any]] = _LEX["subject_rules"]


@dataclass(frozen=True, slots=True)
class Phrase:
    """A noun phrase a rule found for a number: its character span and the rule's name."""

    start: int
    end: int
    rule: str
    antecedent: bool  # the rule names what the number's clause describes (read before the word rules)


def subject_of_number(parse: Parse, number_char: int) -> Phrase | None:
    """Who or what the clause holding the number at ``number_char`` is about, by the dependency rules of
    data/syntax.json ("North Korea could send up to 100,000 troops" → "North Korea"), or None."""
    number = parse.token_at(number_char)
    if number is None:
        return None
    chain = _clause_chain(number)
    if not chain:
        return None
    doc = parse.tokens.doc if hasattr(parse.tokens, "doc") else parse.tokens  # a Span's Doc, or the Doc
    best: tuple[int, int, Any, dict[str, Any]] | None = None
    for match_id, token_ids in _matches(doc):
        rule_index = _RULE_INDEX[match_id]
        rule = SUBJECT_RULES[rule_index]
        nodes = {spec["RIGHT_ID"]: token_ids[n] for n, spec in enumerate(rule["pattern"])}
        predicate, subject = doc[nodes["predicate"]], doc[nodes["subject"]]
        below = list(subject.subtree)
        if predicate not in chain or (number in below and not (predicate in below and number in list(predicate.subtree))):
            continue  # not the number's clause, or the number is in the subject (then it is what is counted),
            # unless the clause itself hangs from the subject (an antecedent: "Maria, estimated to have done …")
        rank = (chain.index(predicate), rule_index)
        if best is None or rank < best[:2]:
            best = (rank[0], rank[1], subject, rule)
    if best is None:
        return None
    start, end = _np_span(best[2], parse)
    return Phrase(start, end, best[3]["name"], bool(best[3].get("antecedent")))


def _clause_chain(number: Any) -> list[Any]:
    """The predicates a number's clause may take its subject from: the nearest verb or copular predicate above
    the number (the number's own word when it is the predicate: "the toll is 30"), then up through xcomp/conj."""
    node = number
    for _ in range(12):
        if node.tag_.startswith(_PREDICATE_TAGS) or any(c.dep_ == "cop" for c in node.children):
            break
        if node.head is node:
            return []
        node = node.head
    else:
        return []
    chain = [node]
    while (chain[-1].dep_ in _CHAIN_DEPS or _subjectless_infinitive(chain[-1])) and chain[-1].head is not chain[-1] \
            and len(chain) < 6:
        chain.append(chain[-1].head)
    return chain


def _subjectless_infinitive(node: Any) -> bool:
    """A clause "to have done …" with no subject of its own, whatever its label (parsers call it ccomp too)."""
    return node.dep_ == "ccomp" and any(t.dep_ == "mark" and t.lower_ == "to" for t in node.subtree if t.i < node.i) \
        and not any(c.dep_.startswith("nsubj") for c in node.children)


_RULE_INDEX: dict[int, int] = {}


def _matches(doc: Any) -> list[tuple[int, list[int]]]:
    """The rules' matches in a parsed Doc, found once a Doc (a sentence has several numbers)."""
    found = doc.user_data.get("cg_subject_matches")
    if found is None:
        found = doc.user_data["cg_subject_matches"] = _matcher(doc.vocab)(doc)
    return list(found)


@cache
def _matcher(vocab: Any) -> Any:
    """One DependencyMatcher a vocabulary (the shipped pipeline's, or a plugged-in one's) with every rule."""
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(vocab)
    for index, rule in enumerate(SUBJECT_RULES):
        matcher.add(rule["name"], [rule["pattern"]])
        _RULE_INDEX[vocab.strings[rule["name"]]] = index
    return matcher


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
