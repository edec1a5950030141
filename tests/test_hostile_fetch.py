"""A hostile web against the fetcher: URLs, redirects and feed links into the machine or its network
(every spelling of loopback, private, link-local, multicast, IPv6-embedded addresses), names whose DNS
answer points inside, and servers that trickle; all refused or cut off, and the opt-in still works.

Every connection goes to the real server here on 127.0.0.1; an autouse guard fails a test that
tries to open one to any other address, and records them all, so "refused before connecting" is
checked, not assumed. Other addresses come only from a stub resolver, and the name that stands for
a public news site (``news.example``) is served from loopback through an explicit test hook.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from test_ingest_fetch import Handler as RecordedHandler

from claimgraph.ingest import IngestedArticle, IngestProblem, addresses
from claimgraph.ingest.addresses import OPT_IN_HINT, RefusedAddress, checked_addresses, refused_kind
from claimgraph.ingest.fetch import Fetched, Fetcher
from claimgraph.ingest.run import reason_group
from claimgraph.ingest.sources import read_sources

PUBLIC_STAND_IN = "news.example"  # treated as a public site by the ``pretend_public`` hook, served from loopback
LOOPBACK = ipaddress.ip_network("127.0.0.0/8")
TRICKLE_SECONDS = 0.5
TRICKLE_BYTES = 16  # 8 s of trickle, then the server hangs up: were the deadline broken, a test fails, not hangs
#: Names the stub resolver answers, as a hostile DNS server would.
STUB_DNS = {"intranet.example": ["10.0.0.1"], "metadata.example": ["169.254.169.254"],
            "multicast.example": ["224.0.0.1"], "mapped.example": ["::ffff:127.0.0.1"], "ula.example": ["fd00::1"]}
PARAGRAPHS = ("The ministry said 4,000 people were evacuated from the flooded district on Monday.",
              "Officials said at least 12 bridges had been closed and 3 schools would stay shut until Friday.",
              "The regional council estimated the damage at 40 million euros, its spokesman told reporters.",
              "Rescue teams said 250 volunteers had joined them overnight, according to a statement.",
              "Forecasters said another 80 millimetres of rain could fall on the valley before Wednesday.",
              "The mayor said the town's two shelters were housing 1,200 residents, twice their capacity.")
ARTICLE = ("<html><head><title>Floods</title></head><body><article>"
           + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>").encode()


class Handler(RecordedHandler):
    """test_ingest_fetch's handler (its ``send``) over this module's routes."""

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path, _, query = self.path.partition("?")
        HITS.append(path)
        try:
            if path == "/page":
                self.send(200, ARTICLE, "text/html; charset=utf-8")
            elif path == "/redirect":  # 302 to ?to=
                self.send(302, b"", headers={"Location": parse_qs(query)["to"][0]})
            elif path == "/busy":  # always too busy, back in 5 s
                self.send(429, b"slow down", headers={"Retry-After": "5"})
            elif path == "/feed.rss":
                self.send(200, FEEDS[0], "application/rss+xml")
            elif path == "/trickle":  # a body of a byte every TRICKLE_SECONDS
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "1000")
                self.end_headers()
                self.trickle(b"x" * TRICKLE_BYTES)
            elif path == "/trickle-headers":  # the status line, then headers a byte at a time
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                self.trickle(b"X-Slow: " + b"y" * TRICKLE_BYTES)
            else:
                self.send(404, b"not found")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up, as it should

    def trickle(self, data: bytes) -> None:
        for byte in data:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(TRICKLE_SECONDS)


HITS: list[str] = []
SNI: list[str] = []
FEEDS: list[bytes] = [b""]


def serving(tls: ssl.SSLContext | None = None) -> Iterator[int]:
    """A real HTTP(S) server on 127.0.0.1 (a free port), in a thread, while the generator runs."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    yield from serving()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed certificate (and its key, beside it) for ``news.example`` only."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: it makes the test certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"), "-days", "2",
                    "-subj", f"/CN={PUBLIC_STAND_IN}", "-addext", f"subjectAltName=DNS:{PUBLIC_STAND_IN}"],
                   check=True, capture_output=True)
    return folder / "cert.pem"


