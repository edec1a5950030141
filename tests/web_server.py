"""A real store, a real server and a real browser for the web tests (importable: pytest puts this
folder on sys.path; docs/make_screenshots.py adds it too).

The store holds the bundled sample articles (always present) and one hostile article whose title
and text carry markup, each extracted by the real Extractor and added with ``Store.add``; the
server is uvicorn on 127.0.0.1 on a free port, in a thread; the browser is Debian's Chromium,
headless, driven by Playwright."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from claimgraph import samples
from claimgraph.core import Article, Extractor
from claimgraph.ingest import IngestedArticle
from claimgraph.store import Store

HOSTILE_TITLE = 'Officials say <script>alert(1)</script> "><img src=x onerror=alert(2)>'
HOSTILE_TEXT = ("The ministry said on Monday that at least 1,200 troops <script>alert(3)</script> had crossed "
                'the border, and officials expect up to "><img src=x onerror=alert(4)> 5,000 more next week. '
                "Reuters reported that the <b>army</b> denied sending 300 tanks.")


def build_store(path: Path, *, hostile: bool = True) -> dict[str, int]:
    """The samples (and the hostile article unless ``hostile=False``) in a fresh store; returns each
    article's id by origin, the hostile one's also as "hostile"."""
    extractor = Extractor()
    articles = [IngestedArticle(origin=str(p), text=p.read_text(encoding="utf-8"), title=meta["title"],
                                outlet=meta["outlet"], published=(meta["published"] or "")[:10] or None,
                                url=meta["url"], language="en")
                for p, meta in ((p, samples.index()[p.stem]) for p in samples.paths())]
    if hostile:
        articles.append(IngestedArticle(origin="hostile.txt", text=HOSTILE_TEXT, title=HOSTILE_TITLE,
                                        outlet="<i>Evil</i> Outlet", published="2024-05-06",
                                        url="javascript:alert(5)", language="en"))
    ids: dict[str, int] = {}
    documents = extractor.pipe(Article(a.origin, a.text, published=a.published, outlet=a.outlet, title=a.title)
                               for a in articles)
    with Store(path) as store:
        for article, document in zip(articles, documents):
            ids[article.origin] = store.add(article, document).doc_id
    if hostile:
        ids["hostile"] = ids["hostile.txt"]
    return ids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True, name="claimgraph-test-server")
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


# Debian's Chromium (apt-get install chromium; .ci/run installs it). Playwright's own browser
# download cannot run here, so Playwright drives this one. CLAIMGRAPH_CHROMIUM points elsewhere.
CHROMIUM = os.environ.get("CLAIMGRAPH_CHROMIUM", "/usr/bin/chromium")
# Headless with no background traffic: the machine's network is closed, and Chromium's own
# connections (updates, sync, safe browsing) would otherwise fail at every start. Playwright gives
# each launch a fresh, empty profile (user data dir) of its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (Playwright or Chromium missing), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CLAIMGRAPH_CHROMIUM)"
    return None


def skip_without_browser() -> None:
    """Skip the calling test module when the browser cannot run, except under CI, where .ci/run
    installs Chromium and a skip would hide a broken set-up."""
    import pytest

    if (reason := browser_missing()) is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
        pytest.skip(reason, allow_module_level=True)


def launch_chromium(playwright: Any) -> Any:
    """A headless Chromium from ``sync_playwright()``: the caller closes it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
