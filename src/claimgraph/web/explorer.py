"""The server's state: where the store is, who may write, the extractor (loaded once a process,
on the first ingest), and results that are slow to compute at scale, cached until the store changes."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from claimgraph.core import Extractor
from claimgraph.ingest.formats import DEFAULT_MAX_BYTES
from claimgraph.web.errors import Forbidden, NotFound, StoreUnavailable
from claimgraph.web.trust import LOOPBACK

__all__ = ["LOOPBACK", "MAX_UPLOAD_BYTES", "Explorer"]  # LOOPBACK: `claimgraph serve` reads it here

if TYPE_CHECKING:
    from claimgraph.core import Article
    from claimgraph.models import Document
    from claimgraph.store import Store

T = TypeVar("T")
#: The largest upload or pasted text accepted (bytes): ingestion's own limit for a page or a file (the
#: input formats' registry, claimgraph.ingest.formats); trafilatura and spaCy take seconds per MB.
MAX_UPLOAD_BYTES = DEFAULT_MAX_BYTES
#: Cached results kept at once (the oldest goes first): a few lists and the charts last looked at.
CACHE_ENTRIES = 64


@dataclass
class Explorer:
    """What every request shares. ``token``: writes need it when set; ``writable`` False refuses writes
    (a server bound beyond this machine without a token)."""

    db_path: Path
    token: str | None = None
    writable: bool = True
    max_upload: int = MAX_UPLOAD_BYTES
    allow_private_addresses: bool = False  # ingest may fetch from this machine and private networks
    store_readonly: bool = False  # the store file cannot be written (found at the first request that tries)
    _extractor: Extractor | None = field(default=None, repr=False)
    _cache: dict[str, tuple[Any, Any]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    write_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # held for store writes only
    extract_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # one article in spaCy at once
    warming: threading.Thread | None = field(default=None, repr=False)  # the last warm_in_background
    _warm_wanted: bool = field(default=False, repr=False)
    _warm_running: bool = field(default=False, repr=False)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """The store opened for this request (one SQLite connection a request: requests run in threads).
        A read-only store file is opened read-only (its writes are then refused); store errors are the
        API's errors: a missing store 404, a write to a read-only one 403, a damaged one 503."""
        from claimgraph.store import Store, StoreError, StoreMissing, StoreReadOnly

        try:
            try:
                store = Store(self.db_path, create=False, readonly=self.store_readonly)
            except StoreReadOnly:
                self.store_readonly = True
                store = Store(self.db_path, create=False, readonly=True)
            with store:
                yield store
        except StoreMissing as exc:
            raise NotFound(str(exc)) from exc
        except StoreReadOnly as exc:
            raise Forbidden(str(exc)) from exc
        except StoreError as exc:
            raise StoreUnavailable(str(exc)) from exc

    def cached(self, store: Store, name: str, compute: Callable[[], T]) -> T:
        """``compute()``'s result, kept until a claim, article or correction is written."""
        from claimgraph.store.pages import state_key

        return self.kept(name, state_key(store.conn), compute)

    def kept(self, name: str, key: Any, compute: Callable[[], T]) -> T:
        """``compute()``'s result, kept while ``key`` (what the result is made from) stays the same."""
        with self._lock:
            hit = self._cache.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = compute()
        with self._lock:
            self._cache.pop(name, None)
            self._cache[name] = (key, value)
            while len(self._cache) > CACHE_ENTRIES:
                del self._cache[next(iter(self._cache))]
        return value

    def warm_in_background(self) -> threading.Thread:
        """Fill the slow caches (``views.warm``) in a thread: at start, and after an ingest so that the
        regrouping of measures it calls for happens then, not on the next visitor's click. One thread at
        a time: asked while it runs, it runs once more when done."""
        with self._lock:
            self._warm_wanted = True
            if self.warming is not None and self._warm_running:
                return self.warming
            self._warm_running = True
            thread = self.warming = threading.Thread(target=self._warm_while_wanted, daemon=True,
                                                     name="claimgraph-warm")
        thread.start()
        return thread

    def _warm_while_wanted(self) -> None:
        from claimgraph.web.views import warm

        try:
            while True:
                with self._lock:
                    if not self._warm_wanted:
                        self._warm_running = False  # in the same hold as the check: no call is missed
                        return
                    self._warm_wanted = False
                warm(self)
        except BaseException:
            with self._lock:
                self._warm_running = False
            raise

    def extractor(self) -> Extractor:
        """The extractor, loaded on first use and kept for the life of the process; it takes one
        article at a time, whichever request gives it (``OneAtATime``)."""
        with self._lock:
            if self._extractor is None:
                self._extractor = OneAtATime(Extractor(), self.extract_lock)
            return self._extractor

    def bearer(self, authorization: str | None) -> bool:
        """Whether ``authorization`` is ``Bearer TOKEN`` with this server's token (False without one)."""
        if self.token is None or not authorization or not authorization.lower().startswith("bearer "):
            return False
        return hmac.compare_digest(authorization[7:].strip().encode(), self.token.encode())

    def header_grants_write(self, authorization: str | None) -> bool:
        """Checked before a write's body is read: refused (403) when this server takes no writes; True
        when no token is needed or the Authorization header gives it, False when it must still come
        (in a form's token field)."""
        if not self.writable:
            raise Forbidden("this server is bound beyond this machine without a token, so it takes no writes; "
                            "restart it with --token TOKEN and send Authorization: Bearer TOKEN")
        return self.token is None or self.bearer(authorization)

    def check_form_token(self, given: str | None) -> None:
        """Refuse a write whose form does not give this server's token."""
        if self.token is not None and not hmac.compare_digest((given or "").encode(), self.token.encode()):
            raise Forbidden("writing needs this server's token: send Authorization: Bearer TOKEN "
                            "(or fill in the token field of the form)")


class OneAtATime(Extractor):
    """An extractor taking one article at a time across threads (a spaCy pipeline is not made to run
    in two at once); the articles are read, and their pages fetched, outside the lock."""

    def __init__(self, extractor: Extractor, lock: threading.Lock) -> None:  # shares the loaded pipeline
        self.nlp, self.version, self._inner, self._lock = extractor.nlp, extractor.version, extractor, lock

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Document]:
        for article in articles:
            with self._lock:
                document = next(self._inner.pipe([article], batch_size=1))
            yield document