@pytest.fixture(scope="module")
def tls_port(certificate: Path) -> Iterator[int]:
    """The same server over TLS with the ``news.example`` certificate; the names asked for (SNI) in SNI."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, certificate.with_name("key.pem"))

    def record_sni(_socket: ssl.SSLObject, name: str | None, _context: ssl.SSLContext) -> None:
        SNI.append(name or "")

    context.sni_callback = record_sni
    yield from serving(context)


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every TCP connection opened (there is one only to 127.0.0.0/8: any other fails the test)."""
    opened: list[tuple[str, int]] = []
    real_connect = socket.create_connection

    def loopback_only(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        host, connect_port = address[0], address[1]
        try:
            on_loopback = ipaddress.ip_address(host) in LOOPBACK
        except ValueError:  # a name: the fetcher must connect to the address it checked, never a name
            on_loopback = False
        if not on_loopback:
            pytest.fail(f"a connection to {host}:{connect_port} was attempted")
        opened.append((host, connect_port))
        return real_connect(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", loopback_only)
    HITS.clear()
    return opened


@pytest.fixture(autouse=True)
def stub_dns(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The hostile DNS of ``STUB_DNS``; numeric hosts go to the real ``getaddrinfo`` (no lookup)."""
    asked: list[str] = []
    real_resolve = addresses.resolve

    def resolve(host: str, port: int) -> list[addresses.IPAddress]:
        asked.append(host)
        if host in STUB_DNS:
            return [ipaddress.ip_address(a) for a in STUB_DNS[host]]
        return real_resolve(host, port)

    monkeypatch.setattr(addresses, "resolve", resolve)
    return asked


@pytest.fixture
def pretend_public(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The test hook: ``news.example`` stands for a public site and is served from 127.0.0.1; every
    other host is checked by the real policy. Returns the hosts checked, in order."""
    checked: list[str] = []
    real_check = addresses.checked_addresses

    def check(host: str, port: int, *, allow_private: bool) -> list[addresses.IPAddress]:
        checked.append(host)
        if host == PUBLIC_STAND_IN:
            return [ipaddress.ip_address("127.0.0.1")]
        return real_check(host, port, allow_private=allow_private)

    monkeypatch.setattr(addresses, "checked_addresses", check)
    return checked


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    """The default policy (no opt-in), with fast retries."""
    with Fetcher(timeout=1.0, backoff=0.01) as f:
        yield f


def refusal(address: str, kind: str, redirected_to: str | None = None) -> str:
    """The refusal's reason, with ``address`` as ipaddress writes it (3.11: ::ffff:7f00:1)."""
    written = ipaddress.ip_address(address)
    if redirected_to:
        return f"redirects to {kind} ({redirected_to}: {written}): refused; {OPT_IN_HINT}"
    return f"resolves to {kind} ({written}): refused; {OPT_IN_HINT}"


def test_loopback_is_refused_by_default(fetcher: Fetcher, port: int, connections: list[tuple[str, int]]) -> None:
    url = f"http://127.0.0.1:{port}/page"
    assert fetcher.fetch(url) == IngestProblem(url, refusal("127.0.0.1", "a loopback address"))
    assert connections == [] and HITS == []


def test_the_opt_in_lets_loopback_through(port: int, connections: list[tuple[str, int]]) -> None:
    with Fetcher(allow_private_addresses=True) as fetcher:
        fetched = fetcher.fetch(f"HTTP://127.0.0.1:{port}/page")  # the scheme in capitals is a URL too
    assert isinstance(fetched, Fetched) and fetched.data == ARTICLE
    assert connections == [("127.0.0.1", port)]


@pytest.mark.parametrize(("host", "address", "kind"), [
    ("2130706433", "127.0.0.1", "a loopback address"),          # decimal
    ("0x7f.1", "127.0.0.1", "a loopback address"),              # hex, short
    ("0x7f000001", "127.0.0.1", "a loopback address"),
    ("017700000001", "127.0.0.1", "a loopback address"),        # octal
    ("127.1", "127.0.0.1", "a loopback address"),               # short
    ("127.255.255.254", "127.255.255.254", "a loopback address"),
    ("localhost", "127.0.0.1", "a loopback address"),
    ("0.0.0.0", "0.0.0.0", "an unspecified address"),
    ("0", "0.0.0.0", "an unspecified address"),
    ("[::]", "::", "an unspecified address"),
    ("[::1]", "::1", "a loopback address"),
    ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1", "a loopback address (127.0.0.1) inside an IPv6 address"),   # IPv4-mapped
    ("[::ffff:a00:1]", "::ffff:a00:1", "a private address (10.0.0.1) inside an IPv6 address"),
    ("[2002:7f00:1::]", "2002:7f00:1::", "a loopback address (127.0.0.1) inside an IPv6 address"),         # 6to4
    ("[64:ff9b::a9fe:a9fe]", "64:ff9b::a9fe:a9fe", "a link-local address (169.254.169.254) inside an IPv6 address"),  # NAT64
    ("[fe80::1]", "fe80::1", "a link-local address"),
    ("[fc00::1]", "fc00::1", "a private address"),
    ("[fd12:3456::1]", "fd12:3456::1", "a private address"),
    ("[ff02::1]", "ff02::1", "a multicast address"),
    ("10.0.0.1", "10.0.0.1", "a private address"),
    ("172.16.5.4", "172.16.5.4", "a private address"),
    ("192.168.1.1", "192.168.1.1", "a private address"),
    ("169.254.169.254", "169.254.169.254", "a link-local address"),  # cloud metadata
    ("224.0.0.1", "224.0.0.1", "a multicast address"),
    ("240.0.0.1", "240.0.0.1", "a reserved address"),
    ("100.64.0.1", "100.64.0.1", "a non-public address"),  # carrier-grade NAT
])
def test_every_spelling_of_an_inside_address_is_refused_without_connecting(
        fetcher: Fetcher, connections: list[tuple[str, int]], host: str, address: str, kind: str) -> None:
    url = f"http://{host}:8080/latest/meta-data/"
    assert fetcher.fetch(url) == IngestProblem(url, refusal(address, kind))
    assert connections == []


@pytest.mark.parametrize(("host", "address", "kind"), [
    ("intranet.example", "10.0.0.1", "a private address"),
    ("metadata.example", "169.254.169.254", "a link-local address"),
    ("multicast.example", "224.0.0.1", "a multicast address"),
    ("mapped.example", "::ffff:127.0.0.1", "a loopback address (127.0.0.1) inside an IPv6 address"),
    ("ula.example", "fd00::1", "a private address"),
])
def test_names_resolving_inside_are_refused_before_connecting(
        fetcher: Fetcher, connections: list[tuple[str, int]], stub_dns: list[str], host: str, address: str,
        kind: str) -> None:
    url = f"https://{host}/admin"
    assert fetcher.fetch(url) == IngestProblem(url, refusal(address, kind))
    assert connections == [] and stub_dns == [host]  # asked once, never retried: a refusal is final


def test_a_name_with_one_inside_address_among_public_ones_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(STUB_DNS, "mixed.example", ["203.0.113.9", "8.8.8.8", "10.1.2.3"])
    with pytest.raises(RefusedAddress) as refused:
        checked_addresses("mixed.example", 443, allow_private=False)
    assert (refused.value.address, refused.value.kind) == (ipaddress.ip_address("203.0.113.9"), "a private address")
    monkeypatch.setitem(STUB_DNS, "mixed.example", ["8.8.8.8", "10.1.2.3"])
    with pytest.raises(RefusedAddress, match=r"mixed.example resolves to a private address \(10.1.2.3\): refused; pass --allow"):
        checked_addresses("mixed.example", 443, allow_private=False)


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700::1111", "64:ff9b::808:808", "2002:808:808::1",
                                     "::ffff:8.8.8.8"])
def test_public_addresses_pass_the_policy(address: str) -> None:
    assert refused_kind(ipaddress.ip_address(address)) is None


def test_a_redirect_into_loopback_is_refused_at_that_hop(fetcher: Fetcher, port: int, pretend_public: list[str],
                                                          connections: list[tuple[str, int]]) -> None:
    inside = f"http://127.0.0.1:{port}/page"
    url = f"http://{PUBLIC_STAND_IN}:{port}/redirect?to={inside}"
    problem = fetcher.fetch(url)
    assert problem == IngestProblem(url, refusal("127.0.0.1", "a loopback address", redirected_to=inside))
    assert HITS == ["/redirect"] and pretend_public == [PUBLIC_STAND_IN, "127.0.0.1"]
    assert connections == [("127.0.0.1", port)]  # the public-looking first hop only


@pytest.mark.parametrize("location", ["http://2130706433:{port}/page", "http://[::1]:{port}/page",
                                      "http://metadata.example/latest/meta-data/"])
def test_redirects_to_any_inside_spelling_are_refused(fetcher: Fetcher, port: int, pretend_public: list[str],
                                                       location: str) -> None:
    url = f"http://{PUBLIC_STAND_IN}:{port}/redirect?to={location.format(port=port)}"
    problem = fetcher.fetch(url)
    assert isinstance(problem, IngestProblem) and problem.reason.startswith("redirects to ")
    assert problem.reason.endswith(f": refused; {OPT_IN_HINT}") and HITS == ["/redirect"]


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://{public}/x", "gopher://{public}:70/"])
def test_redirects_to_other_schemes_are_refused(fetcher: Fetcher, port: int, pretend_public: list[str],
                                                location: str) -> None:
    target = location.format(public=PUBLIC_STAND_IN)
    url = f"http://{PUBLIC_STAND_IN}:{port}/redirect?to={target}"
    problem = fetcher.fetch(url)
    assert isinstance(problem, IngestProblem) and problem.reason.startswith(f"redirected to {target.split(':')[0]}:")
    assert "only http and https URLs are fetched" in problem.reason and HITS == ["/redirect"]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://news.example/", "gopher://127.0.0.1:70/",
                                 "javascript:alert(1)", "http:///nohost"])
