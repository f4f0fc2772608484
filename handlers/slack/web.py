"""Slack's HTTP endpoint, mounted on the web process's app (``handlers/web.py``)."""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.infra.log import get_logger

log = get_logger(__name__)

BOLT_APP = web.AppKey("bolt_app", AsyncApp)
EVENTS_PATH = "/slack/events"
TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"


def _malformed_timestamp(request: web.Request) -> bool:
    """A timestamp header that is not a whole number: slack-sdk's verifier would raise on ``int()`` (a 500
    with a traceback) instead of refusing. A missing header is bolt's to refuse."""
    raw = request.headers.get(TIMESTAMP_HEADER)
    if raw is None:
        return False
    try:
        int(raw)
    except ValueError:
        return True
    return False


async def slack_events(request: web.Request) -> web.Response:
    """Slash commands, button presses and events; bolt verifies the signature (401 when wrong)."""
    bolt_app = request.app[BOLT_APP]
    if _malformed_timestamp(request):
        log.warning("slack.bad_timestamp", timestamp=request.headers[TIMESTAMP_HEADER][:40])
        return web.json_response({"error": "invalid request"}, status=401)  # bolt's answer to a bad signature
    try:
        bolt_request = await to_bolt_request(request)
    except (ValueError, AttributeError, TypeError) as e:
        # bolt parses the body (a "payload" field as JSON) before it checks the signature: garbage is a
        # client error, not a 500 with a stack trace in the log
        log.warning("slack.malformed_request", error=f"{type(e).__name__}: {e}"[:200])
        return web.Response(status=400, text="malformed request")
    bolt_response = await bolt_app.async_dispatch(bolt_request)
    return await to_aiohttp_response(bolt_response)


def add_slack_routes(app: web.Application, bolt_app: AsyncApp) -> None:
    """Mount ``POST /slack/events`` on an existing web app (the ``web`` process adds /metrics too)."""
    app[BOLT_APP] = bolt_app
    app.router.add_post(EVENTS_PATH, slack_events)
