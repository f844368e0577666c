"""Which addresses the verifier may connect to: globally routable ones only (macros/verify/http.py asks).

An IPv6 address can carry an IPv4 one (mapped, 6to4, NAT64, Teredo): the carried address is judged too.
Cloud metadata endpoints are named as such; site-local `fec0::/10` (which Python 3.11 still calls global)
and local-use NAT64 are refused outright, and so is anything Python marks private, reserved, link-local,
multicast, unspecified or not global.
"""
from __future__ import annotations

import ipaddress

# Metadata endpoints by name and by address; most are also caught by the ranges, listed for clarity.
METADATA_HOSTS = frozenset({"metadata", "metadata.google.internal", "metadata.goog", "instance-data",
                            "instance-data.ec2.internal", "metadata.azure.com"})
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.169.123", "fd00:ec2::254", "fd00:ec2::23",
    "100.100.100.200", "192.0.0.192"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known NAT64 prefix: the IPv4 address in the last 32 bits
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # local-use NAT64 (RFC 8215): never globally routable
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")  # deprecated site-local, which Python 3.11 still calls global


def address_refusal(ip: str, *, allow_loopback: bool = False) -> str | None:
    """Why connecting to this IP address is refused, or None when it is a public address."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return f"{ip!r} is not an IP address"
    if isinstance(addr, ipaddress.IPv6Address) and (addr in _SITE_LOCAL or addr in _LOCAL_NAT64):
        return f"{addr} is a {'site-local' if addr in _SITE_LOCAL else 'local-use NAT64'} address"
    carried = [addr, *_embedded(addr)]
    meta = next((a for a in carried if a in METADATA_ADDRESSES), None)
    if meta is not None:
        return f"{meta} is a cloud metadata address"
    for a in carried:
        if a.is_loopback:
            if allow_loopback:
                continue
            return f"{a} is a loopback address (allowed only with --allow-private, for the test server)"
        for kind in ("link_local", "site_local", "multicast", "private", "reserved", "unspecified"):
            if getattr(a, f"is_{kind}", False):
                return f"{a} is a {kind.replace('_', '-')} address" + (f" (inside {addr})" if a is not addr else "")
        if not a.is_global:
            return f"{a} is not a public address (shared or special-purpose range)" + (
                f" (inside {addr})" if a is not addr else "")
    return None


def _embedded(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (mapped, 6to4, NAT64, Teredo server and client): each is
    judged too, so that 2002:7f00:1:: (6to4 of 127.0.0.1) is not taken for a public address."""
    if not isinstance(addr, ipaddress.IPv6Address):
        return []
    out = [a for a in (addr.ipv4_mapped, addr.sixtofour) if a is not None]
    if addr in _NAT64:
        out.append(ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF))
    if addr.teredo is not None:
        out += list(addr.teredo)
    return out