def test_only_http_urls_with_a_host_are_fetched(fetcher: Fetcher, url: str, connections: list[tuple[str, int]]) -> None:
    problem = fetcher.fetch(url)
    assert isinstance(problem, IngestProblem) and ("only http and https" in problem.reason or "host" in problem.reason)
    assert connections == []


def test_a_public_redirect_chain_connects_only_to_checked_addresses(
        fetcher: Fetcher, port: int, pretend_public: list[str], connections: list[tuple[str, int]]) -> None:
    """DNS rebinding: the name is resolved once per connection, by the policy, and the socket is
    opened to the address it checked; the name itself never reaches ``socket.create_connection``."""
    final = f"http://{PUBLIC_STAND_IN}:{port}/page"
    fetched = fetcher.fetch(f"http://{PUBLIC_STAND_IN}:{port}/redirect?to={final}")
    assert isinstance(fetched, Fetched) and fetched.url == final and fetched.data == ARTICLE
    assert HITS == ["/redirect", "/page"] and all(address == ("127.0.0.1", port) for address in connections)
    assert set(pretend_public) == {PUBLIC_STAND_IN} and len(pretend_public) == len(connections)


def test_the_deadline_cuts_off_a_trickling_body(port: int) -> None:
    with Fetcher(timeout=1.0, deadline=3.0, retries=1, backoff=0.01, allow_private_addresses=True) as fetcher:
        start = time.monotonic()
        problem = fetcher.fetch(f"http://127.0.0.1:{port}/trickle")
        elapsed = time.monotonic() - start
    assert isinstance(problem, IngestProblem)
    assert problem.reason == ("stopped at the 3 s deadline for a whole fetch (after 1 try, the last: timed out "
                              "(ReadTimeout)); the server sends too slowly: try a longer --timeout")
    assert reason_group(problem.reason) == "stopped at the 3 s deadline for a whole fetch"
    assert 2.9 <= elapsed < 3.6, elapsed  # each byte came within the 1 s timeout: only the deadline ends it


