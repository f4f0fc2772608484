"""One slow or huge feed never stalls the others: items' pages fetched concurrently within the per-host
limit, a time budget per feed that keeps what was stored, and a service loop that does not wait for its
slowest feed. Everything is served on loopback; tarpits trickle a byte at a time until the client leaves."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web

from bot.feeds.http import FeedFetcher, FeedState, FetchResult
from bot.ingest.poller import Poller
from bot.runtime import run_forever
from bot.storage.repo import Store
from config.settings import HttpSettings, PollSettings, Settings

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def page_html(name: str, n: int) -> str:
    paras = "".join(
        f"<p>Paragraph {k} of report {n} from the {name} desk: the county opened another shelter for asylum "
        f"seekers on Monday, and officials said {100 + k} families had arrived since the start of the month.</p>"
        for k in range(6))
    return (f"<html><head><title>Report {n}</title></head><body><nav>Home | News</nav><article>"
            f"<h1>Report {n}: county opens shelter</h1>{paras}</article><footer>Contact</footer></body></html>")


@dataclass
class Site:
    """Feeds and article pages on loopback. ``tarpit`` names feeds, or pages (``name/n``), that answer one
    byte at a time for ever; ``gate`` makes pages wait until ``gate`` of them are in flight (at most 10 s)."""

    items: int = 4
    tarpit: set[str] = field(default_factory=set)
    gate: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    most_in_flight: int = 0
    trickling: int = 0  # tarpit responses still being sent
    started: asyncio.Event = field(default_factory=asyncio.Event)  # a tarpit response began
    _crowd: asyncio.Event = field(default_factory=asyncio.Event)

    def feed_xml(self, name: str, base: str) -> str:
        entries = "".join(
            f"<item><guid>{name}-{n}</guid><title>Report {n} from {name}</title><link>{base}/page/{name}/{n}</link>"
            f"<description>Teaser {n}.</description></item>" for n in range(self.items))
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{entries}</channel></rss>'

    async def trickle(self, request: web.Request, content_type: str) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": content_type})
        await response.prepare(request)
        self.trickling += 1
        self.started.set()
        try:
            for _ in range(6000):  # bounded: 10 minutes at most
                await response.write(b" ")
                await asyncio.sleep(0.1)
        except ConnectionResetError:  # the client gave up: what a tarpit waits for
            pass
        finally:
            self.trickling -= 1
        return response

    async def feed(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        self.hits[f"feed/{name}"] += 1
        if name in self.tarpit:
            return await self.trickle(request, "application/rss+xml")
        base = f"http://{request.host}"
        return web.Response(text=self.feed_xml(name, base), content_type="application/rss+xml")

    async def page(self, request: web.Request) -> web.StreamResponse:
        key = f"{request.match_info['name']}/{request.match_info['n']}"
        self.hits[key] += 1
        if key in self.tarpit:
            return await self.trickle(request, "text/html")
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.gate:
                if self.in_flight >= self.gate:
                    self._crowd.set()
                with contextlib.suppress(TimeoutError):  # a gate nobody fills lets the crowd through after 10 s
                    await asyncio.wait_for(self._crowd.wait(), 10)
            name, n = key.split("/")
            return web.Response(text=page_html(name, int(n)), content_type="text/html")
        finally:
            self.in_flight -= 1


@pytest.fixture
async def site() -> AsyncIterator[tuple[Site, list[str]]]:
    """The site and its two base URLs: 127.0.0.1 and 127.0.0.2 are two hosts to the per-host limit."""
    s = Site()
    app = web.Application()
    app.router.add_get("/feed/{name}", s.feed)
    app.router.add_get("/page/{name}/{n}", s.page)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    bases = []
    for host in ("127.0.0.1", "127.0.0.2"):
        tcp = web.TCPSite(runner, host, 0)
        await tcp.start()
        bases.append(f"http://{host}:{tcp._server.sockets[0].getsockname()[1]}")  # type: ignore[union-attr]
    yield s, bases
    await runner.cleanup()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    st = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'poller.db'}")
    yield st
    await st.close()


def settings(*, per_host: int = 2, budget: float = 60, total_timeout: float = 30, lease: int = 120) -> Settings:
    return Settings(
        http=HttpSettings(allow_private_addresses=True, per_host=per_host, total_timeout=total_timeout),
        poll=PollSettings(interval=3600, feed_budget=budget, lease=lease, backoff_base=1),
    )


async def stored(store: Store) -> list[str]:
    """The stored articles, named "feed-n" by their link (/page/feed/n)."""
    rows = await store.articles_since(EPOCH, relevant_only=False, announced_only=False)
    return sorted("-".join((r.url or "").rsplit("/", 2)[1:]) for r in rows)


async def test_items_pages_are_fetched_concurrently_within_the_per_host_limit(
    site: tuple[Site, list[str]], store: Store
) -> None:
    s, (base, _) = site
    s.items, s.gate = 4, 2  # a page answers once two are in flight, or after 10 s
    await store.add_feed(f"{base}/feed/wire")
    async with FeedFetcher(settings(per_host=2).http) as fetcher:
        stats = await Poller(store, fetcher, settings(per_host=2)).poll_due(force=True)
    assert (stats.errors, stats.new_articles) == (0, 4)
    assert s.most_in_flight == 2  # concurrent, and never past http.per_host
    assert [s.hits[f"wire/{n}"] for n in range(4)] == [1] * 4


async def test_feed_over_its_budget_keeps_what_was_stored_and_the_next_poll_fetches_only_the_rest(
    site: tuple[Site, list[str]], store: Store
) -> None:
    s, (base, _) = site
    s.tarpit = {"wire/2", "wire/3"}
    feed = await store.add_feed(f"{base}/feed/wire")
    cfg = settings(per_host=4, budget=5)
    async with FeedFetcher(cfg.http) as fetcher:
        poller = Poller(store, fetcher, cfg)
        first = await poller.poll_due(force=True)
        assert (first.errors, first.errors_by_kind, first.new_articles) == (1, {"timeout": 1}, 2)
        (row,) = await store.list_feeds()
        assert row.id == feed.id and row.failures == 1 and row.last_error_kind == "timeout"
        assert row.last_error is not None and "poll.feed_budget" in row.last_error and "2 of 4" in row.last_error
        assert await stored(store) == ["wire-0", "wire-1"]  # stored as they came, kept

        s.tarpit.clear()  # the slow pages answer now
        again = await poller.poll_due(force=True)
    assert (again.errors, again.new_articles, again.duplicates) == (0, 2, 2)
    assert await stored(store) == ["wire-0", "wire-1", "wire-2", "wire-3"]  # each once
    assert [s.hits[f"wire/{n}"] for n in range(4)] == [1, 1, 2, 2]  # stored items' pages not fetched again
    (row,) = await store.list_feeds()
    assert row.failures == 0 and row.last_success_at is not None


async def test_a_feed_that_never_finishes_answering_is_a_timeout_at_its_budget(
    site: tuple[Site, list[str]], store: Store
) -> None:
    s, (base, _) = site
    s.tarpit = {"slow"}
    await store.add_feed(f"{base}/feed/slow")
    cfg = settings(budget=1.5, total_timeout=60)
    async with FeedFetcher(cfg.http) as fetcher:
        stats = await Poller(store, fetcher, cfg).poll_due(force=True)
    assert stats.errors_by_kind == {"timeout": 1}
    (row,) = await store.list_feeds()
    assert row.last_error_kind == "timeout" and "poll.feed_budget (1.5 s)" in (row.last_error or "")


async def test_a_tarpit_feed_does_not_hold_back_a_healthy_one(site: tuple[Site, list[str]], store: Store) -> None:
    """The worker's poll loop (run_forever over Poller.start_due, as handlers/app.py runs it): a healthy
    feed due every second is polled again and again while a tarpit feed on another host is still being read."""
    s, (healthy_base, tarpit_base) = site
    s.tarpit = {"tarpit"}
    await store.add_feed(f"{tarpit_base}/feed/tarpit")
    await store.add_feed(f"{healthy_base}/feed/healthy", interval=1)
    cfg = settings(budget=300, total_timeout=300)
    cfg.http.fetch_full_text = False
    stop = asyncio.Event()
    async with FeedFetcher(cfg.http) as fetcher:
        poller = Poller(store, fetcher, cfg)
        loop = asyncio.create_task(run_forever("poll", 0.1, poller.start_due, stop))
        try:
            deadline = time.monotonic() + 60
            while s.hits["feed/healthy"] < 4 and time.monotonic() < deadline and not loop.done():
                await asyncio.sleep(0.05)
            assert s.hits["feed/healthy"] >= 4, s.hits
            assert s.trickling == 1 and s.hits["feed/tarpit"] == 1  # the tarpit is still being read, once
        finally:
            stop.set()
            await asyncio.wait_for(loop, 10)
            await poller.aclose()
    assert poller.in_flight == 0
    assert await stored(store) == [f"healthy-{n}" for n in range(4)]  # stored once, however often polled


async def test_a_poll_stopped_mid_feed_is_finished_by_another_worker_without_duplicates(
    site: tuple[Site, list[str]], store: Store
) -> None:
    """The worker stops (or dies) while a feed's pages are in flight: what it stored stays; once its
    lease runs out another worker takes the feed and stores the rest, nothing twice."""
    s, (base, _) = site
    s.tarpit = {"wire/3"}
    await store.add_feed(f"{base}/feed/wire")
    cfg = settings(per_host=4, lease=6)
    async with FeedFetcher(cfg.http) as fetcher:
        first = Poller(store, fetcher, cfg, owner="worker-a")
        await first.start_due(force=True)
        await asyncio.wait_for(s.started.wait(), 30)
        deadline = time.monotonic() + 30
        while len(await stored(store)) < 3 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await first.aclose()  # stopped with the last page still trickling
        assert await stored(store) == ["wire-0", "wire-1", "wire-2"]

        s.tarpit.clear()
        second = Poller(store, fetcher, cfg, owner="worker-b")
        assert (await second.poll_due(force=True)).feeds == 0  # still worker-a's until its lease runs out
        deadline = time.monotonic() + 30
        stats = await second.poll_due(force=True)
        while stats.feeds == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            stats = await second.poll_due(force=True)
    assert (stats.new_articles, stats.duplicates) == (1, 3)
    assert await stored(store) == [f"wire-{n}" for n in range(4)]
    assert [s.hits[f"wire/{n}"] for n in range(3)] == [1, 1, 1]


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


class SlowFetcher:
    """A fetcher whose fetch takes ``seconds`` on the poller's clock and finds the feed unchanged."""

    def __init__(self, clock: Clock, seconds: float) -> None:
        self.clock, self.seconds = clock, seconds

    async def fetch_feed(self, state: FeedState, source_name: str | None = None) -> FetchResult:
        self.clock.now += timedelta(seconds=self.seconds)
        return FetchResult(url=state.url, status="not_modified")


@pytest.mark.parametrize(("fetch_s", "due_after_s"), [(3, 10), (8, 13)])
async def test_a_feed_is_due_an_interval_after_its_poll_started(store: Store, fetch_s: float, due_after_s: float) -> None:
    """The worker's tick then finds it due on time (counted from the end, every poll came a tick late);
    a feed slower than half its interval still rests half an interval after its poll ends."""
    await store.add_feed("https://slow.example/feed", interval=10)
    clock = Clock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    started = clock.now
    poller = Poller(store, SlowFetcher(clock, fetch_s), settings(), clock=clock)  # type: ignore[arg-type]
    assert (await poller.poll_due()).not_modified == 1
    (row,) = await store.list_feeds()
    assert row.next_poll_at is not None
    assert row.next_poll_at.replace(tzinfo=UTC) - started == timedelta(seconds=due_after_s)
