"""The spaCy components one at a time on spacy.blank("en"), then the full pipeline and its config.

The text is the seed article (seed-nk-troops) from its second headline to the end, copied here so
these tests run without ../shared; one test repeats the comparison on the whole shared file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.lang.en import English
from spacy.language import Language

import claimgraph
from claimgraph.core import Article, Extractor
from claimgraph.core.entities import find_entities
from claimgraph.core.pipeline import COMPONENTS, build_pipeline, register_extensions
from claimgraph.core.segment import segment

SEED_BODY = (
    "Possibility of sending up to 15,000 North Korean troops to Russia\n\n"
    "Earlier this month, Ukraine’s ambassador to South Korea, Dmytro Ponomarenko, made a similar assessment. "
    "In an interview with the Voice of America, he said that Kyiv expects North Korea to send up to 15,000 of"
    " its military to take part in hostilities in Russia’s Kursk region and the occupied territories of "
    "eastern Ukraine, with the units being replaced every few months.\n\n"
    "Concerns of Ukraine’s allies over the escalation of the conflict\n\n"
    "While South Korean officials and the president have not commented on the situation, the possibility of "
    "North Korean troops deploying has raised serious concerns among Ukraine’s allies. They believe that such"
    " an escalation could only deepen the already large-scale conflict and further destabilise the situation "
    "in Europe. In particular, the strengthening of ties between Putin and Kim could lead to new changes in "
    "the geopolitical balance in the Indo-Pacific region, where competition between China and the United "
    "States is growing.\n\n"
    "Discussions at the G-20 Summit and the possible influence of China\n\n"
    "This issue has already been discussed at the G-20 summit in Brazil, in particular during the meeting "
    "between German Chancellor Olaf Scholz and Chinese President Xi Jinping. Scholz stressed that the "
    "deployment of North Korean troops was a “serious escalation” of the war against Ukraine and expressed "
    "hope that China would use its influence to prevent further escalation.\n\n"
    "Possible technological threats from North Korea\n\n"
    "It is worth noting that China has not publicly commented on the issue of sending North Korean troops to "
    "Russia, which may indicate Beijing’s possible dissatisfaction with this situation. At the same time, "
    "North Korea’s partnership with Russia could increase economic pressure on China, particularly in the "
    "context of Donald Trump’s possible return to the White House and possible customs restrictions.\n\n"
    "North Korea as a military and arms supplier to Russia\n\n"
    "North Korea has already sent more than 10,000 troops to fight alongside Russian forces in the Kursk "
    "region, a territory partially occupied by Ukrainian forces after the August invasion. In exchange for "
    "this assistance, Russia provides financial support and assistance to North Korea in developing its "
    "military capabilities.\n\n"
    "Threat to regional security by providing Russia with advanced technologies\n\n"
    "South Korea also expresses concern about the possibility of transferring advanced technologies to "
    "Russia, such as tactical nuclear weapons, intercontinental ballistic missiles and reconnaissance "
    "satellites, which would significantly worsen regional security. In addition, North Korea has already "
    "supplied Russia with millions of artillery rounds and long-range missile systems. According to Ukrainian"
    " intelligence, Pyongyang also provides Moscow with long-range missiles and artillery systems.\n\n"
    "Ukraine’s response and requests for long-range weapons\n\n"
    "Against this backdrop, Ukraine has been asking its allies for several months to allow it to use "
    "long-range Western weapons to strike Russian military targets deep inside Russia, which would help "
    "counter Moscow’s numerous attacks, including those on critical infrastructure."
)


@pytest.fixture(scope="module", autouse=True)
def extensions() -> None:
    register_extensions()


def blank_with(component: str) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe(component)
    return nlp


def test_segmenter_alone_sets_sentence_boundaries_from_segment() -> None:
    doc = blank_with("claimgraph_segmenter")(SEED_BODY)
    segments = segment(SEED_BODY)
    assert doc._.cg_segments == segments
    sentences = list(doc.sents)
    assert [s.start_char for s in sentences] == [g.start for g in segments]
    # a sentence's span runs on over the blank line after it (spaCy keeps whitespace tokens)
    assert [s.text.strip() for s in sentences] == [SEED_BODY[g.start:g.end] for g in segments]
    assert sentences[0].text.strip() == "Possibility of sending up to 15,000 North Korean troops to Russia"
    assert doc._.cg_entities is None and doc._.cg_claims is None


def test_segmenter_on_an_empty_text() -> None:
    doc = blank_with("claimgraph_segmenter")("")
    assert doc._.cg_segments == []
    assert len(doc) == 0


def test_entity_finder_alone_sets_entities_and_no_sentences() -> None:
    doc = blank_with("claimgraph_entities")(SEED_BODY)
    assert doc._.cg_entities == find_entities(SEED_BODY)
    assert {"Dmytro Ponomarenko", "Olaf Scholz", "North Korea", "Ukraine"} <= {e.name for e in doc._.cg_entities}
    assert doc._.cg_segments is None and doc._.cg_claims is None
    assert not doc.has_annotation("SENT_START")


def test_claim_builder_alone_segments_the_text_itself() -> None:
    doc = blank_with("claimgraph_claims")(SEED_BODY)
    claims = doc._.cg_claims
    assert claims
    for claim in claims:
        assert SEED_BODY[claim.start:claim.end] == claim.text
    values = {c.quantity.value for c in claims if c.quantity}
    assert {15_000, 10_000, 1_000_000} <= values


def test_build_pipeline_names_and_factories() -> None:
    nlp = build_pipeline()
    assert nlp.pipe_names == ["claimgraph_segmenter", "claimgraph_entities", "claimgraph_parser", "claimgraph_claims"]
    assert tuple(nlp.pipe_names) == COMPONENTS
    config = nlp.config
    assert config["nlp"]["pipeline"] == list(COMPONENTS)
    assert {name: config["components"][name]["factory"] for name in COMPONENTS} == {name: name for name in COMPONENTS}


def test_config_round_trips() -> None:
    nlp = build_pipeline()
    rebuilt = English.from_config(nlp.config)
    assert rebuilt.pipe_names == nlp.pipe_names
    assert rebuilt.config.to_str() == nlp.config.to_str()


def test_pipeline_round_trips_through_disk(tmp_path: Path) -> None:
    nlp = build_pipeline()
    nlp.to_disk(tmp_path)
    loaded = spacy.load(tmp_path)
    assert loaded.pipe_names == nlp.pipe_names
    assert loaded(SEED_BODY)._.cg_claims == nlp(SEED_BODY)._.cg_claims


def test_extractor_equals_module_level_extract() -> None:
    ours = Extractor().extract(SEED_BODY)
    assert ours.claims
    assert ours == claimgraph.extract(SEED_BODY)


def test_extractor_equals_module_level_extract_on_the_whole_seed(seed_text: str) -> None:
    assert Extractor().extract(seed_text) == claimgraph.extract(seed_text)


def test_extractor_pipe_keeps_order_and_ids() -> None:
    paragraphs = SEED_BODY.split("\n\n")
    articles = [Article(f"p{n}", text) for n, text in enumerate(paragraphs)]
    documents = list(Extractor().pipe(articles, batch_size=3))
    assert [(d.id, d.text) for d in documents] == [(a.id, a.text) for a in articles]
    one_by_one = Extractor()
    assert [d.claims for d in documents] == [one_by_one.extract(a.text, doc_id=a.id).claims for a in articles]


@pytest.mark.parametrize("text", ["", "   ", "Hello  world.\n\nNew para  here ", " lead", "a\tb\u00a0c", "“Quoted,” he said."])
def test_tokenizer_keeps_the_text_exactly(text: str) -> None:
    doc = build_pipeline().make_doc(text)
    assert doc.text == text


def test_one_tokenization_doc_rules_and_parse_share_their_tokens() -> None:
    """The Doc's tokens are ``tokenize``'s (a possessive split off, as the treebanks do), the rules read them
    back from the Doc, and the parser parses those very tokens: every parsed token starts and ends where a
    Doc token does, and lends the rules' word it starts its tag."""
    from claimgraph.core.pipeline import doc_words
    from claimgraph.core.tokens import tokenize

    nlp = build_pipeline()
    doc = nlp(SEED_BODY)
    expected = tokenize(SEED_BODY)
    assert "".join(t.text for t in doc if not t.is_space) == "".join(t.text for t in expected)
    assert any(a.text == "Ukraine" and b.text == "’s" and not a.whitespace_ for a, b in zip(doc, doc[1:]))
    rules = doc_words(doc).toks
    assert [(t.text, t.start, t.end, t.kind, t.spaced) for t in rules] == \
           [(t.text, t.start, t.end, t.kind, t.spaced) for t in expected]
    parses = doc._.cg_parses
    assert parses, "the seed's sentences with numbers are parsed"
    bounds = {(t.idx, t.idx + len(t.text)) for t in doc}
    for parse in parses.values():
        for token in parse.tokens:
            assert (token.idx + parse.offset, token.idx + parse.offset + len(token.text)) in bounds
    tagged = [tok for parse in parses.values() for tok in rules
              if parse.offset <= tok.start < parse.offset + len(parse.tokens.text)]
    assert tagged and all(tok.tag for tok in tagged)


