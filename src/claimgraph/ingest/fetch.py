"""Fetching: the only module that goes on the network (parsers elsewhere take bytes).

One ``Fetcher`` per run: an httpx client with timeouts, a size cap, at most ``MAX_REDIRECTS``
redirects, a content-type check, retries with exponential backoff, and limits on concurrent
requests, per host and overall. It is thread-safe: the ingestion runs fetches in a thread pool.

It is safe to point at URLs from anywhere (a feed's links, a web form): only http(s) URLs are
fetched, every hop of a redirect is followed here, one at a time, and each connects only to public
addresses (``addresses``, ``connections``) unless ``allow_private_addresses``; and a whole fetch
(redirects, retries, body) ends by its ``deadline``, however slowly the server sends.
"""

from __future__ import annotations

import email.utils
import math
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import httpx

from claimgraph.ingest import (
    DEADLINE_FLOOR, DEADLINE_TIMEOUTS, DEFAULT_CONCURRENCY, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, IngestProblem,
)
from claimgraph.ingest.addresses import OPT_IN_HINT, RefusedAddress
from claimgraph.ingest.connections import CheckedTransport, deadline

try:
    USER_AGENT = f"claimgraph/{version('claimgraph')} (news claim extraction)"
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    USER_AGENT = "claimgraph (news claim extraction)"

CONNECT_TIMEOUT = 10.0        # at most this long to connect, whatever --timeout says
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
DEADLINE_SLACK = 0.05         # a try that failed this close to the deadline ran into it (timers are not exact)
MAX_RETRIES = 3               # retries after the first try, on 429, 5xx, timeouts and dropped connections
BACKOFF_SECONDS = 1.0         # first wait; doubled at each retry (1, 2, 4 s)
RETRY_AFTER_CAP = 30.0        # a server's Retry-After is honoured up to this many seconds
DEFAULT_PER_HOST = 2          # concurrent requests to one host: polite to a single news site
READ_CHUNK = 65_536

