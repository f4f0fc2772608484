"""FeedFetcher against a local aiohttp server on 127.0.0.1: caching, errors, limits, charsets, full text."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import time
import tracemalloc
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import quote

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.feeds.backoff import next_poll_delay
from bot.feeds.http import FEED_ACCEPT, FeedFetcher, FeedState
from config.settings import HttpSettings, PollSettings
from tests.builders import billion_laughs
from tests.fakes.resolver import FakeResolver
from tests.support import TESTS

FIXTURES = TESTS / "fixtures" / "feeds"
RSS = (FIXTURES / "rss20.xml").read_bytes()
ETAG = '"rss-v1"'
LAST_MODIFIED = "Wed, 11 Dec 2024 18:00:00 GMT"
BIG = 10 * 1024 * 1024
CAP = 64 * 1024
CP1252_FEED = (
    '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>Caf\u00e9 Centrale</title>'
    "<item><title>\u201cWe will not wait,\u201d says caf\u00e9 owner</title><link>https://c.example/1</link></item>"
    "</channel></rss>"
).encode("cp1252")


class Server:
    """Routes for every scenario, plus what the handlers observed."""

    def __init__(self) -> None:
        self.requests: list[web.Request] = []
        self.sent_bytes = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.release = asyncio.Event()  # lets slow handlers finish at teardown
        app = web.Application()
        r = app.router
        r.add_get("/cached", self.cached)
        r.add_get("/status/{code}", self.status)
        r.add_get("/retry-date", self.retry_date)
        r.add_get("/slow", self.slow)
        r.add_get("/trickle", self.trickle)
        r.add_get("/huge", self.huge)
        r.add_get("/huge-declared", self.huge_declared)
        r.add_get("/gzip-bomb", self.gzip_bomb)
        r.add_get("/bomb", self.bomb)
        r.add_get("/loop/{n}", self.loop)
        r.add_get("/chain/{n}", self.chain)
        r.add_get("/moved", self.moved)
        r.add_get("/cookie-check", self.cookie_check)
        r.add_get("/cp1252", self.cp1252)
        r.add_get("/busy/{i}", self.busy)
        r.add_get("/fixture/{name}", self.fixture)
        r.add_get("/raw", self.raw)
        self.app = app

    async def cached(self, req: web.Request) -> web.Response:
        self.requests.append(req)
        if req.headers.get("If-None-Match") == ETAG or req.headers.get("If-Modified-Since") == LAST_MODIFIED:
            return web.Response(status=304, headers={"ETag": ETAG})
        return web.Response(body=RSS, content_type="application/rss+xml",
                            headers={"ETag": ETAG, "Last-Modified": LAST_MODIFIED})

    async def status(self, req: web.Request) -> web.Response:
        code = int(req.match_info["code"])
        headers = {"Retry-After": "120"} if code in (429, 503) else {}
        return web.Response(status=code, text="nope", headers=headers)

    async def retry_date(self, req: web.Request) -> web.Response:
        when = datetime.now(UTC) + timedelta(seconds=300)
        return web.Response(status=503, headers={"Retry-After": format_datetime(when, usegmt=True)})

    async def slow(self, req: web.Request) -> web.Response:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.release.wait(), 5)
        return web.Response(body=RSS, content_type="application/rss+xml")

    async def trickle(self, req: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await resp.prepare(req)
        for _ in range(50):  # headers arrive at once, the body one byte every 0.1 s
            await resp.write(b" ")
            try:
                await asyncio.wait_for(self.release.wait(), 0.1)
                break
            except TimeoutError:
                pass
        return resp

    async def huge(self, req: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        resp.enable_chunked_encoding()  # no Content-Length: only streaming can stop it
        await resp.prepare(req)
        chunk = b"<!-- " + b"x" * (64 * 1024 - 9) + b" -->"
        try:
            while self.sent_bytes < BIG:
                await resp.write(chunk)
                self.sent_bytes += len(chunk)
        except (ConnectionError, RuntimeError):
            pass
        return resp

    async def huge_declared(self, req: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        resp.content_length = BIG
        await resp.prepare(req)
        try:
            await resp.write(b"<rss>")
            self.sent_bytes += 5
        except (ConnectionError, RuntimeError):
            pass
        return resp

    async def gzip_bomb(self, req: web.Request) -> web.Response:
        body = gzip.compress(b"<rss>" + b" " * (20 * 1024 * 1024), compresslevel=9)
        return web.Response(body=body, headers={"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"})

    async def bomb(self, req: web.Request) -> web.Response:
        return web.Response(body=billion_laughs(), content_type="application/rss+xml")

    async def loop(self, req: web.Request) -> web.Response:
        nxt = "b" if req.match_info["n"] == "a" else "a"
        raise web.HTTPFound(f"/loop/{nxt}")

    async def chain(self, req: web.Request) -> web.Response:
        raise web.HTTPFound(f"/chain/{int(req.match_info['n']) + 1}")

    async def moved(self, req: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/fixture/atom.xml")

    async def cookie_check(self, req: web.Request) -> web.Response:
        if req.cookies.get("consent") != "yes":
            resp = web.HTTPFound("/cookie-check")
            resp.set_cookie("consent", "yes")
            raise resp
        return web.Response(body=RSS, content_type="application/rss+xml")

    async def cp1252(self, req: web.Request) -> web.Response:
        return web.Response(body=CP1252_FEED, headers={"Content-Type": "application/rss+xml"})

    async def busy(self, req: web.Request) -> web.Response:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0.15)
        finally:
            self.in_flight -= 1
        return web.Response(body=RSS, content_type="application/rss+xml")

    async def fixture(self, req: web.Request) -> web.Response:
        name = req.match_info["name"]
        types = {"json": "application/feed+json", "html": "text/html", "rdf": "application/rdf+xml"}
        ctype = types.get(name.rsplit(".", 1)[-1], "application/xml")
        return web.Response(body=(FIXTURES / name).read_bytes(), content_type=ctype)

    async def raw(self, req: web.Request) -> web.Response:
        """Serve ?body=&type= verbatim (the body encoded as the query's charset)."""
        charset = req.query.get("charset", "utf-8")
        return web.Response(body=req.query["body"].encode(charset), headers={"Content-Type": req.query["type"]})


@pytest.fixture
async def server() -> AsyncIterator[tuple[Server, str]]:
    s = Server()
    ts = TestServer(s.app, host="127.0.0.1")
    await ts.start_server()
    yield s, f"http://127.0.0.1:{ts.port}"
    s.release.set()
    await ts.close()


def settings(**kw: object) -> HttpSettings:
    base: dict[str, object] = dict(allow_private_addresses=True, total_timeout=5, connect_timeout=2)
    base.update(kw)
    return HttpSettings(**base)


@pytest.fixture
async def fetcher() -> AsyncIterator[FeedFetcher]:
    async with FeedFetcher(settings(max_body_bytes=CAP)) as f:
        yield f


# --- conditional GET ---------------------------------------------------------------------------


async def test_200_then_304_with_etag_and_last_modified(server, fetcher) -> None:
    s, base = server
    state = FeedState(f"{base}/cached")
    first = await fetcher.fetch_feed(state, source_name="Ledger")
    assert first.status == "ok" and first.http_status == 200 and len(first.items) == 2
    assert first.etag == ETAG and first.last_modified == LAST_MODIFIED
    assert first.items[0].source == "Ledger" and first.feed_title == "Metro Ledger: Immigration"
    assert first.feed_format == "rss20" and first.bytes_read == len(RSS)

    state.etag, state.last_modified = first.etag, first.last_modified
    second = await fetcher.fetch_feed(state)
    assert second.status == "not_modified" and second.http_status == 304 and second.items == []
    assert second.etag == ETAG and second.last_modified == LAST_MODIFIED

    only_date = await fetcher.fetch_feed(FeedState(state.url, last_modified=LAST_MODIFIED))
    assert only_date.status == "not_modified"

    h1, h2, h3 = (r.headers for r in s.requests)
    assert "If-None-Match" not in h1 and h2["If-None-Match"] == ETAG and h2["If-Modified-Since"] == LAST_MODIFIED
    assert h3["If-Modified-Since"] == LAST_MODIFIED and "If-None-Match" not in h3
    assert h1["User-Agent"] == HttpSettings().user_agent and h1["Accept"] == FEED_ACCEPT


# --- HTTP errors and backoff ---------------------------------------------------------------------


async def test_500_then_backoff_grows(server, fetcher) -> None:
    _, base = server
    state = FeedState(f"{base}/status/500")
    poll = PollSettings(interval=900, backoff_base=60, backoff_max=3600)
    delays = []
    for _ in range(4):
        r = await fetcher.fetch_feed(state)
        assert r.status == "error" and r.error_kind == "http_5xx" and r.http_status == 500 and r.retry_after is None
        state.failures += 1
        delays.append(next_poll_delay(state.failures, 900, poll, r.retry_after))
    for n, d in enumerate(delays, start=1):
        ceiling = 60 * 2 ** (n - 1)
        assert ceiling / 2 <= d <= ceiling
    assert delays == sorted(delays)
    assert next_poll_delay(0, 900, poll) == 900  # a success resets to the interval


async def test_404_is_a_client_error(server, fetcher) -> None:
    _, base = server
    r = await fetcher.fetch_feed(FeedState(f"{base}/status/404", etag='"x"'))
    assert (r.status, r.error_kind, r.http_status) == ("error", "http_4xx", 404)
    assert r.etag == '"x"'  # the state's validators survive an error


async def test_429_retry_after_seconds_is_honoured(server, fetcher) -> None:
    _, base = server
    r = await fetcher.fetch_feed(FeedState(f"{base}/status/429"))
    assert r.error_kind == "rate_limited" and r.http_status == 429 and r.retry_after == 120
    poll = PollSettings(backoff_base=10, backoff_max=3600)
    assert next_poll_delay(1, 900, poll, r.retry_after) == 120


async def test_503_retry_after_http_date(server, fetcher) -> None:
    _, base = server
    r = await fetcher.fetch_feed(FeedState(f"{base}/retry-date"))
    assert r.error_kind == "http_5xx" and r.http_status == 503
    assert r.retry_after is not None and 295 <= r.retry_after <= 300


# --- timeouts and size caps ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/slow", "/trickle"])
async def test_slow_server_times_out(server, path: str) -> None:
    _, base = server
    async with FeedFetcher(settings(total_timeout=0.3, connect_timeout=0.3)) as f:
        t0 = time.monotonic()
        r = await f.fetch_feed(FeedState(base + path))
    assert r.status == "error" and r.error_kind == "timeout"
    assert time.monotonic() - t0 < 2


async def test_connection_refused(fetcher) -> None:
    r = await fetcher.fetch_feed(FeedState("http://127.0.0.1:9/feed"))  # discard port: nothing listens
    assert r.status == "error" and r.error_kind == "connection"


async def test_oversized_streamed_body_is_aborted_near_the_cap(server, fetcher) -> None:
    s, base = server
    tracemalloc.start()
    try:
        r = await fetcher.fetch_feed(FeedState(f"{base}/huge"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.status == "error" and r.error_kind == "too_large"
    assert CAP < r.bytes_read <= CAP + 64 * 1024
    assert peak < 2 * 1024 * 1024, peak  # memory bounded by the cap, not the 10 MB body
    await asyncio.sleep(0.1)
    assert s.sent_bytes < BIG  # the server was cut off, not drained


async def test_declared_content_length_rejected_before_reading(server, fetcher) -> None:
    _, base = server
    r = await fetcher.fetch_feed(FeedState(f"{base}/huge-declared"))
    assert r.error_kind == "too_large" and "Content-Length" in (r.error or "") and r.bytes_read == 0


async def test_gzip_bomb_is_capped_after_decompression(server, fetcher) -> None:
    _, base = server
    r = await fetcher.fetch_feed(FeedState(f"{base}/gzip-bomb"))
    assert r.error_kind == "too_large" and r.bytes_read <= CAP + 64 * 1024


# --- parsing through the fetcher ---------------------------------------------------------------------


async def test_entity_bomb_refused(server, fetcher) -> None:
    _, base = server
    r = await fetcher.fetch_feed(FeedState(f"{base}/bomb"))
    assert r.status == "error" and r.error_kind == "parse" and "entities" in (r.error or "")


async def test_malformed_and_non_feed_bodies(server, fetcher) -> None:
    _, base = server
    garbage = await fetcher.fetch_feed(FeedState(f"{base}/raw?type=text/xml&body=%3Crss%3E%3Cchannel%3E%3Ctitle%3Ecut"))
    assert garbage.status == "error" and garbage.error_kind == "parse"
    html = await fetcher.fetch_feed(FeedState(f"{base}/fixture/article.html"))
    assert html.status == "error" and html.error_kind == "parse"


async def test_windows_1252_feed(server, fetcher) -> None:
    _, base = server
    r = await fetcher.fetch_feed(FeedState(f"{base}/cp1252"))
    assert r.feed_title == "Caf\u00e9 Centrale"
    assert r.items[0].title == "\u201cWe will not wait,\u201d says caf\u00e9 owner"


@pytest.mark.parametrize(
    ("name", "fmt", "count"),
    [("rss091.xml", "rss091n", 2), ("rss10.rdf", "rss10", 1), ("rss20.xml", "rss20", 2),
     ("atom.xml", "atom10", 1), ("jsonfeed11.json", "json11", 2), ("jsonfeed10.json", "json1", 1)],
)
async def test_every_format_over_http(server, fetcher, name: str, fmt: str, count: int) -> None:
    _, base = server
    r = await fetcher.fetch_feed(FeedState(f"{base}/fixture/{name}"))
    assert r.status == "ok" and r.feed_format == fmt and len(r.items) == count
    assert all(i.title or i.content for i in r.items)


# --- redirects ---------------------------------------------------------------------------------------


async def test_redirect_loop(server, fetcher) -> None:
    _, base = server
    r = await fetcher.fetch_feed(FeedState(f"{base}/loop/a"))
    assert r.status == "error" and r.error_kind == "redirect_loop"


async def test_too_many_redirects(server) -> None:
    _, base = server
    async with FeedFetcher(settings(max_redirects=3)) as f:
        r = await f.fetch_feed(FeedState(f"{base}/chain/0"))
    assert r.error_kind == "too_many_redirects"


async def test_permanent_redirect_reports_the_new_url(server, fetcher) -> None:
    _, base = server
    r = await fetcher.fetch_feed(FeedState(f"{base}/moved"))
    assert r.status == "ok" and r.url == f"{base}/moved"
    assert r.final_url == f"{base}/fixture/atom.xml" and r.moved_permanently
    assert r.items[0].feed_url == r.final_url


async def test_cookie_setting_self_redirect_is_not_a_loop(server) -> None:
    _, base = server
    port = base.rsplit(":", 1)[1]
    resolver = FakeResolver({"feeds.test": ["127.0.0.1"]})  # cookies are not kept for bare IP hosts
    async with FeedFetcher(settings(), resolver=resolver) as f:
        r = await f.fetch_feed(FeedState(f"http://feeds.test:{port}/cookie-check"))
    assert r.status == "ok" and len(r.items) == 2


# --- politeness: concurrency limits ------------------------------------------------------------------


@pytest.mark.parametrize(("kw", "limit"), [({"per_host": 2, "max_connections": 20}, 2),
                                           ({"per_host": 10, "max_connections": 3}, 3)])
async def test_concurrency_limits(server, kw: dict[str, int], limit: int) -> None:
    s, base = server
    async with FeedFetcher(settings(**kw)) as f:
        results = await asyncio.gather(*(f.fetch_feed(FeedState(f"{base}/busy/{i}")) for i in range(7)))
    assert all(r.status == "ok" for r in results)
    assert s.max_in_flight == limit


async def test_fetch_requires_context_manager() -> None:
    r = await FeedFetcher(settings()).fetch_feed(FeedState("http://127.0.0.1:9/x"))
    assert r.status == "error" and r.error_kind == "internal"


# --- full text ---------------------------------------------------------------------------------------


async def test_full_text_strips_boilerplate(server, fetcher) -> None:
    _, base = server
    text = await fetcher.fetch_article_text(f"{base}/fixture/article.html")
    assert text is not None
    assert "Nobody should face a judge alone" in text and "roughly 1,200 cases" in text
    assert "bidding process that closed last month" in text
    boilerplate = ("Subscribe now", "Privacy policy", "Ten things to do", "Share on Facebook", "All rights reserved")
    assert not [b for b in boilerplate if b in text]
    assert "\n\n" in text  # paragraphs kept apart for the NLP stage


async def test_full_text_decodes_declared_charset(server, fetcher) -> None:
    _, base = server
    para = "The caf\u00e9 owner said \u201cwe will stay open\u201d while the hearing continues in the county court. "
    body = "<html><body><article><h1>Caf\u00e9 stays open</h1>" + f"<p>{para * 4}</p>" * 3 + "</article></body></html>"
    url = f"{base}/raw?type={quote('text/html; charset=windows-1252')}&charset=cp1252&body={quote(body)}"
    text = await fetcher.fetch_article_text(url)
    assert text is not None and "caf\u00e9 owner said \u201cwe will stay open\u201d" in text


async def test_full_text_skips_non_html_oversized_and_private(server, fetcher) -> None:
    _, base = server
    assert await fetcher.fetch_article_text(f"{base}/fixture/jsonfeed11.json") is None
    assert await fetcher.fetch_article_text(f"{base}/huge") is None
    assert await fetcher.fetch_article_text(f"{base}/status/500") is None
    async with FeedFetcher(settings(allow_private_addresses=False)) as guarded:
        assert await guarded.fetch_article_text(f"{base}/fixture/article.html") is None
