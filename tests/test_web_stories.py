"""Stories in the explorer over a real server on 127.0.0.1: /api/stories and /api/stories/{id} give
what `claimgraph stories` and the store give, the pages list stories and show one with its articles and
measures; and in a real browser (Playwright, Debian's Chromium), the list and a story page with its chart.
The store holds the bundled samples plus a second report of the Magnitogorsk building collapse, written
for these tests, which joins the first one's story."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_server import browser_missing, build_store, launch_chromium, running

from claimgraph.core import Article, Extractor
from claimgraph.ingest import IngestedArticle
from claimgraph.store import Store
from claimgraph.web import create_app

# A second report of the samples' Magnitogorsk collapse (written for this test, another outlet, a day later).
FOLLOW_UP = IngestedArticle(
    origin="follow-up.txt", title="Death toll in Magnitogorsk apartment building collapse rises to 39",
    outlet="Test Wire", published="2019-01-05", url="https://wire.test/magnitogorsk-collapse",
    text="Death toll in Magnitogorsk apartment building collapse rises to 39\n\nRescuers in Magnitogorsk, Russia, "
         "pulled more bodies from the apartment building that collapsed after a gas explosion on Monday, "
         "bringing the death toll to 39, the Emergencies Ministry said. The explosion destroyed part of a "
         "ten-storey block in the Ural mountains city of Magnitogorsk, in the Chelyabinsk region. Six people "
         "were rescued from the rubble, including an infant found alive after 35 hours in the freezing cold.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    path = tmp_path_factory.mktemp("stories-web") / "store.db"
    build_store(path, hostile=False)
    document = next(Extractor().pipe([Article(FOLLOW_UP.origin, FOLLOW_UP.text, published=FOLLOW_UP.published,
                                              outlet=FOLLOW_UP.outlet, title=FOLLOW_UP.title)]))
    with Store(path) as store:
        store.add(FOLLOW_UP, document)
        expected = store.stories()
    with running(create_app(path)) as base, httpx.Client(base_url=base, timeout=30) as api:
        yield {"base": base, "api": api, "stories": expected}


def _collapse(site: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in site["stories"] if any("Magnitogorsk" in (a["title"] or "") for a in s["articles"]))


def test_api_lists_stories_as_the_store_does(site: dict[str, Any]) -> None:
    page = site["api"].get("/api/stories", params={"limit": 3}).json()
    assert page["items"] == site["stories"][:3] and page["next"] == "/api/stories?limit=3&offset=3"
    collapse = _collapse(site)
    assert [a["outlet"] for a in collapse["articles"]] == ["Wikinews", "Test Wire"]  # in time order
    found = site["api"].get("/api/stories", params={"about": "magnitogorsk"}).json()["items"]
    assert [s["id"] for s in found] == [collapse["id"]]
    assert site["api"].get("/api/stories", params={"since": "2030"}).json()["items"] == []
    assert site["api"].get("/api/stories", params={"since": "soon"}).status_code == 400


def test_api_story_has_its_articles_and_measures(site: dict[str, Any]) -> None:
    collapse = _collapse(site)
    story = site["api"].get(f"/api/stories/{collapse['id']}").json()
    assert story["articles"] == collapse["articles"] and story["measures"]
    rows = [row for m in story["measures"] for row in m["timeline"]]
    assert {row["story_id"] for row in rows} == {collapse["id"]} and all(row["claim_id"] for row in rows)
    missing = site["api"].get("/api/stories/nothing")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    claims = site["api"].get("/api/claims", params={"limit": 500}).json()["items"]
    assert all(c["story_id"] for c in claims) and all(c["measure_id"] for c in claims if c["quantity"])


def test_pages_list_stories_and_show_one(site: dict[str, Any]) -> None:
    collapse = _collapse(site)
    listing = site["api"].get("/stories").text
    assert f'href="/stories/{collapse["id"]}"' in listing
    page = site["api"].get(f"/stories/{collapse['id']}").text
    assert "Test Wire" in page and 'data-chart="/measures/' in page
    assert page.index("2019-01-04") < page.index("2019-01-05")


@pytest.mark.skipif(browser_missing() is not None and not os.environ.get("CI"), reason=str(browser_missing()))
def test_browser_stories_list_and_story_chart(site: dict[str, Any], tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    collapse = _collapse(site)
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            page = chromium.new_page(base_url=site["base"], viewport={"width": 1280, "height": 900})
            page.set_default_timeout(15_000)
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto("/")
            page.click("nav a[href='/stories']")
            page.wait_for_url("**/stories")
            page.fill("input[name=about]", "Magnitogorsk")
            page.click("form.filters button[type=submit]")
            link = page.locator(f'table.stories a[href="/stories/{collapse["id"]}"]')
            expect(link).to_have_count(1)
            link.click()
            page.wait_for_url(f"**/stories/{collapse['id']}")
            expect(page.locator("table.story-articles tbody tr")).to_have_count(2)
            points = page.locator("figure.chart svg g[id^=point-]")
            expect(points.first).to_be_attached()  # a measure's chart, fetched and inlined by app.js
            page.screenshot(path=str(tmp_path / "story.png"), full_page=True)
            if folder := os.environ.get("CLAIMGRAPH_ARTIFACTS"):
                Path(folder).mkdir(parents=True, exist_ok=True)
                (Path(folder) / "story.png").write_bytes((tmp_path / "story.png").read_bytes())
            link = points.first.locator("a").first
            href = link.get_attribute("xlink:href") or link.get_attribute("href") or ""
            assert re.fullmatch(r"/articles/\d+#claim-\d+", href), href
            assert errors == []
        finally:
            chromium.close()