#: Content types worth reading: pages, feeds and plain text. Anything else is reported, not read.
ACCEPTED_TYPES = frozenset((
    "text/html", "application/xhtml+xml", "text/xml", "application/xml", "application/rss+xml",
    "application/atom+xml", "application/rdf+xml", "text/plain", "text/markdown",
))
ACCEPT_HEADER = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body that passed the checks, with where it finally came from."""

    url: str            # after redirects
    data: bytes
    content_type: str   # the media type without parameters ("" when the server sent none)
    charset: str | None


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class Fetcher:
    """Fetch URLs politely; every failure comes back as an ``IngestProblem`` naming the URL."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
                 concurrency: int = DEFAULT_CONCURRENCY, per_host: int = DEFAULT_PER_HOST,
                 retries: int = MAX_RETRIES, backoff: float = BACKOFF_SECONDS,
                 retry_after_cap: float = RETRY_AFTER_CAP, deadline: float | None = None,
                 allow_private_addresses: bool = False) -> None:
        """``deadline``: seconds for a whole fetch, by default max(DEADLINE_TIMEOUTS x ``timeout``,
        DEADLINE_FLOOR); ``allow_private_addresses``: also fetch from loopback and private networks."""
        self.max_bytes = max_bytes
        self.deadline = deadline if deadline is not None else max(DEADLINE_TIMEOUTS * timeout, DEADLINE_FLOOR)
        self.retries = retries
        self.backoff = backoff
        self.retry_after_cap = retry_after_cap
        self.concurrency = concurrency
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)), follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": ACCEPT_HEADER}, trust_env=False,
            transport=CheckedTransport(allow_private=allow_private_addresses,
                                       limits=httpx.Limits(max_connections=concurrency)))
        self._overall = threading.BoundedSemaphore(concurrency)
        self._per_host: defaultdict[str, threading.BoundedSemaphore] = defaultdict(
            lambda: threading.BoundedSemaphore(per_host))
        self._hosts_lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> Fetched | IngestProblem:
        """GET ``url``, retrying transient failures; a ``Fetched`` body or the problem that stopped it.

        The deadline starts when the fetch gets its turn (a free slot for its host), not while it queues."""
        not_fetchable = _not_fetchable(url)
        if not_fetchable:
            return IngestProblem(url, not_fetchable)
        with self._hosts_lock:
            host_limit = self._per_host[httpx.URL(url).host]
        ends_at = math.inf
        for attempt in range(self.retries + 1):
            try:
                with host_limit, self._overall:
                    ends_at = min(ends_at, time.monotonic() + self.deadline)  # set by the first try
                    with deadline(ends_at):
                        return self._follow(url)
            except _Retry as retry:
                tries = f"{attempt + 1} {'try' if attempt == 0 else 'tries'}"
                left = ends_at - time.monotonic()
                if left <= DEADLINE_SLACK:
                    last = retry.reason.split(";")[0]
                    return IngestProblem(url, f"stopped at the {self.deadline:g} s deadline for a whole fetch (after "
                                              f"{tries}, the last: {last}); the server sends too slowly: try a longer "
                                              "--timeout")
                if attempt == self.retries:
                    return IngestProblem(url, f"{retry.reason} (after {tries})")
                wait = min(max(self.backoff * 2 ** attempt, retry.wait or 0.0), self.retry_after_cap)
                if wait >= left:
                    return IngestProblem(url, f"{retry.reason} (after {tries}, and waiting {wait:g} s to try again "
                                              f"would pass the {self.deadline:g} s deadline for a whole fetch)")
                time.sleep(wait)
        raise AssertionError("the loop returns")

    def _follow(self, url: str) -> Fetched | IngestProblem:
        """GET ``url`` and up to ``MAX_REDIRECTS`` redirects, one hop at a time, each hop checked anew."""
        hop = url
        try:
            for _ in range(MAX_REDIRECTS + 1):
                if hop != url and (not_fetchable := _not_fetchable(hop)):
                    return IngestProblem(url, f"redirected to {hop}: {not_fetchable}")
                with self._client.stream("GET", hop) as response:
                    if response.next_request is None:
                        return self._read(url, response)
                    hop = str(response.next_request.url)
            return IngestProblem(url, f"more than {MAX_REDIRECTS} redirects; skipped")
        except RefusedAddress as refused:
            leads, where = ("resolves to", refused.address) if hop == url else ("redirects to", f"{hop}: {refused.address}")
            return IngestProblem(url, f"{leads} {refused.kind} ({where}): refused; {OPT_IN_HINT}")
        except httpx.TimeoutException as exc:
            raise _Retry(f"timed out ({type(exc).__name__}); try a longer --timeout") from exc
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _Retry(f"connection failed: {exc or type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            return IngestProblem(url, f"request failed: {exc or type(exc).__name__}")

    def _read(self, url: str, response: httpx.Response) -> Fetched | IngestProblem:
        status = response.status_code
        if status == 429 or status >= 500:
            raise _Retry(f"HTTP {status} {response.reason_phrase}", _retry_after(response))
        if status >= 400:
            return IngestProblem(url, f"HTTP {status} {response.reason_phrase}; check the URL")
        media_type, _, params = response.headers.get("content-type", "").partition(";")
        media_type = media_type.strip().lower()
        if media_type and media_type not in ACCEPTED_TYPES:
            return IngestProblem(url, f"content type {media_type!r} is not HTML, a feed or text; skipped",
                                 skipped=True)
        too_big = IngestProblem(url, f"response over {self.max_bytes / 1e6:g} MB; skipped", skipped=True)
        declared = response.headers.get("content-length", "")
        if declared.isdecimal() and int(declared) > self.max_bytes:
            return too_big
        body = bytearray()
        for chunk in response.iter_bytes(READ_CHUNK):
            body += chunk
            if len(body) > self.max_bytes:
                return too_big
        return Fetched(str(response.url), bytes(body), media_type, response.charset_encoding)


def _not_fetchable(url: str) -> str | None:
    """Why ``url`` cannot be fetched at all (not a URL, not http(s), no host), or None."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        return f"not a valid URL ({exc}); write it as http://host/path"
    if parsed.scheme not in SCHEMES:
        return f"only http and https URLs are fetched, not {parsed.scheme or 'a URL without a scheme'}"
    if not parsed.host:
        return "a URL without a host; write it as http://host/path"
    return None


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait (Retry-After as seconds or as an HTTP date), if it says."""
    value = response.headers.get("retry-after", "").strip()
    if value.isdecimal():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
