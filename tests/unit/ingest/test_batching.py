"""The poller writes a round's items and feed outcomes in a few transactions (``bot.ingest.batching``),
with the guarantees of one transaction per item: each story once, a feed's first fetch not announced,
and a poll that dies at the worst moment — its batch half written, or cancelled between fetch and
commit — loses nothing and stores nothing twice when the feeds are polled again. Feeds are served on
loopback with ETags, so a kept validator shows as a 304. ``store`` is the shared fixture: SQLite, and
PostgreSQL when NEWSBOT_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web

from bot.feeds.http import FeedFetcher
from bot.ingest.batching import BatchedWrites
from bot.ingest.poller import Poller
from bot.storage.areas.polls import Polls
from bot.storage.repo import Store
from bot.storage.rows import PolledFeed
from config.settings import HttpSettings, PollSettings, Settings

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BODY = "The county opened another shelter on Monday, and officials said more families had arrived this month."


@dataclass
class Feeds:
    """RSS feeds by name, each item ``(guid, link)``; answers 304 to the ETag it last sent."""

    items: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    conditional: Counter[str] = field(default_factory=Counter)  # requests that sent If-None-Match

    def etag(self, name: str) -> str:
        return f'"{name}-{len(self.items[name])}"'

    async def feed(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.hits[name] += 1
        if "If-None-Match" in request.headers:
            self.conditional[name] += 1
            if request.headers["If-None-Match"] == self.etag(name):
                return web.Response(status=304)
        entries = "".join(f"<item><guid>{g}</guid><title>Story {g}</title><link>{link}</link>"
                          f"<description>{BODY} ({g})</description></item>" for g, link in self.items[name])
        xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{entries}</channel></rss>'
        return web.Response(text=xml, content_type="application/rss+xml", headers={"ETag": self.etag(name)})


@pytest.fixture
async def served() -> AsyncIterator[tuple[Feeds, str]]:
    feeds = Feeds()
    app = web.Application()
    app.router.add_get("/feed/{name}", feeds.feed)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield feeds, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    await runner.cleanup()


def settings(*, write_batch: int = 50, write_wait: float = 0.05) -> Settings:
    return Settings(
        http=HttpSettings(allow_private_addresses=True, fetch_full_text=False),
        poll=PollSettings(interval=3600, lease=30, write_batch=write_batch, write_wait=write_wait),
    )


class Later:
    """A poller's clock an hour on: the leases a stopped worker held have run out."""

    def __call__(self) -> datetime:
        return datetime.now(UTC) + timedelta(hours=1)


async def add_feeds(store: Store, feeds: Feeds, base: str, n: int, per_feed: int = 2) -> None:
    for k in range(n):
        feeds.items[f"f{k}"] = [(f"f{k}-{i}", f"{base}/story/f{k}-{i}") for i in range(per_feed)]
        await store.add_feed(f"{base}/feed/f{k}")


async def stored(store: Store) -> Counter[str]:
    """How many times each story is stored, by the last part of its link."""
    rows = await store.articles_since(EPOCH, relevant_only=False, announced_only=False)
    return Counter((r.url or "").rsplit("/", 1)[-1] for r in rows)


