"""Issue #16, channels own their news: subscriptions, previews, filters, feed-health notices, OPML.

The flows run through the real slack-bolt app (slash commands over HTTP, signed), the real poller against a
local feed site, and the real dispatcher posting to the fake Slack Web API.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from click.testing import CliRunner

from bot.commands.service import CommandService
from bot.feeds.http import FeedFetcher
from bot.feeds.opml import OpmlError, export_opml, parse_opml
from bot.ingest.poller import Poller
from bot.models import Extraction
from bot.publishing.poster_loop import Dispatcher
from bot.storage.repo import Store
from config.settings import DigestSettings, FeedConfig, HttpSettings, PollSettings, Settings
from handlers.cli import cli
from handlers.slack.app import build_app
from handlers.slack.client import web_client
from handlers.slack.poster import Poster
from handlers.slack.publisher import SlackPublisher
from handlers.web import make_web_app
from tests import storage_fixtures
from tests.fakes.slack_api import FakeSlack, sign, slash_command_body
from tests.support import free_port

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
ADMIN = "U0ADMIN"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


# ---- a local feed site --------------------------------------------------------------------------


@dataclass
class Site:
    """Feeds by name: each a list of (guid, title), undated (stored now); ``failing`` names answer 500; ``hits``
    counts fetches."""

    feeds: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    failing: set[str] = field(default_factory=set)
    hits: dict[str, int] = field(default_factory=dict)

    async def feed(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.hits[name] = self.hits.get(name, 0) + 1
        if name in self.failing:
            return web.Response(status=500, text="down")
        if name == "page":
            return web.Response(text="<html><body>Not a feed</body></html>", content_type="text/html")
        if name not in self.feeds:
            return web.Response(status=404, text="no such feed")
        items = "".join(
            f"<item><guid>{guid}</guid><title>{title}</title><link>https://news.example/{guid}</link>"
            f"<description>{title}. Asylum seekers and immigration officers were named in the report.</description>"
            "</item>"
            for guid, title in self.feeds[name]
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name} news</title>{items}</channel></rss>'
        return web.Response(text=body, content_type="application/rss+xml")


@pytest.fixture
async def site() -> AsyncIterator[tuple[Site, str]]:
    s = Site()
    app = web.Application()
    app.router.add_get("/feed/{name}", s.feed)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    yield s, f"http://127.0.0.1:{tcp._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    await runner.cleanup()


store = storage_fixtures.sqlite_store


def make_settings(fake: FakeSlack, *, schedule: str = "every 6h") -> Settings:
    return Settings(
        http=HttpSettings(allow_private_addresses=True, fetch_full_text=False),
        poll=PollSettings(interval=3600, backoff_base=1, alert_after=5),
        digest=DigestSettings(schedule=schedule, since="24h"),
        slack={"api_url": fake.api_url},
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
    )


@asynccontextmanager
async def slack_commands(fake: FakeSlack, service: CommandService) -> AsyncIterator[Callable[..., Any]]:
    """The real web app and bolt app; yields ``command(channel, "/feeds", "list", user=…)`` → the ack body."""
    settings = service.settings
    server = TestServer(make_web_app(settings, service, build_app(settings, service)), host="127.0.0.1")
    await server.start_server()
    fake.users[ADMIN] = {"is_admin": True, "is_owner": False}
    fake.users["U0USER"] = {"is_admin": False, "is_owner": False}
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as http:

            async def command(channel: str, name: str, text: str, user: str = ADMIN, status: int = 200) -> str:
                body = slash_command_body(name, text, fake.response_url(), user_id=user, channel_id=channel)
                async with http.post(server.make_url("/slack/events"), data=body, headers=sign(SECRET, body)) as r:
                    assert r.status == status
                    raw = await r.text()
                    return json.dumps(json.loads(raw)) if r.content_type == "application/json" else raw

            yield command
    finally:
        await server.close()


async def extract_all(store: Store) -> None:
    """Stand in for the NLP step: every stored report is relevant, its summary its title."""
    for a in await store.articles_since(EPOCH, relevant_only=False, announced_only=False):
        if a.relevant is None:
            await store.save_extraction(a.id, Extraction(relevant=True, relevance=0.9, summary=a.title + "."))


def posts_to(fake: FakeSlack, channel: str) -> list[str]:
    """The text of every chat.postMessage to ``channel`` (blocks included)."""
    return [json.dumps(c.params) for c in fake.calls_to("chat.postMessage") if c.params.get("channel") == channel]


# ---- 1. subscriptions per channel, filters, one fetch ------------------------------------------


async def test_two_channels_follow_one_feed_fetched_once_each_with_its_own_digest_and_filters(
    site: tuple[Site, str], store: Store
) -> None:
    s, base = site
    s.feeds["wire"] = [("w1", "Border agency opens asylum office"), ("w2", "Court hears migrant visa case")]
    async with FakeSlack() as fake:
        settings = make_settings(fake)
        service = CommandService(store, settings)
        async with slack_commands(fake, service) as command:
            first = await command("C1", "/feeds", f"add {base}/feed/wire name:Wire")
            assert "Feed 1 added to this channel" in first and "2 items found, 2 on the topic" in first
            assert "Border agency opens asylum office" in first or "Court hears migrant visa case" in first
            second = await command("C2", "/feeds", f"add {base}/feed/wire")
            assert "Feed 1 added to this channel" in second  # the same feed row, a second subscription
            assert "Filter exclude:football added" in await command("C2", "/filter", "add exclude:football")
            listed = await command("C1", "/feeds", "list", user="U0USER")  # a member, not an admin
            assert "Only workspace admins" not in listed and f"{base}/feed/wire" in listed and "Wire" in listed
            refused = await command("C1", "/feeds", f"add {base}/feed/other", user="U0USER")
            assert "Only workspace admins" in refused
        assert [f.url for f in await store.list_feeds()] == [f"{base}/feed/wire"]
        (feed,) = await store.list_feeds()
        c1, c2 = [await store.ensure_channel("slack", c) for c in ("C1", "C2")]
        assert await store.subscribers(feed.id) == [c1.id, c2.id]
        await store.ensure_channel("slack", "C3")  # follows nothing

        hits_before = s.hits["wire"]  # the two previews fetched it
        async with FeedFetcher(settings.http) as fetcher:
            poller = Poller(store, fetcher, settings)
            await poller.poll_due(force=True)  # the first fetch: history, not news
            s.feeds["wire"] += [
                ("w3", "Shelter for asylum families opens downtown"),
                ("w4", "Football club signs migrant striker"),
            ]
            await poller.poll_due(force=True)
        assert s.hits["wire"] - hits_before == 2  # one fetch per round, however many channels follow it
        await extract_all(store)

        publisher = SlackPublisher(Poster(web_client(settings), min_interval=0))
        stats = await Dispatcher(store, settings, {"slack": publisher}, charts=False).run_once()
        assert stats.digests == 3
    c1_posts, c2_posts, c3_posts = (" ".join(posts_to(fake, c)) for c in ("C1", "C2", "C3"))
    assert "Shelter for asylum families" in c1_posts and "Football club signs" in c1_posts
    assert "Shelter for asylum families" in c2_posts and "Football club signs" not in c2_posts
    assert "1 story left out by this channel" in c2_posts and "left out" not in c1_posts
    assert "Shelter for asylum families" not in c3_posts and "Nothing new since" in c3_posts


async def test_removal_is_per_channel_and_a_configured_feed_stays_removed(store: Store) -> None:
    configured = [FeedConfig(url="https://wire.example/rss", name="Wire")]
    await store.sync_feeds(configured)
    (wire,) = await store.list_feeds()
    assert wire.shared
    channel = await store.ensure_channel("slack", "C1")
    own = await store.add_feed("https://own.example/rss", shared=False)
    await store.subscribe(channel.id, own.id)
    assert [f.id for f in await store.channel_feeds(channel.id)] == [wire.id, own.id]
    other = await store.ensure_channel("slack", "C2")
    assert [f.id for f in await store.channel_feeds(other.id)] == [wire.id]  # not C1's own feed

    assert await store.unsubscribe(channel.id, own.id)
    assert await store.get_feed(own.id) is None  # followed by nobody and not shared: no longer polled
    assert await store.remove_feed(wire.id)
    await store.sync_feeds(configured)  # the next start: the database is the truth
    assert await store.list_feeds() == []


async def test_remove_in_a_channel_unsubscribes_it_only(store: Store) -> None:
    settings = Settings(http=HttpSettings(allow_private_addresses=True))
    service = CommandService(store, settings)
    feed = await store.add_feed("https://wire.example/rss", shared=False)
    c1, c2 = [await store.ensure_channel("slack", c) for c in ("C1", "C2")]
    await store.subscribe(c1.id, feed.id)
    await store.subscribe(c2.id, feed.id)
    from bot.commands.service import CommandContext

    answer = await service.handle(f"/feeds remove {feed.id}", ctx=CommandContext("slack", "C1", "U1", True))
    assert answer.ok and "no longer follows" in answer.text  # type: ignore[union-attr]
    assert await store.subscribers(feed.id) == [c2.id]


# ---- 2. preview and refusals -------------------------------------------------------------------


async def test_a_broken_feed_is_refused_with_the_reason_in_words(site: tuple[Site, str], store: Store) -> None:
    s, base = site
    s.failing.add("down")
    async with FakeSlack() as fake:
        service = CommandService(store, make_settings(fake))
        async with slack_commands(fake, service) as command:
            missing = await command("C1", "/feeds", f"add {base}/feed/missing")
            assert "Refused" in missing and "the server answered HTTP 404" in missing
            html = await command("C1", "/feeds", f"add {base}/feed/page")
            assert "Refused" in html and "not a feed" in html
            closed = await command("C1", "/feeds", f"add http://127.0.0.1:{free_port()}/rss")
            assert "Refused" in closed and "connection failed" in closed
    assert await store.list_feeds() == []


async def test_feeds_test_shows_the_newest_item_to_the_channel(site: tuple[Site, str], store: Store) -> None:
    s, base = site
    s.feeds["wire"] = [("w2", "Newest migrant shelter report"), ("w1", "Older asylum ruling")]  # newest first
    async with FakeSlack() as fake:
        service = CommandService(store, make_settings(fake))
        feed = await store.add_feed(f"{base}/feed/wire", "Wire")
        async with slack_commands(fake, service) as command:
            answer = json.loads(await command("C1", "/feeds", f"test {feed.id}"))
    assert answer["response_type"] == "in_channel" and "Newest migrant shelter report" in json.dumps(answer)


# ---- 4. feed health out loud -------------------------------------------------------------------


async def test_a_feed_failing_six_times_then_recovering_tells_each_channel_exactly_twice(
    site: tuple[Site, str], store: Store
) -> None:
    s, base = site
    s.feeds["wire"] = [("w1", "Asylum office opens")]
    async with FakeSlack() as fake:
        settings = make_settings(fake, schedule="off")
        feed = await store.add_feed(f"{base}/feed/wire", "Capitol Wire", shared=False)
        for c in ("C1", "C2"):
            await store.subscribe((await store.ensure_channel("slack", c)).id, feed.id)
        publisher = SlackPublisher(Poster(web_client(settings), min_interval=0))
        dispatcher = Dispatcher(store, settings, {"slack": publisher}, charts=False)
        async with FeedFetcher(settings.http) as fetcher:
            poller = Poller(store, fetcher, settings)

            async def round_() -> None:
                await poller.poll_due(force=True)
                await dispatcher.run_once()

            await round_()
            s.failing.add("wire")
            for n in range(1, 7):
                await round_()
                told = [p for p in posts_to(fake, "C1") if "failed" in p]
                assert len(told) == (1 if n >= 5 else 0), n  # at the fifth failure, and not again at the sixth
            s.failing.clear()
            await round_()
            await round_()  # working on: nothing more to say
    for channel in ("C1", "C2"):
        notices = posts_to(fake, channel)
        assert len(notices) == 2, notices
        failing, recovered = notices
        assert "Capitol Wire" in failing and "failed 5 times in a row" in failing and "500" in failing
        assert "Capitol Wire" in recovered and "works again" in recovered


# ---- 5. OPML -----------------------------------------------------------------------------------

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My reader</title></head><body>
  <outline text="Wire" title="Wire" type="rss" xmlUrl="https://wire.example/rss"/>
  <outline text="Policy"><outline text="Desk" xmlUrl="https://desk.example/atom"/></outline>
</body></opml>
"""


