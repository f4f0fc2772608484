"""How long a healthy feed waits for its next poll when another feed is a tarpit.

The worker's poll loop as the code at hand runs it (``run_forever`` every ``POLL_TICK_S`` over
``Poller.start_due``, or over ``Poller.poll_due`` in code from before start_due existed), with default
HTTP and poll settings, polls a healthy feed due every ``--interval`` seconds for ``--window`` seconds in
three set-ups, one after the other in this process:

- alone (the baseline);
- beside a tarpit feed, on another host, that answers one byte every half second for ever;
- beside a feed on another host whose four items are teasers and whose article pages are such tarpits.

The loopback server records when each request for the healthy feed arrives; the figures are the gaps
between them (a gap longer than the interval plus a tick is a poll held back). Ratios compare each
set-up with the baseline.

    .venv/bin/python bench/poll_fairness.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from aiohttp import web
from common import machine_note, print_table

from bot.feeds.http import FeedFetcher
from bot.infra.log import configure_logging
from bot.ingest.poller import Poller
from bot.runtime import POLL_TICK_S, run_forever
from bot.storage import Store
from config.settings import Settings

TEXT = ("County officials said more asylum seekers arrived at the shelter this week, and the county executive "
        "asked the state for help with beds, meals and legal aid for the families waiting for hearings. ") * 5


class Server:
    def __init__(self) -> None:
        self.healthy_hits: list[float] = []
        self.version = 0

    async def healthy(self, request: web.Request) -> web.Response:
        self.healthy_hits.append(time.monotonic())
        self.version += 1  # a new item each time: every poll stores one article
        items = "".join(f"<item><guid>h-{n}</guid><title>Update {n}</title><link>http://{request.host}/h/{n}</link>"
                        f"<description>{TEXT}</description></item>" for n in range(self.version, self.version + 3))
        return web.Response(text=f'<?xml version="1.0"?><rss version="2.0"><channel><title>Healthy</title>{items}'
                                 "</channel></rss>", content_type="application/rss+xml")

    async def tarpit(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": request.match_info.get("type", "text/html")})
        await response.prepare(request)
        try:
            for _ in range(7200):  # at most an hour
                await response.write(b" ")
                await asyncio.sleep(0.5)
        except ConnectionResetError:
            pass
        return response

    async def teasers(self, request: web.Request) -> web.Response:
        items = "".join(f"<item><guid>t-{n}</guid><title>Teaser {n}</title><link>http://{request.host}/page/{n}</link>"
                        "<description>Read more.</description></item>" for n in range(4))
        return web.Response(text=f'<?xml version="1.0"?><rss version="2.0"><channel><title>Teasers</title>{items}'
                                 "</channel></rss>", content_type="application/rss+xml")


async def one_setup(name: str, server: Server, bases: list[str], interval: int, window: float, tmp: Path) -> dict:
    healthy_base, other_base = bases
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp / (name.replace(' ', '-') + '.db')}",
                        http={"allow_private_addresses": True})
    store = await Store.open(settings.database_url)
    server.healthy_hits.clear()
    try:
        await store.add_feed(f"{healthy_base}/healthy.xml", interval=interval)
        if name == "beside a tarpit feed":
            await store.add_feed(f"{other_base}/tarpit/application/rss+xml")
        elif name == "beside a feed with tarpit pages":
            await store.add_feed(f"{other_base}/teasers.xml")
        stop = asyncio.Event()
        async with FeedFetcher(settings.http) as fetcher:
            poller = Poller(store, fetcher, settings)
            body = poller.start_due if hasattr(poller, "start_due") else poller.poll_due
            loop = asyncio.create_task(run_forever("poll", POLL_TICK_S, body, stop))
            await asyncio.sleep(window)
            stop.set()
            loop.cancel()
            await asyncio.gather(loop, return_exceptions=True)
            if hasattr(poller, "aclose"):
                await poller.aclose()
    finally:
        await store.close()
    hits = server.healthy_hits
    gaps = [b - a for a, b in pairwise(hits)]
    # a gap still open at the end counts too: the feed was due and not polled
    tail = time.monotonic() - hits[-1] if hits else window
    gaps_with_tail = gaps + ([tail] if tail > interval + POLL_TICK_S else [])
    return {"setup": name, "polls": len(hits), "max_gap_s": max(gaps_with_tail, default=window),
            "median_gap_s": statistics.median(gaps) if gaps else None}


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--interval", type=int, default=10, help="the healthy feed's poll interval, seconds")
    ap.add_argument("--window", type=float, default=150.0, help="seconds each set-up runs")
    args = ap.parse_args()
    configure_logging("ERROR")
    server = Server()
    app = web.Application()
    app.router.add_get("/healthy.xml", server.healthy)
    app.router.add_get("/teasers.xml", server.teasers)
    app.router.add_get("/tarpit/{type:.+}", server.tarpit)
    app.router.add_get("/page/{n}", server.tarpit)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    bases = []
    for host in ("127.0.0.1", "127.0.0.2"):
        site = web.TCPSite(runner, host, 0)
        await site.start()
        bases.append(f"http://{host}:{site._server.sockets[0].getsockname()[1]}")  # type: ignore[union-attr]
    defaults = Settings()
    print(f"# healthy feed due every {args.interval} s, {args.window:.0f} s per set-up, poll tick {POLL_TICK_S} s, "
          f"http.total_timeout {defaults.http.total_timeout} s, per_host {defaults.http.per_host}, "
          f"poll.feed_budget {getattr(defaults.poll, 'feed_budget', 'none (older code)')}; {machine_note()}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("alone", "beside a tarpit feed", "beside a feed with tarpit pages"):
            results.append(await one_setup(name, server, bases, args.interval, args.window, Path(tmp)))
    await runner.cleanup()
    base = results[0]["max_gap_s"]
    print_table(["healthy feed", "polls", "median gap s", "longest gap s", "longest gap / alone"],
                [[r["setup"], r["polls"], r["median_gap_s"] or 0.0, r["max_gap_s"], r["max_gap_s"] / base]
                 for r in results])
    print(json.dumps({
        "bench": "poll_fairness", "interval_s": args.interval, "window_s": args.window,
        "loop": "start_due" if hasattr(Poller, "start_due") else "poll_due",
        "polls": {r["setup"]: r["polls"] for r in results},
        "longest_gap_s": {r["setup"]: round(r["max_gap_s"], 1) for r in results},
        "longest_gap_ratio_vs_alone": {r["setup"]: round(r["max_gap_s"] / base, 2) for r in results[1:]},
    }))


if __name__ == "__main__":
    asyncio.run(main())