def test_a_plugged_in_pipeline_reads_the_same_tokens(tmp_path: Path) -> None:
    """``--model`` keeps the user's components but tokenizes as the built-in pipeline does ("Korea's" and
    "anti-aircraft" are one word each for the rules, as in the built-in pipeline)."""
    from claimgraph.core.pipeline import doc_words
    from claimgraph.core.tokens import tokenize

    folder = tmp_path / "user-pipeline"
    spacy.blank("en").to_disk(folder)
    text = "North Korea's anti-aircraft units didn't fire 5,000 rounds."
    doc = build_pipeline(str(folder))(text)
    assert [t.text for t in doc] == ["North", "Korea", "'s", "anti-aircraft", "units", "did", "n't", "fire", "5,000",
                                     "rounds", "."]
    assert [t.text for t in doc_words(doc).toks] == [t.text for t in tokenize(text)]


@pytest.mark.parametrize("text", ["½ of them", "x²", "a_b", ".5 percent", "a 46-page report", "3.5", "Mi-17s", "10,000"])
def test_a_tokens_kind_is_the_one_the_tokenizer_gave_it(text: str) -> None:
    from claimgraph.core.tokens import token_kind, tokenize

    assert [(t.text, token_kind(t.text)) for t in tokenize(text)] == [(t.text, t.kind) for t in tokenize(text)]
