"""Property-based tests (hypothesis): no command text, feed body or form body makes an exception escape,
and no outside text leaves a live Slack or Discord mention after escaping.

Every test is derandomized (fixed examples from run to run) and bounded (``max_examples``); the async
parts run on one event loop per test (``asyncio.Runner``) because hypothesis drives synchronous functions.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.commands import requests as rq
from bot.commands import results as rs
from bot.commands.parse import COMMANDS, UsageError, parse_command
from bot.commands.service import CommandContext, CommandService
from bot.feeds.parse import FeedParseError, ParsedFeed, parse_feed
from bot.storage.repo import Store
from handlers.discord import escape as discord_escape
from handlers.discord.render import render as discord_render
from handlers.slack import mrkdwn
from handlers.slack.app import build_app
from handlers.slack.render import render as slack_render
from handlers.web import make_web_app
from tests.fakes.command_service import person, quote
from tests.fakes.slack_api import FakeSlack, live_mentions, sign, slash_command_body
from tests.storage_fixtures import add, seed_extraction
from tests.support import TESTS, make_settings

FIXTURES = TESTS / "fixtures" / "feeds"
FEED_FIXTURES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".xml", ".rdf", ".json"))
RESULT_TYPES = (
    rs.WhoSaidAnswer, rs.OfficialsAnswer, rs.FiguresAnswer, rs.NewsAnswer, rs.DigestAnswer, rs.FeedsAnswer,
    rs.HelpAnswer, rs.Notice, rs.UsageAnswer,
)
SECRET = "5b1f0c3e9d7a4b2c8e6f1a0d3c5b7e9f"

PROPS = settings(max_examples=200, deadline=None, derandomize=True, print_blob=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(PROPS, max_examples=60)  # examples that cost an HTTP round trip or a database query

# ---- strategies ----------------------------------------------------------------------------------

# Fragments that exercise the grammar's edges: options, quotes, URLs, durations, mentions, odd spaces.
FRAGMENTS = st.sampled_from([
    "since:", "since:7d", "since:0m", "since:9999w", "since:-1d", "limit:", "limit:0", "limit:25", "limit:26",
    "limit:99999999999999999999", "foo:bar", "ftp://x", "http://", "https://93.184.216.34/feed", "add", "remove",
    "list", "schedule", "off", "help", "now", '"', "'", '"daily 08:00 America/New_York"', "\\", "every 6h",
    "0 8 * * 1-5", "daily 25:99 Mars/Base", "\x00", "\u200b", "\u00a0", "\t", "\n", "Homan", "O'Rourke",
    "<!channel>", "@everyone", "🙂", "ß", "İ", "x" * 600,
])
COMMAND_NAMES = st.sampled_from([f"/{n}" for n in COMMANDS] + ["/WhoSaid", "/", "", "/unknown", "whosaid"])
WORDS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=8).map(" ".join)
COMMAND_TEXT = st.one_of(st.text(max_size=600), WORDS)

MENTIONS = st.sampled_from([
    "<!channel>", "<!here>", "<!everyone>", "<@U0123ABCD>", "<@W1>", "<#C0123|general>", "<!subteam^S1|team>",
    "@everyone", "@here", "<@123456789012345678>", "<@!123456789012345678>", "<@&123456789012345678>",
    "@123456789012345678", "@&123456789012345678", "@@everyone", "@\\everyone", "@*everyone*", "<", ">", "&",
    "&lt;", "&amp;lt;", "@", "!", "|", "*", "_", "`", "~", "\\", "[", "]", "(", ")",
])
HOSTILE_TEXT = st.one_of(st.text(max_size=300), st.lists(st.one_of(MENTIONS, st.text(max_size=6)), max_size=12).map("".join))

# Slack acts on <!…>, <@…> and <#…> in mrkdwn. Discord pings for @everyone, @here and <@id>, <@!id>, <@&id>
# where id is a snowflake: real ids have 17 or more digits (leading zeros only lengthen them), so a
# shorter number names nobody.
SLACK_LIVE = re.compile(r"<[!@#]")
DISCORD_LIVE = re.compile(r"@(everyone|here)|<@[!&]?\d{17,}>")


def _xml_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=40),
        st.sampled_from(["&amp;", "&lt;b&gt;", "&bogus;", "&#0;", "&#xFFFF;", "&#99999999;", "<![CDATA[<p>x</p>]]>",
                         "<b>bold</b>", "]]>", "<!-- c -->", "Tue, 10 Dec 2024 15:00:00 GMT", "2024-13-45T99:00Z",
                         "http://[::1", "javascript:alert(1)", "<script>x</script>"]),
    )


TAGS = st.sampled_from(["rss", "channel", "item", "title", "link", "guid", "description", "pubDate", "feed",
                        "entry", "id", "updated", "summary", "content", "content:encoded", "atom:link",
                        "rdf:RDF", "dc:date", "author", "name", "x"])
ATTRS = st.dictionaries(st.sampled_from(["href", "rel", "type", "version", "xmlns", "xml:base", "isPermaLink"]),
                        st.sampled_from(["", "2.0", "html", "alternate", "http://www.w3.org/2005/Atom", "/rel",
                                         "text/html", "false", "\"'"]), max_size=3)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(tag: str, attrs: dict[str, str], body: list[str], closed: bool) -> str:
        attr = "".join(f' {k}="{v}"' for k, v in attrs.items())
        return f"<{tag}{attr}>{''.join(body)}" + (f"</{tag}>" if closed else "")
    return st.builds(build, TAGS, ATTRS, st.lists(children, max_size=4), st.booleans())


XML_BODY = st.recursive(_xml_text(), _element, max_leaves=25)
PROLOGS = st.sampled_from([
    "", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="bogus"?>',
    '<?xml version="1.0" encoding="utf-16"?>', '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
    '"http://my.netscape.com/publish/formats/rss-0.91.dtd">', '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "\ufeff", "<<<",
])
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "latin-1", "utf-32"])
CONTENT_TYPES = st.sampled_from([None, "application/rss+xml", "application/atom+xml; charset=utf-8", "text/xml",
                                 "application/json", "application/feed+json; charset=utf-16", "text/html",
                                 "text/xml; charset=bogus-charset", "application/xml; charset=\"utf-8", ""])


@st.composite
def xml_bodies(draw: st.DrawFn) -> bytes:
    text = draw(PROLOGS) + draw(XML_BODY)
    try:
        return text.encode(draw(ENCODINGS))
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


@st.composite
def json_bodies(draw: st.DrawFn) -> bytes:
    leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
    items = st.lists(st.one_of(leaf, st.dictionaries(
        st.sampled_from(["id", "url", "external_url", "title", "content_text", "content_html", "summary",
                         "date_published", "date_modified", "authors", "author"]),
        st.one_of(leaf, st.lists(st.dictionaries(st.just("name"), leaf), max_size=2)), max_size=6)), max_size=4)
    doc = draw(st.fixed_dictionaries(
        {"version": st.sampled_from(["https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1", "x", 3])},
        optional={"items": st.one_of(items, leaf), "title": leaf, "feed_url": leaf, "author": leaf},
    ))
    return json.dumps(doc).encode()


@st.composite
def damaged_fixtures(draw: st.DrawFn) -> bytes:
    body = draw(st.sampled_from(FEED_FIXTURES)).read_bytes()
    cut = draw(st.integers(0, len(body)))
    body = bytearray(body[:cut])
    for _ in range(draw(st.integers(0, 3))):  # a few flipped bytes anywhere in what is left
        if body:
            body[draw(st.integers(0, len(body) - 1))] = draw(st.integers(0, 255))
    return bytes(body)


FEED_BODIES = st.one_of(st.binary(max_size=2000), xml_bodies(), json_bodies(), damaged_fixtures())

# ---- the parser and the service -----------------------------------------------------------------


@PROPS
@given(text=COMMAND_TEXT, command=st.one_of(st.none(), COMMAND_NAMES))
def test_parse_command_returns_a_request_or_a_usage_error(text: str, command: str | None) -> None:
    try:
        request = parse_command(text, command)
    except UsageError as e:
        assert str(e)  # the user is told something
        return
    assert type(request).__module__ == rq.__name__


@PROPS
@given(command=COMMAND_NAMES, text=COMMAND_TEXT)
def test_parse_command_joined_and_split_forms_agree(command: str, text: str) -> None:
    """``/cmd text`` and (``text``, ``/cmd``) parse alike: platforms send either form."""
    if not command.startswith("/") or " " in command or not text.strip() or text != text.strip():
        return
    try:
        joined = parse_command(f"{command} {text}")
    except UsageError:
        joined = None
    try:
        split = parse_command(text, command)
    except UsageError:
        split = None
    assert joined == split


@contextmanager
def offline_dns(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Name lookups answer from a table (or fail), never from the network; yields the names asked for."""
    asked: list[str] = []
    table = {"public.example": "93.184.216.34", "intranet.example": "10.0.0.7"}

    def getaddrinfo(host: str, port: Any, *args: Any, **kw: Any) -> list[Any]:
        asked.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], port or 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield asked