def test_the_deadline_cuts_off_trickling_headers(port: int) -> None:
    with Fetcher(timeout=1.0, deadline=2.0, retries=1, backoff=0.01, allow_private_addresses=True) as fetcher:
        start = time.monotonic()
        problem = fetcher.fetch(f"http://127.0.0.1:{port}/trickle-headers")
        elapsed = time.monotonic() - start
    assert isinstance(problem, IngestProblem) and "2 s deadline" in problem.reason
    assert 1.9 <= elapsed < 2.6, elapsed


def test_a_retry_that_would_pass_the_deadline_is_not_waited_for(port: int) -> None:
    with Fetcher(timeout=1.0, deadline=2.0, backoff=0.01, allow_private_addresses=True) as fetcher:
        start = time.monotonic()
        problem = fetcher.fetch(f"http://127.0.0.1:{port}/busy")
        elapsed = time.monotonic() - start
    assert problem == IngestProblem(f"http://127.0.0.1:{port}/busy", "HTTP 429 Too Many Requests (after 1 try, and "
                                    "waiting 5 s to try again would pass the 2 s deadline for a whole fetch)")
    assert elapsed < 1 and HITS == ["/busy"]


def test_the_default_deadline_follows_the_timeout() -> None:
    with Fetcher() as default, Fetcher(timeout=1.0) as short, Fetcher(timeout=30.0) as long:
        assert (default.deadline, short.deadline, long.deadline) == (60.0, 60.0, 90.0)


