"""The real discord.py client against a local fake Discord: login, command sync, interactions, posts."""

from __future__ import annotations

from datetime import timedelta

import discord
import pytest
from discord.http import Route

from bot.commands import requests as rq
from bot.commands import results as rs
from handlers.discord import reply as reply_mod
from handlers.discord.commands import NEEDS_MANAGE_SERVER
from handlers.discord.publisher import DiscordPublisher
from handlers.discord.reply import FAILED
from tests.fakes.command_service import CannedService, digest, digest_item, person, quote
from tests.fakes.discord_api import (
    CHANNEL_ID,
    GUILD_ID,
    MANAGE_GUILD,
    FakeDiscord,
    embed_text,
    limit_problems,
    option,
    running_bot,
    subcommand,
)

EPHEMERAL = 64
WORDS = "Officials said the shelter system was near capacity and asked for federal help " * 60
COMMAND_NAMES = {"whosaid", "officials", "figures", "news", "digest", "watch", "unwatch", "feeds", "filter", "newsbot"}


@pytest.fixture
async def fake():
    async with FakeDiscord() as f:
        yield f


def service(**answers: rs.Result) -> CannedService:
    defaults: dict[str, rs.Result] = {
        "whosaid": rs.WhoSaidAnswer(
            "Homan", person(), [quote("We will act."), quote("cities should step aside", "indirect")]
        ),
        "digest": rs.DigestAnswer(digest([digest_item(1)])),
        "feeds": rs.FeedsAnswer([]),
        "watch": rs.Notice("Watching “Homan” in this channel."),
        "newsbot": rs.HelpAnswer([]),
    }
    return CannedService(answers={**defaults, **answers}, names=["Tom Homan", "Tom Cotton", "Eric Adams"])


def texts(body: dict) -> str:
    data = body.get("data", body)
    return (data.get("content") or "") + "\n" + "\n".join(embed_text(e) for e in data.get("embeds") or [])


async def test_connects_syncs_guild_commands_and_heartbeats(fake: FakeDiscord) -> None:
    async with running_bot(fake, service()):
        assert fake.gateway_query == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
        assert fake.identify is not None and fake.identify["token"] == "fake-token"
        assert fake.identify["intents"] == 1  # guilds only: no privileged intents needed
        await fake.wait_for(lambda: fake.heartbeats >= 1)
    [(guild, commands)] = fake.command_syncs
    assert guild == GUILD_ID
    by_name = {c["name"]: c for c in commands}
    assert set(by_name) == COMMAND_NAMES
    # issue #16: /feeds list is for every member, so the group is not hidden; add/remove/test are checked per call
    assert by_name["feeds"]["default_member_permissions"] is None
    whosaid_name = next(o for o in by_name["whosaid"]["options"] if o["name"] == "name")
    assert whosaid_name["autocomplete"] is True and whosaid_name["required"] is True
    assert {o["name"] for o in by_name["digest"]["options"]} == {"now", "schedule", "off"}


async def test_sync_global_when_configured(fake: FakeDiscord) -> None:
    async with running_bot(fake, service(), sync_global=True):
        assert fake.api_url == Route.BASE
    assert [g for g, _ in fake.command_syncs] == [None]
    assert Route.BASE == "https://discord.com/api/v10"  # the override ends with the client


async def test_failed_sync_leaves_the_bot_serving(fake: FakeDiscord) -> None:
    fake.fail("PUT", "/commands", status=400)
    async with running_bot(fake, service()):
        i = await fake.interact("whosaid", [option("name", "Homan")])
        assert (await fake.wait_for(lambda: fake.callback_for(i)))["type"] == 4
    assert fake.command_syncs == [] and any(c.method == "PUT" for c in fake.calls)


async def test_bad_token_fails_loudly(fake: FakeDiscord) -> None:
    fake.reject_token = True
    with pytest.raises(discord.LoginFailure):
        async with running_bot(fake, service()):
            pass
    assert fake.identify is None and fake.command_syncs == []


async def test_whosaid_interaction_gets_an_embed_callback(fake: FakeDiscord) -> None:
    svc = service()
    async with running_bot(fake, svc):
        i = await fake.interact("whosaid", [option("name", "Tom Homan"), option("since", "7d"), option("limit", 3)])
        body = await fake.wait_for(lambda: fake.callback_for(i))
    assert body["type"] == 4 and fake.answered_after(i) < 3.0
    assert body["data"]["allowed_mentions"] == {"parse": []}
    assert limit_problems(body["data"]) == []
    shown = texts(body)
    assert "“We will act.”" in shown and "*Paraphrase:* cities should step aside" in shown
    [(request, ctx)] = svc.calls
    assert request == rq.WhoSaid("Tom Homan", timedelta(days=7), 3)
    assert (ctx.platform, ctx.channel_id, ctx.is_admin) == ("discord", str(CHANNEL_ID), False)


