"""Build the spaCy pipeline: blank English (or a user's installed pipeline) plus our components."""

from __future__ import annotations

import spacy
from spacy.language import Language


def build_pipeline(model: str | None = None) -> Language:
    return spacy.blank("en") if model is None else spacy.load(model)