def test_opml_round_trip() -> None:
    feeds = parse_opml(OPML)
    assert [(f.url, f.title) for f in feeds] == [
        ("https://wire.example/rss", "Wire"),
        ("https://desk.example/atom", "Desk"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        b"<opml version='2.0'><body><outline xmlUrl='https://a.example/rss'",  # cut off
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY lol "lol">]><opml><body/></opml>',  # entities: refused
        b"<rss version='2.0'><channel/></rss>",  # a feed, not a list of feeds
    ],
)
def test_malformed_opml_is_refused(body: bytes) -> None:
    with pytest.raises(OpmlError):
        parse_opml(body)


def test_cli_imports_and_exports_opml(tmp_path: Path) -> None:
    env = {"NEWSBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}", "NEWSBOT_LOG_LEVEL": "WARNING"}
    good, bad = tmp_path / "feeds.opml", tmp_path / "bad.opml"
    good.write_bytes(OPML)
    bad.write_bytes(OPML[:150])
    runner = CliRunner()
    refused = runner.invoke(cli, ["feeds", "import", str(bad)], env=env)
    assert refused.exit_code == 1 and "nothing imported" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    done = runner.invoke(cli, ["feeds", "import", str(good), "--channel", "slack:C9"], env=env)
    assert done.exit_code == 0 and "2 new; 2 subscribed in slack:C9" in done.output, done.output
    out = runner.invoke(cli, ["feeds", "export", "--channel", "slack:C9"], env=env)
    assert out.exit_code == 0
    assert [f.url for f in parse_opml(out.stdout_bytes)] == ["https://wire.example/rss", "https://desk.example/atom"]
    everyone = runner.invoke(cli, ["feeds", "export", "--channel", "slack:C1"], env=env)
    assert parse_opml(everyone.stdout_bytes) == []  # imported for C9 only


