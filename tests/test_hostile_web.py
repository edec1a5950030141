"""An attacker's findings against the web server, each reproduced against a real uvicorn server on
127.0.0.1 over a real store: a foreign Host (DNS rebinding) refused and never echoed into links;
writes refused unless they come from the server's own pages (Origin null, missing or foreign; a
sandboxed frame's auto-submitted form in a real Chromium); security headers on every response, a
forced 500 included; a token checked before an upload's body is read; an article of 50,000 claims
in under 2 s, a page whose client left stops rendering and a stopping server does not wait for a
render; a slow URL never holds up another ingest; charts over impossible stored dates."""

from __future__ import annotations

import dataclasses
import html
import io
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_server import free_port, launch_chromium, running, skip_without_browser

from claimgraph.charts import ChartPanel, write_chart
from claimgraph.core import Extractor
from claimgraph.ingest import IngestedArticle
from claimgraph.models import Document
from claimgraph.store import Store
from claimgraph.track import timeline as timeline_of
from claimgraph.web import create_app, rendering
from claimgraph.web.guard import SECURITY_HEADERS
from claimgraph.web.serve import SHUTDOWN_GRACE_SECONDS
from claimgraph.web.trust import AllowedHosts, cross_site
from claimgraph.web.views import ARTICLE_CLAIMS

TOKEN = "s3cret"
ALIAS = "claims.example.org"  # a name given with --allowed-host (never looked up: the Host header is set by hand)
BAD_DATES = ("9999-12-31", "2024-13-45", "0000-00-00")
SENTENCE = "Russia sent {n} troops across the border, the ministry said."  # a named subject: one measure
BLOCK = "Officials said 12 people died and 40 were hurt.\n\n" * 1000  # 2,000 claims, extracted once
BIG_CLAIMS = 50_000
SLOW_PARAGRAPHS = ("The ministry said 4,000 people were evacuated from the flooded district on Monday.",
                   "Officials said at least 12 bridges had been closed and 3 schools would stay shut.",
                   "The regional council estimated the damage at 40 million euros, its spokesman said.",
                   "Rescue teams said 250 volunteers had joined them overnight, according to a statement.",
                   "Forecasters said another 80 millimetres of rain could fall on the valley before Wednesday.",
                   "The mayor said the town's two shelters were housing 1,200 residents, twice their capacity.",
                   "Power was cut to 9,000 homes, the grid operator said, and 40 crews were at work.",
                   "Insurers said they had received 2,300 claims by Tuesday evening, a record for the region.")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[dict[str, Any]]:
    """A store of one measure dated 2024-03-01 and by the impossible dates; its server with a route
    that crashes (a forced 500) and a second server with a token."""
    path = tmp_path_factory.mktemp("hostile") / "store.db"
    with Store(path) as store:
        for n, published in enumerate(("2024-03-01", *BAD_DATES)):
            text = SENTENCE.format(n=1000 + n)
            store.add(IngestedArticle(origin=f"dated-{n}.txt", text=text, published=published, language="en"),
                      extractor.extract(text, doc_id=f"dated-{n}", published=published))
    app = create_app(path, allowed_hosts=[ALIAS])

    def crash() -> None:
        raise RuntimeError("forced for the test")

    app.add_api_route("/api/crash", crash)
    app.add_api_route("/crash", crash)
    with running(app) as base, running(create_app(path, token=TOKEN)) as token_base, \
            httpx.Client(base_url=base, timeout=60) as client:
        yield {"base": base, "port": int(base.rsplit(":", 1)[1]), "path": path, "client": client,
               "token_base": token_base, "explorer": app.state.explorer}
        if app.state.explorer.warming is not None:  # a write regroups the measures in a thread
            app.state.explorer.warming.join()


def _refused(response: httpx.Response, status: int, code: str) -> str:
    """The one error shape, with the security headers; returns the message."""
    assert response.status_code == status, response.text
    _has_security_headers(response)
    if response.headers["content-type"].startswith("text/html"):
        assert f"<h1>{status}" in response.text
        return response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "detail"} and error["code"] == code
    return str(error["message"])


def _has_security_headers(response: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.status_code)


def _documents(path: Path) -> int:
    with Store(path) as store:
        return int(store.counts()["documents"])


# Finding 2: DNS rebinding. The Host a request names must be one the server answers to.

