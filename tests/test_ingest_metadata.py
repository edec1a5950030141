"""trafilatura's metadata on the recorded pages against what Readability extracts
(shared/html/readability/*/expected-metadata.json), and non-English pages said so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_ingest_fetch import ENGLISH_PAGES, FOREIGN_PAGES, readability  # noqa: F401 - fixture

from claimgraph.ingest import IngestedArticle
from claimgraph.ingest.language import language_warning
from claimgraph.ingest.pages import extract_page

# Site names trafilatura does not find where Readability does (no og:site_name in the page).
SITE_NAME_MISSES = {"breitbart"}
# Titles where Readability keeps the site's suffix (" - Breitbart") and trafilatura strips it.
TITLE_SUFFIX_KEPT = {"breitbart"}


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
    assert warning.endswith("claims may be missing")
