"""The private-address guard: literals, fake DNS, redirects to private hosts and DNS rebinding."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.feeds.guard import BlockedAddress, GuardedResolver, check_public_url, is_public_address
from bot.feeds.http import FeedFetcher, FeedState
from config.settings import HttpSettings
from tests.fakes.resolver import FakeResolver
from tests.support import TESTS

RSS = (TESTS / "fixtures" / "feeds" / "rss20.xml").read_bytes()




@pytest.mark.parametrize(
    "addr",
    [
        "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "169.254.1.1",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "240.0.0.1", "::1", "::", "fe80::1", "fc00::1",
        "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
        "64:ff9b::7f00:1", "2002:7f00:1::", "fe80::1%eth0",
    ],
)
def test_non_public_addresses(addr: str) -> None:
    assert not is_public_address(addr)


@pytest.mark.parametrize("addr", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses(addr: str) -> None:
    assert is_public_address(addr)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://10.0.0.8:8080/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://[fd00:ec2::254]/",
    ],
)
async def test_literal_private_urls_refused(url: str) -> None:
    with pytest.raises(BlockedAddress):
        await check_public_url(url, allow_private=False, allowed_hosts=[])


async def test_hostname_resolving_to_private_is_refused() -> None:
    resolver = FakeResolver({"intranet.example": ["10.20.30.40"], "news.example": ["93.184.216.34"]})
    with pytest.raises(BlockedAddress, match=r"10\.20\.30\.40"):
        await check_public_url("https://intranet.example/rss", False, [], resolver)
    await check_public_url("https://news.example/rss", False, [], resolver)
    assert resolver.calls == ["intranet.example", "news.example"]


async def test_localhost_refused_with_real_resolution() -> None:
    with pytest.raises(BlockedAddress):
        await check_public_url("http://localhost:9/feed", allow_private=False, allowed_hosts=[])


async def test_exemptions_and_schemes() -> None:
    await check_public_url("http://127.0.0.1/feed", allow_private=True, allowed_hosts=[])
    await check_public_url("http://Feeds.Internal./x", False, ["feeds.internal"], FakeResolver({}))
    for bad in ("file:///etc/passwd", "ftp://example.com/x", "gopher://a/b"):
        with pytest.raises(BlockedAddress, match="scheme"):
            await check_public_url(bad, allow_private=True, allowed_hosts=[])


async def test_unresolvable_host_is_not_a_policy_block() -> None:
    with pytest.raises(socket.gaierror):
        await check_public_url("http://nowhere.example/", False, [], FakeResolver({}))


async def test_guarded_resolver_checks_at_connect_time() -> None:
    inner = FakeResolver({"rebind.example": ["127.0.0.1"], "ok.example": ["93.184.216.34"]})
    guarded = GuardedResolver(inner)
    with pytest.raises(BlockedAddress, match="connect time"):
        await guarded.resolve("rebind.example", 80)
    assert (await guarded.resolve("ok.example", 80))[0]["host"] == "93.184.216.34"
    assert (await GuardedResolver(inner, allowed_hosts=["rebind.example"]).resolve("rebind.example."))[0]["host"]


# --- through the fetcher, against a local server ----------------------------------------------------


@pytest.fixture
async def server() -> AsyncIterator[TestServer]:
    hits: list[str] = []

    async def feed(request: web.Request) -> web.Response:
        hits.append(request.path)
        return web.Response(body=RSS, content_type="application/rss+xml")

    async def to_private_name(request: web.Request) -> web.Response:
        hits.append(request.path)
        raise web.HTTPFound(f"http://internal.example:{request.url.port}/feed")

    async def to_private_literal(request: web.Request) -> web.Response:
        hits.append(request.path)
        raise web.HTTPFound(f"http://127.0.0.1:{request.url.port}/feed")

    app = web.Application()
    app.router.add_get("/feed", feed)
    app.router.add_get("/to-private-name", to_private_name)
    app.router.add_get("/to-private-literal", to_private_literal)
    srv = TestServer(app, host="127.0.0.1")
    await srv.start_server()
    srv.hits = hits  # type: ignore[attr-defined]
    yield srv
    await srv.close()


def _guarded_settings(**kw: object) -> HttpSettings:
    return HttpSettings(allow_private_addresses=False, total_timeout=5, connect_timeout=2, **kw)


async def test_fetcher_refuses_loopback_feed(server: TestServer) -> None:
    async with FeedFetcher(_guarded_settings()) as f:
        r = await f.fetch_feed(FeedState(f"http://127.0.0.1:{server.port}/feed"))
    assert r.status == "error" and r.error_kind == "blocked_address"
    assert server.hits == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/to-private-name", "/to-private-literal"])
async def test_redirect_from_allowed_host_to_private_is_refused(server: TestServer, path: str) -> None:
    # gateway.example is exempt (and happens to be our local server); the hop it redirects to is not.
    resolver = FakeResolver({"gateway.example": ["127.0.0.1"], "internal.example": ["10.9.8.7"]})
    async with FeedFetcher(_guarded_settings(allowed_hosts=["gateway.example"]), resolver=resolver) as f:
        ok = await f.fetch_feed(FeedState(f"http://gateway.example:{server.port}/feed"))
        r = await f.fetch_feed(FeedState(f"http://gateway.example:{server.port}{path}"))
    assert ok.status == "ok" and len(ok.items) == 2
    assert r.status == "error" and r.error_kind == "blocked_address", r
    assert server.hits == ["/feed", path]  # type: ignore[attr-defined]  # the private target was never asked


async def test_dns_rebinding_caught_at_connect_time(server: TestServer) -> None:
    # First answer (the pre-check) is public, the second (the connector's) is loopback.
    resolver = FakeResolver({"rebind.example": ["93.184.216.34", "127.0.0.1"]})
    async with FeedFetcher(_guarded_settings(), resolver=resolver) as f:
        r = await f.fetch_feed(FeedState(f"http://rebind.example:{server.port}/feed"))
    assert resolver.calls == ["rebind.example", "rebind.example"]
    assert r.status == "error" and r.error_kind == "blocked_address", r
    assert server.hits == []  # type: ignore[attr-defined]
