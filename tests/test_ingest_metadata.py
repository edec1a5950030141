"""trafilatura's metadata on the recorded pages against what Readability extracts
(shared/html/readability/*/expected-metadata.json), and non-English pages said so."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
import trafilatura

from test_ingest_fetch import ENGLISH_PAGES, FOREIGN_PAGES, readability  # noqa: F401 - fixture

from claimgraph.ingest import IngestedArticle
from claimgraph.ingest.language import language_warning
from claimgraph.ingest.pages import decode_html, extract_page

# Site names trafilatura does not find where Readability does (no og:site_name in the page).
SITE_NAME_MISSES = {"breitbart"}
# Titles where Readability keeps the site's suffix (" - Breitbart") and trafilatura strips it.
TITLE_SUFFIX_KEPT = {"breitbart"}
# How much lower than plain trafilatura.extract's our main text's word F1 against Readability's may
# be. Measured with pages.FAST: equal on 15 of the 17 recorded pages, higher on aclu (0.997 against
# 0.808: extract keeps the comments) and breitbart (0.964 against 0.936); the tolerance absorbs
# rounding, not a loss.
TEXT_F1_TOLERANCE = 0.005
_WORD = re.compile(r"\w+")


def extracted(readability: Path, name: str) -> tuple[IngestedArticle, dict[str, str | None]]:
    article = extract_page((readability / name / "source.html").read_bytes(), name)
    assert isinstance(article, IngestedArticle), article
    return article, json.loads((readability / name / "expected-metadata.json").read_text(encoding="utf-8"))


def same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="Readability keeps the ' - Breitbart' suffix"))
    if n in TITLE_SUFFIX_KEPT else n for n in ENGLISH_PAGES + FOREIGN_PAGES])
def test_title_as_readability(readability: Path, name: str) -> None:
    article, expected = extracted(readability, name)
    assert same(article.title, expected["title"])


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="trafilatura finds no site name")) if n in SITE_NAME_MISSES
    else n for n in ENGLISH_PAGES])
def test_site_name_as_readability_where_it_has_one(readability: Path, name: str) -> None:
    article, expected = extracted(readability, name)
    if expected.get("siteName") is None:
        pytest.skip("Readability gives no site name for this page")
    assert same(article.outlet, expected["siteName"])


@pytest.mark.parametrize("name", ENGLISH_PAGES)
def test_english_pages_are_not_flagged(readability: Path, name: str) -> None:
    article, _ = extracted(readability, name)
    assert language_warning(article) is None and article.language in ("en", None)


@pytest.mark.parametrize(("name", "says"), [("la-nacion", "does not look like English"), ("lemonde-1", "language 'fr'")])
def test_non_english_pages_are_reported(readability: Path, name: str, says: str) -> None:
    article, _ = extracted(readability, name)
    warning = language_warning(article)
    assert warning is not None and warning.startswith(f"{name}: ") and says in warning
    assert warning.endswith("stored without claims (claimgraph reads claims in English text only)")


def word_f1(found: str, expected: str) -> float:
    got, gold = Counter(_WORD.findall(found.casefold())), Counter(_WORD.findall(expected.casefold()))
    overlap = sum((got & gold).values())
    return 2 * overlap / (sum(got.values()) + sum(gold.values())) if got or gold else 1.0


@pytest.mark.parametrize("name", ENGLISH_PAGES + FOREIGN_PAGES)
def test_main_text_is_as_close_to_readability_as_plain_trafilatura(readability: Path, name: str) -> None:
    """The page stage's cheaper settings (fast mode, no comments) lose none of the article."""
    article, _ = extracted(readability, name)
    expected = lxml.html.fromstring((readability / name / "expected.html").read_text(encoding="utf-8")).text_content()
    plain = trafilatura.extract(decode_html((readability / name / "source.html").read_bytes(), name)) or ""
    assert word_f1(article.text, expected) >= word_f1(plain, expected) - TEXT_F1_TOLERANCE


@pytest.mark.parametrize("name", ENGLISH_PAGES + FOREIGN_PAGES)
def test_fast_mode_finds_the_metadata_the_default_mode_finds(readability: Path, name: str) -> None:
    article, _ = extracted(readability, name)
    html = decode_html((readability / name / "source.html").read_bytes(), name)
    default = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    assert default is not None and not isinstance(default, dict)
    assert (article.title, article.author, article.published, article.url) == \
        (default.title, default.author or None, default.date, default.url)


def test_a_fragment_fast_mode_reads_short_gets_the_default_modes_second_try() -> None:
    """Regression: fast mode kept one of six repeated paragraphs of a feed entry's content (under
    MIN_ARTICLE_CHARS, so skipped); the default mode's fallbacks read all six."""
    paragraph = ("<p>The ministry said 4,000 people were evacuated from the flooded district on Monday, "
                 "and officials said at least 12 bridges had been closed.</p>")
    article = extract_page(f"<article>{paragraph * 6}</article>", "feed.xml#entry-3", url="http://127.0.0.1/missing")
    assert isinstance(article, IngestedArticle) and article.text.count("4,000 people") == 6