def test_a_foreign_host_is_refused_and_the_bound_host_answered(served: dict[str, Any]) -> None:
    client, port = served["client"], served["port"]
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.nip.io:{port}", f"127.0.0.1:{port + 1}",
                 "[::1", "a b"):
        message = _refused(client.get("/api/claims", headers={"host": host}), 400, "unknown_host")
        assert "--allowed-host" in message
    page = client.get("/", headers={"host": f"evil.example:{port}", "accept": "text/html"})
    assert "does not answer to the host" in _refused(page, 400, "unknown_host")
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", ALIAS, f"{ALIAS}:8443"):
        assert client.get("/api/claims", headers={"host": host}).status_code == 200, host


def test_next_links_are_relative_whatever_the_host(served: dict[str, Any]) -> None:
    client, port = served["client"], served["port"]
    for host in (f"localhost:{port}", ALIAS):
        listing = client.get("/api/claims", params={"limit": 1, "modality": "fact"}, headers={"host": host}).json()
        assert listing["next"] == "/api/claims?limit=1&modality=fact&offset=1"
    assert client.get(listing["next"]).json()["offset"] == 1


def test_allowed_hosts_by_binding() -> None:
    anywhere = AllowedHosts.serving("0.0.0.0")
    assert anywhere.allows("192.0.2.7:8000", ("192.0.2.7", 8000))  # the address the connection reached
    assert not anywhere.allows("rebound.example:8000", ("192.0.2.7", 8000))
    assert anywhere.allows("localhost:8000", ("127.0.0.1", 8000))
    v6 = AllowedHosts.serving("::1")
    assert v6.allows("[::1]:8000", ("::1", 8000)) and v6.allows("127.0.0.1:8000", ("127.0.0.1", 8000))
    lan = AllowedHosts.serving("192.0.2.7", ["claims.lan:8443"])
    assert lan.allows("192.0.2.7:80", ("192.0.2.7", 80)) and lan.allows("192.0.2.7", ("192.0.2.7", 80))
    assert not lan.allows("localhost:80", ("192.0.2.7", 80))
    assert lan.allows("claims.lan:8443", ("192.0.2.7", 80)) and not lan.allows("claims.lan", ("192.0.2.7", 80))
    assert lan.allows("192.0.2.7", ("192.0.2.7", None)) and lan.allows("192.0.2.7", None)  # in process: no port
    with pytest.raises(ValueError, match="not a host name"):
        AllowedHosts.serving("127.0.0.1", ["http://claims.lan/"])
    # Behind a proxy that ends TLS, the page's origin is https and the Host the proxy passes on bare.
    assert cross_site("POST", {"host": "claims.lan", "origin": "https://claims.lan"}, "http") is None


# Finding 2: CSRF. A write needs this server's Origin (or, without one, its Referer).

def test_writes_from_elsewhere_are_refused_and_same_origin_accepted(served: dict[str, Any]) -> None:
    client, base, port = served["client"], served["base"], served["port"]
    before = _documents(served["path"])
    text = {"text": "Police said 31 people were detained after the march on Sunday."}
    for headers in ({"origin": "null"}, {}, {"origin": "https://evil.example"}, {"origin": f"http://127.0.0.1:{port + 1}"},
                    {"referer": "https://evil.example/cats"}, {"origin": "null", "referer": f"{base}/ingest"}):
        message = _refused(client.post("/api/documents", data=text, headers=headers), 403, "forbidden")
        assert "refused" in message
        form = client.post("/ingest", data=text, headers={**headers, "accept": "text/html"}, follow_redirects=False)
        _refused(form, 403, "forbidden")
    _refused(client.delete("/api/documents/1"), 403, "forbidden")  # every method that may change something
    assert _documents(served["path"]) == before
    made = client.post("/api/documents", data=text, headers={"origin": base})
    assert made.status_code == 201, made.text
    other = {"text": "The council said 8 bridges were closed for repairs."}
    form = client.post("/ingest", data=other, headers={"referer": f"{base}/ingest", "accept": "text/html"},
                       follow_redirects=False)
    assert form.status_code == 303 and form.headers["location"].startswith("/articles/")
    assert _documents(served["path"]) == before + 2
    assert client.delete("/api/documents/1", headers={"origin": base}).status_code == 405


