"""Security: tokens never reach the logs, Slack replay protection, the SSRF guard on /feeds add, and the admin
check on both platforms. Everything runs the real code against the local fakes on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
import structlog
from aiohttp.test_utils import TestServer
from slack_sdk.errors import SlackApiError

from bot.commands import results as rs
from bot.commands.service import TERMINAL, CommandContext, CommandService
from bot.feeds.http import FeedFetcher
from bot.infra.log import configure_logging, get_logger
from bot.publishing.publisher import PublishError
from bot.storage.repo import Store
from config.settings import DiscordSettings, Settings
from handlers.discord import NewsbotClient, run_discord
from handlers.discord.commands import NEEDS_MANAGE_SERVER
from handlers.slack.app import build_app
from handlers.slack.client import web_client
from handlers.slack.poster import Poster
from handlers.slack.publisher import SlackPublisher
from handlers.web import make_web_app
from tests.fakes.command_service import CannedService, digest, digest_item
from tests.fakes.discord_api import GUILD_ID, MANAGE_GUILD, FakeDiscord, option, running_bot, subcommand
from tests.fakes.slack_api import Call, FakeSlack, sign, slash_command_body

# Recognisable fakes. The signing secret has no token shape, so only its literal value can be masked.
SLACK_TOKEN = "xoxb-4242-4242-newsbotFAKEslackTOKEN"
SIGNING_SECRET = "c0ffee15deadbeef5ecre7f00d0ba55e"
DISCORD_TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAxMA.GnewsB.FAKEdiscordTOKENfakeDISCORDtoken12"
SECRETS = (SLACK_TOKEN, SIGNING_SECRET, DISCORD_TOKEN)
PUBLIC_LITERAL = "https://93.184.216.34/feed"


# ---- capturing every log line --------------------------------------------------------------------


class _Everything(logging.Handler):
    """Keeps each record as emitted to any handler: message, traceback and stack."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@dataclass
class Logs:
    capsys: pytest.CaptureFixture[str]
    raw: _Everything

    def start(self, fmt: str = "console") -> None:
        """The service's logging at DEBUG; called in the test itself, so its handler writes to the stderr
        that capsys holds while the test runs."""
        configure_logging("DEBUG", fmt)
        logging.getLogger().addHandler(self.raw)  # after ours: sees each record as other handlers would

    def text(self) -> str:
        out, err = self.capsys.readouterr()
        return "\n".join([out, err, *self.raw.lines])

    def assert_clean(self, *must_mention: str) -> str:
        """No secret anywhere in what was logged or printed; ``must_mention`` proves the path logged at all."""
        text = self.text()
        leaked = [text[max(0, i - 600): i + 100] for s in SECRETS if (i := text.find(s)) >= 0]
        assert leaked == [], "secrets leaked into the logs:\n" + "\n---\n".join(leaked)
        for needle in must_mention:
            assert needle in text, f"{needle!r} was not logged; the test did not exercise its path\n{text[-3000:]}"
        return text


@pytest.fixture
def logs(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Logs]:
    """Tokens in the environment, all output captured (every level), logging restored afterwards."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", SLACK_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("DISCORD_TOKEN", DISCORD_TOKEN)
    root = logging.getLogger()
    saved_handlers, saved_level, saved_structlog = root.handlers[:], root.level, structlog.get_config()
    raw = _Everything()
    raw.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))  # appends exc_info and stack
    try:
        yield Logs(capsys, raw)
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        structlog.configure(**saved_structlog)


def test_settings_never_show_secrets(logs: Logs) -> None:
    logs.start()
    settings = Settings()
    assert settings.slack_bot_token is not None and settings.slack_bot_token.get_secret_value() == SLACK_TOKEN
    assert settings.discord_token is not None and settings.discord_token.get_secret_value() == DISCORD_TOKEN
    shown = [repr(settings), str(settings), settings.model_dump_json(), str(settings.model_dump())]
    assert not [s for s in SECRETS for text in shown if s in text]
    get_logger("test").info("settings.loaded", settings=settings, dump=settings.model_dump())
    logs.assert_clean("settings.loaded")


@pytest.mark.parametrize("fmt", ["console", "json"])
def test_exception_text_and_tracebacks_are_masked(logs: Logs, fmt: str) -> None:
    logs.start(fmt)
    log = get_logger("test")
    secret_local = f"{SLACK_TOKEN} {SIGNING_SECRET} {DISCORD_TOKEN}"  # a local a pretty traceback would print
    try:
        raise RuntimeError(f"auth failed for {secret_local}")
    except RuntimeError as e:
        log.exception("call.failed", error=str(e), nested={"token": SLACK_TOKEN})
        log.error("call.failed_repr", error=e)
        logging.getLogger("aiohttp.client").exception("third party saw %s", SIGNING_SECRET)
        logging.getLogger("discord.http").debug("headers {'Authorization': 'Bot %s'}", DISCORD_TOKEN)
    text = logs.assert_clean("call.failed", "call.failed_repr", "third party saw", "RuntimeError: auth failed")
    assert "[redacted]" in text


class EchoingSlack(FakeSlack):
    """A Slack whose errors quote the caller's credentials back, as a misbehaving proxy might."""

    def _answer(self, call: Call) -> dict[str, Any]:
        if call.method in ("users.info", "chat.postMessage"):
            return {"ok": False, "error": f"invalid_auth:{call.token}", "warning": f"secret={SIGNING_SECRET}"}
        return super()._answer(call)


