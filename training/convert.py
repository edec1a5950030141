"""Convert the UD treebanks (EWT and GUM, gzipped CoNLL-U) into spaCy DocBins for training and evaluation.

Train and dev join both treebanks; the test splits stay apart so the accuracy is reported for each.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import DocBin

from conllu import read_docs

# The shared treebanks folder (its README.md says what is there and under which licence).
TREEBANKS = Path(__file__).resolve().parents[2] / "shared" / "treebanks"
TREEBANK_FILES = {"ewt": "ewt/en_ewt-ud-{split}.conllu.gz", "gum": "gum/en_gum-ud-{split}.conllu.gz"}
# What each DocBin holds: name -> (treebanks, split).
DOCBINS: dict[str, tuple[tuple[str, ...], str]] = {
    "train": (("ewt", "gum"), "train"),
    "dev": (("ewt", "gum"), "dev"),
    "test-ewt": (("ewt",), "test"),
    "test-gum": (("gum",), "test"),
}


def treebank_path(treebanks: Path, name: str, split: str) -> Path:
    """The gzipped CoNLL-U file of one treebank's split, or a clear error naming it."""
    path = treebanks / TREEBANK_FILES[name].format(split=split)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: training needs the UD treebanks in {treebanks} "
                                f"(see its README.md), or pass --treebanks")
    return path


def convert(treebanks: Path, out: Path) -> dict[str, dict[str, int]]:
    """Write one .spacy file per DocBin into ``out``; return how many docs, sentences and words each holds."""
    out.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("en").vocab
    counts: dict[str, dict[str, int]] = {}
    for name, (banks, split) in DOCBINS.items():
        docbin = DocBin(store_user_data=False)
        sentences = words = 0
        for bank in banks:
            for doc in read_docs(vocab, treebank_path(treebanks, bank, split)):
                docbin.add(doc)
                sentences += sum(1 for _ in doc.sents)
                words += len(doc)
        partial = out / f"{name}.spacy.partial"
        docbin.to_disk(partial)
        partial.replace(out / f"{name}.spacy")
        counts[name] = {"docs": len(docbin), "sentences": sentences, "words": words}
    return counts
