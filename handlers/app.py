"""The composition root of the two Procfile processes: the core's loops plus the platforms.

``worker``: poll, extract, post scheduled digests, run the Discord client when DISCORD_TOKEN is set (every
worker posts; one at a time, the holder of the ``discord.gateway`` lease, serves the slash commands), and
answer Slack commands over Socket Mode when SLACK_APP_TOKEN is set.
``web``: Slack's /slack/events (when Slack is configured), /healthz and /metrics on $PORT.
"""

from __future__ import annotations

import asyncio
import signal
from contextlib import suppress

from bot.commands.service import CommandService
from bot.coordination.leases import worker_id
from bot.feeds.http import FeedFetcher
from bot.infra.log import get_logger
from bot.ingest.poller import Poller
from bot.ingest.processor import Processor
from bot.publishing.publisher import Publisher
from bot.runtime import POLL_TICK_S, PROCESS_TICK_S, make_extractor, open_service, open_store, run_forever
from bot.storage.db import DatabaseLost, sqlite_worker_lock
from bot.storage.repo import Store
from config.settings import Settings

log = get_logger(__name__)

DISPATCH_TICK_S = 30.0  # how often schedules, watches and story updates are checked
# On stop, how long the Discord task may take to close its gateway and release its lease, and the dispatcher
# to finish the round in flight: a post that went out is recorded (else the next start must reconcile it and
# may find the digest due again).
STOP_GRACE_S = 10.0
GRACEFUL = ("discord", "dispatch")  # the tasks that wind up on their own when stop is set, before the cancel
DATABASE_WATCH_S = 2.0  # how often the worker checks that its SQLite file is still the one it opened (a stat)


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def run_worker(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run until ``stop`` (SIGTERM, SIGINT). Raises WorkerAlreadyRunning when another worker holds the
    SQLite database, and DatabaseLost when its file was deleted or replaced while this one ran."""
    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    with sqlite_worker_lock(settings.database_url):
        await _run_worker(settings, stop)


async def _run_worker(settings: Settings, stop: asyncio.Event) -> None:
    async with open_store(settings) as store:
        await store.sync_feeds(settings.feeds)
        extractor = make_extractor(settings)
        await asyncio.to_thread(lambda: extractor.nlp)  # load the model before the first batch arrives
        async with FeedFetcher(settings.http) as fetcher:
            owner = worker_id()  # the name this process's leases go by
            poller = Poller(store, fetcher, settings, owner=owner)
            processor = Processor(store, extractor, owner=owner, lease_s=settings.poll.lease)
            log.info("worker.started", feeds=len(settings.feeds), owner=owner)
            tasks = [
                *(
                    [asyncio.create_task(_serve_metrics(settings.metrics_port, stop), name="metrics")]
                    if settings.metrics_port
                    else []
                ),
                # start_due returns at once: each feed polls in its own task, so none waits for a slow one
                asyncio.create_task(run_forever("poll", POLL_TICK_S, poller.start_due, stop)),
                asyncio.create_task(run_forever("extract", PROCESS_TICK_S, processor.process_pending, stop)),
                asyncio.create_task(_watch_database(store, stop), name="database-watch"),
                *await _start_posting(settings, store, stop, owner),
            ]
            try:
                await stop.wait()
            finally:
                stop.set()  # also when cancelled: the Discord task hands its gateway lease over
                if graceful := [t for t in tasks if t.get_name() in GRACEFUL]:
                    await asyncio.wait(graceful, timeout=STOP_GRACE_S)
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                await poller.aclose()  # the feeds still polling: their leases run out and another worker goes on
        lost = store.database_problem()
    log.info("worker.stopped")
    if lost is not None:  # the CLI prints it as the worker's last line, exit code 1
        raise DatabaseLost(
            lost.path,
            lost.how,
            "the worker stopped rather than write into it; restore the file, or start again to begin an empty database",
        )


async def _watch_database(store: Store, stop: asyncio.Event) -> None:
    """Stop the worker when its SQLite file is deleted or replaced (nothing to watch on PostgreSQL)."""
    while not stop.is_set():
        if (lost := store.database_problem()) is not None:
            log.error("worker.database_lost", error=str(lost))
            stop.set()
            return
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), DATABASE_WATCH_S)


async def _start_posting(settings: Settings, store: Store, stop: asyncio.Event, owner: str) -> list[asyncio.Task[None]]:
    """The Discord client (when DISCORD_TOKEN is set) and the dispatcher posting to every configured platform.

    Every worker logs in to Discord over REST and posts; the gateway (slash commands) runs in the worker
    holding the ``discord.gateway`` lease, so each interaction reaches one worker (see run_discord_worker)."""
    from bot.publishing.poster_loop import Dispatcher

    tasks: list[asyncio.Task[None]] = []
    publishers: dict[str, Publisher] = {}
    service = CommandService(store, settings)  # answers Socket Mode and Discord commands
    if settings.slack_bot_token is not None:
        from handlers.slack.client import web_client
        from handlers.slack.poster import Poster as SlackPoster
        from handlers.slack.publisher import SlackPublisher

        publishers["slack"] = SlackPublisher(SlackPoster(web_client(settings)))
        if settings.slack_app_token is not None:
            tasks.append(asyncio.create_task(_socket_mode(settings, service, stop), name="slack-socket-mode"))
    if settings.discord_token is not None:
        from handlers.discord import RestClient, run_discord_worker
        from handlers.discord.publisher import DiscordPublisher

        rest = RestClient()
        tasks.append(
            asyncio.create_task(
                run_discord_worker(settings, service, store, stop, owner=owner, rest=rest), name="discord"
            )
        )
        publishers["discord"] = DiscordPublisher(rest.poster)
    if not publishers:
        log.info("dispatch.disabled", reason="neither SLACK_BOT_TOKEN nor DISCORD_TOKEN is set")
        return tasks
    dispatcher = Dispatcher(store, settings, publishers, stop=stop)
    await dispatcher.sync_channels(
        {"slack": settings.slack.channels, "discord": [str(c) for c in settings.discord.channels]}
    )
    tasks.append(
        asyncio.create_task(run_forever("dispatch", DISPATCH_TICK_S, dispatcher.run_once, stop), name="dispatch")
    )
    return tasks


async def _serve_metrics(port: int, stop: asyncio.Event) -> None:
    from aiohttp import web

    from handlers.web import make_metrics_app

    runner = web.AppRunner(make_metrics_app(), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host="0.0.0.0", port=port).start()
        log.info("worker.metrics_serving", port=port)
        await stop.wait()
    finally:
        await runner.cleanup()


async def _socket_mode(settings: Settings, service: CommandService, stop: asyncio.Event) -> None:
    """Slack commands over Socket Mode (SLACK_APP_TOKEN): no public URL needed, so the worker serves them."""
    from handlers.slack.app import build_app
    from handlers.slack.socket_mode import connect_socket_mode

    handler = await connect_socket_mode(settings, build_app(settings, service))
    log.info("slack.socket_mode_connected")
    try:
        await stop.wait()
    finally:
        await handler.close_async()


async def run_web(settings: Settings, port: int, stop: asyncio.Event | None = None) -> None:
    from aiohttp import web

    from handlers.web import make_web_app

    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    async with open_service(settings) as service:
        runner = web.AppRunner(make_web_app(settings, service))
        await runner.setup()
        site = web.TCPSite(runner, host="0.0.0.0", port=port)
        await site.start()
        log.info("web.started", port=port)
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
