"""The composition root of the two Procfile processes: the core's loops plus the platforms.

``worker``: poll, extract, post scheduled digests, and run the Discord client when DISCORD_TOKEN is set.
``web``: Slack's /slack/events (when Slack is configured), /healthz and /metrics on $PORT.
"""

from __future__ import annotations

import asyncio
import signal
from contextlib import suppress

from bot.feeds.http import FeedFetcher
from bot.log import get_logger
from bot.pipeline import Poller, Processor
from bot.runtime import PROCESS_TICK_S, POLL_TICK_S, make_extractor, open_service, open_store, run_forever
from config.settings import Settings

log = get_logger(__name__)


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def run_worker(settings: Settings, stop: asyncio.Event | None = None) -> None:
    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    async with open_store(settings) as store:
        await store.sync_feeds(settings.feeds)
        extractor = make_extractor(settings)
        await asyncio.to_thread(lambda: extractor.nlp)  # load the model before the first batch arrives
        async with FeedFetcher(settings.http) as fetcher:
            poller = Poller(store, fetcher, settings)
            processor = Processor(store, extractor)
            log.info("worker.started", feeds=len(settings.feeds))
            tasks = [
                asyncio.create_task(run_forever("poll", POLL_TICK_S, poller.poll_due, stop)),
                asyncio.create_task(run_forever("extract", PROCESS_TICK_S, processor.process_pending, stop)),
            ]
            try:
                await stop.wait()
            finally:
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
    log.info("worker.stopped")


async def run_web(settings: Settings, port: int, stop: asyncio.Event | None = None) -> None:
    from aiohttp import web

    from handlers.web import make_web_app

    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    async with open_service(settings) as service:
        runner = web.AppRunner(make_web_app(settings, service))
        await runner.setup()
        site = web.TCPSite(runner, host="0.0.0.0", port=port)  # noqa: S104 - the platform routes to $PORT
        await site.start()
        log.info("web.started", port=port)
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
