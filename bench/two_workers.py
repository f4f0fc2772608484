"""Two workers polling one PostgreSQL database: every feed polled once per interval, none twice, no lease lost.

N loopback feeds (all new content, 3 items each) are added to a throwaway schema; two worker processes run
the worker's poll loop (``run_forever`` over ``Poller.start_due``, as ``newsbot worker`` does), each with its
own worker id, until every feed has been polled once (or ``--max-seconds``). The feeds' interval is longer
than the run, so a feed polled twice is a lease that failed to keep a feed to one worker. Counted three
ways: the feed server's own log of GETs per feed, the database (every feed polled and succeeded, its lease
ended, its items stored once), and the workers (the feeds each polled; a batch written for a feed whose
lease was no longer the worker's, checked before each batched write, is a lost lease).

    .venv/bin/python bench/two_workers.py --feeds 20000 --pg postgresql+asyncpg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import aiohttp
from common import FeedServer, cpu_seconds, machine_note
from sqlalchemy import event, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.feeds.http import FeedFetcher
from bot.infra.clock import utcnow
from bot.infra.log import configure_logging
from bot.ingest.poller import Poller
from bot.runtime import run_forever
from bot.storage import Store, make_engine, migrate
from bot.storage.db import install_extensions
from bot.storage.rows import FeedRow, PolledFeed
from bot.storage.tables import Article, Feed
from config.settings import FeedConfig, Settings

INTERVAL_S = 3600  # longer than any run: a feed polled twice was not kept to one worker


def schema_engine(url: str, schema: str) -> AsyncEngine:
    engine = make_engine(url)

    @event.listens_for(engine.sync_engine, "connect")
    def _search_path(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.run_async(lambda c: c.execute(f'SET search_path TO "{schema}", public'))

    return engine


class LeaseCheckingStore(Store):
    """A Store that, before each batched write, counts the feeds being recorded whose lease is no longer
    this worker's (another worker could have taken them)."""

    owner = ""
    lost = 0

    async def record_polls(self, polled: Sequence[PolledFeed], now: datetime | None = None) -> list[list[int | None]]:
        done = [p.feed_id for p in polled if p.outcome is not None]
        if done:
            async with self.db.connect() as conn:
                held = await conn.scalar(select(func.count()).select_from(Feed).where(
                    Feed.id.in_(done), Feed.lease_owner == self.owner, Feed.lease_until > utcnow()))
            self.lost += len(done) - int(held or 0)
        return await super().record_polls(polled, now)


class CountingPoller(Poller):
    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.polled: list[int] = []

    async def poll_feed(self, feed: FeedRow) -> Any:
        stats = await super().poll_feed(feed)
        self.polled.append(feed.id)
        return stats


async def work(url: str, schema: str, owner: str, stop_at: float, stop: Any, batch: int) -> dict[str, Any]:
    settings = Settings(http={"allow_private_addresses": True, "fetch_full_text": False},
                        poll={"batch": batch, "interval": INTERVAL_S})
    store = LeaseCheckingStore(schema_engine(url, schema))
    store.owner = owner
    c0 = cpu_seconds()
    stopping = asyncio.Event()
    try:
        async with FeedFetcher(settings.http) as fetcher:
            poller = CountingPoller(store, fetcher, settings, owner=owner)
            loop = asyncio.create_task(run_forever("poll", 0.5, poller.start_due, stopping))
            while not stop.is_set() and time.time() < stop_at:
                await asyncio.sleep(0.2)
            stopping.set()
            await loop
            for _ in range(600):  # the polls in flight finish (at most a minute)
                if not poller.in_flight:
                    break
                await asyncio.sleep(0.1)
            await poller.aclose()
    finally:
        await store.close()
    return {"owner": owner, "polled": poller.polled, "lost": store.lost, "cpu_s": cpu_seconds() - c0}