@contextlib.asynccontextmanager
async def slack_web(fake: FakeSlack, service: Any, admins: list[str] | None = None
                    ) -> AsyncIterator[Callable[..., Any]]:
    """The real web app over HTTP with the bolt app; yields ``post(command, text, user_id=…, ts=…)``."""
    settings = Settings(slack={"api_url": fake.api_url, "admins": admins or []})  # tokens from the environment
    server = TestServer(make_web_app(settings, service, build_app(settings, service)), host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
            async def post(command: str, text: str, user_id: str = "U0USER", ts: int | None = None,
                           secret: str = SIGNING_SECRET) -> tuple[int, Any]:
                body = slash_command_body(command, text, fake.response_url(), user_id=user_id)
                async with http.post(server.make_url("/slack/events"), data=body, headers=sign(secret, body, ts)) as r:
                    raw = await r.text()
                    return r.status, json.loads(raw) if r.content_type == "application/json" else raw

            yield post
    finally:
        await server.close()


async def test_slack_failures_do_not_log_tokens(logs: Logs) -> None:
    def boom(_: Any) -> rs.Result:
        raise RuntimeError(f"database refused {SLACK_TOKEN} / {SIGNING_SECRET}")

    logs.start()
    service = CannedService({"officials": boom, "feeds": rs.Notice("Feed 1 added.")})
    async with EchoingSlack() as fake, slack_web(fake, service) as post:
        status, body = await post("/officials", "")  # the core raises with secrets in its message
        assert status == 200 and "Sorry" in body["text"]
        status, body = await post("/feeds", f"add {PUBLIC_LITERAL}")  # users.info fails, quoting the token
        assert status == 200 and "Only workspace admins" in json.dumps(body)
        assert [c.token for c in fake.calls_to("users.info")] == [SLACK_TOKEN]  # the token really was sent
        publisher = SlackPublisher(Poster(web_client(Settings(slack={"api_url": fake.api_url})), min_interval=0))
        with pytest.raises(PublishError) as e:  # chat.postMessage's error quotes the token back
            await publisher.publish_digest("C0CHAN", digest([digest_item(1)]))
        cause = e.value.__cause__
        assert isinstance(cause, SlackApiError) and SLACK_TOKEN in str(cause)
        get_logger("test").warning("post.failed", error=str(cause), exc=cause)
    logs.assert_clean("slack.command_failed", "slack.users_info_failed", "post.failed")


async def test_discord_login_and_failures_do_not_log_tokens(logs: Logs) -> None:
    def boom(_: Any) -> rs.Result:
        raise RuntimeError(f"gateway refused {DISCORD_TOKEN}")

    logs.start()
    service = CannedService({"officials": boom})
    async with FakeDiscord() as fake, running_bot(fake, service, token_from_env=True):
        assert fake.identify is not None and fake.identify["token"] == DISCORD_TOKEN  # logged in with it
        i = await fake.interact("officials", [])
        await fake.wait_for(lambda: fake.callback_for(i))
    async with FakeDiscord() as fake:
        fake.reject_token = True
        with pytest.raises(discord.LoginFailure):
            async with running_bot(fake, service, token_from_env=True):
                pass
    logs.assert_clean("discord.command_failed", "discord.http")


# ---- Slack replay protection --------------------------------------------------------------------


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[CommandService]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'sec.db'}")
    store = await Store.open(settings.database_url, migrate=True)
    try:
        yield CommandService(store, settings)
    finally:
        await store.close()