def test_service_always_answers_with_a_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings_ = make_settings(tmp_path)
    with asyncio.Runner() as runner, offline_dns(monkeypatch):
        store = runner.run(Store.open(settings_.database_url, migrate=True))
        try:
            article = runner.run(add(store, 1))
            runner.run(store.save_extraction(article, seed_extraction()))
            service = CommandService(store, settings_)

            @FEW
            @given(command=COMMAND_NAMES, text=COMMAND_TEXT, admin=st.booleans(),
                   channel=st.sampled_from([None, "C0CHAN", "123456789012345678"]))
            def check(command: str, text: str, admin: bool, channel: str | None) -> None:
                ctx = CommandContext("slack", channel_id=channel, user_id="U1", is_admin=admin)
                result = runner.run(service.handle(text, command or None, ctx))
                assert isinstance(result, RESULT_TYPES)
                try:
                    parse_command(text, command or None)
                except UsageError:
                    assert isinstance(result, rs.UsageAnswer) and result.message

            check()
            # the store is still usable after everything it was asked
            assert runner.run(service.handle("/whosaid Adams")).person is not None
        finally:
            runner.run(store.close())


def test_search_indexes_take_any_text(tmp_path: Path) -> None:
    """Whatever a user types reaches FTS5 as plain words: never as query syntax, never as an error."""
    with asyncio.Runner() as runner:
        store = runner.run(Store.open(make_settings(tmp_path).database_url, migrate=True))
        try:
            runner.run(store.save_extraction(runner.run(add(store, 1)), seed_extraction()))

            @FEW
            @given(text=st.one_of(COMMAND_TEXT, st.sampled_from(['"', "*", "NEAR(a b)", "a OR", "-", "^x", "'"])))
            def check(text: str) -> None:
                runner.run(store.news(text))
                runner.run(store.whosaid(text))
                runner.run(store.officials(text))
                runner.run(store.known_names(text))

            check()
        finally:
            runner.run(store.close())


