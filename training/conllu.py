"""Read gzipped UD CoNLL-U into spaCy Docs: syntactic words with XPOS, UPOS, lemmas, heads and deprels.

Our own reader rather than ``spacy convert`` because that wants the files unzipped and we need to say how
multiword tokens, ellipsis nodes and document breaks are handled:

- words are UD's syntactic words as they are ("don't" -> "do" "n't", as spaCy's English tokenizer splits);
  the words of a multiword token take its SpaceAfter, with no space between them;
- ellipsis nodes ("8.1") and enhanced dependencies are left out (the parser learns basic trees);
- consecutive sentences of one document are joined into a Doc of at most ``sentences_per_doc`` sentences,
  so the parser learns where sentences end (spaCy's sentence boundaries come from the parse);
- the UD "root" relation is spaCy's "ROOT" (as ``spacy convert`` does);
- morphological features are kept but for those that mark the annotation rather than the word
  (``DROPPED_FEATURES``), which the morphologizer could not learn from the text, and Degree=Pos, the
  unmarked degree: spaCy's English lemmatizer takes a word with Degree=Pos for its own lemma, lower-cased,
  where UD writes "American" and "Islamic"; without it those adjectives reach the lemma exceptions.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

# Ten sentences a Doc, as ``spacy convert -n 10`` groups them; documents shorter than that stay whole.
SENTENCES_PER_DOC = 10
# Typo, Style and Abbr note the writer's spelling; ExtPos a fixed expression's part of speech (rare, 867 of
# 312k words in train): none is worth a label of the morphologizer.
DROPPED_FEATURES = frozenset({"Typo", "Style", "Abbr", "ExtPos"})
# A CoNLL-U line of a word has ten tab-separated fields; a bounded read refuses anything longer.
MAX_LINE_CHARS = 100_000


@dataclass
class Sentence:
    """One sentence's words and their gold annotation, heads as 0-based indices inside the sentence."""

    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    upos: list[str] = field(default_factory=list)
    xpos: list[str] = field(default_factory=list)
    feats: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    deps: list[str] = field(default_factory=list)
    new_doc: bool = False


def read_sentences(path: Path) -> Iterator[Sentence]:
    """Yield the sentences of one gzipped CoNLL-U file, in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        sentence, mwt_end, mwt_space, new_doc = Sentence(), -1, True, False
        for number, line in enumerate(lines, 1):
            if len(line) > MAX_LINE_CHARS:
                raise ValueError(f"{path}:{number}: a line of {len(line)} characters is not CoNLL-U")
            line = line.rstrip("\n")
            if line.startswith("# newdoc"):
                new_doc = True
            if not line or line.startswith("#"):
                if not line and sentence.words:
                    sentence.new_doc, new_doc = new_doc, False
                    yield sentence
                    sentence, mwt_end = Sentence(), -1
                continue
            cols = line.split("\t")
            if len(cols) != 10:
                raise ValueError(f"{path}:{number}: {len(cols)} fields where CoNLL-U has 10")
            if "." in cols[0]:
                continue
            if "-" in cols[0]:
                mwt_end = int(cols[0].split("-")[1])
                mwt_space = "SpaceAfter=No" not in cols[9].split("|")
                continue
            index = int(cols[0])
            if index < mwt_end:
                space = False
            elif index == mwt_end:
                space = mwt_space
            else:
                space = "SpaceAfter=No" not in cols[9].split("|")
            sentence.words.append(cols[1])
            sentence.spaces.append(space)
            sentence.lemmas.append(cols[2])
            sentence.upos.append(cols[3])
            sentence.xpos.append(cols[4])
            sentence.feats.append(kept_features(cols[5]))
            sentence.heads.append(int(cols[6]) - 1 if cols[6] != "0" else index - 1)
            sentence.deps.append("ROOT" if cols[7] == "root" else cols[7])
        if sentence.words:
            sentence.new_doc = new_doc
            yield sentence


def kept_features(feats: str) -> str:
    """The FEATS column without the dropped features ("" for none)."""
    kept = (f for f in feats.split("|") if f not in ("_", "Degree=Pos"))
    return "|".join(f for f in kept if f.split("=")[0] not in DROPPED_FEATURES)


def group_sentences(sentences: Iterable[Sentence], size: int = SENTENCES_PER_DOC) -> Iterator[list[Sentence]]:
    """Group consecutive sentences of one document, at most ``size`` to a group."""
    group: list[Sentence] = []
    for sentence in sentences:
        if group and (sentence.new_doc or len(group) == size):
            yield group
            group = []
        group.append(sentence)
    if group:
        yield group


def to_doc(vocab: Vocab, group: list[Sentence]) -> Doc:
    """One Doc of the group's sentences, each sentence followed by a space."""
    words: list[str] = []
    spaces: list[bool] = []
    heads: list[int] = []
    fields: dict[str, list[str]] = {"lemmas": [], "pos": [], "tags": [], "morphs": [], "deps": []}
    starts: list[bool | int | None] = []
    for sentence in group:
        offset = len(words)
        words += sentence.words
        spaces += sentence.spaces[:-1] + [True]
        heads += [offset + head for head in sentence.heads]
        fields["lemmas"] += sentence.lemmas
        fields["pos"] += sentence.upos
        fields["tags"] += sentence.xpos
        fields["morphs"] += sentence.feats
        fields["deps"] += sentence.deps
        starts += [True] + [False] * (len(sentence.words) - 1)
    return Doc(vocab, words=words, spaces=spaces, heads=heads, sent_starts=starts, lemmas=fields["lemmas"],
               pos=fields["pos"], tags=fields["tags"], morphs=fields["morphs"], deps=fields["deps"])


def read_docs(vocab: Vocab, path: Path, size: int = SENTENCES_PER_DOC) -> Iterator[Doc]:
    """The Docs of one gzipped CoNLL-U file."""
    for group in group_sentences(read_sentences(path), size):
        yield to_doc(vocab, group)