async def test_autocomplete_offers_known_names(fake: FakeDiscord) -> None:
    async with running_bot(fake, service()):
        i = await fake.interact("whosaid", [option("name", "Tom", focused=True)], kind=4)
        body = await fake.wait_for(lambda: fake.callback_for(i))
    assert body["type"] == 8
    assert [c["name"] for c in body["data"]["choices"]] == ["Tom Homan", "Tom Cotton"]


async def test_slow_answer_defers_then_follows_up(fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reply_mod, "DEFER_AFTER", 0.05)
    svc = service()
    svc.delay = 0.3
    async with running_bot(fake, svc):
        i = await fake.interact("whosaid", [option("name", "Homan")])
        [follow] = await fake.wait_for(lambda: fake.followups_for(i))
    assert fake.callback_for(i)["type"] == 5 and fake.answered_after(i) < 1.0  # deferred within the window
    assert "We will act." in texts(follow) and follow["allowed_mentions"] == {"parse": []}


async def test_digest_now_defers_and_splits_a_large_digest(fake: FakeDiscord) -> None:
    big = digest([digest_item(n, summary=WORDS, quote_text=WORDS) for n in range(1, 11)])
    svc = service(digest=rs.DigestAnswer(big))
    async with running_bot(fake, svc):
        i = await fake.interact("digest", [subcommand("now", option("since", "24h"))])
        await fake.wait_for(lambda: fake.callback_for(i))
        await fake.wait_for(lambda: sum(len(f.get("embeds") or []) for f in fake.followups_for(i)) == 11)
    assert fake.callback_for(i)["type"] == 5
    follows = fake.followups_for(i)
    assert len(follows) >= 2
    assert all(limit_problems(f) == [] and f["allowed_mentions"] == {"parse": []} for f in follows)
    assert svc.calls[0][0] == rq.DigestNow(timedelta(hours=24))


@pytest.mark.parametrize(
    ("name", "options", "expected"),
    [
        (
            "digest",
            [subcommand("schedule", option("spec", "daily 08:00 America/New_York"))],
            rq.DigestSchedule("daily 08:00 America/New_York"),
        ),
        ("digest", [subcommand("off")], rq.DigestOff()),
        ("watch", [option("target", "O'Rourke asylum")], rq.Watch("O'Rourke asylum")),
        ("newsbot", [subcommand("help", option("command", "whosaid"))], rq.Help("whosaid")),
        ("officials", [], rq.Officials()),  # the defaults the text grammar has
        (
            "figures",
            [option("query", "deportations"), option("since", "2w")],
            rq.Figures("deportations", timedelta(weeks=2)),
        ),
        ("news", [option("query", "asylum"), option("limit", 7)], rq.News("asylum", limit=7)),
    ],
)
async def test_options_become_typed_requests(fake: FakeDiscord, name: str, options: list, expected: object) -> None:
    svc = service(
        digest=rs.Notice("ok"),
        officials=rs.OfficialsAnswer(None, []),
        figures=rs.FiguresAnswer(None, []),
        news=rs.NewsAnswer("asylum", []),
    )
    async with running_bot(fake, svc):
        i = await fake.interact(name, options)
        await fake.wait_for(lambda: fake.callback_for(i))
    assert svc.calls[0][0] == expected


async def test_option_values_stay_whole(fake: FakeDiscord) -> None:
    """Quotes, spaces and words that look like options are part of the value, not grammar."""
    svc = service()
    async with running_bot(fake, svc):
        i = await fake.interact(
            "whosaid", [option("name", "Tom 'the czar' Homan"), option("since", "7d"), option("limit", 3)]
        )
        await fake.wait_for(lambda: fake.callback_for(i))
    assert svc.calls[0][0] == rq.WhoSaid("Tom 'the czar' Homan", timedelta(days=7), 3)


async def test_overlong_options_get_the_usage_line(fake: FakeDiscord) -> None:
    svc = service()
    async with running_bot(fake, svc):
        i = await fake.interact("whosaid", [option("name", "x" * 600)])
        body = await fake.wait_for(lambda: fake.callback_for(i))
    assert "too long" in body["data"]["content"] and "Usage:" in body["data"]["content"]
    assert body["data"]["flags"] & EPHEMERAL and svc.calls == []


