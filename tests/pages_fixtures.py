"""A record to browse: one fictional official quoted across outlets and weeks, stories, figures, and one
article whose title and quote are hostile markup. Shared by the page tests, the browser tests and the tests of
the links answers carry (``linked_settings``, ``links_in``, ``assert_link_opens``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.commands.service import CommandService
from bot.models import Extraction, FeedItem, Figure, Official, Quote
from bot.storage.repo import Store
from bot.web_links import SIGNATURE
from config.settings import Settings
from handlers.web import make_web_app

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
OUTLETS = ("Harbor Gazette", "Tidewater Times", "Coastline Daily")
HOSTILE = '<script>alert("owned")</script><img src=x onerror=alert(1)>'
ARTICLES = 36  # more than one page of statements (25)
WORD = "lighthouse"  # in every third article's text


@dataclass(frozen=True, slots=True)
class Seeded:
    person_id: int
    story_key: str
    statements: int
    with_word: int  # statements in articles containing WORD


def _extraction(n: int) -> Extraction:
    title = "Port Authority chair" if n < ARTICLES // 2 else "Harbor Commissioner"  # n = 0 is the newest
    quotes = [
        Quote(
            f"The ferry schedule number {n} will hold through the winter.",
            "Ada Quill",
            "direct",
            cue="said",
            paragraph=1,
        )
    ]
    if n % 2 == 0:
        quotes.append(
            Quote(f"the dredging plan {n} needed another review", "Quill", "indirect", cue="argued", paragraph=3)
        )
    if n == 0:
        quotes.append(Quote(HOSTILE, "Ada Quill", "direct", cue="said", paragraph=5))
    return Extraction(
        relevant=True,
        relevance=0.9,
        summary=f"Ferry report {n}.",
        officials=[Official("Ada Quill", title, aliases=["Quill"]), Official("Bram Osei", "Harbor pilot chief")],
        quotes=quotes,
        figures=[
            Figure(
                f"{100 + n}",
                100 + n,
                "ferry crossings cancelled",
                unit="crossings",
                sentence=f"Some {100 + n} ferry crossings were cancelled.",
            )
        ],
    )


async def seed_record(store: Store) -> Seeded:
    """ARTICLES articles a day apart (newest = NOW), extracted; the first three grouped as one story."""
    ids = []
    for n in range(ARTICLES):
        published = NOW - timedelta(days=n)
        text = f"Ferry report {n}. " + (f"The old {WORD} keeper spoke. " if n % 3 == 0 else "") + "Boats ran late."
        title = HOSTILE if n == 0 else f"Ferry timetable update {n}"
        item = FeedItem(
            feed_url="https://harbor.example/feed",
            guid=f"g-{n}",
            url=f"https://harbor.example/a/{n}",
            title=title,
            summary="",
            published=published,
            source=OUTLETS[n % len(OUTLETS)],
        )
        article_id = await store.add_article(
            item, feed_id=None, text=text, canonical_url=item.url, content_hash=f"h-{n}", announce=True, now=published
        )
        assert article_id is not None
        await store.save_extraction(article_id, _extraction(n), now=published)
        ids.append(article_id)
    story = await store.save_story(f"a{ids[0]}", "Ferry timetable changes across the harbor", ids[:3], now=NOW)
    found = await store.whosaid("Ada Quill", limit=1)
    assert found.person is not None
    statements = ARTICLES + ARTICLES // 2 + 1
    with_word = sum(1 + (n % 2 == 0) + (n == 0) for n in range(ARTICLES) if n % 3 == 0)
    return Seeded(found.person.id, story.key, statements, with_word)


# --- links in answers ----------------------------------------------------------------------------------

LINK_SECRET = "answer-link-secret"
PAGES_BASE = "http://pages.test"  # web.base_url of the answers; the web app under test serves the paths


def linked_settings(database: Path, **extra: Any) -> Settings:
    """Settings under which answers link to the pages at PAGES_BASE, signed with LINK_SECRET (``web`` in
    ``extra`` changes or adds web settings)."""
    web = {"base_url": PAGES_BASE, **extra.pop("web", {})}
    return Settings(database_url=f"sqlite+aiosqlite:///{database}", web_secret=SecretStr(LINK_SECRET), web=web,
                    **extra)


def links_in(text: str, label: str) -> list[str]:
    """The target of every link labelled ``label`` in ``text``: Slack's ``<url|label>`` and Discord's or
    Markdown's ``[label](url)`` (Slack's &amp; read back as &)."""
    slack = re.findall(r"<(https?://[^|>]+)\|" + re.escape(label), text)
    masked = re.findall(r"\[" + re.escape(label) + r"\]\(<?(https?://[^)>]+)>?\)", text)
    return [u.replace("&amp;", "&") for u in slack + masked]


def tampered(url: str) -> str:
    """``url`` with one character of its signature changed."""
    head, sig = url.split(f"{SIGNATURE}=", 1)
    return f"{head}{SIGNATURE}={'B' if sig[0] != 'B' else 'C'}{sig[1:]}"


async def assert_link_opens(url: str, settings: Settings, store: Store, shows: str) -> None:
    """On the web process's app over ``store``: the link (to PAGES_BASE) opens its page, 200 and showing
    ``shows``; the same link with its signature changed, or without it, gets the 403 page."""
    assert url.startswith(PAGES_BASE + "/"), url
    parts = urlsplit(url)
    path = f"{parts.path}?{parts.query}"
    client = TestClient(TestServer(make_web_app(settings, CommandService(store, settings))))
    await client.start_server()
    try:
        resp = await client.get(path)
        assert resp.status == 200, (url, await resp.text())
        assert shows in await resp.text()
        for bad in (tampered(path), parts.path):
            refused = await client.get(bad)
            assert refused.status == 403, bad
            assert shows not in await refused.text()
    finally:
        await client.close()
