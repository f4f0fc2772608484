"""/figures and /news answers link to their pages in every renderer (Slack, Discord, terminal, Markdown), and
only when the pages have an address and can be opened: otherwise no link and no error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import SecretStr
from rich.console import Console

from bot.commands import results as rs
from bot.commands.service import CommandService
from bot.storage.repo import Store
from bot.web_links import STORY_LINK_TEXT
from config.settings import Settings
from handlers.discord.render import render as discord_render
from handlers.slack.render import render as slack_render
from handlers.terminal.markdown import render as markdown_render
from handlers.terminal.render import render as terminal_render
from tests import storage_fixtures
from tests.pages_fixtures import ARTICLES, PAGES_BASE, Seeded, assert_link_opens, linked_settings, links_in, seed_record

store = storage_fixtures.sqlite_store


@pytest.fixture
async def seeded(store: Store) -> Seeded:
    return await seed_record(store)


def terminal_text(result: rs.Result) -> str:
    console = Console(width=1000, record=True)
    console.print(terminal_render(result))
    return console.export_text()


def every_rendering(result: rs.Result) -> dict[str, str]:
    return {
        "slack": json.dumps([m.blocks for m in slack_render(result)], ensure_ascii=False),
        "discord": json.dumps([e.to_dict() for r in discord_render(result) for e in r.embeds], ensure_ascii=False),
        "markdown": markdown_render(result),
        "terminal": terminal_text(result),
    }


async def test_a_figures_answer_links_to_the_figures_page_of_its_words(
    sqlite_path: Path, store: Store, seeded: Seeded
) -> None:
    settings = linked_settings(sqlite_path)
    answer = await CommandService(store, settings).handle("ferry", "figures")
    assert isinstance(answer, rs.FiguresAnswer) and answer.figures and answer.page_url
    assert answer.page_url.startswith(f"{PAGES_BASE}/figures?q=ferry&")
    label = "All figures for “ferry”: table and chart →"
    shown = every_rendering(answer)
    for platform in ("slack", "discord", "markdown"):
        assert links_in(shown[platform], label) == [answer.page_url], platform
    assert f"{label} {answer.page_url}" in shown["terminal"]
    await assert_link_opens(answer.page_url, settings, store, f"{ARTICLES} figures")


async def test_news_links_show_in_the_terminal_and_markdown(sqlite_path: Path, store: Store, seeded: Seeded) -> None:
    answer = await CommandService(store, linked_settings(sqlite_path)).handle("ferry limit:5", "news")
    assert isinstance(answer, rs.NewsAnswer) and len(answer.story_pages) == 3
    [url] = set(answer.story_pages.values())
    assert links_in(markdown_render(answer), STORY_LINK_TEXT) == [url] * 3
    assert terminal_text(answer).count(f"{STORY_LINK_TEXT} {url}") == 3


@pytest.mark.parametrize(
    "web,secret",
    [
        ({}, "a-secret"),  # no address for the pages
        ({"base_url": PAGES_BASE}, None),  # an address, but no secret to sign with and unsigned access off
    ],
)
async def test_no_link_and_no_error_when_pages_cannot_be_linked(
    sqlite_path: Path, store: Store, seeded: Seeded, web: dict[str, str], secret: str | None
) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{sqlite_path}",
        web_secret=SecretStr(secret) if secret else None,
        web=web,
    )
    service = CommandService(store, settings)
    figures = await service.handle("ferry", "figures")
    news = await service.handle("ferry", "news")
    assert isinstance(figures, rs.FiguresAnswer) and figures.figures and figures.page_url is None
    assert isinstance(news, rs.NewsAnswer) and news.articles and news.story_pages == {}
    for result in (figures, news):
        for platform, shown in every_rendering(result).items():
            assert "/stories/" not in shown and "table and chart" not in shown, platform


async def test_unsigned_access_links_without_a_signature(sqlite_path: Path, store: Store, seeded: Seeded) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{sqlite_path}",
        web={"base_url": PAGES_BASE, "allow_unsigned": True},
    )
    answer = await CommandService(store, settings).handle("ferry", "figures")
    assert isinstance(answer, rs.FiguresAnswer) and answer.page_url == f"{PAGES_BASE}/figures?q=ferry"