async def test_feeds_export_uploads_the_channels_opml(store: Store) -> None:
    feed = await store.add_feed("https://wire.example/rss", "Wire")
    async with FakeSlack() as fake:
        service = CommandService(store, make_settings(fake))
        async with slack_commands(fake, service) as command:
            answer = await command("C1", "/feeds", "export", user="U0USER")
        assert "newsbot-feeds.opml" in answer
        (upload,) = fake.uploads.values()
    assert [f.url for f in parse_opml(upload)] == [feed.url]
    assert export_opml([feed]).startswith(b"<?xml")


# ---- Discord: the same flows through discord.py ------------------------------------------------


async def test_discord_members_list_and_filter_while_adding_needs_manage_server(store: Store) -> None:
    from tests.fakes.discord_api import CHANNEL_ID, FakeDiscord, option, running_bot, subcommand

    manage_guild = 1 << 5
    feed = await store.add_feed("https://wire.example/rss", "Wire")
    service = CommandService(store, Settings())
    async with FakeDiscord() as fake, running_bot(fake, service):
        listed = await fake.interact("feeds", [subcommand("list")])  # a member without Manage Server
        added = await fake.interact("feeds", [subcommand("add", option("url", "https://other.example/rss"))])
        filtered = await fake.interact(
            "filter", [subcommand("add", option("kind", "exclude"), option("value", "Sport"))]
        )
        bad = await fake.interact("filter", [subcommand("add", option("kind", "min_relevance"), option("value", "2"))])
        exported = await fake.interact("feeds", [subcommand("export")])
        removed = await fake.interact("feeds", [subcommand("remove", option("id", feed.id))], permissions=manage_guild)
        await fake.wait_for(
            lambda: all(fake.callback_for(i) for i in (listed, added, filtered, bad, exported, removed))
        )
    assert "https://wire.example/rss" in json.dumps(fake.callback_for(listed))
    assert "Manage Server" in json.dumps(fake.callback_for(added))
    assert "Filter exclude:sport added" in json.dumps(fake.callback_for(filtered))
    assert "is a score from 0 to 1" in fake.callback_for(bad)["data"]["content"]
    (upload,) = [c for c in fake.calls if c.files and f"/interactions/{exported['id']}/" in c.path]
    ((name, data),) = upload.files
    assert name == "newsbot-feeds.opml" and [f.url for f in parse_opml(data)] == [feed.url]
    assert "removed for every channel" in json.dumps(fake.callback_for(removed))
    channel = await store.ensure_channel("discord", str(CHANNEL_ID))
    assert [(f.kind, f.value) for f in await store.list_filters(channel.id)] == [("exclude", "sport")]
    assert await store.list_feeds() == []


