"""Score a pipeline on a test DocBin: UPOS, XPOS, morphology, lemma, UAS, LAS and sentence boundaries.

Two tokenizations are scored:

- ``raw``: the pipeline's own tokenizer on the test text, aligned to the gold words by spaCy's Scorer
  (a gold word the tokenizer splits or merges counts as wrong) -- what the product sees;
- ``gold``: the gold words given to the pipeline -- comparable with published UD scores.

UAS/LAS are spaCy's (punctuation left out); ``uas_ud``/``las_ud`` count punctuation too, as the CoNLL 2018
shared task did (gold words only, where words align one to one).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example

# spaCy's score keys -> ours (fractions, rounded to 4 places in the results).
SCORE_KEYS = {"pos_acc": "upos", "tag_acc": "xpos", "morph_acc": "morph", "lemma_acc": "lemma",
              "dep_uas": "uas", "dep_las": "las", "sents_f": "sent_f"}


def read_docbin(nlp: Language, path: Path) -> list[Doc]:
    """The gold docs of one .spacy file."""
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def _examples(nlp: Language, golds: list[Doc], tokenization: str) -> list[Example]:
    """Examples whose predicted side is the raw text tokenized by ``nlp`` or the bare gold words."""
    if tokenization == "raw":
        return [Example(nlp.make_doc(gold.text), gold) for gold in golds]
    words = [[token.text for token in gold] for gold in golds]
    spaces = [[bool(token.whitespace_) for token in gold] for gold in golds]
    return [Example(Doc(nlp.vocab, words=w, spaces=s), gold) for w, s, gold in zip(words, spaces, golds)]


def _ud_attachment(examples: list[Example]) -> dict[str, float]:
    """UAS and LAS over every word, punctuation included (gold tokenization)."""
    heads = labels = total = 0
    for eg in examples:
        for pred, gold in zip(eg.predicted, eg.reference):
            total += 1
            if pred.head.i == gold.head.i:
                heads += 1
                labels += pred.dep_.lower() == gold.dep_.lower()
    return {"uas_ud": heads / total, "las_ud": labels / total}


def score(nlp: Language, golds: list[Doc], tokenization: str = "raw") -> dict[str, float]:
    """The pipeline's scores on gold docs, as fractions (see the module docstring for the two modes)."""
    examples = _examples(nlp, golds, tokenization)
    results = nlp.evaluate(examples)
    scores = {ours: float(results[theirs]) for theirs, ours in SCORE_KEYS.items()
              if results.get(theirs) is not None}
    if tokenization == "gold":
        predicted = [Example(doc, eg.reference) for doc, eg in
                     zip(nlp.pipe(eg.predicted for eg in examples), examples)]
        scores.update(_ud_attachment(predicted))
    return {key: round(value, 4) for key, value in scores.items()}


def score_all(nlp: Language, corpus: Path, tests: tuple[str, ...] = ("test-ewt", "test-gum")) -> dict[str, dict]:
    """Scores on each test split, in both tokenizations, with the split's size."""
    report: dict[str, dict] = {}
    for name in tests:
        golds = read_docbin(nlp, corpus / f"{name}.spacy")
        report[name] = {"sentences": sum(1 for gold in golds for _ in gold.sents),
                        "words": sum(len(gold) for gold in golds),
                        "raw_tokens": score(nlp, golds, "raw"), "gold_tokens": score(nlp, golds, "gold")}
    return report