def test_feed_entries_linking_inside_are_refused(tmp_path: Path, fetcher: Fetcher, port: int,
                                                 pretend_public: list[str], connections: list[tuple[str, int]]) -> None:
    """A public feed (news.example) whose entries link into the machine and its network: those
    entries are refused, the one linking to the public site is read, and nothing else is connected."""
    links = [f"http://127.0.0.1:{port}/page", f"http://0x7f.1:{port}/page", "http://169.254.169.254/latest/",
             "http://intranet.example/wiki", f"http://{PUBLIC_STAND_IN}:{port}/page"]
    items = "".join(f"<item><title>Entry {i}</title><link>{link}</link></item>" for i, link in enumerate(links))
    FEEDS[0] = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
                f"<link>http://{PUBLIC_STAND_IN}/</link><description>d</description>{items}</channel></rss>").encode()
    feed = f"http://{PUBLIC_STAND_IN}:{port}/feed.rss"
    results = list(read_sources([feed], fetcher))
    refused = [r for r in results if isinstance(r, IngestProblem)]
    assert [r.origin for r in refused] == [f"{feed}#entry-{n}" for n in range(1, 5)]
    assert [r.reason for r in refused] == [refusal("127.0.0.1", "a loopback address")] * 2 + [
        refusal("169.254.169.254", "a link-local address"), refusal("10.0.0.1", "a private address")]
    assert [reason_group(r.reason) for r in refused] == [  # the run's summary counts them by kind
        "resolves to a loopback address: refused"] * 2 + [
        "resolves to a link-local address: refused", "resolves to a private address: refused"]
    [article] = [r for r in results if isinstance(r, IngestedArticle)]
    assert "4,000 people were evacuated" in article.text
    assert sorted(HITS) == ["/feed.rss", "/page"] and all(host == "127.0.0.1" for host, _ in connections)


def test_tls_is_checked_for_the_name_on_the_pinned_address(tls_port: int, certificate: Path, pretend_public: list[str],
                                                            connections: list[tuple[str, int]],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The socket goes to the checked address; SNI and the certificate check still use the URL's name."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))  # read when the Fetcher is made
    SNI.clear()
    with Fetcher(timeout=2.0, retries=0) as fetcher:
        fetched = fetcher.fetch(f"https://{PUBLIC_STAND_IN}:{tls_port}/page")
    assert isinstance(fetched, Fetched) and fetched.data == ARTICLE
    assert connections == [("127.0.0.1", tls_port)] and SNI == [PUBLIC_STAND_IN]
    with Fetcher(timeout=2.0, retries=0, allow_private_addresses=True) as fetcher:
        problem = fetcher.fetch(f"https://127.0.0.1:{tls_port}/page")  # the certificate is not for this name
    assert isinstance(problem, IngestProblem) and "CERTIFICATE_VERIFY_FAILED" in problem.reason