def test_an_api_client_with_the_token_needs_no_origin(served: dict[str, Any]) -> None:
    text = {"text": "The agency said 64 flights were cancelled at the airport."}
    with httpx.Client(base_url=served["token_base"], timeout=60) as client:
        assert client.post("/api/documents", data=text, headers={"authorization": f"Bearer {TOKEN}"}).status_code == 201
        _refused(client.post("/api/documents", data=text, headers={"authorization": "Bearer wrong"}), 403, "forbidden")
        # A form's token field still works from the server's own page, for a body of pasted size.
        own = {"origin": served["token_base"]}
        assert client.post("/api/documents", data={**text, "token": TOKEN}, headers=own).status_code == 201
        _refused(client.post("/api/documents", data={**text, "token": "wrong"}, headers=own), 403, "forbidden")


# Finding 8: a slow page never holds up another ingest.

class Trickle:
    """A server on 127.0.0.1 that answers one request with an article, a byte every 0.2 s, until told
    to send the rest at once (``finish``)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/slow"
        self.asked, self.done = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True, name="trickle")
        self.thread.start()

    def _serve(self) -> None:
        body = ("<html><head><title>Slow</title></head><body><article>"
                + "".join(f"<p>{p}</p>" for p in SLOW_PARAGRAPHS) + "</article></body></html>").encode()
        connection, _ = self.listener.accept()
        with connection:
            connection.recv(65536)
            self.asked.set()
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                               + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode())
            sent = 0
            while sent < len(body) and not self.done.wait(0.2):
                connection.sendall(body[sent:sent + 1])
                sent += 1
            connection.sendall(body[sent:])

    def finish(self) -> None:
        self.done.set()
        self.thread.join(10)
        self.listener.close()


def test_a_slow_url_does_not_block_another_ingest(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with Store(path):
        pass
    trickle = Trickle()
    answers: list[httpx.Response] = []
    with running(create_app(path, allow_private_addresses=True)) as base, \
            httpx.Client(base_url=base, timeout=120, headers={"origin": base}) as client:
        slow = threading.Thread(target=lambda: answers.append(client.post("/api/documents", data={"url": trickle.url})))
        slow.start()
        try:
            assert trickle.asked.wait(30)  # the slow fetch is under way
            started = time.monotonic()
            quick = client.post("/api/documents", data={"text": "The council said 8 bridges were closed."}, timeout=15)
            assert quick.status_code == 201, quick.text
            assert time.monotonic() - started < 10 and slow.is_alive()  # done while the page still trickles
        finally:
            trickle.finish()
            slow.join(60)
    assert answers and answers[0].status_code == 201, answers[0].text  # the slow page, stored once it came


# Finding 2 in a real browser: another site's page posts to the explorer without the visitor's doing.

def _auto_submit(action: str, text: str) -> str:
    return (f'<form method="post" action="{action}" enctype="multipart/form-data">'
            f'<textarea name="text">{html.escape(text)}</textarea></form><script>document.forms[0].submit()</script>')


class AttackerPages(BaseHTTPRequestHandler):
    """Another site (a second server on 127.0.0.1): its pages post a form to the explorer on load."""

    explorer = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        planted = {"/sandboxed": "Officials said 911 raccoons stormed the sandboxed frame.",
                   "/plain": "Officials said 912 raccoons stormed the plain page."}.get(self.path)
        if planted is None:
            self.send_error(404)
            return
        form = _auto_submit(f"{self.explorer}/ingest", planted)
        page = (f'<!doctype html><title>cats</title><iframe sandbox="allow-forms allow-scripts" '
                f'srcdoc="{html.escape(form)}"></iframe>') if self.path == "/sandboxed" else form
        body = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Recorder:
    """The explorer's app, noting each POST it answers: its Origin header and the status sent back
    (what the browser sent and got, seen from the server: a frame's events do not always reach Playwright)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.posts: list[tuple[str, int]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        origin = dict(scope["headers"]).get(b"origin", b"").decode()

        async def noting(message: Any) -> None:
            if message["type"] == "http.response.start":
                self.posts.append((origin, message["status"]))
            await send(message)

        await self.app(scope, receive, noting)

    def wait_for(self, count: int) -> list[tuple[str, int]]:
        deadline = time.monotonic() + 15
        while len(self.posts) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.posts)


