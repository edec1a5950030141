"""Fetching against a real HTTP server on 127.0.0.1 serving recorded pages, feeds and failures.

The server and its fixtures live here; the other ingestion test modules import them. The server is on
loopback, which a Fetcher refuses by default (test_hostile_fetch), so every Fetcher here opts in.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import SHARED

from claimgraph.ingest import IngestProblem
from claimgraph.ingest.fetch import USER_AGENT, Fetched, Fetcher

READABILITY = SHARED / "html" / "readability"
ENGLISH_PAGES = ("aclu", "bbc-1", "breitbart", "cnn", "guardian-1", "herald-sun-1", "msn", "nytimes-1",
                 "nytimes-2", "nytimes-3", "nytimes-4", "seattletimes-1", "telegraph", "wapo-1", "wapo-2")
FOREIGN_PAGES = ("la-nacion", "lemonde-1")
HUGE_BYTES = 200 * 1024 * 1024
SLOW_SECONDS = 3.0
RUSSIAN = ("Северная Корея может направить до 100 000 военнослужащих для поддержки России в войне против "
           "Украины, сообщили источники, знакомые с оценками некоторых стран «Большой двадцатки». ")
FRENCH = ("Selon des sources proches du dossier, la Corée du Nord pourrait envoyer jusqu'à 100 000 soldats "
          "pour soutenir la Russie. Le ministre a déclaré que les estimations étaient préoccupantes. ")
INDEX_PAGE = ("<html><head><title>Front page</title></head><body><nav><ul>"
              + "".join(f'<li><a href="/page/cnn?{i}">Story {i}</a></li>' for i in range(30))
              + "</ul></nav></body></html>").encode()


def legacy_page(text: str, encoding: str) -> bytes:
    """A page in a legacy encoding that declares no charset, neither in HTTP nor in HTML."""
    body = "".join(f"<p>{i}. {text}</p>" for i in range(1, 5))  # distinct: trafilatura drops repeated paragraphs
    return f"<html><head><title>{text[:20]}</title></head><body><article>{body}</article></body></html>".encode(encoding)


def rss_feed(base: str) -> bytes:
    """RSS 2.0: two good entries, one whose link is dead but which carries full content, one broken."""
    content = "".join(f"<p>{FRENCH.replace('Corée', 'Korea')}</p>" for _ in range(1))
    english = "".join("<p>The ministry said 4,000 people were evacuated from the flooded district on Monday, "
                      "and officials said at least 12 bridges had been closed.</p>" for _ in range(6))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Test Wire</title><link>{base}/</link><description>recorded pages</description>
<item><title>Birth lottery</title><link>{base}/page/cnn</link><pubDate>Mon, 01 Feb 2016 10:00:00 GMT</pubDate></item>
<item><title>Sudan</title><link>{base}/page/nytimes-1</link></item>
<item><title>Floods</title><link>{base}/missing</link><pubDate>Tue, 02 Feb 2016 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<html><body><article>{english}</article></body></html>]]></content:encoded></item>
<item><title>Broken: no link, no content</title></item>
</channel></rss>""".encode()