def worker_process(url: str, schema: str, owner: str, stop_at: float, stop: Any, batch: int, out: Any) -> None:
    configure_logging("WARNING")
    out.put(asyncio.run(work(url, schema, owner, stop_at, stop, batch)))


async def count_db(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as conn:
        feeds = await conn.execute(select(
            func.count(), func.count(Feed.last_polled_at), func.count(Feed.last_success_at),
            func.count(Feed.lease_owner), func.coalesce(func.sum(Feed.failures), 0)))
        total, polled, succeeded, leased, failures = feeds.one()
        articles = await conn.scalar(select(func.count()).select_from(Article))
        distinct = await conn.scalar(select(func.count(func.distinct(Article.content_hash))))
    return {"feeds": total, "polled": polled, "succeeded": succeeded, "still_leased": leased,
            "failures": int(failures), "articles": int(articles or 0), "distinct_articles": int(distinct or 0)}


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=20000)
    ap.add_argument("--pg", required=True, help="postgresql+asyncpg://… (a schema is made and dropped)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=500, help="poll.batch: feeds in flight per worker")
    ap.add_argument("--max-seconds", type=float, default=600, help="stop the workers after this, done or not")
    args = ap.parse_args()
    configure_logging("WARNING")
    print(f"# two workers: {args.feeds} feeds x 3 items, {args.workers} workers, poll.batch={args.batch}, "
          f"{machine_note()}")
    schema = f"i17_batch_two_{uuid.uuid4().hex[:8]}"
    await install_extensions(args.pg)
    admin = create_async_engine(args.pg)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = schema_engine(args.pg, schema)
    try:
        await migrate(engine)
        with FeedServer(items=3) as server:
            store = Store(engine)
            await store.sync_feeds([FeedConfig(url=server.url(i), interval=INTERVAL_S) for i in range(args.feeds)])
            ctx = mp.get_context("spawn")
            stop, out = ctx.Event(), ctx.Queue()
            started = time.time()
            procs = [ctx.Process(target=worker_process, args=(args.pg, schema, f"bench-worker-{k}",
                                                              started + args.max_seconds, stop, args.batch, out))
                     for k in range(args.workers)]
            for p in procs:
                p.start()
            polled = 0
            while polled < args.feeds and time.time() - started < args.max_seconds:
                await asyncio.sleep(2)
                polled = (await count_db(engine))["polled"]
            wall = time.time() - started
            await asyncio.sleep(3)  # a feed polled a second time would show now
            stop.set()
            results = [out.get(timeout=180) for _ in procs]
            for p in procs:
                p.join(30)
            async with aiohttp.ClientSession() as http, http.get(f"{server.control}/_hits") as r:
                hits = Counter({int(k): v for k, v in (await r.json()).items()})
        db = await count_db(engine)
    finally:
        await engine.dispose()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()
    by_worker = [Counter(r["polled"]) for r in results]
    both = set(by_worker[0]).intersection(*by_worker[1:]) if len(by_worker) > 1 else set()
    figures = {
        "bench": "two_workers", "feeds": args.feeds, "workers": args.workers, "wall_s": round(wall, 1),
        "feeds_per_min": round(db["polled"] / wall * 60),
        "polled_per_worker": [len(r["polled"]) for r in results],
        "worker_cpu_s": [round(r["cpu_s"], 1) for r in results],
        "server_feeds_fetched": len(hits), "server_fetched_twice": sum(1 for v in hits.values() if v > 1),
        "server_never_fetched": args.feeds - len(hits),
        "polled_by_two_workers": len(both),
        "polled_twice_by_one_worker": sum(1 for c in by_worker for v in c.values() if v > 1),
        "leases_lost": sum(r["lost"] for r in results), **{f"db_{k}": v for k, v in db.items()},
    }
    print(f"all {args.feeds} feeds polled in {wall:.1f} s" if db["polled"] == args.feeds
          else f"stopped after {wall:.1f} s with {db['polled']} of {args.feeds} feeds polled")
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