def test_chromium_cross_site_forms_store_nothing(served: dict[str, Any]) -> None:
    skip_without_browser()
    from playwright.sync_api import sync_playwright

    explorer = Recorder(create_app(served["path"]))
    attacker = ThreadingHTTPServer(("127.0.0.1", 0), AttackerPages)
    threading.Thread(target=attacker.serve_forever, daemon=True, name="attacker").start()
    other_site = f"http://127.0.0.1:{attacker.server_address[1]}"
    before = _documents(served["path"])
    with running(explorer) as base, sync_playwright() as playwright:
        AttackerPages.explorer = base
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            page.goto(f"{other_site}/sandboxed")  # a sandboxed frame: Chromium sends Origin: null
            assert explorer.wait_for(1) == [("null", 403)]
            page.goto(f"{other_site}/plain")  # the page itself: its own origin
            assert explorer.wait_for(2)[1] == (other_site, 403)
            page.goto(f"{base}/ingest")  # the explorer's own form, in the same browser, does store
            page.fill("textarea[name=text]", "The agency said 57 wells were tested for lead.")
            page.click("form.ingest button[type=submit]")
            page.wait_for_url(re.compile(r"/articles/\d+$"))
            assert explorer.wait_for(3)[2] == (base, 303)
        finally:
            browser.close()
            attacker.shutdown()
            attacker.server_close()
    assert _documents(served["path"]) == before + 1
    assert served["client"].get("/api/claims", params={"search": "raccoons"}).json()["items"] == []


# Finding 12: the token before the body. The server answers 403 with most of the body unsent.

def _post_head(base: str, extra: str, declared: int = 9_000_000) -> bytes:
    """The answer to a POST that declares ``declared`` bytes and sends 1 KB of them (blocks if none comes)."""
    port = int(base.rsplit(":", 1)[1])
    head = (f"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: {base}\r\n{extra}"
            f"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {declared}\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(head.encode() + b"--b\r\nContent-Disposition: form-data; name=\"file\"; "
                     b"filename=\"big.txt\"\r\n\r\n" + b"x" * 1024)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return answer


def test_an_upload_without_the_token_is_refused_before_its_body_is_read(served: dict[str, Any]) -> None:
    for extra in ("", "Authorization: Bearer wrong\r\n"):
        answer = _post_head(served["token_base"], extra).decode("latin-1")
        assert answer.startswith("HTTP/1.1 403"), answer[:200]
        assert "content-security-policy:" in answer.lower()


# Finding 12: security headers on every response, errors and crashes included.

def test_security_headers_on_errors_and_a_forced_500(served: dict[str, Any]) -> None:
    client = served["client"]
    assert "RuntimeError" in _refused(client.get("/api/crash"), 500, "internal_error")
    _refused(client.get("/crash", headers={"accept": "text/html"}), 500, "internal_error")
    _refused(client.get("/api/nothing-here"), 404, "not_found")
    _refused(client.get("/articles/999999", headers={"accept": "text/html"}), 404, "not_found")
    _refused(client.get("/api/claims", params={"limit": 0}), 400, "invalid_parameter")
    _has_security_headers(client.get("/static/style.css"))


# Finding 9: charts over stored dates no chart can place.

def test_charts_and_timelines_survive_impossible_stored_dates(served: dict[str, Any]) -> None:
    client = served["client"]
    measure = client.get("/api/measures").json()["items"][0]
    timeline = client.get(f"/api/measures/{measure['id']}").json()["timeline"]
    assert len(timeline) == 4 and "9999-12-31" in {row["date"] for row in timeline}  # shown as stored
    chart = client.get(f"/measures/{measure['id']}/chart.svg")
    assert chart.status_code == 200 and chart.text.count("<title>") == 1  # only 2024-03-01 is placed
    assert "3 undated claims not shown" in chart.text
    for url in (f"/measures/{measure['id']}", f"/api/timeline/{measure['id']}"):
        assert client.get(url, headers={"accept": "text/html"}).status_code == 200, url
    with Store(served["path"]) as store:
        found = store.measure_set()
        entries = timeline_of(store.measure_records(found, found.measures[0]))
    out = io.BytesIO()  # the CLI's chart (timeline --format png) draws from the same panel
    assert write_chart([ChartPanel("troops", "four claims", entries)], out, "png") == 1 and out.getvalue()


# Finding 5: an article of 50,000 claims, a client that leaves, a server that stops.