def atom_feed(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:test</id>
<updated>2019-01-03T00:00:00Z</updated>
<entry><title>Whales</title><id>urn:1</id><link href="{base}/page/guardian-1"/><updated>2019-01-03T00:00:00Z</updated></entry>
<entry><title>Halibut</title><id>urn:2</id><link href="{base}/page/seattletimes-1"/><updated>2019-04-28T00:00:00Z</updated></entry>
</feed>""".encode()


@dataclass
class ServerState:
    hits: dict[str, int] = field(default_factory=dict)
    user_agents: list[str] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    server: RecordedSite

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        state = self.server.state
        path = self.path.split("?")[0]
        with state.lock:
            state.hits[path] = state.hits.get(path, 0) + 1
            state.user_agents.append(self.headers.get("User-Agent", ""))
            hits = state.hits[path]
        try:
            self.route(path, hits)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (the size cap, a timeout): as it should

    def route(self, path: str, hits: int) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path.startswith("/page/"):
            name = path.removeprefix("/page/")
            if name not in ENGLISH_PAGES + FOREIGN_PAGES:
                return self.send(404, b"not found")
            return self.send(200, (READABILITY / name / "source.html").read_bytes(), "text/html; charset=utf-8")
        if path.startswith("/redirect/"):
            left = int(path.removeprefix("/redirect/"))
            self.send_response(302)
            self.send_header("Location", f"/redirect/{left - 1}" if left > 1 else "/page/cnn")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if path == "/flaky":  # 500 on the first try, then the page
            return self.send(500, b"oops") if hits == 1 else self.route("/page/bbc-1", hits)
        if path == "/busy":  # 429 with Retry-After on the first try
            if hits == 1:
                return self.send(429, b"slow down", headers={"Retry-After": "1"})
            return self.route("/page/wapo-1", hits)
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self.send(200, b"<html><body>late</body></html>", "text/html")
        if path == "/counted":  # records how many requests are in flight at once
            state = self.server.state
            with state.lock:
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
            time.sleep(0.2)
            with state.lock:
                state.in_flight -= 1
            return self.send(200, b"<html><body>ok</body></html>", "text/html")
        if path in ("/huge", "/huge-declared"):
            return self.huge(declared=path == "/huge-declared")
        routes: dict[str, tuple[bytes, str]] = {
            "/report.pdf": (b"%PDF-1.4\n" + bytes(2000), "application/pdf"),
            "/blob": (bytes(range(256)) * 8, "application/octet-stream"),
            "/cp1251": (legacy_page(RUSSIAN, "cp1251"), "text/html"),
            "/latin1": (legacy_page(FRENCH, "latin-1"), "text/html"),
            "/index": (INDEX_PAGE, "text/html; charset=utf-8"),
            "/feed.rss": (rss_feed(base), "application/rss+xml"),
            "/feed.atom": (atom_feed(base), "application/atom+xml"),
        }
        if path in routes:
            return self.send(200, *routes[path])
        if path == "/missing":
            return self.send(404, b"not found")
        return self.send(404, b"not found")

    def send(self, status: int, body: bytes, content_type: str = "text/plain",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def huge(self, *, declared: bool) -> None:
        """200 MB of HTML, generated as it is sent (never held in memory)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declared:
            self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        chunk = b"<p>" + b"x" * 65_529 + b"</p>\n"
        for _ in range(HUGE_BYTES // len(chunk)):
            self.wfile.write(chunk)


class RecordedSite(ThreadingHTTPServer):
    daemon_threads = True
    state: ServerState


@pytest.fixture(scope="session")
def readability() -> Path:
    if not (READABILITY / "cnn" / "source.html").is_file():
        pytest.skip(f"the recorded pages are not at {READABILITY} (../shared/html stands beside the repository)")
    return READABILITY


@pytest.fixture(scope="module")
def server(readability: Path) -> Iterator[RecordedSite]:
    """A real HTTP server on 127.0.0.1 (a free port), in a thread, for this module."""
    httpd = RecordedSite(("127.0.0.1", 0), Handler)
    httpd.state = ServerState()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server: RecordedSite) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    """Fast retries for tests: the policy is the same, the waits are short."""
    with Fetcher(timeout=1.0, backoff=0.01, allow_private_addresses=True) as f:
        yield f


def test_redirect_chain_is_followed(fetcher: Fetcher, base: str) -> None:
    fetched = fetcher.fetch(f"{base}/redirect/5")
    assert isinstance(fetched, Fetched)
    assert fetched.url == f"{base}/page/cnn" and fetched.content_type == "text/html" and fetched.charset == "utf-8"


def test_more_than_five_redirects_is_reported(fetcher: Fetcher, base: str) -> None:
    problem = fetcher.fetch(f"{base}/redirect/6")
    assert isinstance(problem, IngestProblem) and "more than 5 redirects" in problem.reason


def test_404_fails_without_retrying(fetcher: Fetcher, base: str, server: RecordedSite) -> None:
    problem = fetcher.fetch(f"{base}/missing?404")
    assert problem == IngestProblem(f"{base}/missing?404", "HTTP 404 Not Found; check the URL")


def test_500_then_200_is_retried(fetcher: Fetcher, base: str, server: RecordedSite) -> None:
    fetched = fetcher.fetch(f"{base}/flaky")
    assert isinstance(fetched, Fetched) and b"Obama" in fetched.data
    assert server.state.hits["/flaky"] == 2


def test_429_waits_for_retry_after(fetcher: Fetcher, base: str) -> None:
    start = time.monotonic()
    fetched = fetcher.fetch(f"{base}/busy")
    assert isinstance(fetched, Fetched)
    assert time.monotonic() - start >= 0.9  # Retry-After: 1, although the backoff alone is 0.01 s


def test_slow_server_times_out_after_retries(base: str) -> None:
    with Fetcher(timeout=0.2, retries=1, backoff=0.01, allow_private_addresses=True) as fetcher:
        start = time.monotonic()
        problem = fetcher.fetch(f"{base}/slow")
    assert isinstance(problem, IngestProblem) and not problem.skipped
    assert "timed out" in problem.reason and "after 2 tries" in problem.reason and "--timeout" in problem.reason
    assert time.monotonic() - start < 2


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_200_mb_response_is_skipped_past_the_cap(fetcher: Fetcher, base: str, path: str) -> None:
    start = time.monotonic()
    problem = fetcher.fetch(base + path)
    assert problem == IngestProblem(base + path, "response over 10 MB; skipped", skipped=True)
    assert time.monotonic() - start < 10


@pytest.mark.parametrize(("path", "media_type"), [("/report.pdf", "application/pdf"),
                                                  ("/blob", "application/octet-stream")])
def test_other_content_types_are_skipped(fetcher: Fetcher, base: str, path: str, media_type: str) -> None:
    problem = fetcher.fetch(base + path)
    assert isinstance(problem, IngestProblem) and problem.skipped
    assert f"content type {media_type!r} is not HTML" in problem.reason


def test_user_agent_names_claimgraph(fetcher: Fetcher, base: str, server: RecordedSite) -> None:
    fetcher.fetch(f"{base}/page/cnn")
    assert server.state.user_agents[-1] == USER_AGENT
    assert USER_AGENT.startswith("claimgraph/0.") and "news claim extraction" in USER_AGENT


def test_at_most_two_requests_to_one_host(base: str, server: RecordedSite) -> None:
    server.state.max_in_flight = 0
    with Fetcher(concurrency=8, per_host=2, allow_private_addresses=True) as fetcher, ThreadPoolExecutor(8) as pool:
        results = list(pool.map(fetcher.fetch, [f"{base}/counted?{i}" for i in range(8)]))
    assert all(isinstance(r, Fetched) for r in results)
    assert server.state.max_in_flight == 2


def test_unreachable_host_is_a_failure() -> None:
    with Fetcher(timeout=0.5, retries=0, allow_private_addresses=True) as fetcher:
        problem = fetcher.fetch("http://127.0.0.1:9/")  # the discard port: nothing listens
    assert isinstance(problem, IngestProblem) and "connection failed" in problem.reason
