"""Every platform renders every kind of command result: one example of each ``Result`` type through the Slack,
Discord, terminal and Markdown renderers (whose ``match`` ends in ``assert_never``, so a type without a case
fails the type check; this test fails at run time too)."""

from __future__ import annotations

import io
import typing

import pytest
from rich.console import Console

from bot.commands import results as rs
from bot.commands.parse import COMMANDS
from bot.storage.rows import ArticleRow, FeedRow, FigureRow, FilterRow, OfficialRow
from handlers.discord.render import render as discord_render
from handlers.slack.render import render as slack_render
from handlers.terminal import markdown
from handlers.terminal.render import render as terminal_render
from tests.fakes.command_service import WHEN, digest, digest_item, match, person, quote

OFFICIAL = OfficialRow(person_id=1, name="Lena Park", title="mayor of Harbor City", mentions=3, last_seen=WHEN)
FIGURE = FigureRow(
    text="1,200",
    value=1200.0,
    unit=None,
    counts="people in shelters",
    qualifier=None,
    sentence="The city housed 1,200 people in shelters.",
    article_id=1,
    article_title="Shelters",
    url="https://news.example/1",
    source="Example News",
    published=WHEN,
)
ARTICLE = ArticleRow(
    id=1,
    feed_id=1,
    title="Shelters fill up",
    url="https://news.example/1",
    source="Example News",
    published=WHEN,
    summary="Harbor City opened two shelters.",
    relevance=0.9,
    relevant=True,
    announce=True,
)
FEED = FeedRow(
    id=7,
    url="https://feeds.example/a.xml",
    name="Example",
    title=None,
    etag=None,
    last_modified=None,
    interval=None,
    next_poll_at=None,
    failures=2,
    last_error="timed out",
    last_error_kind="timeout",
    last_success_at=None,
    last_polled_at=None,
    enabled=True,
    created_at=WHEN,
)

EXAMPLES: list[rs.Result] = [
    rs.WhoSaidAnswer("Park", person("Lena Park", "mayor"), [quote("We will act."), quote("it would wait", "indirect")]),
    rs.WhoSaidAnswer("Park", None, candidates=[match("Lena Park", "mayor", 1), match("Owen Park", None, 2)]),
    rs.OfficialsAnswer("mayor", [OFFICIAL]),
    rs.FiguresAnswer(None, [FIGURE]),
    rs.NewsAnswer("shelters", [ARTICLE]),
    rs.DigestAnswer(digest([digest_item(1)])),
    rs.FeedsAnswer([FEED]),
    rs.FeedsAnswer([FEED], channel=True),
    rs.FeedPreview(FEED, 12, 3, digest_item(1), "Subscribed this channel to feed 7: Example."),
    rs.FeedPreview(FEED, 0, 0, None, "Subscribed this channel to feed 7: Example."),
    rs.FiltersAnswer([FilterRow(1, 1, "exclude", "sports")]),
    rs.FiltersAnswer([]),
    rs.FileAnswer("newsbot-feeds.opml", b"<opml version='2.0'/>\n", "1 feeds, as OPML."),
    rs.HelpAnswer(list(COMMANDS.values())),
    rs.Notice("Watching “asylum” in this channel."),
    rs.UsageAnswer("say what to look for", COMMANDS["news"].usage),
]


def terminal_text(result: rs.Result) -> str:
    buf = io.StringIO()
    Console(file=buf, width=100, color_system=None).print(terminal_render(result))
    return buf.getvalue()


def test_the_examples_cover_every_result_type() -> None:
    assert {type(r) for r in EXAMPLES} == set(typing.get_args(rs.Result))


@pytest.mark.parametrize("result", EXAMPLES, ids=lambda r: type(r).__name__)
def test_every_renderer_renders_every_result(result: rs.Result) -> None:
    slack = slack_render(result)
    discord = discord_render(result)
    assert slack and all(m.text and m.blocks for m in slack)
    assert discord and all(r.content or r.embeds for r in discord)
    assert terminal_text(result).strip()
    assert markdown.render(result).strip()


def test_markdown_answers_escape_outside_text() -> None:
    hostile = rs.NewsAnswer(
        "*x*",
        [
            ArticleRow(
                id=2,
                feed_id=None,
                title="[click](https://evil.example)",
                url=None,
                source="# Outlet",
                published=WHEN,
                summary="",
                relevance=None,
                relevant=None,
                announce=False,
            )
        ],
    )
    md = markdown.render(hostile)
    assert "](https://evil.example)" not in md and "\\[click\\]" in md and "\\# Outlet" in md
    assert "\\*x\\*" in md