def _shifted(value: Any, by: int) -> Any:
    """A claim (or any part of one) with every start and end moved ``by`` characters."""
    if isinstance(value, tuple):
        return tuple(_shifted(v, by) for v in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {f.name: (getattr(value, f.name) + by if f.name in ("start", "end") else _shifted(getattr(value, f.name), by))
               for f in dataclasses.fields(value)}
    return dataclasses.replace(value, **changes)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[dict[str, Any]]:
    """One article of 50,000 claims in a store (``Store.add``): 25 copies of a text the extractor
    read once (2,000 claims), each copy's claims moved to its place."""
    found = extractor.extract(BLOCK, doc_id="big")
    copies = BIG_CLAIMS // len(found.claims)
    text = BLOCK * copies
    claims = tuple(_shifted(c, k * len(BLOCK)) for k in range(copies) for c in found.claims)
    path = tmp_path_factory.mktemp("big") / "store.db"
    with Store(path) as store:
        doc_id = store.add(IngestedArticle(origin="big.txt", text=text, title="Casualties", language="en"),
                           Document("big", text, claims)).doc_id
    with running(create_app(path)) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield {"path": path, "doc_id": doc_id, "base": base, "client": client, "chars": len(text)}


def test_an_article_of_50000_claims_renders_in_under_2_seconds(big: dict[str, Any]) -> None:
    client, url = big["client"], f"/articles/{big['doc_id']}"
    for offset, shown in ((0, ARTICLE_CLAIMS), (BIG_CLAIMS - ARTICLE_CLAIMS // 2, ARTICLE_CLAIMS // 2)):
        started = time.perf_counter()
        page = client.get(url, params={"offset": offset}, headers={"accept": "text/html"})
        elapsed = time.perf_counter() - started
        assert page.status_code == 200 and elapsed < 2.0, elapsed
        assert page.text.count('<li id="item-') == shown and f"{BIG_CLAIMS} claims" in page.text
        assert f'id="item-{offset + 1}"' in page.text and page.text.count("<mark class=") >= shown
    port = big["base"].rsplit(":", 1)[1]
    first = client.get(url, headers={"accept": "text/html", "host": f"localhost:{port}"}).text
    assert f'href="{url}?offset={ARTICLE_CLAIMS}"' in first and "localhost" not in first  # relative


def test_a_page_whose_client_left_stops_rendering(big: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[int] = []
    piece = rendering._piece

    def slow_piece(chunks: Iterator[str]) -> str:  # a rendering that takes its time: 1 KB every 20 ms
        rendered.append(1)
        time.sleep(0.02)
        return piece(chunks)

    monkeypatch.setattr(rendering, "PIECE_CHARS", 1024)
    monkeypatch.setattr(rendering, "_piece", slow_piece)
    port = int(big["base"].rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(f"GET /articles/{big['doc_id']} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
    time.sleep(1.0)
    after_leaving = len(rendered)
    time.sleep(1.0)
    assert len(rendered) == after_leaving  # stopped
    assert after_leaving < big["chars"] / 1024 / 10  # long before the end of the page


SERVE_SLOWLY = """
import sys, time
from claimgraph.web import create_app, rendering
from claimgraph.web.serve import server

piece = rendering._piece
def slow_piece(chunks):  # a rendering that takes minutes: 1 KB every 50 ms
    time.sleep(0.05)
    return piece(chunks)

rendering._piece, rendering.PIECE_CHARS = slow_piece, 1024
server(create_app(sys.argv[1]), port=int(sys.argv[2]), log_level="error").run()
"""


def test_a_stopping_server_does_not_wait_for_a_render(big: dict[str, Any]) -> None:
    port = free_port()
    with subprocess.Popen([sys.executable, "-c", SERVE_SLOWLY, str(big["path"]), str(port)],
                          stderr=subprocess.PIPE, text=True) as process:
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(base, process)
            with httpx.stream("GET", f"{base}/articles/{big['doc_id']}", timeout=60) as page:
                reading = page.iter_bytes()  # kept: the client stays connected, neither reading on nor leaving
                assert page.status_code == 200 and next(reading)  # the render is under way (it would take minutes)
                started = time.monotonic()
                process.send_signal(signal.SIGTERM)
                process.wait(SHUTDOWN_GRACE_SECONDS + 10)
                assert time.monotonic() - started < SHUTDOWN_GRACE_SECONDS + 5
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def _wait_for(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{base}/static/style.css")
            return
        except httpx.ConnectError:
            assert time.monotonic() < deadline and process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.05)


def test_a_damaged_store_is_a_503_with_its_message_and_headers(tmp_path: Path) -> None:
    """A store that became unreadable while served answers with the store's own message (the one error
    shape, 503) and the security headers, never a traceback."""
    path = tmp_path / "damaged.db"
    with Store(path):
        pass
    app = create_app(path)
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with running(app) as base:
        response = httpx.get(f"{base}/api/claims")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "store_unavailable"
    assert "damaged.db" in response.json()["error"]["message"]
    assert all(name in response.headers for name in SECURITY_HEADERS)
