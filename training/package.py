"""Turn a trained run into the shipped pipeline: add the lemmatizer, record provenance, write it atomically.

The shipped folder holds what ``spacy.load`` needs (config, meta, tokenizer, vocab, the trained components
and the lemmatizer's tables) and the licence files: the weights are derived from UD English EWT, so they are
under CC BY-SA 4.0 (LICENSE.txt, copied from the treebank) with the credits in ATTRIBUTION.md.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.lookups import Lookups

# Where the pipeline ships: package data of claimgraph (pyproject.toml's package-data globs include it).
PACKAGE_PIPELINE = Path(__file__).resolve().parents[1] / "src" / "claimgraph" / "data" / "pipeline"
PIPELINE_NAME = "claimgraph_en_ud"
PIPELINE_VERSION = "1.0.0"
GUM_GENRES = ("bio", "conversation", "interview", "news", "speech", "textbook", "vlog", "voyage")
SOURCES = [
    {"name": "UD English EWT v2.15", "url": "https://github.com/UniversalDependencies/UD_English-EWT",
     "license": "CC BY-SA 4.0",
     "author": "Silveira, Dozat, de Marneffe, Bowman, Connor, Bauer and Manning (2014); the UD EWT team"},
    {"name": "UD English GUM (genres: " + ", ".join(GUM_GENRES) + ")",
     "url": "https://github.com/UniversalDependencies/UD_English-GUM",
     "license": "CC BY 4.0 (these genres' documents)", "author": "Zeldes (2017); the GUM annotation team"},
]

ATTRIBUTION = """# claimgraph_en_ud: licence and attribution

The weights and tables in this folder were trained on Universal Dependencies treebanks. They are a derived
work of UD English EWT and are therefore licensed under **Creative Commons Attribution-ShareAlike 4.0
International (CC BY-SA 4.0)**: see LICENSE.txt, or https://creativecommons.org/licenses/by-sa/4.0/.
This applies to this folder only; the claimgraph code is under its own licence (MIT).

Changes made: the treebanks' train splits were used to train a spaCy tagger, morphologizer and dependency
parser and to derive lemmatizer tables (claimgraph's training/ folder rebuilds them); no treebank text is
included here beyond the words kept in the vocabulary and lemma tables.

## UD English Web Treebank (EWT) v2.15

https://github.com/UniversalDependencies/UD_English-EWT -- licence CC BY-SA 4.0.
Universal Dependencies English Web Treebank annotations (c) 2013-2021 by The Board of Trustees of The Leland
Stanford Junior University. The underlying texts come from the LDC English Web Treebank (LDC2012T13); portions
may be (c) 2012 Google Inc., (c) 2011 Yahoo! Inc., (c) 2012 Trustees of the University of Pennsylvania and/or
(c) other original authors.

    @inproceedings{silveira14gold,
      year = {2014},
      author = {Natalia Silveira and Timothy Dozat and Marie-Catherine de Marneffe and Samuel Bowman and
                Miriam Connor and John Bauer and Christopher D. Manning},
      title = {A Gold Standard Dependency Corpus for {E}nglish},
      booktitle = {Proceedings of the Ninth International Conference on Language Resources and Evaluation
                   (LREC-2014)}
    }

## UD English GUM (the Georgetown University Multilayer corpus)

https://github.com/UniversalDependencies/UD_English-GUM and https://gucorpling.org/gum/ -- only the genres
whose texts are CC BY 4.0 or public domain were used: {genres}. Texts from Wikinews, Wikipedia and
Wikivoyage (CC BY), OpenStax textbooks (CC BY), YouTube Creative Commons vlogs, public-domain political
speeches and the Santa Barbara Corpus conversations (CC BY, courtesy of John Du Bois, UCSB); annotations by
the GUM annotation team listed in the treebank's README.

    @Article{Zeldes2017,
      author    = {Amir Zeldes},
      title     = {The {GUM} Corpus: Creating Multilayer Resources in the Classroom},
      journal   = {Language Resources and Evaluation},
      year      = {2017},
      volume    = {51},
      number    = {3},
      pages     = {581--612},
      doi       = {http://dx.doi.org/10.1007/s10579-016-9343-x}
    }
"""


def assemble(model_dir: Path, lookups: Lookups, meta: dict[str, Any]) -> Language:
    """The trained run's best model with the rule lemmatizer added last and claimgraph's meta."""
    nlp = spacy.load(model_dir)
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule", "overwrite": False})
    lemmatizer.lookups = lookups  # type: ignore[attr-defined]
    nlp.meta.update({"name": PIPELINE_NAME, "version": PIPELINE_VERSION, "license": "CC BY-SA 4.0",
                     "author": "claimgraph", "sources": SOURCES, **meta})
    nlp.config["paths"]["train"] = None  # training-only: where the run read its corpus
    nlp.config["paths"]["dev"] = None
    return nlp


def write_package(nlp: Language, target: Path, licence: Path) -> None:
    """Write the pipeline and its licence files to ``target``, replacing any previous one in one rename."""
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    nlp.to_disk(staging)
    shutil.copyfile(licence, staging / "LICENSE.txt")
    attribution = ATTRIBUTION.replace("{genres}", ", ".join(GUM_GENRES))
    (staging / "ATTRIBUTION.md").write_text(attribution, encoding="utf-8")
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
