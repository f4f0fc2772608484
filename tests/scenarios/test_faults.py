"""Faults: the database going away and coming back; the loop waits, resumes, and stores each item once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.feeds.http import FeedFetcher
from bot.ingest.poller import Poller
from bot.runtime import run_forever
from bot.storage.repo import Store
from config.settings import FeedConfig, HttpSettings, PollSettings, Settings

RSS = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
       + "".join(f"<item><guid>g{i}</guid><title>Item {i}</title><link>https://wire.example/{i}</link>"
                 f"<description>Border officials reported {i} new asylum cases at the port of entry "
                 f"on day {i}.</description></item>" for i in range(5))
       + "</channel></rss>")


async def test_poll_loop_survives_the_database_going_away(tmp_path: Path) -> None:
    app = web.Application()

    async def feed(_: web.Request) -> web.Response:
        return web.Response(text=RSS, content_type="application/rss+xml")

    app.router.add_get("/rss", feed)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    db = tmp_path / "f.db"
    settings = Settings(database_url=f"sqlite+aiosqlite:///{db}",
                        feeds=[FeedConfig(url=str(server.make_url("/rss")))],
                        http=HttpSettings(allow_private_addresses=True, fetch_full_text=False),
                        poll=PollSettings(interval=3600))
    store = await Store.open(settings.database_url)
    await store.sync_feeds(settings.feeds)
    await store.engine.dispose()
    db.rename(tmp_path / "away.db")
    db.mkdir()  # every connection now fails: the database is "down"

    failures = 0

    async def body() -> None:
        nonlocal failures
        try:
            await poller.poll_due()
        except Exception:
            failures += 1
            raise

    stop = asyncio.Event()
    try:
        async with FeedFetcher(settings.http) as fetcher:
            poller = Poller(store, fetcher, settings)
            loop = asyncio.create_task(run_forever("poll", 0.05, body, stop, retry_after=0.05))
            for _ in range(100):  # bounded: the loop keeps failing while the database is away
                if failures >= 3:
                    break
                await asyncio.sleep(0.05)
            assert failures >= 3 and not loop.done()
            db.rmdir()
            (tmp_path / "away.db").rename(db)  # the database is back
            for _ in range(200):
                if len(await store.articles_since(_epoch(), relevant_only=False, announced_only=False)) == 5:
                    break
                await asyncio.sleep(0.05)
            stop.set()
            await asyncio.wait_for(loop, 5)
        articles = await store.articles_since(_epoch(), relevant_only=False, announced_only=False)
        assert sorted(a.title for a in articles) == [f"Item {i}" for i in range(5)]
        (feed_row,) = await store.list_feeds()
        assert feed_row.last_success_at is not None
    finally:
        stop.set()
        await store.close()
        await server.close()


def _epoch():
    from datetime import UTC, datetime

    return datetime(1970, 1, 1, tzinfo=UTC)
