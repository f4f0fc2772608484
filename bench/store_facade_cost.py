"""What the ``Store`` façade costs: each of its methods hands the call to an area of bot/storage/areas/.

Baseline, in the same process: the same calls made on the area directly, in alternating blocks so that
both see the same machine load. The calls are a read (``whosaid`` of a stored speaker: the hot path of
/whosaid) and a write (``add_feed`` on one URL: a look-up and an update), on a SQLite file.

    .venv/bin/python bench/store_facade_cost.py --calls 3000

Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from common import machine_note

from bot.infra.log import configure_logging
from bot.models import Extraction, FeedItem, Official, Quote
from bot.storage import Store

BLOCK = 100  # calls per block; blocks alternate façade / area


async def seconds_per_call(
    via_store: Callable[[], Awaitable[object]], via_area: Callable[[], Awaitable[object]], n: int
) -> tuple[float, float]:
    """Median seconds per call through the façade and straight to the area, from ``n`` calls each."""
    store_s: list[float] = []
    area_s: list[float] = []
    for block in range(2 * n // BLOCK):
        call = via_store if block % 2 == 0 else via_area
        started = time.perf_counter()
        for _ in range(BLOCK):
            await call()
        (store_s if block % 2 == 0 else area_s).append((time.perf_counter() - started) / BLOCK)
    return statistics.median(store_s), statistics.median(area_s)


async def seeded(store: Store) -> None:
    """One article with a speaker (an invented person) for whosaid to find."""
    item = FeedItem(feed_url="https://news.example/rss", guid="g1", url="https://news.example/1", title="Pier")
    aid = await store.add_article(
        item, feed_id=None, text="Body.", canonical_url=item.url, content_hash="h1", announce=True
    )
    assert aid is not None
    await store.save_extraction(
        aid,
        Extraction(
            relevant=True,
            relevance=0.9,
            officials=[Official("Marta Quill", "harbour commissioner")],
            quotes=[Quote("The pier reopens Monday.", "Marta Quill", "direct")],
        ),
    )


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=3000, help="calls of each kind through each path")
    args = ap.parse_args()
    configure_logging("ERROR")
    print(f"# Store façade: {args.calls} calls each way, {machine_note()}")
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(f"sqlite+aiosqlite:///{Path(tmp) / 'facade.db'}")
        try:
            await seeded(store)
            queries, feeds = store._queries, store._feeds  # the benchmark calls the areas for its baseline
            url = "https://news.example/rss"
            await seconds_per_call(lambda: store.whosaid("Quill"), lambda: queries.whosaid("Quill"), BLOCK * 2)
            read = await seconds_per_call(lambda: store.whosaid("Quill"), lambda: queries.whosaid("Quill"), args.calls)
            write = await seconds_per_call(lambda: store.add_feed(url), lambda: feeds.add_feed(url), args.calls)
        finally:
            await store.close()
    figures = {
        "calls": args.calls,
        "whosaid_us_store": round(read[0] * 1e6, 1),
        "whosaid_us_area": round(read[1] * 1e6, 1),
        "whosaid_ratio": round(read[0] / read[1], 3),
        "add_feed_us_store": round(write[0] * 1e6, 1),
        "add_feed_us_area": round(write[1] * 1e6, 1),
        "add_feed_ratio": round(write[0] / write[1], 3),
    }
    print(
        f"whosaid  {figures['whosaid_us_store']} µs via Store, {figures['whosaid_us_area']} µs via the area "
        f"(x{figures['whosaid_ratio']})"
    )
    print(
        f"add_feed {figures['add_feed_us_store']} µs via Store, {figures['add_feed_us_area']} µs via the area "
        f"(x{figures['add_feed_ratio']})"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    asyncio.run(main())
