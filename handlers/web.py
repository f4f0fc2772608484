"""The web process's aiohttp application: /healthz, /metrics, and Slack's /slack/events when configured."""

from __future__ import annotations

import asyncio
import gc
from datetime import UTC, datetime, timedelta

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt.async_app import AsyncApp
from sqlalchemy.exc import DBAPIError

from bot.commands.service import CommandService
from bot.infra import metrics
from bot.infra.log import get_logger
from bot.storage.db import DatabaseLost
from bot.storage.repo import Store
from bot.storage.rows import FeedRow
from config.settings import Settings
from handlers.pages import add_page_routes
from handlers.slack.app import build_app
from handlers.slack.web import EVENTS_PATH, add_slack_routes

log = get_logger(__name__)

SETTINGS = web.AppKey("settings", Settings)
SERVICE = web.AppKey("service", CommandService)

# The feed loop counts as alive when some feed was polled within this many default intervals.
LIVENESS_INTERVALS = 3
# /healthz answers within 2 s: a database that has not answered the probe by then is reported, not awaited.
HEALTH_DB_WAIT_S = 1.0


class _Probe:
    """The database probe of /healthz, one at a time. A probe the database is slow to answer (locked, or
    overloaded) runs on to its end rather than being cancelled midway, which could leave its connection
    unusable; requests meanwhile share it, each waiting HEALTH_DB_WAIT_S at most."""

    def __init__(self) -> None:
        self.task: asyncio.Task[list[FeedRow]] | None = None

    def run(self, store: Store) -> asyncio.Task[list[FeedRow]]:
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(store.list_feeds(), name="healthz-probe")
            self.task.add_done_callback(lambda t: t.cancelled() or t.exception())  # retrieved: no warning
        return self.task


PROBE = web.AppKey("health_probe", _Probe)


def _locked(e: BaseException) -> bool:
    return isinstance(e, DBAPIError) and any(w in str(e.orig).lower() for w in ("locked", "busy", "lock timeout"))


async def _healthz(request: web.Request) -> web.Response:
    service = request.app[SERVICE]
    settings = request.app[SETTINGS]
    checks: dict[str, object] = {}
    if (lost := service.store.database_problem()) is not None:  # a stat: the SQLite file is still ours
        log.error("healthz.database_lost", error=str(lost))
        return web.json_response({"status": "fail", "database": lost.how, "error": str(lost)}, status=503)
    probe = request.app[PROBE].run(service.store)
    done, _ = await asyncio.wait({probe}, timeout=HEALTH_DB_WAIT_S)
    if not done:
        log.warning("healthz.database_slow", waited_s=HEALTH_DB_WAIT_S)
        return web.json_response({"status": "degraded", "database": "busy",
                                  "error": f"no answer within {HEALTH_DB_WAIT_S:g} s (locked, or overloaded)"},
                                 status=503)
    if (e := probe.exception()) is not None:  # the database is away or locked: report it, don't crash the probe
        log.warning("healthz.database_failed", error=repr(e))
        if isinstance(e, DatabaseLost):
            return web.json_response({"status": "fail", "database": e.how, "error": str(e)}, status=503)
        if _locked(e):
            return web.json_response({"status": "degraded", "database": "locked"}, status=503)
        return web.json_response({"status": "fail", "database": "unreachable"}, status=503)
    feeds = probe.result()
    checks["database"] = "ok"
    polled = [f.last_polled_at for f in feeds if f.last_polled_at]
    latest = max(polled, default=None)
    stale_after = timedelta(seconds=LIVENESS_INTERVALS * settings.poll.interval)
    checks["feeds"] = len(feeds)
    checks["last_poll"] = latest.isoformat() if latest else None
    loop_ok = not feeds or (latest is not None and datetime.now(UTC) - latest < stale_after)
    checks["feed_loop"] = "ok" if loop_ok else "stale"
    # every feed failing is an outage (network, DNS, a proxy), not bad luck with one outlet
    failing = [f for f in feeds if f.enabled and f.failures > 0]
    checks["failing_feeds"] = len(failing)
    all_failing = bool(failing) and len(failing) == sum(1 for f in feeds if f.enabled)
    if all_failing:
        checks["feeds_status"] = "all failing"
    healthy = loop_ok and not all_failing
    status = "ok" if healthy else "degraded"
    return web.json_response({"status": status, **checks}, status=200 if healthy else 503)


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
    app[PROBE] = _Probe()
    app.on_startup.append(_freeze_startup_objects)
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/metrics", _metrics)
    add_page_routes(app, settings, lambda: service.store.engine)  # the read-only record pages (issue 18)
    if bolt_app is None and settings.slack_signing_secret and settings.slack_bot_token:
        bolt_app = build_app(settings, service)
    if bolt_app is not None and settings.slack_signing_secret:
        add_slack_routes(app, bolt_app)
        log.info("web.slack_enabled", path=EVENTS_PATH)
    else:
        log.info("web.slack_disabled", reason="SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET not both set")
    return app
