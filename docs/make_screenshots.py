"""The README's screenshots, taken in a real browser: the bundled samples in a fresh store, served on
127.0.0.1, and Debian's headless Chromium (Playwright) at 1280×900 on the article view (a claim
hovered, its panel item lit) and on the page of the largest measure with a named subject, with its timeline chart.

    make screenshots            # or: .venv/bin/python docs/make_screenshots.py [--out docs]

Needs the `test` extra (playwright) and Chromium at /usr/bin/chromium (apt-get install chromium)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the store, server and browser the browser tests use

from web_server import build_store, launch_chromium, running

from claimgraph.web import create_app

ARTICLE = "wn-2019-01-04-magnitogorsk-apartment-building-collapses-after-explosion-dozens-dead"
VIEWPORT = {"width": 1280, "height": 900}


def take(out: Path) -> list[Path]:
    from playwright.sync_api import expect, sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "samples.db"
        ids = {Path(origin).stem: doc_id for origin, doc_id in build_store(store, hostile=False).items()}
        with running(create_app(store)) as base, sync_playwright() as playwright:
            items = httpx.get(f"{base}/api/measures", params={"limit": 200}, timeout=30).json()["items"]
            # the largest measure whose subject is named: a timeline about someone, not a catch-all
            measure = next((m for m in items if not m["name"].startswith("(no subject)")), items[0])
            browser = launch_chromium(playwright)
            try:
                page = browser.new_page(base_url=base, viewport=VIEWPORT)
                page.set_default_timeout(15_000)
                page.goto(f"/articles/{ids[ARTICLE]}")
                mark = page.locator("mark.claim.m-possible").first
                mark.hover()
                expect(page.locator(".claim-list li.active").first).to_be_visible()
                article = out / "article-view.png"
                page.screenshot(path=str(article))
                page.goto(f"/measures/{measure['id']}")
                expect(page.locator("figure.chart svg g[id^=point-]").first).to_be_attached()
                timeline = out / "measure-timeline.png"
                page.screenshot(path=str(timeline))
            finally:
                browser.close()
    return [article, timeline]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files (default: docs)")
    for path in take(parser.parse_args().out):
        print(path)


if __name__ == "__main__":
    main()
