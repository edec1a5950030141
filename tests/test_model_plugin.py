"""A user's own spaCy pipeline plugs in (``--model``): our components join it and its PERSON entities count.

No pretrained pipeline can be downloaded here, so the test builds a real one on disk: blank
English with an entity ruler named "ner" that labels a person the built-in rules would miss.
"""

from __future__ import annotations

from pathlib import Path

import spacy

from claimgraph.core import Extractor

TEXT = ("Speaking to reporters on Monday, analyst zhang wei said the army had lost 300 tanks. "
        "zhang wei added that more than 40 aircraft were destroyed.")


def _saved_pipeline(folder: Path) -> Path:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns([{"label": "PERSON", "pattern": "zhang wei"}])  # type: ignore[attr-defined]
    nlp.to_disk(folder)
    return folder


def test_components_are_added_to_a_user_pipeline(tmp_path: Path) -> None:
    extractor = Extractor(model=str(_saved_pipeline(tmp_path / "pipeline")))
    assert extractor.nlp.pipe_names == ["claimgraph_segmenter", "ner", "claimgraph_entities", "claimgraph_claims"]


def test_a_user_pipelines_people_become_sources(tmp_path: Path) -> None:
    plugged = Extractor(model=str(_saved_pipeline(tmp_path / "pipeline"))).extract(TEXT)
    names = {c.sources[0].name for c in plugged.claims if c.sources}
    assert "zhang wei" in names
    values = sorted(c.quantity.value for c in plugged.claims if c.quantity)
    assert values == [40, 300]
