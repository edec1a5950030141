"""The explorer's pages through a real uvicorn server on 127.0.0.1: every page renders with its
key content, article text and titles come back escaped, claims are marked in place."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_server import HOSTILE_TITLE, build_store, running

from claimgraph.models import Quantity, Source, StoredClaim
from claimgraph.web import create_app
from claimgraph.web.highlight import segments


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    path = tmp_path_factory.mktemp("web") / "store.db"
    ids = build_store(path)
    with running(create_app(path)) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield {"client": client, "ids": ids, "base": base, "path": path}


def _get(site: dict[str, Any], url: str) -> httpx.Response:
    response = site["client"].get(url, headers={"accept": "text/html"})
    assert response.status_code == 200, (url, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return response


def test_search_page_lists_articles_and_claims(site: dict[str, Any]) -> None:
    page = _get(site, "/?q=Ukraine&has_number=1").text
    assert "Fact Sheet on U.S. Security Assistance for Ukraine" in page
    assert 'class="claims"' in page and "Ukraine" in page


def test_search_filters_narrow_the_claims(site: dict[str, Any]) -> None:
    everything = _get(site, "/").text.count("<tr class=\"m-")
    negated = _get(site, "/?modality=negated").text
    assert negated.count("<tr class=\"m-") < everything
    assert 'class="m-fact"' not in negated.split("<h2>Claims</h2>")[1]


def test_article_view_marks_every_claim_in_place(site: dict[str, Any]) -> None:
    doc = site["client"].get("/api/documents/1").json()
    page = _get(site, "/articles/1").text
    for claim in doc["claims"]:
        assert f'id="claim-{claim["claim_id"]}"' in page or claim["start"] >= claim["end"]
    assert '<mark class="claim m-fact' in page and "num" in page
    assert page.count('<li id="item-') == len(doc["claims"])


def test_measure_page_has_its_table_and_chart(site: dict[str, Any]) -> None:
    measure = site["client"].get("/api/measures").json()["items"][0]
    page = _get(site, f"/measures/{measure['id']}").text
    assert measure["name"].split(" — ")[0] in page
    assert f'data-chart="/measures/{measure["id"]}/chart.svg"' in page
    chart = site["client"].get(f"/measures/{measure['id']}/chart.svg")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.text.count("<title>") == len([r for r in site["client"].get(
        f"/api/measures/{measure['id']}").json()["timeline"] if r["date"]])
    assert re.search(r'<a xlink:href="/articles/\d+#claim-\d+"', chart.text)


def test_entity_source_and_list_pages(site: dict[str, Any]) -> None:
    assert "Claims about Biden" in _get(site, "/entities/Biden").text
    source = _get(site, "/sources/Biden").text
    assert "Who relays it" in source and "What it claimed" in source
    for url, heading in (("/measures", "Measures"), ("/entities", "Entities"), ("/sources", "Sources"),
                         ("/changes", "Changes and conflicts"), ("/ingest", "Ingest an article")):
        assert f"<h1>{heading}</h1>" in _get(site, url).text


def test_hostile_article_comes_back_escaped(site: dict[str, Any]) -> None:
    """Regression: article text, title and outlet are untrusted; none of their markup may reach the page."""
    hostile = site["ids"]["hostile"]
    pages = [_get(site, f"/articles/{hostile}").text, _get(site, "/?q=officials").text,
             _get(site, "/?q=troops").text]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page and "<i>Evil</i>" not in page
    article = pages[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in article or "&quot;&gt;&lt;img" in article
    assert "&lt;b&gt;army&lt;/b&gt;" in article
    assert 'href="javascript:' not in article
    assert "script-src 'self'" in site["client"].get(f"/articles/{hostile}").headers["content-security-policy"]
    assert site["client"].get(f"/api/documents/{hostile}").json()["title"] == HOSTILE_TITLE


def test_missing_page_is_an_html_error_for_a_browser(site: dict[str, Any]) -> None:
    response = site["client"].get("/articles/999999", headers={"accept": "text/html"})
    assert response.status_code == 404 and "no stored article" in response.text and "<h1>404" in response.text


def test_segments_cover_the_text_when_claims_overlap() -> None:
    """Overlapping and nested claims cut the text into flat segments, each with its covering claims."""
    text = "A said B expects 5 more <x> troops."
    claims = [StoredClaim("d", text, 0, 35, "fact", sources=(Source("A", "A", "person", 0, 1),), claim_id=1),
              StoredClaim("d", text[7:34], 7, 34, "expected", Quantity(5, "exact", "troops", 17, 18), claim_id=2),
              StoredClaim("d", "", 40, 50, "fact", claim_id=3)]
    found = segments(text, claims)
    assert "".join(s.text for s in found) == text
    assert [s.text for s in found if s.number] == ["5"]
    assert [s.text for s in found if s.source] == ["A"]
    inner = next(s for s in found if s.text.startswith("B"))
    assert inner.claims == (1, 0) and inner.modality == "expected" and inner.anchors == (2,)


def test_samples_store_is_real(site: dict[str, Any]) -> None:
    assert Path(site["path"]).stat().st_size > 0
    assert site["client"].get("/api/claims", params={"limit": 1}).json()["items"][0]["claim_id"] >= 1


def test_warm_fills_the_slow_caches(site: dict[str, Any]) -> None:
    from claimgraph.web.explorer import Explorer
    from claimgraph.web.views import warm

    from claimgraph.store import Store, tracking

    explorer = Explorer(site["path"])
    with Store(site["path"]) as store:
        store.conn.execute("DELETE FROM measure_cache_state")  # as after a write by another process
    warm(explorer)
    assert {"entities", "sources"} <= set(explorer._cache)
    with Store(site["path"]) as store:
        assert tracking.refresh(store.conn) is False  # the grouping and its changes were rebuilt by warm
