"""Several workers on one database: dispatchers racing over the same channel post each item once, and
three worker processes (one killed with SIGKILL mid-run) store and extract every article exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.coordination.leases import renewing
from bot.ingest.processor import Processor
from bot.publishing.poster_loop import Dispatcher
from bot.storage import Store, migrate
from bot.storage.db import install_extensions
from config.settings import load_settings
from tests.fakes.dispatch import NOW, Clock, FakePublisher, article, court_story, settings, shelter_story
from tests.fakes.slack_api import FakeSlack
from tests.storage_fixtures import PG_ENV, Backend, add
from tests.support import ROOT, shared_extractor

ROOT = ROOT


# --- dispatchers racing -----------------------------------------------------------------------------


async def test_racing_dispatchers_post_every_item_once(backend: Backend) -> None:
    """Two workers (own engines, own Store) serve one channel at the same moments: one digest with every
    story, one thread update and one weekly chart go out, and neither worker trips over the other."""
    engines = [backend.engine(), backend.engine()]
    await migrate(engines[0])
    stores = [Store(e) for e in engines]
    try:
        await shelter_story(stores[0], NOW)
        await court_story(stores[0], NOW)
        await stores[0].ensure_channel("slack", "C1")
        clock = Clock(NOW)
        channel = FakePublisher()  # both workers post into the same channel
        workers = [Dispatcher(s, settings(), {"slack": channel}, clock=clock) for s in stores]

        rounds = await asyncio.gather(*(w.run_once() for w in workers))
        assert [m.kind for m in channel.messages] == ["digest", "chart"]
        assert sorted(channel.story_keys()) == ["a1", "a3"]
        assert sum(r.digests for r in rounds) == 1 and all(r.failures == 0 for r in rounds)

        clock.advance(hours=1)
        await article(stores[1], "Harbor City's $42 million shelter plan draws praise from aid groups",
                      "Coastal Post", clock.now - timedelta(minutes=10),
                      summary="Aid groups praised the Harbor City council's $42 million vote to keep shelters open.",
                      officials=[("Lena Park", "Mayor")],
                      quotes=[("Lena Park", "We counted every bed in this city twice before we asked for a dollar.")])
        rounds = await asyncio.gather(*(w.run_once() for w in workers))
        assert all(r.failures == 0 for r in rounds)
        updates = [m for m in channel.messages if m.kind == "item"]
        assert len(updates) == 1 and updates[0].thread == channel.messages[0].id
        keys = [k for m in channel.messages for k in m.keys]
        assert len(keys) == len(set(keys))
    finally:
        for s in stores:
            await s.close()


# --- leases in one process ---------------------------------------------------------------------------


async def test_work_in_progress_keeps_its_lease_and_finished_work_lets_it_go(tmp_path: Path) -> None:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'l.db'}")
    try:
        feed = await store.add_feed("https://f.example/rss")
        lease = 1.5
        await store.lease_due_feeds("w1", datetime.now(UTC), 1, lease)
        held = {feed.id}
        async with renewing(store, "feeds", "w1", held, lease, lambda: datetime.now(UTC)):
            await asyncio.sleep(2 * lease)
            assert await store.lease_due_feeds("w2", datetime.now(UTC), 1, lease) == []  # renewed: still w1's
            held.clear()  # done with it (but, say, the outcome could not be recorded)
            await asyncio.sleep(1.5 * lease)
        assert [f.id for f in await store.lease_due_feeds("w2", datetime.now(UTC), 1, lease)] == [feed.id]
    finally:
        await store.close()


async def test_processors_share_pending_articles(backend: Backend) -> None:
    engines = [backend.engine(), backend.engine()]
    await migrate(engines[0])
    stores = [Store(e) for e in engines]
    try:
        for n in range(12):
            await add(stores[0], n, text=_body(n))
        workers = [Processor(s, shared_extractor(), batch=4, owner=f"w{i}") for i, s in enumerate(stores)]
        done = await asyncio.gather(*(w.process_pending() for w in workers))
        assert sum(done) == 12
        async with engines[0].connect() as conn:
            counts = [n for (n,) in await conn.execute(text("SELECT extractions FROM articles"))]
        assert counts == [1] * 12
    finally:
        for s in stores:
            await s.close()


# --- worker processes -------------------------------------------------------------------------------

N_FEEDS = 300
STALL_S = 60.0  # the workers' counts standing still this long: stuck (a lease in the test runs out in 6 s)
DONE_S = 240.0  # polling and extraction in all, however loaded the machine
OWN_ITEMS = 2  # per feed, plus one item shared by ten feeds
SHARED_EVERY = 10
FIRST = ["Lena", "Marco", "Ana", "Tomas", "Priya", "Grace", "Omar", "Helen", "Victor", "Nadia"]
LAST = ["Park", "Ruiz", "Okafor", "Lindqvist", "Haddad", "Moreno", "Castell", "Brandt", "Ivers", "Quan"]
CITIES = ["Harbor City", "Bayview", "Marlow", "Port Ellis", "Gresham", "Tamsin", "Oakridge", "Westerly"]


def _body(n: int) -> str:
    name = f"{FIRST[n % 10]} {LAST[n // 10 % 10]}"
    city = CITIES[n % len(CITIES)]
    return (f"{city} Mayor {name} said on Monday that the city would open {n + 3} more shelters for asylum "
            f"seekers and migrant families. \"We will find a bed for every family that arrives,\" {name.split()[1]} "
            f"said. Immigration officials counted {1000 + n} new arrivals at the border crossing last month.")


class FeedFarm:
    """300 RSS feeds on loopback, a little slow to answer; item ``s<k>`` appears in ten feeds."""

    def __init__(self) -> None:
        self.hits: Counter[int] = Counter()
        self.published = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
        app = web.Application()
        app.router.add_get("/feed/{n}", self._feed)
        self.server = TestServer(app, host="127.0.0.1")

    def items(self, feed: int) -> list[tuple[str, int]]:
        own = [(f"f{feed}-{i}", 1000 + feed * OWN_ITEMS + i) for i in range(OWN_ITEMS)]
        return [*own, (f"s{feed // SHARED_EVERY}", feed // SHARED_EVERY)]

    def expected_urls(self) -> set[str]:
        return {self.item_url(key) for f in range(N_FEEDS) for key, _ in self.items(f)}

    def item_url(self, key: str) -> str:
        return f"https://news.example/{key}"

    async def _feed(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        self.hits[n] += 1
        await asyncio.sleep(0.1)  # slow enough that a worker has feeds in flight when it is killed
        entries = "".join(
            f"<item><guid>{key}</guid><title>Shelters item {key}</title><link>{self.item_url(key)}</link>"
            f"<pubDate>{self.published}</pubDate><description>{_body(seed)}</description></item>"
            for key, seed in self.items(n)
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>{entries}</channel></rss>'
        return web.Response(text=body, content_type="application/rss+xml")


@pytest.fixture
async def pg_schema() -> AsyncIterator[str]:
    """A database URL whose role sees only its own new schema (worker processes get no other hook)."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"needs PostgreSQL: set {PG_ENV} to run three workers against it")
    name = f"newsbot_workers_{uuid.uuid4().hex[:10]}"
    await install_extensions(url)  # in public: the workers' role may not create extensions
    admin = create_async_engine(url)
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE ROLE "{name}" LOGIN'))
            await conn.execute(text(f'CREATE SCHEMA "{name}" AUTHORIZATION "{name}"'))
            await conn.execute(text(f'ALTER ROLE "{name}" SET search_path = "{name}", public'))
        yield make_url(url).set(username=name).render_as_string(hide_password=False)
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
            await conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        await admin.dispose()