# ---- 6. a command prefix -----------------------------------------------------------------------


async def test_a_command_prefix_renames_commands_on_slack_discord_and_in_the_manifest(store: Store) -> None:
    yaml = pytest.importorskip("yaml")
    from bot.commands.parse import COMMANDS
    from handlers.discord import NewsbotClient
    from handlers.slack.manifest import slack_manifest
    from tests.fakes.command_service import CannedService

    await store.add_feed("https://wire.example/rss", "Wire")
    async with FakeSlack() as fake:
        settings = Settings(
            **{
                **make_settings(fake).model_dump(),
                "commands": {"prefix": "nb-"},
                "slack_bot_token": TOKEN,
                "slack_signing_secret": SECRET,
            }
        )
        service = CommandService(store, settings)
        async with slack_commands(fake, service) as command:
            listed = await command("C1", "/nb-feeds", "list", user="U0USER")
            helped = await command("C1", "/nb-newsbot", "help")
            await command("C1", "/feeds", "list", status=404)  # bolt has no listener for it under the prefix
    assert "https://wire.example/rss" in listed
    assert "/nb-whosaid NAME" in helped and "/nb-feeds" in helped

    manifest = yaml.safe_load(slack_manifest("newsbot.example.org", "nb-"))
    commands = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert set(commands) == {f"/nb-{name}" for name in COMMANDS}
    assert all(c["url"] == "https://newsbot.example.org/slack/events" for c in commands.values())
    assert manifest["settings"]["interactivity"]["request_url"] == "https://newsbot.example.org/slack/events"

    client = NewsbotClient(CannedService(), settings.discord, prefix="nb-")
    assert {c.name for c in client.tree.get_commands()} == {f"nb-{name}" for name in COMMANDS}


