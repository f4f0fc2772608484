"""Refuse to fetch from addresses inside our own network (SSRF guard).

Feed URLs come from configuration and from redirects chosen by remote servers, so every hop is checked
twice: ``check_public_url`` before the request (this also covers IP literals, which aiohttp never hands
to a resolver), and ``GuardedResolver`` inside the connector, so the address actually connected to is the
one that was checked. Without the second check a hostile DNS server could answer "public" to the first
lookup and "127.0.0.1" to the second (DNS rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from yarl import URL

from bot.errors import NewsbotError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud instance-metadata endpoints; link-local/private already, named so the intent survives refactors.
METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddress(NewsbotError):
    """The URL points at a loopback, private, link-local or otherwise non-public address.

    Deliberately not an OSError: aiohttp wraps OSErrors from resolvers into generic DNS errors, and the
    fetcher must tell "refused by policy" apart from "could not resolve".
    """


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address tunnels to (mapped, 6to4, Teredo, NAT64), if any."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(ip: IPAddress | str) -> bool:
    """True only for globally routable unicast addresses (and IPv6 wrappers of such IPv4 addresses)."""
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip.split("%", 1)[0])  # drop an IPv6 zone id
    if ip in METADATA_ADDRESSES:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and (inner := _embedded_ipv4(ip)) is not None:
        return is_public_address(inner)
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global  # catches shared space 100.64/10, benchmarking, documentation ranges
    )


def _norm_host(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()


def host_is_exempt(host: str, allowed_hosts: Iterable[str]) -> bool:
    return _norm_host(host) in {_norm_host(h) for h in allowed_hosts}


async def _resolve(host: str, port: int, resolver: AbstractResolver | None) -> list[str]:
    if resolver is not None:
        return [r["host"] for r in await resolver.resolve(host, port, family=socket.AF_UNSPEC)]
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def check_public_url(
    url: str | URL,
    allow_private: bool,
    allowed_hosts: Iterable[str] = (),
    resolver: AbstractResolver | None = None,
) -> None:
    """Raise BlockedAddress unless ``url`` is http(s) and every address its host resolves to is public.

    Resolution failures (socket.gaierror) propagate unchanged: they are connection problems, not policy.
    """
    u = URL(url) if isinstance(url, str) else url
    if u.scheme not in ("http", "https"):
        raise BlockedAddress(f"scheme {u.scheme!r} is not allowed (http and https only)")
    host = u.raw_host
    if not host:
        raise BlockedAddress("URL has no host")
    if allow_private or host_is_exempt(host, allowed_hosts):
        return
    try:
        literal: IPAddress | None = ipaddress.ip_address(_norm_host(host))
    except ValueError:
        literal = None
    addresses = [str(literal)] if literal else await _resolve(_norm_host(host), u.port or 0, resolver)
    if not addresses:
        raise BlockedAddress(f"{host} resolved to no address")
    for addr in addresses:
        if not is_public_address(addr):
            raise BlockedAddress(f"{host} resolves to non-public address {addr}")


class GuardedResolver(AbstractResolver):
    """Wraps a resolver so the connector can only connect to public addresses (see module docstring)."""

    def __init__(
        self,
        inner: AbstractResolver | None = None,
        *,
        allow_private: bool = False,
        allowed_hosts: Iterable[str] = (),
    ) -> None:
        self._owns_inner = inner is None  # an injected resolver belongs to the caller
        self._inner = inner or DefaultResolver()
        self._allow_private = allow_private
        self._allowed = frozenset(_norm_host(h) for h in allowed_hosts)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if self._allow_private or _norm_host(host) in self._allowed:
            return results
        for r in results:
            if not is_public_address(r["host"]):
                raise BlockedAddress(f"{host} resolves to non-public address {r['host']} at connect time")
        return results

    async def close(self) -> None:
        if self._owns_inner:
            await self._inner.close()