async def test_feeds_need_manage_server(fake: FakeDiscord) -> None:
    svc = service(feeds=rs.Notice("Feed 3 removed."))
    async with running_bot(fake, svc):
        refused = await fake.interact("feeds", [subcommand("remove", option("id", 3))])
        allowed = await fake.interact("feeds", [subcommand("remove", option("id", 3))], permissions=MANAGE_GUILD)
        await fake.wait_for(lambda: fake.callback_for(refused) and fake.callback_for(allowed))
        added = await fake.interact(
            "feeds", [subcommand("add", option("url", "https://feeds.example/a.xml"))], permissions=MANAGE_GUILD
        )
        await fake.wait_for(lambda: fake.followups_for(added))
    body = fake.callback_for(refused)
    assert body["data"]["content"] == NEEDS_MANAGE_SERVER and body["data"]["flags"] & EPHEMERAL
    (request, ctx), (add, _) = svc.calls  # only the admins' commands reached the service
    assert request == rq.FeedsRemove(3) and ctx.is_admin
    assert "Feed 3 removed." in texts(fake.callback_for(allowed))
    # adding checks the address over DNS: deferred at once, and privately
    assert add == rq.FeedsAdd("https://feeds.example/a.xml")
    deferred = fake.callback_for(added)
    assert deferred["type"] == 5 and deferred["data"]["flags"] & EPHEMERAL


async def test_usage_errors_and_failures_are_ephemeral(fake: FakeDiscord) -> None:
    svc = service()
    svc.answers["officials"] = lambda request: 1 / 0  # a bug in the core must not leave the user hanging
    async with running_bot(fake, svc):
        bad = await fake.interact("whosaid", [option("name", "Homan"), option("since", "forever")])
        broken = await fake.interact("officials", [])
        await fake.wait_for(lambda: fake.callback_for(bad) and fake.callback_for(broken))
    usage = fake.callback_for(bad)["data"]
    assert usage["flags"] & EPHEMERAL and "not a duration" in usage["content"] and "Usage:" in usage["content"]
    failed = fake.callback_for(broken)["data"]
    assert failed["content"] == FAILED and failed["flags"] & EPHEMERAL


async def test_poster_sends_digest_within_limits_without_mentions(fake: FakeDiscord) -> None:
    hostile = "Rally call @everyone <@&123456789012345678> **now**"
    big = digest([digest_item(n, summary=f"{hostile} {WORDS}", quote_text=WORDS) for n in range(1, 11)])
    async with running_bot(fake, service()) as client:
        parts = await DiscordPublisher(client.poster).publish_digest(str(CHANNEL_ID), big)
    posts = fake.messages[CHANNEL_ID]
    assert len(parts) == len(posts) >= 2
    assert sum(len(p["embeds"]) for p in posts) == 11
    for p in posts:
        assert limit_problems(p) == [] and p["allowed_mentions"]["parse"] == []
        assert "@everyone" not in texts(p) and "<@&123456789012345678>" not in texts(p)


async def test_rate_limited_post_is_retried_and_arrives_once(fake: FakeDiscord) -> None:
    fake.rate_limit("POST", f"/channels/{CHANNEL_ID}/messages", times=1, retry_after=0.1)
    async with running_bot(fake, service()) as client:
        sent = await DiscordPublisher(client.poster).publish_item(str(CHANNEL_ID), digest_item(1), watch="Homan")
    assert len(fake.rate_limited) == 1
    [post] = fake.messages[CHANNEL_ID]
    assert post["embeds"][0]["author"]["name"] == "Watch: Homan" and int(sent.message_id or 0) > 0


async def test_chart_attachment_and_story_update_reply(fake: FakeDiscord) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    async with running_bot(fake, service()) as client:
        publisher = DiscordPublisher(client.poster)
        chart = await publisher.publish_chart(str(CHANNEL_ID), png, "chart:2024-50", "Week 50", "Quotes per day")
        chart_id = int(chart.message_id or 0)
        await publisher.publish_item(str(CHANNEL_ID), digest_item(1), thread=str(chart_id))
    upload = next(c for c in fake.calls if c.files)
    assert upload.files == [("weekly.png", png)]
    chart, update = fake.messages[CHANNEL_ID]
    assert chart["embeds"][0]["image"]["url"] == "attachment://weekly.png"
    assert chart["allowed_mentions"]["parse"] == []
    assert update["message_reference"]["message_id"] == chart_id
    assert update["allowed_mentions"]["parse"] == []
