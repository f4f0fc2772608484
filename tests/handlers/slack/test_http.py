"""The bolt app over real HTTP on 127.0.0.1: signed slash commands in, answers out, fake Slack behind."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta

import pytest

from bot.commands import requests as rq
from bot.commands import results as rs
from config.settings import Settings
from handlers.slack import app as slack_app
from handlers.slack.app import build_app
from handlers.slack.render import render_digest
from handlers.web import make_web_app
from tests.fakes.command_service import CannedService, digest, digest_item, match, person, quote
from tests.fakes.slack_api import block_action_body, check_message, live_mentions, sign, slash_command_body
from tests.fakes.slack_app import SECRET, running

HOSTILE = "We told them <!channel> and <@U123> that 3 < 4 & 5 > 2"


WHOSAID = rs.WhoSaidAnswer(
    "Homan",
    person(),
    [
        quote(HOSTILE, "direct"),
        quote("leaders in sanctuary cities should cooperate or step aside", "indirect", n=2),
    ],
)


async def test_signed_command_is_answered_inline_within_3s() -> None:
    async with running(CannedService({"whosaid": WHOSAID})) as r:
        status, body, elapsed = await r.command("/whosaid", "Homan since:7d")
        assert status == 200 and elapsed < 3.0
        assert body["response_type"] == "ephemeral"
        assert check_message(body) == [] and live_mentions(body) == []
        texts = json.dumps(body["blocks"])
        assert "&lt;!channel&gt;" in texts and "&lt;@U123&gt;" in texts and "3 &lt; 4 &amp; 5 &gt; 2" in texts
        assert "_Paraphrase" in texts and "step aside" in texts
        [(request, ctx)] = r.service.calls
        assert request == rq.WhoSaid("Homan", timedelta(days=7))
        assert (ctx.platform, ctx.channel_id, ctx.user_id, ctx.is_admin) == ("slack", "C0CHAN", "U0USER", False)
        assert r.fake.calls_to("auth.test")  # bolt authorised the request through the fake Web API
        assert r.fake.calls_to("users.info") == []  # /whosaid needs no admin check


async def test_bad_signature_is_refused() -> None:
    async with running(CannedService({"whosaid": WHOSAID})) as r:
        body = slash_command_body("/whosaid", "Homan", r.fake.response_url())
        headers = sign("not-the-secret", body)
        status, _, _ = await r.post(body, headers)
        assert status == 401
        headers = sign(SECRET, body)
        status, _, _ = await r.post(body.replace("Homan", "Adams"), headers)  # body changed after signing
        assert status == 401
        status, _, _ = await r.post(body, {"Content-Type": "application/x-www-form-urlencoded"})  # unsigned
        assert status == 401
        assert r.service.calls == []


async def test_stale_timestamp_is_refused() -> None:
    async with running(CannedService({"whosaid": WHOSAID})) as r:
        body = slash_command_body("/whosaid", "Homan", r.fake.response_url())
        status, _, _ = await r.post(body, sign(SECRET, body, int(time.time()) - 301))
        assert status == 401
        status, _, _ = await r.post(body, sign(SECRET, body, int(time.time()) - 240))  # within 5 minutes
        assert status == 200
        assert len(r.service.calls) == 1


@pytest.mark.parametrize("timestamp", ["abc", "", "1.7e9", "12 34"])
async def test_a_malformed_timestamp_is_refused_like_any_bad_request(
    timestamp: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(CannedService({"whosaid": WHOSAID})) as r:
        body = slash_command_body("/whosaid", "Homan", r.fake.response_url())
        status, answer, _ = await r.post(body, sign(SECRET, body, timestamp))  # signed over the bad timestamp
        assert status == 401 and answer == {"error": "invalid request"}  # as bolt refuses a bad signature
        assert r.service.calls == []
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize(
    ("command", "text", "usage"),
    [
        ("/whosaid", "", "/whosaid NAME"),
        ("/whosaid", "Homan limit:zero", "/whosaid NAME"),
        ("/digest", "sometimes maybe", "/digest schedule"),
        ("/feeds", "delete everything", "/feeds add URL"),
        ("/newsbot", 'frobnicate "', "unbalanced quotation marks"),
    ],
)
async def test_nonsense_gets_the_usage_message(command: str, text: str, usage: str) -> None:
    async with running(CannedService()) as r:
        status, body, elapsed = await r.command(command, text)
        assert status == 200 and elapsed < 3.0
        assert usage in json.dumps(body, ensure_ascii=False)
        assert body["blocks"][0]["text"]["text"].startswith(":warning:")
        assert "Traceback" not in json.dumps(body)


async def test_slow_answer_is_acked_then_sent_to_response_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slack_app, "ACK_BUDGET", 0.2)
    async with running(CannedService({"whosaid": WHOSAID}, delay=0.6)) as r:
        status, body, elapsed = await r.command("/whosaid", "Homan")
        assert status == 200 and elapsed < 0.6
        assert body["text"] == "Working on it…"
        await r.fake.wait_for(lambda: r.fake.calls_to("response_url"))
        [call] = r.fake.calls_to("response_url")
        assert "step aside" in json.dumps(call.params["blocks"]) and call.params["response_type"] == "ephemeral"


async def test_a_follow_up_that_cannot_be_delivered_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(slack_app, "ACK_BUDGET", 0.1)

    def failure_logged() -> bool:
        return any(
            isinstance(rec.msg, dict) and rec.msg.get("event") == "slack.respond_failed" for rec in caplog.records
        )

    async with running(CannedService({"whosaid": WHOSAID}, delay=0.3)) as r:
        # the answer is sent after the ack, by a task nobody awaits: its failure must still be seen
        status, body, _ = await r.post(slash_command_body("/whosaid", "Homan", "http://127.0.0.1:9/gone"))
        assert status == 200 and body["text"] == "Working on it…"
        await r.fake.wait_for(failure_logged, timeout=5)


async def test_digest_acks_at_once_and_posts_every_part_in_channel() -> None:
    items = [digest_item(n, summary="policy " * 300) for n in range(1, 31)]
    async with running(CannedService({"digest": rs.DigestAnswer(digest(items))}, delay=0.3)) as r:
        status, _, elapsed = await r.command("/digest", "since:24h")
        assert status == 200 and elapsed < 0.3  # did not wait for the digest
        expected = len(render_digest(digest(items)))
        assert 2 <= expected <= 5  # a response_url takes five messages at most
        await r.fake.wait_for(lambda: len(r.fake.calls_to("response_url")) >= expected)
        await asyncio.sleep(0.1)
        parts = r.fake.calls_to("response_url")
        assert len(parts) == expected
        assert all(p.params["response_type"] == "in_channel" for p in parts)
        shown = json.dumps([p.params["blocks"] for p in parts])
        assert all(f"Headline {n}|" in shown or f"Headline {n}>" in shown for n in range(1, 31))


async def test_digest_beyond_the_response_url_quota_ends_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(slack_app, "MAX_RESPONSES", 2)  # 50 full stories fit in Slack's 5; shrink the quota
    items = [digest_item(n, summary="policy " * 300) for n in range(1, 51)]
    assert len(render_digest(digest(items))) > 2
    async with running(CannedService({"digest": rs.DigestAnswer(digest(items))})) as r:
        await r.command("/digest", "")
        await r.fake.wait_for(lambda: len(r.fake.calls_to("response_url")) >= 2)
        await asyncio.sleep(0.1)
        parts = r.fake.calls_to("response_url")
        assert len(parts) == 2 and "more parts not shown" in parts[-1].params["text"]


async def test_feeds_admin_check_uses_allow_list_then_users_info() -> None:
    added = rs.Notice("Feed 7 added.")
    async with running(CannedService({"feeds": added}), admins=["U0ADMIN"]) as r:
        _, body, _ = await r.command("/feeds", "add https://news.example/rss", user_id="U0USER")
        assert "Only workspace admins" in json.dumps(body)
        assert [c.params["user"] for c in r.fake.calls_to("users.info", ok_only=False)] == ["U0USER"]

        r.fake.users["U0OWNER"] = {"is_admin": False, "is_owner": True}
        _, body, _ = await r.command("/feeds", "add https://news.example/rss", user_id="U0OWNER")
        assert "Feed 7 added." in json.dumps(body)

        _, body, _ = await r.command("/feeds", "remove 3", user_id="U0ADMIN")
        assert "Feed 7 added." in json.dumps(body)
        assert len(r.fake.calls_to("users.info", ok_only=False)) == 2  # the allow-listed user needed no lookup


async def test_name_button_reruns_whosaid_and_replaces_the_picker() -> None:
    candidates = [match("Eric Adams", "mayor", 1), match("Jerome Adams", None, 2)]

    def answer(request: rq.Request) -> rs.Result:
        assert isinstance(request, rq.WhoSaid)
        if request.name == "Adams":
            return rs.WhoSaidAnswer("Adams", None, candidates=candidates, since=request.since)
        quotes = [quote("Fine words.", speaker=request.name)]
        return rs.WhoSaidAnswer(request.name, person(request.name, "mayor"), quotes)

    async with running(CannedService({"whosaid": answer})) as r:
        _, body, _ = await r.command("/whosaid", "Adams since:7d")
        button = body["blocks"][-1]["elements"][0]
        form = block_action_body(button, r.fake.response_url("pick"))
        status, _, elapsed = await r.post(form)
        assert status == 200 and elapsed < 3.0
        await r.fake.wait_for(lambda: r.fake.calls_to("response_url"))
        [call] = r.fake.calls_to("response_url")
        assert call.params["key"] == "pick" and call.params["replace_original"] is True
        assert "Eric Adams (mayor)" in json.dumps(call.params["blocks"])
        assert r.service.calls[-1][0] == rq.WhoSaid("Eric Adams", timedelta(hours=168))


async def test_a_failing_service_gets_an_apology_not_a_stack_trace() -> None:
    def boom(request: rq.Request) -> rs.Result:
        raise RuntimeError("database is away")

    async with running(CannedService({"officials": boom})) as r:
        status, body, _ = await r.command("/officials", "")
        assert status == 200 and "Sorry" in body["text"] and "database" not in json.dumps(body)


def test_http_mode_needs_a_signing_secret() -> None:
    settings = Settings(SLACK_BOT_TOKEN="xoxb-x")
    with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
        build_app(settings, CannedService())
    # Socket Mode alone: the app builds, and the web app leaves the unverifiable endpoint out
    socket_only = Settings(SLACK_BOT_TOKEN="xoxb-x", SLACK_APP_TOKEN="xapp-x")
    web_app = make_web_app(socket_only, CannedService(), build_app(socket_only, CannedService()))
    routes = {r.resource.canonical for r in web_app.router.routes()}
    assert "/slack/events" not in routes and {"/healthz", "/metrics"} <= routes  # (and the record pages)
    assert not any(r.method == "POST" for r in web_app.router.routes())
