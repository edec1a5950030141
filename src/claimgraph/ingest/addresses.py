"""Which addresses the fetcher may connect to: public ones only, unless the run opts in.

A URL can name the machine it runs on or its network in many spellings (``127.1``, ``2130706433``,
``0x7f.1``, ``[::ffff:127.0.0.1]``, a name whose DNS answer is ``10.0.0.1``), so the policy judges the
addresses a host *resolves to*, never the spelling: ``checked_addresses`` resolves once with
``getaddrinfo`` and refuses loopback, private, link-local, multicast, reserved and unspecified
addresses (by the standard library's ``ipaddress`` tables), including an IPv4 address carried inside
an IPv6 one. The connection is then made to the checked addresses themselves (``connections``), so a
second DNS answer cannot swap in another one.
"""

from __future__ import annotations

import ipaddress
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: How a refused run opts in; the CLI flag and the ``serve`` setting share the name.
OPT_IN_HINT = "pass --allow-private-addresses to fetch from private networks"
#: The well-known NAT64 prefix (RFC 6052 section 2.1): its last 32 bits are an IPv4 address. The
#: ``ipaddress`` module has properties for the other embeddings (``ipv4_mapped``, ``sixtofour``,
#: ``teredo``) but none for this one.
NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")


class RefusedAddress(Exception):
    """A host that resolves to an address the policy refuses (raised before any connection)."""

    def __init__(self, host: str, address: IPAddress, kind: str) -> None:
        super().__init__(f"{host} resolves to {kind} ({address}): refused; {OPT_IN_HINT}")
        self.host = host
        self.address = address
        self.kind = kind


def checked_addresses(host: str, port: int, *, allow_private: bool) -> list[IPAddress]:
    """Resolve ``host`` once; its addresses, or ``RefusedAddress`` if any of them is not public.

    One bad address among good ones refuses the host: a name that points into a private network
    at all is not one to follow."""
    addresses = resolve(host, port)
    if not allow_private:
        for address in addresses:
            kind = refused_kind(address)
            if kind:
                raise RefusedAddress(host, address, kind)
    return addresses


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``getaddrinfo`` gives for ``host`` (a name or any numeric spelling), in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    found: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0])
        if address not in found:
            found.append(address)
    return found


def refused_kind(address: IPAddress) -> str | None:
    """What ``address`` is when it is not public ("a loopback address", …), or None when it is."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            kind = refused_kind(inner)
            if kind:
                return f"{kind} ({inner}) inside an IPv6 address"
            if address.ipv4_mapped or address in NAT64_PREFIX:
                return None  # a public IPv4 site, reached over IPv6 (a dual-stack socket, NAT64)
    for kind, matches in (("an unspecified", address.is_unspecified), ("a loopback", address.is_loopback),
                          ("a link-local", address.is_link_local), ("a multicast", address.is_multicast),
                          ("a reserved", address.is_reserved), ("a private", address.is_private),
                          ("a non-public", not address.is_global)):
        if matches:
            return f"{kind} address"
    return None


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (IPv4-mapped, 6to4, NAT64, Teredo client), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    if address.teredo is not None:
        return address.teredo[1]
    return None