@PROPS
@given(body=FEED_BODIES, content_type=CONTENT_TYPES)
@example(body=b"<>&#1114112;", content_type=None)  # feedparser's loose parser raised ValueError
@example(body=b'<?xml version="1.0" encoding="b"?><rss/>', content_type=None)  # expat raised LookupError
def test_parse_feed_returns_a_feed_or_a_feed_parse_error(body: bytes, content_type: str | None) -> None:
    try:
        parsed = parse_feed(body, feed_url="https://feeds.example/rss.xml", content_type=content_type)
    except FeedParseError as e:
        assert str(e)
        return
    assert isinstance(parsed, ParsedFeed)
    assert all(i.url or i.guid or i.title or i.summary or i.content for i in parsed.items)


def test_entity_declarations_are_refused_whatever_follows() -> None:
    """A concrete case the strategies above reach: an XML bomb prolog is refused, not expanded."""
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss>&b;</rss>'
    with pytest.raises(FeedParseError, match="entities"):
        parse_feed(bomb, feed_url="https://feeds.example/rss.xml")


# ---- escaping -----------------------------------------------------------------------------------


def _unescape_slack(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@PROPS
@given(text=HOSTILE_TEXT)
def test_slack_escape_leaves_no_markup_and_loses_nothing(text: str) -> None:
    out = mrkdwn.escape(text)
    assert "<" not in out and ">" not in out
    assert _unescape_slack(out) == text
    assert not SLACK_LIVE.search(mrkdwn.cut(out, 50))


@PROPS
@given(title=HOSTILE_TEXT, url=st.one_of(st.none(), st.text(max_size=40), st.just("https://news.example/a?b=<!channel>|x>")),
       limit=st.integers(5, 300))
def test_slack_link_has_one_link_and_no_mention(title: str, url: str | None, limit: int) -> None:
    out = mrkdwn.link(url, title, limit)
    assert not SLACK_LIVE.search(out)
    assert out.count("<") == out.count(">") <= 1


@PROPS
@given(text=HOSTILE_TEXT)
def test_discord_escape_leaves_no_live_mention(text: str) -> None:
    out = discord_escape.escape(text)
    assert not DISCORD_LIVE.search(out)
    assert not DISCORD_LIVE.search(discord_escape.clip(out, 60))
    assert not DISCORD_LIVE.search(discord_escape.link(text, "https://news.example/a"))


def _hostile_answers(text: str, other: str) -> list[rs.Result]:
    row = quote(text, speaker=other)
    return [
        rs.WhoSaidAnswer(other, person(other, text), [row, quote(other, "indirect", speaker=text, n=2)]),
        rs.Notice(f"Stopped watching “{text}”.", ok=False),
        rs.UsageAnswer(f"'{text}' is not a duration", "/whosaid NAME [since:7d] [limit:5]"),
    ]


@PROPS
@given(text=HOSTILE_TEXT, other=HOSTILE_TEXT)
def test_rendered_answers_carry_no_live_mention(text: str, other: str) -> None:
    for answer in _hostile_answers(text, other):
        for msg in slack_render(answer):
            payload = {"text": msg.text, "blocks": msg.blocks}
            assert live_mentions(payload) == [], payload
        for reply in discord_render(answer, "whosaid"):
            shown = [reply.content or "", *(t for e in reply.embeds for t in _discord_parsed_texts(e.to_dict()))]
            assert not any(DISCORD_LIVE.search(s) for s in shown), shown


def _discord_parsed_texts(embed: dict[str, Any]) -> list[str]:
    """The embed texts Discord renders mentions in; footers and author names are shown as plain text."""
    fields = embed.get("fields") or []
    return [embed.get("title") or "", embed.get("description") or "", *(f["name"] + f["value"] for f in fields)]


# ---- the Slack HTTP endpoint --------------------------------------------------------------------

FORM_VALUES = st.one_of(st.text(max_size=60), FRAGMENTS, st.sampled_from(["", "true", "false", "{}", "[]", "null"]))
FORM_KEYS = st.sampled_from(["token", "team_id", "channel_id", "user_id", "command", "text", "trigger_id",
                             "api_app_id", "payload", "ssl_check", "type", "challenge", "is_enterprise_install"])


@st.composite
def slack_forms(draw: st.DrawFn, response_url: str) -> str:
    """Form bodies a hostile or broken client might send: fields missing, doubled, garbled or nonsense.

    Any response_url points at the fake Slack, so nothing ever leaves 127.0.0.1.
    """
    kind = draw(st.sampled_from(["command", "fields", "payload", "raw"]))
    if kind == "command":
        return slash_command_body(draw(COMMAND_NAMES), draw(COMMAND_TEXT), response_url,
                                  user_id=draw(st.sampled_from(["U0USER", "", "U0ADMIN"])),
                                  channel_id=draw(st.sampled_from(["C0CHAN", "", "D01"])))
    if kind == "fields":
        fields = draw(st.lists(st.tuples(FORM_KEYS, FORM_VALUES), max_size=10))
        return urlencode([(k, response_url if k == "response_url" else v) for k, v in fields])
    if kind == "payload":
        action = st.fixed_dictionaries({}, optional={
            "action_id": st.one_of(st.text(max_size=20), st.sampled_from(["whosaid_pick:1", "whosaid_pick:"])),
            "value": st.one_of(st.text(max_size=30), st.none(), st.integers()),
            "type": st.sampled_from(["button", "static_select", ""]),
        })
        payload = draw(st.fixed_dictionaries({"type": st.sampled_from(["block_actions", "view_submission",
                                                                        "shortcut", "", "x"])}, optional={
            "user": st.one_of(st.fixed_dictionaries({"id": st.text(max_size=8)}), st.none(), st.text(max_size=5)),
            "channel": st.one_of(st.fixed_dictionaries({"id": st.text(max_size=8)}), st.none()),
            "team": st.one_of(st.fixed_dictionaries({"id": st.text(max_size=8)}), st.none()),
            "actions": st.one_of(st.lists(action, max_size=2), st.none(), st.text(max_size=5)),
            "response_url": st.just(response_url),
        }))
        raw = draw(st.sampled_from([json.dumps(payload), json.dumps(payload)[:-3], "not json", "[1,2]"]))
        return urlencode({"payload": raw})
    return draw(st.text(max_size=300))


def test_slack_endpoint_never_answers_5xx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings_ = make_settings(tmp_path, slack={"admins": ["U0ADMIN"]}, SLACK_BOT_TOKEN="xoxb-prop-test",
                              SLACK_SIGNING_SECRET=SECRET)

    async def start() -> tuple[FakeSlack, Store, TestServer, aiohttp.ClientSession]:
        fake = await FakeSlack().__aenter__()
        s = settings_.model_copy(update={"slack": settings_.slack.model_copy(update={"api_url": fake.api_url})})
        store = await Store.open(s.database_url, migrate=True)
        service = CommandService(store, s)
        server = TestServer(make_web_app(s, service, build_app(s, service)), host="127.0.0.1")
        await server.start_server()
        return fake, store, server, aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))

    with asyncio.Runner() as runner, offline_dns(monkeypatch):
        fake, store, server, http = runner.run(start())
        url = server.make_url("/slack/events")
        statuses: set[int] = set()

        async def post(body: str, signed: bool) -> int:
            headers = sign(SECRET, body) if signed else {"Content-Type": "application/x-www-form-urlencoded"}
            async with http.post(url, data=body.encode("utf-8", "surrogatepass"), headers=headers) as resp:
                await resp.read()
                return resp.status

        try:
            @FEW
            @given(body=slack_forms(fake.response_url()), signed=st.booleans())
            @example(body=urlencode({"payload": '{"type": "block_act'}), signed=True)  # bolt raised JSONDecodeError
            @example(body=urlencode({"payload": "[1, 2]"}), signed=False)  # bolt raised AttributeError
            def check(body: str, signed: bool) -> None:
                status = runner.run(post(body, signed))
                statuses.add(status)
                assert status < 500, body
                if not signed:
                    assert status in (400, 401)  # 400: a body bolt cannot even parse

            check()
            assert 200 in statuses and 401 in statuses  # both the happy and the refused path were exercised
            runner.run(asyncio.sleep(0.2))  # let acknowledged work reach response_url before closing
        finally:
            runner.run(http.close())
            runner.run(server.close())
            runner.run(store.close())
            runner.run(fake.__aexit__(None, None, None))
    assert [c.problems for c in fake.calls if c.problems] == []


def test_known_hostile_command_texts() -> None:
    """Regression examples: each is refused with its usage line, not an exception."""
    for text, command in [("since:7d", "/whosaid"), ("Homan limit:0", "/whosaid"), ('"', "/news"),
                          ("add ftp://x", "/feeds"), ("x" * 501, "/news"), ("help nope", "/newsbot")]:
        with pytest.raises(UsageError) as e:
            parse_command(text, command)
        assert e.value.usage == COMMANDS[command.lstrip("/")].usage
    assert parse_command("Homan since:7d limit:3", "/whosaid") == rq.WhoSaid("Homan", timedelta(days=7), 3)