def _config(path: Path, db_url: str, farm: FeedFarm, slack_api: str) -> Path:
    feeds = "".join(f'[[feeds]]\nurl = "{farm.server.make_url(f"/feed/{n}")}"\nname = "Feed {n}"\n\n'
                    for n in range(N_FEEDS))
    path.write_text(
        f'database_url = "{db_url}"\nlog_level = "WARNING"\nlog_format = "json"\n\n'
        "[http]\nallow_private_addresses = true\nfetch_full_text = false\nper_host = 4\ntotal_timeout = 10.0\n\n"
        # one poll per feed in this test (interval), short leases so a dead worker's share moves on quickly
        "[poll]\ninterval = 3600\nbatch = 25\nlease = 6\n\n"
        f'[slack]\napi_url = "{slack_api}"\nchannels = ["C1"]\n\n'
        f"{feeds}"
    )
    return path


async def _prepare(db_url: str, config: Path) -> None:
    """The schema, the feeds as if polled before (so their items are news), and a channel watching a word."""
    store = await Store.open(db_url)
    try:
        await store.sync_feeds(load_settings(config).feeds)
        async with store.engine.begin() as conn:
            await conn.execute(text("UPDATE feeds SET last_success_at = now() - interval '1 day'"))
        channel = await store.ensure_channel("slack", "C1")
        await store.add_watch(channel.id, "keyword", "shelters")
    finally:
        await store.close()


def _posted_keys(slack: FakeSlack) -> list[list[str]]:
    """The story keys each message posted to the fake Slack carries (Slack message metadata)."""
    out = []
    for call in slack.calls_to("chat.postMessage"):
        meta = call.params.get("metadata")
        meta = json.loads(meta) if isinstance(meta, str) else meta or {}
        out.append(list(meta.get("event_payload", {}).get("stories", [])))
    return out


async def _counts(conn: object) -> tuple[int, int, int, int]:
    q = ("SELECT (SELECT count(*) FROM feeds WHERE last_polled_at IS NULL),"
         " (SELECT count(*) FROM articles), (SELECT count(*) FROM articles WHERE extracted_at IS NULL),"
         " (SELECT count(*) FROM feeds WHERE lease_owner IS NOT NULL)")
    return tuple((await conn.execute(text(q))).one())  # type: ignore[attr-defined]


@pytest.fixture
async def farm() -> AsyncIterator[FeedFarm]:
    f = FeedFarm()
    await f.server.start_server()
    yield f
    await f.server.close()


