"""The explorer in a real browser: Playwright drives Debian's headless Chromium against a real
uvicorn server on 127.0.0.1 over a store of the bundled samples. A person's path: search, open an
article, see its claims marked in colour with their side panel, open a measure, hover a point of
its chart and click through to the article at the claim.

Each test saves a screenshot to its tmp_path and, when CLAIMGRAPH_ARTIFACTS names a folder, there
too. Skipped (with the reason) when Playwright or Chromium is missing, except under CI, where
.ci/run installs Chromium and a skip would hide a broken set-up."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_server import build_store, launch_chromium, running, skip_without_browser

from claimgraph.web import create_app

skip_without_browser()

from playwright.sync_api import Page, expect, sync_playwright

WAIT_MS = 15_000  # explicit waits: generous for a loaded CI machine, never reached when things work
MAGNITOGORSK = "wn-2019-01-04-magnitogorsk-apartment-building-collapses-after-explosion-dozens-dead"
# The colours of style.css, as the browser computes them: the stylesheet really reached the page.
MARK_BACKGROUND = {"fact": "rgb(231, 244, 234)", "expected": "rgb(230, 240, 250)",
                   "possible": "rgb(251, 241, 220)", "negated": "rgb(251, 231, 229)"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    path = tmp_path_factory.mktemp("browser") / "store.db"
    ids = build_store(path)
    with running(create_app(path)) as base, httpx.Client(base_url=base, timeout=30) as api:
        yield {"base": base, "api": api, "ids": {Path(k).stem: v for k, v in ids.items()}}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, site: dict[str, Any]) -> Iterator[Page]:
    """A fresh browser context at 1280×900; the test fails on any script error the page raises."""
    context = browser.new_context(base_url=site["base"], viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        yield tab
        assert errors == [], errors
    finally:
        context.close()


def snap(page: Page, name: str, tmp_path: Path) -> Path:
    """A screenshot of the whole page in tmp_path, copied to $CLAIMGRAPH_ARTIFACTS when set."""
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    if folder := os.environ.get("CLAIMGRAPH_ARTIFACTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / shot.name).write_bytes(shot.read_bytes())
    assert shot.stat().st_size > 5_000
    return shot


def test_search_then_open_an_article(page: Page, site: dict[str, Any], tmp_path: Path) -> None:
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Search claims and articles")
    page.fill("input[name=q]", "Javelin")
    page.check("input[name=has_number]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"[?&]q=Javelin"))
    found = page.locator("ul.articles li a")
    expect(found.first).to_have_text("Fact Sheet on U.S. Security Assistance for Ukraine")
    rows = page.locator("table.claims tbody tr")
    expect(rows.first).to_contain_text("Javelin")
    assert all("Javelin" in text or "javelin" in text for text in rows.all_inner_texts())
    snap(page, "search", tmp_path)
    found.first.click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    expect(page.locator("h1")).to_have_text("Fact Sheet on U.S. Security Assistance for Ukraine")
    expect(page.locator("mark.claim").first).to_be_visible()


def test_article_marks_claims_by_modality_with_their_panel(page: Page, site: dict[str, Any],
                                                          tmp_path: Path) -> None:
    doc_id = site["ids"][MAGNITOGORSK]
    claims = site["api"].get(f"/api/documents/{doc_id}").json()["claims"]
    page.goto(f"/articles/{doc_id}")
    marks = page.locator("mark.claim")
    expect(marks.first).to_be_visible()
    assert marks.count() >= len({(c["start"], c["end"]) for c in claims}) > 10
    expect(page.locator(".claim-list > li")).to_have_count(len(claims))
    # A claim the text only calls possible ("Some reports suggest a deliberate criminal act"):
    # its mark is coloured as possible, its tooltip names the source, and it lights up its panel item.
    number, claim = next((n, c) for n, c in enumerate(claims, 1) if c["modality"] == "possible")
    mark = page.locator(f'mark.claim[data-claims~="{number}"]').first
    expect(mark).to_have_class(re.compile(r"\bm-possible\b"))
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == MARK_BACKGROUND["possible"]
    assert "possible" in (mark.get_attribute("title") or "")
    assert claim["sources"][0]["name"] in (mark.get_attribute("title") or "")
    item = page.locator(f"#item-{number}")
    mark.hover()
    expect(item).to_have_class(re.compile(r"\bactive\b"))
    snap(page, "article", tmp_path)
    # Every modality in the article has its colour on the page.
    for modality in {c["modality"] for c in claims}:
        coloured = page.locator(f"mark.claim.m-{modality}").first
        assert coloured.evaluate("m => getComputedStyle(m).backgroundColor") == MARK_BACKGROUND[modality]
    # The side panel's link goes to the claim in the text.
    item.locator(f'a[href="#claim-{claim["claim_id"]}"]').click()
    page.wait_for_url(re.compile(rf"#claim-{claim['claim_id']}$"))
    expect(page.locator(f"#claim-{claim['claim_id']}")).to_be_attached()


def test_measure_chart_hover_and_click_through(page: Page, site: dict[str, Any], tmp_path: Path) -> None:
    measure = site["api"].get("/api/measures").json()["items"][0]
    timeline = site["api"].get(f"/api/measures/{measure['id']}").json()["timeline"]
    dated = [row for row in timeline if row["date"]]
    page.goto("/measures")
    page.locator(f'a[href="/measures/{measure["id"]}"]').first.click()
    page.wait_for_url(f"**/measures/{measure['id']}")
    points = page.locator("figure.chart svg g[id^=point-]")
    expect(points).to_have_count(len(dated))  # the SVG is fetched and inlined by app.js
    first = page.locator("figure.chart svg g#point-0")
    title = first.locator("title").text_content() or ""
    assert dated[0]["date"][:10] in title and dated[0]["unit"] in title
    link = first.locator("a")
    href = link.get_attribute("xlink:href") or link.get_attribute("href") or ""
    assert href == f"/articles/{dated[0]['doc_id']}#claim-{dated[0]['claim_id']}", href
    marker = link.locator("use, path").first
    marker.hover()
    # Hovering a point dims its marker (style.css): the pointer is really on the point.
    expect(marker).to_have_css("opacity", "0.6")
    snap(page, "measure", tmp_path)
    with page.context.expect_page() as opened:  # the chart's links open the article in a new tab
        marker.click()
    article = opened.value
    article.wait_for_url(re.compile(rf"/articles/{dated[0]['doc_id']}#claim-{dated[0]['claim_id']}$"))
    expect(article.locator(f"#claim-{dated[0]['claim_id']}")).to_be_attached()
    expect(article.locator("mark.claim").first).to_be_visible()


def test_api_docs_page_renders_offline(browser: Any, site: dict[str, Any]) -> None:
    context = browser.new_context(base_url=site["base"])
    try:
        tab = context.new_page()
        tab.goto("/api/docs")
        expect(tab.locator("section.api-op").first).to_be_visible(timeout=3_000)
        assert tab.locator("section.api-op").count() >= 10  # every documented operation
    finally:
        context.close()
