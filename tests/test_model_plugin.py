"""A user's own spaCy pipeline plugs in (``--model``): our components join it and its PERSON entities count.

No pretrained pipeline can be downloaded here, so the test builds a real one on disk: blank
English with an entity ruler named "ner" that labels a person the built-in rules would miss.
"""

from __future__ import annotations

from pathlib import Path

import pytest
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
    assert extractor.nlp.pipe_names == ["claimgraph_segmenter", "ner", "claimgraph_entities", "claimgraph_parser",
                                        "claimgraph_claims"]


def test_a_user_pipelines_people_become_sources(tmp_path: Path) -> None:
    plugged = Extractor(model=str(_saved_pipeline(tmp_path / "pipeline"))).extract(TEXT)
    names = {c.sources[0].name for c in plugged.claims if c.sources}
    assert "zhang wei" in names
    values = sorted(c.quantity.value for c in plugged.claims if c.quantity)
    assert values == [40, 300]


def _trained_pipeline(folder: Path) -> Path:
    """A pipeline with spaCy's compiled components (tagger and parser), trained a few steps on two sentences."""
    from spacy.training import Example

    nlp = spacy.blank("en")
    nlp.add_pipe("tagger")
    parser = nlp.add_pipe("parser")
    sentences = [("They trade mortgage-backed securities.", ["PRP", "VBP", "NN", "HYPH", "JJ", "NNS", "."],
                  [1, 1, 4, 4, 5, 1, 1], ["nsubj", "ROOT", "compound", "punct", "nmod", "dobj", "punct"]),
                 ("I like London and Berlin.", ["PRP", "VBP", "NNP", "CC", "NNP", "."],
                  [1, 1, 1, 2, 2, 1], ["nsubj", "ROOT", "dobj", "cc", "conj", "punct"])]  # spaCy's own examples
    examples = [Example.from_dict(nlp.make_doc(text), {"tags": tags, "heads": heads, "deps": deps})
                for text, tags, heads, deps in sentences]
    for label in {dep for *_, deps in sentences for dep in deps} - {"ROOT"}:
        parser.add_label(label)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(5):
        nlp.update(examples, sgd=optimizer)
    nlp.to_disk(folder)
    return folder


def test_a_pipeline_with_compiled_components_plugs_in(tmp_path: Path) -> None:
    """spaCy's parser takes no error handler (it used to crash Extractor): it runs, and its parse is there."""
    extractor = Extractor(model=str(_trained_pipeline(tmp_path / "trained")))
    assert {"tagger", "parser"} <= set(extractor.nlp.pipe_names)
    document = extractor.extract(TEXT)
    assert document.error is None
    assert sorted(c.quantity.value for c in document.claims if c.quantity) == [40, 300]


@spacy.Language.component("claimgraph_test_boom")
def _boom(doc: spacy.tokens.Doc) -> spacy.tokens.Doc:
    if "BOOM" in doc.text:
        raise RuntimeError("this component fails on BOOM")
    return doc


def test_a_component_failing_on_one_article_spares_the_others(tmp_path: Path) -> None:
    """A component without an error handler that fails on one article of a batch: that article comes out
    with its error, the others with their claims, in input order."""
    from claimgraph.core import Article

    folder = tmp_path / "boom"
    nlp = spacy.blank("en")
    nlp.add_pipe("claimgraph_test_boom")
    nlp.to_disk(folder)
    extractor = Extractor(model=str(folder))
    texts = ["The army lost 300 tanks.", "BOOM: 12 people were hurt.", "Rebels seized 40 villages."]
    documents = list(extractor.pipe([Article(str(i), t) for i, t in enumerate(texts)], batch_size=3))
    assert [d.id for d in documents] == ["0", "1", "2"]
    assert documents[1].error is not None and "fails on BOOM" in documents[1].error
    assert [[c.quantity.value for c in d.claims if c.quantity] for d in (documents[0], documents[2])] == [[300], [40]]


def test_the_extractor_version_names_code_data_and_model(tmp_path: Path) -> None:
    """Stored claims never go stale: the version is a hash of what extracts, and another model changes it."""
    from claimgraph.core.version import extractor_version

    builtin = Extractor()
    assert builtin.version == extractor_version() and len(builtin.version) == 16
    assert builtin.extract(TEXT).extractor == builtin.version
    assert Extractor(model=str(_saved_pipeline(tmp_path / "pipeline"))).version != builtin.version


def test_our_own_trained_pipeline_plugs_in_as_a_users_would() -> None:
    """The shipped pipeline given as --model (a folder): its own parse is read by the same rules."""
    from claimgraph.core.syntax import shipped_pipeline_path

    path = shipped_pipeline_path()
    if path is None:
        pytest.skip("the shipped pipeline is not installed")
    extractor = Extractor(model=str(path))
    assert "parser" in extractor.nlp.pipe_names
    document = extractor.extract("Officials said North Korea could send up to 100,000 troops to Russia.")
    (claim,) = [c for c in document.claims if c.quantity]
    assert claim.subject is not None and claim.subject.name == "North Korea" and claim.predicate == "send"
