"""Which requests the server trusts: a ``Host`` it answers to (a page of another name that DNS
rebinding points at this machine is refused), and writes from its own pages only (a form another
site posts, or a sandboxed frame's ``Origin: null``, is refused)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK = frozenset(("localhost", "127.0.0.1", "::1"))  # the names of this machine a browser never looks up
WILDCARDS = frozenset(("0.0.0.0", "::", ""))
SAFE_METHODS = frozenset(("GET", "HEAD", "OPTIONS", "TRACE"))  # RFC 9110 §9.2.1: they change nothing
DEFAULT_PORTS = {"http": 80, "https": 443}
_NAME = re.compile(r"[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?")
_HOST = re.compile(r"(?:\[(?P<ipv6>[^\]]+)\]|(?P<name>[^:\[\]]+))(?::(?P<port>\d{1,5}))?")

Host = tuple[str, int | None]  # a name (lower case, IP addresses in their canonical form) and a port, if given


def parse_host(value: str | None) -> Host | None:
    """A Host header (or a URL's host and port) as (name, port); None when it is not one."""
    found = _HOST.fullmatch((value or "").strip().lower())
    if found is None:
        return None
    port = int(found["port"]) if found["port"] else None
    if port is not None and not 0 < port < 65536:
        return None
    name = found["ipv6"] or found["name"].rstrip(".")
    try:
        return str(ipaddress.ip_address(name)), port
    except ValueError:
        if found["ipv6"] is not None or _NAME.fullmatch(name) is None:
            return None
    return name, port


@dataclass(frozen=True, slots=True)
class AllowedHosts:
    """The names a server answers to: its bound address (the loopback names when bound to loopback;
    bound to every address, the loopback names and the address a connection reached) at the server's
    port, and the names given by ``--allowed-host`` (at any port, or at the port given with the name)."""

    names: frozenset[str]
    configured: frozenset[Host]
    any_address: bool

    @classmethod
    def serving(cls, bound: str, extra: Iterable[str] = ()) -> AllowedHosts:
        configured = set()
        for name in extra:
            host = parse_host(name)
            if host is None:
                raise ValueError(f"{name!r} is not a host name or address; give e.g. claims.example.org "
                                 "or claims.example.org:8443")
            configured.add(host)
        any_address = bound.strip("[]") in WILDCARDS
        own = parse_host(f"[{bound}]" if ":" in bound and not bound.startswith("[") else bound)
        names = {own[0]} if own is not None and not any_address else set()
        if any_address or any(_is_loopback(name) for name in names):
            names |= LOOPBACK
        return cls(frozenset(names), frozenset(configured), any_address)

    def allows(self, header: str | None, server: tuple[str, int | None] | None) -> bool:
        """Whether a request with this Host header, to the server at ``server`` (the address and port
        the connection reached, ASGI's ``scope["server"]``; a port or all of it may be unknown), is answered."""
        host = parse_host(header)
        if host is None:
            return False
        if (host[0], None) in self.configured or host in self.configured:
            return True
        port = server[1] if server is not None else None
        if port is not None and host[1] != int(port) and not (host[1] is None and int(port) == 80):
            return False
        return host[0] in self.names or (self.any_address and server is not None
                                         and host[0] == _canonical(str(server[0])))


def _canonical(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip("[]")))
    except ValueError:
        return None


def _is_loopback(name: str) -> bool:
    return name == "localhost" or (_canonical(name) is not None and ipaddress.ip_address(name).is_loopback)


def cross_site(method: str, headers: Mapping[str, str], scheme: str) -> str | None:
    """Why a request that may change something does not come from this server's own pages, or None
    when it does (or changes nothing): its ``Origin`` (or, without one, its ``Referer``) must be this
    server's address as the request names it (``Host``, checked against ``AllowedHosts`` first)."""
    if method.upper() in SAFE_METHODS:
        return None
    own = parse_host(headers.get("host"))
    origin, referer = headers.get("origin"), headers.get("referer")
    if origin is not None:
        if origin.strip().lower() == "null":
            return "it comes from a page with no origin (Origin: null: a sandboxed frame or a file)"
        return None if _same(origin, own, scheme) else f"it comes from another site (Origin: {origin})"
    if referer:
        return None if _same(referer, own, scheme) else "it comes from another site's page (Referer)"
    return "it names no page it comes from (neither Origin nor Referer)"


def _same(url: str, own: Host | None, scheme: str) -> bool:
    """Whether ``url`` (an Origin or a Referer) is on this server: the same name and port as the Host
    header, a port left out meaning its scheme's default (on either side: a proxy may end TLS)."""
    try:
        parts = urlsplit(url.strip())
        theirs = parse_host(parts.netloc) if parts.scheme in DEFAULT_PORTS else None
    except ValueError:
        return False
    if theirs is None or own is None:
        return False
    their_port = None if theirs[1] == DEFAULT_PORTS[parts.scheme] else theirs[1]
    own_port = None if own[1] == DEFAULT_PORTS.get(scheme) else own[1]
    return theirs[0] == own[0] and their_port == own_port