def test_cli_prints_the_slack_manifest(tmp_path: Path) -> None:
    config = tmp_path / "newsbot.toml"
    config.write_text('[commands]\nprefix = "nb-"\n')
    out = CliRunner().invoke(cli, ["--config", str(config), "slack", "manifest", "--host", "news.example.org"])
    assert out.exit_code == 0, out.output
    assert "command: /nb-digest" in out.output and "https://news.example.org/slack/events" in out.output
    bad = CliRunner().invoke(cli, ["--config", str(config), "slack", "manifest", "--host", "http://x/ y"])
    assert bad.exit_code == 2 and "not a host name" in bad.output


async def test_discord_channels_hear_of_a_failing_feed_once_and_of_its_recovery(store: Store) -> None:
    from handlers.discord.publisher import DiscordPublisher
    from tests.fakes.command_service import CannedService
    from tests.fakes.discord_api import CHANNEL_ID, FakeDiscord, running_bot

    now = datetime.now(UTC)
    feed = await store.add_feed("https://wire.example/rss", "Capitol Wire", shared=False)
    await store.subscribe((await store.ensure_channel("discord", str(CHANNEL_ID))).id, feed.id)
    settings = Settings(digest=DigestSettings(schedule="off"), poll=PollSettings(alert_after=2))
    async with FakeDiscord() as fake, running_bot(fake, CannedService()) as client:
        await fake.wait_for(client.is_ready, timeout=15)
        dispatcher = Dispatcher(store, settings, {"discord": DiscordPublisher(client.poster)}, charts=False)
        for _ in range(3):  # a notice at the second failure, none at the first or the third
            await store.record_feed_failure(feed.id, error="HTTP 503", error_kind="http_5xx", next_poll_at=now, now=now)
            await dispatcher.run_once()
        await store.record_feed_success(feed.id, etag=None, last_modified=None, next_poll_at=now, now=now)
        await dispatcher.run_once()
        await dispatcher.run_once()
        posted = [m["content"] for m in fake.messages[CHANNEL_ID]]
    assert len(posted) == 2, posted
    assert "Capitol Wire" in posted[0] and "failed 2 times in a row: HTTP 503" in posted[0]
    assert "works again" in posted[1]
