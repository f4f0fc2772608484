"""The slack-bolt AsyncApp: one listener per slash command, plus the name-picker buttons.

Listeners only translate: Slack payload → ``parse_command`` (once: a typed request, or the usage answer) →
``CommandService.answer`` → ``render`` → ack/respond.
Slack wants an answer within 3 s, so an answer not ready within ``ACK_BUDGET`` (and every /digest)
is acknowledged first and delivered through the command's ``response_url``, by a task of ours that
outlives the listener (``_after_ack``): bolt answers Slack's request when the listener returns.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Coroutine
from dataclasses import replace
from typing import Any, Protocol

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import requests as rq
from bot.commands import results as rs
from bot.commands.parse import COMMANDS, UsageError, parse_command, prefixed
from bot.commands.service import CommandContext
from bot.infra.log import get_logger
from config.settings import Settings
from handlers.slack.client import web_client
from handlers.slack.render import MORE_ACTION, PICK_ACTION, RUN_ACTION, SlackMessage, message, render, section

log = get_logger(__name__)

ACK_BUDGET = 2.0  # seconds to wait for an answer before acking with "working on it"
MAX_RESPONSES = 5  # a response_url takes at most five messages
_SORRY = "Sorry, that failed on our side; the error is logged."
FAILED = message(_SORRY, [section(f":warning: {_SORRY}")])


class Service(Protocol):
    """What the Slack app needs of the core (``CommandService`` satisfies it)."""

    async def answer(self, request: rq.Request, ctx: CommandContext) -> rs.Result: ...


def parse(text: str, command: str, prefix: str = "") -> rq.Request | rs.UsageAnswer:
    """The typed request, or the answer that says how to write the command (names under ``prefix``)."""
    try:
        return parse_command(text, command, prefix)
    except UsageError as e:
        return rs.UsageAnswer(prefixed(str(e), prefix), prefixed(e.usage, prefix) if e.usage else None)


async def _is_admin(client: AsyncWebClient, settings: Settings, user_id: str) -> bool:
    if user_id in settings.slack.admins:
        return True
    try:
        user = (await client.users_info(user=user_id)).get("user") or {}
    except SlackApiError as e:
        log.warning("slack.users_info_failed", user=user_id, status=e.response.status_code, error=str(e)[:200])
        return False
    return bool(user.get("is_admin") or user.get("is_owner"))


def _payload(msg: SlackMessage) -> dict[str, Any]:
    return {"text": msg.text, "blocks": msg.blocks, "response_type": "in_channel" if msg.in_channel else "ephemeral"}


async def _upload(client: AsyncWebClient, channel: str | None, answer: rs.FileAnswer) -> rs.Result:
    """A file answer (``/feeds export``) goes to the channel as an uploaded file; the reply says so."""
    if channel is None:
        return rs.Notice("Files go to a channel; run this in one.", ok=False)
    try:
        await client.files_upload_v2(
            channel=channel,
            filename=answer.filename,
            content=answer.content,
            title=answer.filename,
            initial_comment=answer.text,
        )
    except SlackApiError as e:
        log.warning("slack.upload_failed", channel=channel, error=str(e.response.get("error")))
        return rs.Notice(f"Could not upload {answer.filename} here ({e.response.get('error')}).", ok=False)
    return answer


async def _answer(
    service: Service,
    request: rq.Request | rs.UsageAnswer,
    command: str,
    ctx: CommandContext,
    admin: Awaitable[bool] | None = None,
    client: AsyncWebClient | None = None,
) -> list[SlackMessage]:
    """The rendered answer; ``admin`` (the users.info lookup) runs inside the same 3-second budget."""
    if isinstance(request, rs.UsageAnswer):
        return render(request)
    try:
        if admin is not None:
            ctx = replace(ctx, is_admin=await admin)
        result = await service.answer(request, ctx)
        if isinstance(result, rs.FileAnswer) and client is not None:
            result = await _upload(client, ctx.channel_id, result)
        return render(result)
    except Exception:  # the user gets a short apology, the log gets the stack
        log.exception("slack.command_failed", command=command, channel=ctx.channel_id)
        return [FAILED]


async def _deliver(respond: AsyncRespond, messages: list[SlackMessage], replace: bool = False) -> None:
    if len(messages) > MAX_RESPONSES:  # the last allowed message says what did not fit
        hidden = len(messages) - MAX_RESPONSES + 1
        note = f"…and {hidden} more parts not shown: ask for a shorter window, e.g. since:12h."
        messages = [*messages[: MAX_RESPONSES - 1], message(note, [section(note)], messages[0].in_channel)]
    for i, msg in enumerate(messages):
        await respond(**_payload(msg), replace_original=replace and i == 0)


async def _deliver_when_ready(
    respond: AsyncRespond, answer: Awaitable[list[SlackMessage]], replace: bool = False
) -> None:
    await _deliver(respond, await answer, replace)


async def _upload_files(client: AsyncWebClient, channel: str | None, messages: list[SlackMessage]) -> None:
    """Upload the files an answer carries (an export) to the channel, through files_upload_v2."""
    for msg in messages:
        for filename, data in msg.files:
            if channel is None:
                return
            resp = await client.files_upload_v2(channel=channel, file=data, filename=filename, title=filename)
            log.info("slack.exported", channel=channel, file=str(resp["file"]["id"]), bytes=len(data))


async def _upload_when_ready(
    client: AsyncWebClient, channel: str | None, answer: Awaitable[list[SlackMessage]]
) -> None:
    await _upload_files(client, channel, await answer)


# Work still running after its listener returned: the event loop keeps only weak references to tasks.
_AFTER_ACK: set[asyncio.Task[None]] = set()


def _after_ack(work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` (response_url messages) after the listener has returned and bolt has answered Slack."""
    task = asyncio.create_task(work)
    _AFTER_ACK.add(task)
    task.add_done_callback(_after_ack_done)


