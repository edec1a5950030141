"""Odd documents never crash extraction, and one failing article never takes its batch down."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimgraph
from claimgraph.core import Article, Extractor

EXTRACTOR = Extractor()

ODD_DOCUMENTS = {
    "empty": "",
    "whitespace": " \n\n\t \n",
    "punctuation only": "!!! ??? ... ,,, ;;; — – ― “ ” \" '",
    "a table": "Country | Troops | Tanks\nRussia | 100,000 | 2,000\nUkraine | 80,000 | 1,500\n",
    "a list": "- 800 Stinger anti-aircraft systems;\n- 2,000 Javelin;\n- 25,000 helmets.\n",
    "unbalanced quotes": "“He said 5,000 troops would come, officials said. \"And then 300 more.\n\nThe end”.",
    "one long token": "x" * 100_000,
    "numbers only": "1 2 3 4,000 5.5 6% $7 8bn 9-10 11:30 2024",
    "control characters": "Troops\x00\x01\x02 said 500\x0b\x0c people\u200b\u2028died.",
    "mixed scripts": "Путин сказал, что 100 000 солдат. 习近平说有100名士兵. North Korea sent 10,000 troops.",
    "a colon headline only": "Bloomberg:",
    "deeply nested quotes": "“‘“‘“He said ‘she said “they said 5 people died”’”’”’”",
}


@pytest.mark.parametrize("name", sorted(ODD_DOCUMENTS))
def test_odd_documents_extract_without_error(name: str) -> None:
    text = ODD_DOCUMENTS[name]
    document = EXTRACTOR.extract(text, doc_id=name)
    assert document.error is None
    for claim in document.claims:
        assert text[claim.start:claim.end] == claim.text
        if claim.quantity:
            assert 0 <= claim.quantity.start < claim.quantity.end <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    document = EXTRACTOR.extract(text)
    assert document.error is None
    for claim in document.claims:
        assert 0 <= claim.start <= claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "North Korea has sent more than 10,000 troops, officials said.",
    "According to Reuters, up to 300 people were evacuated.",
    "“We will send 5,000 more,” the minister told reporters.",
    "Three patrol boats", ",", "“", "said", "$", "10 to", "\n\n", "- ", "G20", "per cent",
]), max_size=12))
def test_news_like_fragments_never_raise(parts: list[str]) -> None:
    text = " ".join(parts)
    assert claimgraph.extract(text).error is None


def test_one_failing_article_does_not_stop_the_batch() -> None:
    """A document the pipeline cannot take comes out failed, in order; the others keep their claims."""
    small = Extractor()
    small.nlp.max_length = 1000  # the tokenizer refuses longer texts: a real failure, not a mock
    good = "North Korea has already sent more than 10,000 troops to Russia."
    documents = list(small.pipe([Article("a", good), Article("b", "word " * 500), Article("c", good)]))
    assert [d.id for d in documents] == ["a", "b", "c"]
    assert documents[1].error is not None and "1000" in documents[1].error and not documents[1].claims
    assert documents[0].claims and documents[2].claims and documents[0].error is None