async def test_a_round_is_written_in_a_few_transactions(
    served: tuple[Feeds, str], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    feeds, base = served
    await add_feeds(store, feeds, base, 12)
    batches: list[int] = []
    real = Polls.record_polls

    async def counted(self: Polls, polled: Any, now: Any = None) -> Any:
        batches.append(len(polled))
        return await real(self, polled, now)

    monkeypatch.setattr(Polls, "record_polls", counted)
    async with FeedFetcher(settings().http) as fetcher:
        stats = await Poller(store, fetcher, settings(write_batch=5, write_wait=10)).poll_due(force=True)
    assert (stats.ok, stats.new_articles, stats.duplicates) == (12, 24, 0)
    assert sum(batches) == 12 and max(batches) <= 5 and len(batches) <= 4  # not one per feed, nor per item
    assert set((await stored(store)).values()) == {1}


async def test_the_same_story_in_two_feeds_of_one_batch_is_stored_once(served: tuple[Feeds, str], store: Store) -> None:
    feeds, base = served
    feeds.items = {"wire": [("w-1", f"{base}/story/shared"), ("w-2", f"{base}/story/w-2")],
                   "paper": [("p-1", f"{base}/story/shared?utm_source=rss")]}  # the same page, tracked
    for name in feeds.items:
        await store.add_feed(f"{base}/feed/{name}")
    async with FeedFetcher(settings().http) as fetcher:
        stats = await Poller(store, fetcher, settings(write_wait=10)).poll_due(force=True)
    assert (stats.new_articles, stats.duplicates) == (2, 1)
    assert await stored(store) == Counter({"shared": 1, "w-2": 1})


async def test_a_feeds_first_fetch_is_not_announced_its_next_items_are(served: tuple[Feeds, str], store: Store) -> None:
    feeds, base = served
    await add_feeds(store, feeds, base, 3)
    async with FeedFetcher(settings().http) as fetcher:
        poller = Poller(store, fetcher, settings())
        await poller.poll_due(force=True)
        feeds.items["f1"].append(("f1-late", f"{base}/story/f1-late"))
        again = await poller.poll_due(force=True)
    assert (again.not_modified, again.ok, again.new_articles) == (2, 1, 1)  # validators kept: two 304s
    rows = await store.articles_since(EPOCH, relevant_only=False, announced_only=False)
    assert sorted((r.url or "").rsplit("/", 1)[-1] for r in rows if r.announce) == ["f1-late"]
    assert len(rows) == 7


async def test_a_batch_that_fails_half_written_is_polled_again_whole_and_stored_once(
    served: tuple[Feeds, str], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worst moment: the articles of a batch are inserted, the outcomes are being written, and the
    database fails. Nothing of that batch is committed (not the items, not the validators, not the end of
    the leases); a batch committed before it stays. Polled again, every story is there exactly once."""
    feeds, base = served
    await add_feeds(store, feeds, base, 6)
    real = Polls._record_outcomes
    calls = 0

    async def fails_after_the_first_batch(self: Polls, conn: Any, polled: Any) -> None:
        nonlocal calls
        calls += 1
        if calls > 1:
            raise ConnectionResetError("the database went away mid-write")
        await real(self, conn, polled)

    monkeypatch.setattr(Polls, "_record_outcomes", fails_after_the_first_batch)
    async with FeedFetcher(settings().http) as fetcher:
        first = await Poller(store, fetcher, settings(write_batch=3, write_wait=10), owner="a").poll_due(force=True)
        assert first.errors == 3  # the three feeds of the failed batch (tried together, then one by one)
        kept = await stored(store)
        assert len(kept) == 6 and set(kept.values()) == {1}  # only the first batch's: 3 feeds x 2 items
        monkeypatch.setattr(Polls, "_record_outcomes", real)

        # the failed feeds are still leased to "a": another worker takes them once the lease runs out
        second = await Poller(store, fetcher, settings(), owner="b", clock=Later()).poll_due(force=True)
    assert (second.ok + second.not_modified, second.new_articles, second.duplicates) == (6, 6, 0)
    assert second.not_modified == 3  # the committed feeds kept their ETags
    assert await stored(store) == Counter({f"f{k}-{i}": 1 for k in range(6) for i in range(2)})
    for feed in await store.list_feeds():
        assert feed.etag is not None and feed.failures == 0


async def test_a_poll_cancelled_between_fetch_and_commit_is_polled_again_and_stored_once(
    served: tuple[Feeds, str], store: Store
) -> None:
    """A worker killed while its round waits for the batched write: fetched and parsed, nothing committed.
    Its leases run out, another worker polls the feeds in full (no validator was kept) and stores each
    story once; a worker killed after some feeds' commit leaves those alone."""
    feeds, base = served
    await add_feeds(store, feeds, base, 4)
    async with FeedFetcher(settings().http) as fetcher:
        dying = Poller(store, fetcher, settings(write_batch=100, write_wait=30), owner="a")
        round_ = asyncio.create_task(dying.poll_due(force=True))
        for _ in range(400):  # every feed fetched and waiting for the write (at most 20 s)
            if sum(feeds.hits.values()) == 4 and len(dying.writes._waiting) == 4:
                break
            await asyncio.sleep(0.05)
        assert len(dying.writes._waiting) == 4
        writer = dying.writes._writer
        assert writer is not None
        writer.cancel()  # the kill: the writer dies before it writes
        round_.cancel()
        await asyncio.gather(round_, writer, return_exceptions=True)
        assert await stored(store) == Counter()
        assert all(f.etag is None for f in await store.list_feeds())

        again = await Poller(store, fetcher, settings(), owner="b", clock=Later()).poll_due(force=True)
    assert (again.ok, again.new_articles, again.duplicates) == (4, 8, 0)
    assert sum(feeds.conditional.values()) == 0  # nothing was kept, so nothing was asked conditionally
    assert await stored(store) == Counter({f"f{k}-{i}": 1 for k in range(4) for i in range(2)})


class RefusingStore:
    """A store whose database refuses any batch holding feed ``bad``; counts the batches it was given."""

    def __init__(self, bad: int) -> None:
        self.bad = bad
        self.batches: list[list[int]] = []

    async def record_polls(self, polled: Any, now: Any = None) -> list[list[int | None]]:
        self.batches.append([p.feed_id for p in polled])
        if any(p.feed_id == self.bad for p in polled):
            raise ValueError("a value the database refuses")
        return [[] for _ in polled]


async def test_a_batch_the_database_refuses_is_retried_feed_by_feed_and_only_the_feed_at_fault_fails() -> None:
    store = RefusingStore(bad=2)
    writes = BatchedWrites(store, max_feeds=4, max_wait=10)  # type: ignore[arg-type]
    outcomes = await asyncio.gather(*(writes.write(PolledFeed(k)) for k in range(1, 5)), return_exceptions=True)
    assert [type(o).__name__ for o in outcomes] == ["list", "ValueError", "list", "list"]
    assert store.batches == [[1, 2, 3, 4], [1], [2], [3], [4]]