def _after_ack_done(task: asyncio.Task[None]) -> None:
    _AFTER_ACK.discard(task)
    if not task.cancelled() and (error := task.exception()) is not None:
        # nothing awaits this task, so the log is the only place the failure can go
        log.error("slack.respond_failed", exc_info=error)


def build_app(settings: Settings, service: Service, client: AsyncWebClient | None = None) -> AsyncApp:
    """The bolt app for HTTP (``web.make_web_app``) or Socket Mode (``socket_mode.connect_socket_mode``)."""
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    if not secret and settings.slack_app_token is None:
        raise ValueError("set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)")
    app = AsyncApp(
        signing_secret=secret,
        client=client or web_client(settings),
        # Bolt answers Slack when the listener returns; the listeners return right after ack() and leave
        # response_url messages to ``_after_ack``. (With False, bolt runs the listener as a task and
        # polls every 10 ms until ack() is called: loop wakeups under load, up to 10 ms on each answer.)
        process_before_response=True,
        # Only Socket Mode may run without a secret; bolt skips verification for its envelopes.
        request_verification_enabled=bool(secret),
    )

    async def on_command(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        name = command["command"]
        request = parse(command.get("text") or "", name, settings.commands.prefix)
        user = command.get("user_id", "")
        ctx = CommandContext(platform="slack", channel_id=command.get("channel_id"), user_id=user,
                             upload_limit=settings.slack.max_upload_bytes)
        admin = _is_admin(client, settings, user) if isinstance(request, rq.ADMIN_REQUESTS) else None
        log.info("slack.command", command=name, channel=ctx.channel_id, user=user)
        task = asyncio.ensure_future(_answer(service, request, name, ctx, admin, client))
        # a digest is built from many articles: always answered through response_url
        if not isinstance(request, rq.DigestNow):
            await asyncio.wait({task}, timeout=ACK_BUDGET)
            if task.done():
                first, *rest = task.result()
                await ack(**_payload(first))
                if rest:
                    _after_ack(_deliver(respond, rest))
                _after_ack(_upload_files(client, ctx.channel_id, task.result()))
                return
        await ack(text="Working on it…", response_type="ephemeral")
        _after_ack(_deliver_when_ready(respond, task))
        _after_ack(_upload_when_ready(client, ctx.channel_id, task))

    for spec in COMMANDS.values():  # under commands.prefix "nb-": /nb-whosaid, /nb-news…
        app.command(f"/{settings.commands.prefix}{spec.name}")(on_command)

    @app.action(re.compile(f"^{re.escape(PICK_ACTION)}:"))
    async def on_pick(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        channel, user = body.get("channel") or {}, body.get("user") or {}
        ctx = CommandContext(platform="slack", channel_id=channel.get("id"), user_id=user.get("id"))
        answer = _answer(service, parse(action.get("value") or "", "/whosaid"), "/whosaid", ctx)
        _after_ack(_deliver_when_ready(respond, answer, replace=True))

    @app.action(re.compile(f"^{re.escape(RUN_ACTION)}:"))
    async def on_run(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond) -> None:
        """A button holding a whole command ("/watch person:…"): run it as the presser, replacing the question."""
        await ack()
        channel, user = body.get("channel") or {}, body.get("user") or {}
        ctx = CommandContext(platform="slack", channel_id=channel.get("id"), user_id=user.get("id"))
        text = action.get("value") or ""
        name = text.split(" ", 1)[0]
        request = parse(text.partition(" ")[2], name)
        if isinstance(request, rq.ADMIN_REQUESTS):  # buttons never carry admin commands; refuse any forged one
            request = rs.UsageAnswer("that button cannot run admin commands", None)
        _after_ack(_deliver_when_ready(respond, _answer(service, request, name, ctx), replace=True))

    @app.action(MORE_ACTION)
    async def on_more(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond) -> None:
        """The next page, as a new message only the person who pressed "More" sees (the page they read stays)."""
        await ack()
        channel, user = body.get("channel") or {}, body.get("user") or {}
        ctx = CommandContext(platform="slack", channel_id=channel.get("id"), user_id=user.get("id"))
        answer = _answer(service, parse(action.get("value") or "", "/whosaid"), "/whosaid", ctx)
        _after_ack(_deliver_when_ready(respond, answer))

    return app