@pytest.fixture
def slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", SLACK_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)


@pytest.mark.usefixtures("slack_env")
async def test_replayed_request_older_than_five_minutes_is_refused(service: CommandService) -> None:
    now = int(time.time())
    async with FakeSlack() as fake, slack_web(fake, service) as post:
        assert (await post("/newsbot", "help"))[0] == 200
        assert (await post("/newsbot", "help", ts=now - 250))[0] == 200  # late but within the window
        # correctly signed, outside the window; a future stamp gets a margin, as time passes during the test
        for ts in (now - 301, now - 600, now - 86_400, now + 330):
            status, _ = await post("/newsbot", "help", ts=ts)
            assert status == 401, ts
        assert (await post("/newsbot", "help", secret="not-the-secret"))[0] == 401


# ---- SSRF: /feeds add --------------------------------------------------------------------------


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Name lookups from a table (numeric forms as the C library reads them); never the network."""
    real = socket.getaddrinfo
    table = {"intranet.example": ["10.0.0.7"], "localhost": ["127.0.0.1", "::1"],
             "rebind.example": ["93.184.216.34", "127.0.0.1"], "metadata.example": ["169.254.169.254"],
             "public.example": ["93.184.216.34"]}
    asked: list[str] = []

    def getaddrinfo(host: str, port: Any, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0) -> Any:
        asked.append(host)
        if host in table:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port or 0)) for a in table[host]]
        return real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)  # gaierror for names

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


@pytest.fixture
def no_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every feed or page request goes through FeedFetcher._get; adding a feed must make none."""
    async def refuse(*args: Any, **kw: Any) -> Any:
        raise AssertionError("adding a feed must not fetch it")

    monkeypatch.setattr(FeedFetcher, "_get", refuse)


@pytest.mark.usefixtures("no_fetch")
@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data", "http://[::1]/",
    "http://intranet.example/feed.xml", "http://localhost:8080/rss", "http://rebind.example/rss",
    "http://metadata.example/latest", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://2130706433/",
    "http://0x7f.1/", "http://100.64.0.1/", "http://[fd00:ec2::254]/", "http://192.168.1.1./",
])
async def test_feeds_add_refuses_private_addresses(service: CommandService, dns: list[str], url: str) -> None:
    result = await service.handle(f"add {url}", "/feeds", TERMINAL)
    assert isinstance(result, rs.Notice) and not result.ok and result.text.startswith("Refused"), result
    assert await service.store.list_feeds() == []


@pytest.fixture
def fetch_ok(monkeypatch: pytest.MonkeyPatch) -> None:
    """/feeds add in a channel fetches the feed once for its preview: answered here with a one-item feed."""
    async def fetch_feed(self: FeedFetcher, state: Any, source_name: str | None = None) -> Any:
        from bot.feeds.http import FetchResult
        from bot.models import FeedItem

        item = FeedItem(feed_url=state.url, guid="1", url="https://93.184.216.35/a", title="Asylum office opens",
                        summary="The asylum office opened for migrants.")
        return FetchResult(url=state.url, status="ok", items=[item], feed_title="Public feed")

    monkeypatch.setattr(FeedFetcher, "fetch_feed", fetch_feed)


@pytest.mark.usefixtures("no_fetch")
async def test_feeds_add_accepts_public_addresses_without_fetching(service: CommandService, dns: list[str]) -> None:
    result = await service.handle(f"add {PUBLIC_LITERAL}", "/feeds", TERMINAL)
    assert isinstance(result, rs.Notice) and result.ok, result
    assert dns == []  # a literal needs no lookup
    result = await service.handle("add https://public.example/rss", "/feeds", TERMINAL)
    assert result.ok and dns == ["public.example"]
    assert [f.url for f in await service.store.list_feeds()] == [PUBLIC_LITERAL, "https://public.example/rss"]


