"""The web process's aiohttp application: /healthz, /metrics, and Slack's /slack/events when configured."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt.async_app import AsyncApp

from bot import metrics
from bot.commands.service import CommandService
from bot.log import get_logger
from bot.storage.db import DatabaseLost
from config.settings import Settings
from handlers.slack.app import build_app
from handlers.slack.web import EVENTS_PATH, add_slack_routes

log = get_logger(__name__)

SETTINGS = web.AppKey("settings", Settings)
SERVICE = web.AppKey("service", CommandService)

# The feed loop counts as alive when some feed was polled within this many default intervals.
LIVENESS_INTERVALS = 3


async def _healthz(request: web.Request) -> web.Response:
    service = request.app[SERVICE]
    settings = request.app[SETTINGS]
    checks: dict[str, object] = {}
    if (lost := service.store.database_problem()) is not None:  # a stat: the SQLite file is still ours
        log.error("healthz.database_lost", error=str(lost))
        return web.json_response({"status": "fail", "database": lost.how, "error": str(lost)}, status=503)
    try:
        feeds = await service.store.list_feeds()
    except Exception as e:  # the database is away: report it, don't crash the probe
        log.warning("healthz.database_failed", error=repr(e))
        if isinstance(e, DatabaseLost):
            return web.json_response({"status": "fail", "database": e.how, "error": str(e)}, status=503)
        return web.json_response({"status": "fail", "database": "unreachable"}, status=503)
    checks["database"] = "ok"
    polled = [f.last_polled_at for f in feeds if f.last_polled_at]
    latest = max(polled, default=None)
    stale_after = timedelta(seconds=LIVENESS_INTERVALS * settings.poll.interval)
    checks["feeds"] = len(feeds)
    checks["last_poll"] = latest.isoformat() if latest else None
    loop_ok = not feeds or (latest is not None and datetime.now(UTC) - latest < stale_after)
    checks["feed_loop"] = "ok" if loop_ok else "stale"
    status = "ok" if loop_ok else "degraded"
    return web.json_response({"status": status, **checks}, status=200 if loop_ok else 503)


async def _metrics(_: web.Request) -> web.Response:
    return web.Response(body=metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST})


async def _freeze_startup_objects(_: web.Application) -> None:
    """Take what startup built (modules, settings, engine, bolt app: ~200k objects, alive as long as the
    process) out of the cyclic collector's sight. Otherwise each full collection rescans them all and
    stops the event loop for ~90 ms, so every request in flight waits. Once per process: an earlier
    app's freeze already holds them (tests build many apps)."""
    if gc.get_freeze_count() == 0:
        gc.collect()  # what is garbage now would never be collected once frozen
        gc.freeze()


def make_metrics_app() -> web.Application:
    """The worker's /metrics: its feed, extraction and posting counts live in its own process."""
    app = web.Application()
    app.router.add_get("/metrics", _metrics)
    return app


def make_web_app(settings: Settings, service: CommandService, bolt_app: AsyncApp | None = None) -> web.Application:
    """/healthz and /metrics always; POST /slack/events when Slack is configured with a signing secret.

    Without a signing secret (Socket Mode only) the endpoint is left out rather than served unverified.
    """
    app = web.Application(client_max_size=1024 * 1024)
    app[SETTINGS] = settings
    app[SERVICE] = service
    app.on_startup.append(_freeze_startup_objects)
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/metrics", _metrics)
    if bolt_app is None and settings.slack_signing_secret and settings.slack_bot_token:
        bolt_app = build_app(settings, service)
    if bolt_app is not None and settings.slack_signing_secret:
        add_slack_routes(app, bolt_app)
        log.info("web.slack_enabled", path=EVENTS_PATH)
    else:
        log.info("web.slack_disabled", reason="SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET not both set")
    return app
