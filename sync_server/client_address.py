"""The client's address: the connection's own, or, when the connection comes
from a trusted reverse proxy (CHENU_TRUSTED_PROXIES), the address it forwards.

`X-Forwarded-For` is read from the right: each proxy appends the address it
got the request from, so the first address that is not a trusted proxy is
the client. Anything to its left was written by the client and is ignored.
The header of a connection from anywhere else is ignored entirely: a client
cannot pick the address it is counted under.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from fastapi import Request

Networks = tuple[IPv4Network | IPv6Network, ...]


def client_address(request: Request, trusted_proxies: Sequence[str]) -> str | None:
    peer = request.client.host if request.client else None
    networks = _networks(tuple(trusted_proxies))
    if peer is None or not _within(peer, networks):
        return peer
    hops = [hop.strip() for header in request.headers.getlist("x-forwarded-for") for hop in header.split(",")]
    nearest_trusted = peer
    for hop in reversed(hops):
        if not _is_address(hop):
            break  # garbage a trusted proxy passed on: stop at the last address it vouched for
        if not _within(hop, networks):
            return hop
        nearest_trusted = hop
    return nearest_trusted


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> Networks:
    return tuple(ip_network(entry, strict=False) for entry in entries)


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


def _within(address: str, networks: Networks) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)