@pytest.mark.usefixtures("no_fetch")
async def test_feeds_add_with_unresolvable_host_is_answered_not_raised(service: CommandService, dns: list[str]) -> None:
    result = await service.handle("add https://no-such-host.invalid/rss", "/feeds", TERMINAL)
    assert isinstance(result, rs.Notice) and not result.ok and "look up" in result.text
    assert await service.store.list_feeds() == []


async def test_operator_allow_list_exempts_a_host(tmp_path: Path, dns: list[str]) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'allow.db'}",
                        http={"allowed_hosts": ["intranet.example"]})
    store = await Store.open(settings.database_url, migrate=True)
    try:
        service = CommandService(store, settings)
        assert (await service.handle("add http://intranet.example/feed.xml", "/feeds", TERMINAL)).ok
        assert not (await service.handle("add http://10.0.0.1/", "/feeds", TERMINAL)).ok
    finally:
        await store.close()


# ---- admin rights on both platforms ------------------------------------------------------------


@pytest.mark.usefixtures("slack_env", "fetch_ok")
async def test_slack_admin_commands_need_admin_rights(service: CommandService) -> None:
    feed = await service.store.add_feed("https://93.184.216.35/existing")
    async with FakeSlack() as fake, slack_web(fake, service, admins=["U0LISTED"]) as post:
        fake.users["U0USER"] = {"is_admin": False, "is_owner": False}
        fake.users["U0WSADMIN"] = {"is_admin": True, "is_owner": False}
        for text in (f"add {PUBLIC_LITERAL}", f"remove {feed.id}"):
            _, body = await post("/feeds", text, user_id="U0USER")
            assert "Only workspace admins" in json.dumps(body)
            _, body = await post("/feeds", text, user_id="U0NOBODY")  # users.info: user_not_found
            assert "Only workspace admins" in json.dumps(body)
        fake.fail_next(1, status=403, methods={"users.info"})  # the lookup fails: refuse, do not guess
        _, body = await post("/feeds", f"add {PUBLIC_LITERAL}", user_id="U0WSADMIN")
        assert "Only workspace admins" in json.dumps(body)
        assert [f.url for f in await service.store.list_feeds()] == [feed.url]

        _, body = await post("/feeds", f"add {PUBLIC_LITERAL}", user_id="U0WSADMIN")
        assert "added" in json.dumps(body)
        _, body = await post("/feeds", f"remove {feed.id}", user_id="U0LISTED")
        assert "removed" in json.dumps(body)
    assert [f.url for f in await service.store.list_feeds()] == [PUBLIC_LITERAL]


@pytest.mark.usefixtures("fetch_ok")
async def test_discord_admin_commands_need_manage_server(service: CommandService) -> None:
    feed = await service.store.add_feed("https://93.184.216.35/existing")
    async with FakeDiscord() as fake:
        settings = Settings(discord=DiscordSettings(api_url=fake.api_url, gateway_url=fake.gateway_url,
                                                    guild_ids=[GUILD_ID]), discord_token="fake-token")
        client = NewsbotClient(service, settings.discord)
        stop = asyncio.Event()
        task = asyncio.create_task(run_discord(settings, service, stop, client=client))
        try:
            await fake.wait_for(lambda: fake.guilds_sent or task.done(), timeout=10)
            add = [subcommand("add", option("url", PUBLIC_LITERAL))]
            remove = [subcommand("remove", option("id", feed.id))]
            refused = [await fake.interact("feeds", add), await fake.interact("feeds", remove),
                       await fake.interact("feeds", remove, permissions=1 << 1 | 1 << 4)]  # kick, manage channels
            await fake.wait_for(lambda: all(fake.callback_for(i) for i in refused))
            assert all(fake.callback_for(i)["data"]["content"] == NEEDS_MANAGE_SERVER for i in refused)
            assert [f.url for f in await service.store.list_feeds()] == [feed.url]

            allowed = await fake.interact("feeds", add, permissions=MANAGE_GUILD)
            await fake.wait_for(lambda: fake.followups_for(allowed))
            assert "added" in json.dumps(fake.followups_for(allowed))
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=10)
    assert {f.url for f in await service.store.list_feeds()} == {feed.url, PUBLIC_LITERAL}


def test_terminal_context_is_the_only_implicit_admin() -> None:
    """Platforms build their own contexts; only the local terminal is trusted by default."""
    assert TERMINAL.is_admin and not CommandContext("slack").is_admin and not CommandContext("discord").is_admin
