"""Poller throughput: the real Poller + FeedFetcher + Store polling N local feeds, against bare aiohttp GETs.

The feeds are served by a child process on 127.0.0.1–127.0.0.50 (small RSS bodies with ETags), so the
CPU measured here is newsbot's own; the server's CPU is reported beside it. Round 1 gets 200s (every item
is parsed and stored), round 2 sends the stored ETags back and gets 304s, round 3 has forgotten them
(as for feeds that send no validators) and gets 200s whose items are all stored already. The baseline does the same GETs
(same conditional headers, same global and per-host limits) with aiohttp alone and keeps nothing.

    .venv/bin/python bench/poller_throughput.py --feeds 2000
    .venv/bin/python bench/poller_throughput.py --feeds 2000 --pg postgresql+asyncpg://postgres@127.0.0.1:5432/test
    .venv/bin/python bench/poller_throughput.py --feeds 500 --subscriptions 1000   # issue #16: channels follow feeds

With ``--subscriptions N`` the SQLite rounds run twice, on fresh stores: without subscriptions, then with N
channel subscriptions spread over the feeds (channel c follows feeds c and c + N/2 …, as many channels as it
takes), and the ratio of the two is printed: a feed is polled once however many channels follow it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from common import FeedServer, bench_store, cpu_seconds, machine_note, print_table
from sqlalchemy import text
from yarl import URL

from bot.feeds.http import FeedFetcher
from bot.infra.log import configure_logging
from bot.ingest.poller import Poller, PollStats
from bot.storage import Store
from config.settings import FeedConfig, Settings

ROUNDS = (1, 2, 3)


@dataclass
class Round:
    name: str
    feeds: int
    wall: float
    cpu: float
    server_cpu: float
    statuses: str

    def row(self) -> list[object]:
        return [self.name, self.feeds, self.wall, self.feeds / self.wall * 60, self.cpu,
                self.cpu / self.feeds * 1000, self.cpu / self.wall * 100, self.server_cpu, self.statuses]


async def server_cpu(http: aiohttp.ClientSession, server: FeedServer) -> float:
    async with http.get(f"{server.control}/_cpu") as r:
        return float((await r.json())["cpu"])


async def measured(name: str, n: int, server: FeedServer, work: Callable[[], Awaitable[str]]) -> Round:
    async with aiohttp.ClientSession() as control:
        s0 = await server_cpu(control, server)
        c0, t0 = cpu_seconds(), time.perf_counter()
        statuses = await work()
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        s1 = await server_cpu(control, server)
    return Round(name, n, wall, cpu, s1 - s0, statuses)


async def baseline_rounds(urls: list[str], settings: Settings, server: FeedServer) -> list[Round]:
    """Bare aiohttp: the same URLs, limits and conditional GETs; bodies read and dropped."""
    http_s = settings.http
    etags: dict[str, str] = {}
    global_slots = asyncio.Semaphore(http_s.max_connections)
    host_slots: dict[str, asyncio.Semaphore] = {}
    connector = aiohttp.TCPConnector(limit=http_s.max_connections, limit_per_host=http_s.per_host)
    async with aiohttp.ClientSession(connector=connector) as http:
        async def get(url: str) -> int:
            host = URL(url).host or ""
            slot = host_slots.setdefault(host, asyncio.Semaphore(http_s.per_host))
            headers = {"If-None-Match": etags[url]} if url in etags else {}
            async with slot, global_slots, http.get(url, headers=headers) as r:
                await r.read()
                if "ETag" in r.headers:
                    etags[url] = r.headers["ETag"]
                return r.status

        async def one_round() -> str:
            return " ".join(f"{k}:{v}" for k, v in sorted(Counter(await asyncio.gather(*map(get, urls))).items()))

        rounds = []
        for i in ROUNDS:
            if i == 3:
                etags.clear()  # validators forgotten: every feed answers 200 with what was read before
            rounds.append(await measured(f"aiohttp, round {i}", len(urls), server, one_round))
        return rounds


async def subscribe(store: Store, subscriptions: int) -> None:
    """``subscriptions`` channel subscriptions over the stored feeds, two per channel."""
    feeds = await store.list_feeds()
    for k in range(subscriptions):
        channel = await store.ensure_channel("slack", f"C{k // 2:05d}")
        await store.subscribe(channel.id, feeds[(k * 7) % len(feeds)].id)


async def poller_rounds(
    store: Store, settings: Settings, server: FeedServer, n: int, subscriptions: int = 0, profile: str | None = None
) -> list[Round]:
    await store.sync_feeds([FeedConfig(url=server.url(i)) for i in range(n)])
    if subscriptions:
        await subscribe(store, subscriptions)
    label = f", {subscriptions} subscriptions" if subscriptions else ""
    rounds = []
    async with FeedFetcher(settings.http) as fetcher:
        poller = Poller(store, fetcher, settings)
        for i in ROUNDS:
            if i == 3:  # as for a feed that sends no ETag or Last-Modified: 200, every item already stored
                async with store.engine.begin() as conn:
                    await conn.execute(text("UPDATE feeds SET etag = NULL, last_modified = NULL"))

            async def one_round() -> str:
                s: PollStats = await poller.poll_due(limit=n, force=True)
                return f"ok:{s.ok} 304:{s.not_modified} err:{s.errors} new:{s.new_articles}"

            name = f"newsbot ({store.engine.dialect.name}{label}), round {i}"
            with profiled(f"{profile}.{store.engine.dialect.name}.round{i}" if profile else None):
                rounds.append(await measured(name, n, server, one_round))
    return rounds


@contextlib.contextmanager
def profiled(path: str | None) -> Iterator[None]:
    """cProfile what runs inside, its stats written to ``path`` (``--profile``: figures then include its cost)."""
    if path is None:
        yield
        return
    prof = cProfile.Profile()
    prof.enable()
    try:
        yield
    finally:
        prof.disable()
        prof.dump_stats(path)


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--items", type=int, default=3, help="items per feed")
    ap.add_argument("--pg", help="also on PostgreSQL (postgresql+asyncpg://…), in a schema dropped afterwards")
    ap.add_argument("--subscriptions", type=int, default=0, help="also with this many channel subscriptions (SQLite)")
    ap.add_argument("--profile", help="cProfile each newsbot round into PROFILE.<backend>.round<i> (slows them)")
    ap.add_argument("--log-level", default="WARNING", help="newsbot's log level during the run (INFO: 2 lines/feed)")
    args = ap.parse_args()
    configure_logging(args.log_level)
    # Loopback feeds need the private-address exemption; full text off: the items carry their text.
    settings = Settings(http={"allow_private_addresses": True, "fetch_full_text": False})
    print(f"# poller throughput: {args.feeds} feeds x {args.items} items, max_connections="
          f"{settings.http.max_connections}, per_host={settings.http.per_host}, {machine_note()}")
    rows: list[Round] = []
    with FeedServer(items=args.items) as server, tempfile.TemporaryDirectory() as tmp:
        urls = [server.url(i) for i in range(args.feeds)]
        rows += await baseline_rounds(urls, settings, server)
        backends = ["sqlite"] + (["postgres"] if args.pg else [])
        for kind in backends:
            async with bench_store(kind, Path(tmp), args.pg) as store:
                rows += await poller_rounds(store, settings, server, args.feeds, profile=args.profile)
        if args.subscriptions:
            async with bench_store("sqlite", Path(tmp), None) as store:
                rows += await poller_rounds(store, settings, server, args.feeds, args.subscriptions)
    print_table(["run", "feeds", "wall s", "feeds/min", "CPU s", "CPU s / 1k feeds", "CPU % of a core",
                 "server CPU s", "statuses"], [r.row() for r in rows])
    base = {r.name[-1]: r for r in rows[: len(ROUNDS)]}
    print("\nnewsbot / aiohttp baseline, same round (CPU and wall time ratios):")
    for r in rows[len(ROUNDS):]:
        b = base[r.name[-1]]
        print(f"  {r.name}: CPU x{r.cpu / b.cpu:.1f}, wall x{r.wall / b.wall:.1f}")
    by_name = {r.name: r for r in rows}
    subscribed = {}
    if args.subscriptions:
        print(f"\nwith {args.subscriptions} subscriptions / without, same round (SQLite):")
        for i in ROUNDS:
            w = by_name[f"newsbot (sqlite, {args.subscriptions} subscriptions), round {i}"]
            wo = by_name[f"newsbot (sqlite), round {i}"]
            subscribed[f"round {i}"] = {"feeds_per_min_ratio": round((w.feeds / w.wall) / (wo.feeds / wo.wall), 2),
                                        "cpu_ratio": round(w.cpu / wo.cpu, 2)}
            print(f"  round {i}: feeds/min x{subscribed[f'round {i}']['feeds_per_min_ratio']}, "
                  f"CPU x{subscribed[f'round {i}']['cpu_ratio']}")
    print(json.dumps({"bench": "poller_throughput", "feeds": args.feeds, "items": args.items,
                      "subscriptions": args.subscriptions, **headline(by_name),
                      "with_subscriptions_vs_without": subscribed,
                      "rounds": {r.name: {"wall_s": round(r.wall, 2), "cpu_s": round(r.cpu, 2),
                                          "feeds_per_min": round(r.feeds / r.wall * 60)} for r in rows}}))


def headline(by_name: dict[str, Round]) -> dict[str, object]:
    """The issue's figures: feeds/min of the all-new (round 1) and all-304 (round 2) rounds per backend
    (None when not run), the same per minute of the process's CPU time (what a core of its own would do,
    whatever else the machine runs), and the all-new rounds' CPU against bare aiohttp's (the worse backend's)."""
    figures: dict[str, object] = {}
    ratios = []
    for key, dialect in (("sqlite", "sqlite"), ("pg", "postgresql")):
        for label, i in (("new", 1), ("304", 2)):
            r = by_name.get(f"newsbot ({dialect}), round {i}")
            figures[f"{key}_{label}_feeds_per_min"] = round(r.feeds / r.wall * 60) if r else None
            # what one core would do if this process had it to itself: feeds per minute of its own CPU time
            figures[f"{key}_{label}_feeds_per_cpu_min"] = round(r.feeds / r.cpu * 60) if r else None
        if (r := by_name.get(f"newsbot ({dialect}), round 1")) is not None:
            figures[f"{key}_new_cpu_vs_aiohttp"] = round(r.cpu / by_name["aiohttp, round 1"].cpu, 1)
            ratios.append(figures[f"{key}_new_cpu_vs_aiohttp"])
    figures["cpu_vs_aiohttp"] = max(ratios)  # type: ignore[type-var]
    return figures


if __name__ == "__main__":
    asyncio.run(main())