@pytest.mark.slow
@pytest.mark.timeout(420)  # boot, kill, DONE_S, the watch's dispatch round, stop
async def test_three_worker_processes_one_killed(pg_schema: str, farm: FeedFarm, tmp_path: Path) -> None:
    async with FakeSlack() as slack:
        config = _config(tmp_path / "workers.toml", pg_schema, farm, slack.api_url)
        await _prepare(pg_schema, config)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("NEWSBOT_") and k not in ("SLACK_APP_TOKEN", "DISCORD_TOKEN")}
        env["SLACK_BOT_TOKEN"] = "xoxb-test-token"
        procs: list[asyncio.subprocess.Process] = []
        db = create_async_engine(pg_schema)
        try:
            for i in range(3):
                with (tmp_path / f"worker{i}.log").open("wb") as log:
                    procs.append(await asyncio.create_subprocess_exec(
                        sys.executable, "-m", "handlers.cli", "--config", str(config), "run",
                        cwd=ROOT, env=env, stdout=log, stderr=log))
            held = await _kill_when_busy(db, procs[0])
            await _wait_until_done(db, procs[1:])
            await _check_stored_once(db, farm, held)
            await _check_posted_once(slack)
        finally:
            for p in procs:
                if p.returncode is None:
                    p.send_signal(signal.SIGTERM)
            for p in procs:
                try:
                    await asyncio.wait_for(p.wait(), 15)
                except TimeoutError:
                    p.kill()
                    await p.wait()
            await db.dispose()


async def _kill_when_busy(db: AsyncEngine, victim: asyncio.subprocess.Process) -> list[int]:
    """SIGKILL ``victim`` as soon as it holds feeds it has not finished; returns their ids."""
    held: list[int] = []
    deadline = time.monotonic() + 60
    while not held and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        async with db.connect() as conn:
            with_lease = "SELECT id FROM feeds WHERE lease_owner LIKE :o"
            held = [r for (r,) in await conn.execute(text(with_lease), {"o": f"%:{victim.pid}:%"})]
    assert held, "the first worker never took a feed"
    victim.send_signal(signal.SIGKILL)
    await victim.wait()
    return held


async def _wait_until_done(db: AsyncEngine, survivors: list[asyncio.subprocess.Process]) -> None:
    """Wait until every feed is polled, every stored article extracted and no feed leased.

    Bounded by progress rather than by one fixed time: the survivors extract some 600 articles, seconds of
    work alone but minutes on a loaded machine. Counts that stand still for STALL_S (ten times the lease a
    dead worker's share waits out) fail the test, and so does DONE_S in all."""
    start = time.monotonic()
    seen, moved = (-1, -1, -1, -1), start
    while True:
        async with db.connect() as conn:
            counts = await _counts(conn)
        unpolled, stored, pending, leased = counts
        if unpolled == 0 and stored > 0 and pending == 0 and leased == 0:
            return
        assert all(p.returncode is None for p in survivors), "a surviving worker exited"
        now = time.monotonic()
        if counts != seen:
            seen, moved = counts, now
        if now - moved > STALL_S or now - start > DONE_S:
            pytest.fail(f"not done: no progress for {now - moved:.0f} s, {now - start:.0f} s in all: "
                        f"{unpolled} feeds unpolled, {pending} of {stored} articles pending, {leased} feeds leased")
        await asyncio.sleep(0.5)


async def _check_stored_once(db: AsyncEngine, farm: FeedFarm, held: list[int]) -> None:
    async with db.connect() as conn:
        urls = [u for (u,) in await conn.execute(text("SELECT canonical_url FROM articles"))]
        extractions = Counter(n for (n,) in await conn.execute(text("SELECT extractions FROM articles")))
        errors = (await conn.execute(text("SELECT count(*) FROM articles WHERE extraction_error IS NOT NULL"))).scalar()
        quotes = (await conn.execute(text("SELECT count(*) FROM quotes"))).scalar()
        feed_urls = list(await conn.execute(text("SELECT id, url FROM feeds")))
    assert len(urls) == len(set(urls)) and set(urls) == farm.expected_urls()  # each item once, none lost
    assert extractions == Counter({1: len(urls)}) and errors == 0  # every article extracted exactly once
    assert quotes > 0
    # a feed was fetched twice only if the killed worker held it; the others went to one worker each
    assert set(farm.hits) == set(range(N_FEEDS))
    held_feeds = {int(u.rsplit("/", 1)[1]) for fid, u in feed_urls if fid in held}
    assert {n for n, hits in farm.hits.items() if hits > 1} <= held_feeds
    assert max(farm.hits.values()) <= 2


async def _check_posted_once(slack: FakeSlack) -> None:
    """Once the watch has fired (on a dispatch round, every 30 s): no story reached the channel twice."""

    def alerted() -> bool:
        return any(keys and not keys[0].startswith("update:") for keys in _posted_keys(slack))

    await slack.wait_for(alerted, timeout=45)
    posted = _posted_keys(slack)
    keys = [k for message in posted for k in message]
    assert len(keys) == len(set(keys)), posted
    assert sum(1 for message in posted if not message) <= 1  # one (empty) first digest, not one per worker
