"""End to end: seconds from an item appearing in a local feed to its digest entry being ready.

A child process serves ``--feeds`` loopback feeds. After a first poll (stored, not announced) and its
extraction, each trial publishes one new item (dated now) in one feed, then runs what the worker runs:
``Poller.poll_due`` (all feeds, the others answer 304) → ``Processor.process_pending`` (the real spaCy
extractor) → ``CommandService.digest`` until the new article is in a digest item. Reported: p50 / max of
the total and of each step. The worker's own waits come on top: the feed's poll interval (900 s by default,
on average half of it), the poll loop's tick (5 s) and the extraction loop's tick (2 s).

    .venv/bin/python bench/e2e_latency.py --trials 20
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import aiohttp
from common import FeedServer, latency_ms, machine_note, print_table

from bot.commands.service import CommandService
from bot.feeds.http import FeedFetcher
from bot.infra.log import configure_logging
from bot.ingest.poller import Poller
from bot.ingest.processor import Processor
from bot.runtime import POLL_TICK_S, PROCESS_TICK_S, make_extractor
from bot.storage import Store
from config.settings import FeedConfig, Settings


async def in_digest(service: CommandService, url: str) -> bool:
    ids = {a.id for a in await service.store.articles_since(service.clock() - timedelta(hours=1), relevant_only=False,
                                                            announced_only=False) if a.url == url}
    digest = await service.digest(timedelta(hours=1))
    return any(ids & set(item.article_ids) or any(s.url == url for s in item.sources) for item in digest.items)


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--feeds", type=int, default=10)
    args = ap.parse_args()
    configure_logging("WARNING")
    with FeedServer(items=2) as server, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'e2e.db'}",
                            http={"allow_private_addresses": True, "fetch_full_text": False}, digest={"size": 50})
        store = await Store.open(settings.database_url, migrate=True)
        extractor = make_extractor(settings)
        extractor.extract("Warm up: the county executive said 40 people arrived.")  # loads the pipeline
        try:
            await store.sync_feeds([FeedConfig(url=server.url(i)) for i in range(args.feeds)])
            service = CommandService(store, settings)
            processor = Processor(store, extractor)
            async with FeedFetcher(settings.http) as fetcher, aiohttp.ClientSession() as control:
                poller = Poller(store, fetcher, settings)
                await poller.poll_due(limit=args.feeds, force=True)  # first fetch: stored, not announced
                await processor.process_pending()
                print(f"# end to end: {args.trials} trials over {args.feeds} feeds, {machine_note()}")
                steps: dict[str, list[float]] = {"poll": [], "extract": [], "digest": [], "total": []}
                for trial in range(args.trials):
                    async with control.post(f"{server.control}/_publish", params={"feed": trial % args.feeds}) as r:
                        link = (await r.json())["link"]
                    t0 = time.perf_counter()
                    stats = await poller.poll_due(limit=args.feeds, force=True)
                    t1 = time.perf_counter()
                    done = await processor.process_pending()
                    t2 = time.perf_counter()
                    found = await in_digest(service, link)
                    t3 = time.perf_counter()
                    if not (found and stats.new_articles == 1 and done == 1):
                        raise SystemExit(f"trial {trial}: new={stats.new_articles} extracted={done} in digest={found}")
                    for name, seconds in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
                        steps[name].append(seconds)
        finally:
            await store.close()
    print_table(["step", "trials", "p50 ms", "max ms"],
                [[name, len(v), latency_ms(v)["p50"], latency_ms(v)["max"]] for name, v in steps.items()])
    total = latency_ms(steps["total"])
    print(f"\nitem in feed → digest entry ready: p50 {total['p50'] / 1000:.2f} s, max {total['max'] / 1000:.2f} s "
          f"(plus, in the worker, the wait for the feed's next poll and up to {POLL_TICK_S:.0f} s + "
          f"{PROCESS_TICK_S:.0f} s of loop ticks)")


if __name__ == "__main__":
    asyncio.run(main())
