"""Answers in Slack link to their record pages: a /news answer asked through the Slack endpoint and a
scheduled digest posted through the real slack-sdk client to the fake Web API carry "Full story →" links
that open the story's page on the web app; the same link tampered with gets 403."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands.service import CommandService
from bot.publishing.poster_loop import Dispatcher, RoundStats
from bot.storage.repo import Store
from bot.web_links import STORY_LINK_TEXT
from config.settings import DigestSettings, Settings
from handlers.slack.client import web_client
from handlers.slack.poster import Poster
from handlers.slack.publisher import SlackPublisher
from handlers.web import make_web_app
from tests import storage_fixtures
from tests.fakes.slack_api import FakeSlack, sign, slash_command_body
from tests.pages_fixtures import NOW, Seeded, assert_link_opens, linked_settings, links_in, seed_record

SLACK_SECRET = "links-test-slack-secret"
HEADLINE = "Ferry timetable changes across the harbor"  # the seeded story's headline, on its page
# The record is dated around NOW (March 2026) and the dispatcher runs at that time by its clock; its links
# expire counting from then, so they are made to last until the pages are opened now.
LONG_LINKS = {"link_days": 3650}


store = storage_fixtures.sqlite_store


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as f:
        yield f


async def test_a_news_answer_links_each_stored_story_to_its_page(
    sqlite_path: Path, store: Store, fake: FakeSlack
) -> None:
    seeded: Seeded = await seed_record(store)
    settings = linked_settings(sqlite_path, slack={"api_url": fake.api_url},
                               SLACK_BOT_TOKEN="xoxb-links", SLACK_SIGNING_SECRET=SLACK_SECRET)
    client = TestClient(TestServer(make_web_app(settings, CommandService(store, settings))))
    await client.start_server()
    try:
        body = slash_command_body("/news", "ferry limit:10", fake.response_url())
        resp = await client.post("/slack/events", data=body, headers=sign(SLACK_SECRET, body))
        assert resp.status == 200
        blocks = (await resp.json())["blocks"]
    finally:
        await client.close()
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"][1:]  # after the heading
    assert len(sections) == 10
    linked = [links_in(s, STORY_LINK_TEXT) for s in sections]
    # the three newest reports make up the stored story; the others belong to no stored story: no link
    assert [len(x) for x in linked] == [1, 1, 1] + [0] * 7
    assert len({x[0] for x in linked[:3]}) == 1 and f"/stories/{seeded.story_key}?" in linked[0][0]
    await assert_link_opens(linked[0][0], settings, store, HEADLINE)


async def post_seeded_digest(
    sqlite_path: Path, store: Store, fake: FakeSlack, web: dict[str, Any]
) -> tuple[Settings, RoundStats, str]:
    """The seeded record's digest posted to a Slack channel through the fake (``web``: the page settings):
    the settings, the dispatcher's counts and the posted blocks as JSON."""
    await seed_record(store)
    settings = linked_settings(sqlite_path, digest=DigestSettings(schedule="every 6h", since="24h"), web=web)
    await store.ensure_channel("slack", "C1")
    client_settings = linked_settings(sqlite_path, slack={"api_url": fake.api_url},
                                      SLACK_BOT_TOKEN="xoxb-links")
    publisher = SlackPublisher(Poster(web_client(client_settings), min_interval=0))
    stats = await Dispatcher(store, settings, {"slack": publisher}, clock=lambda: NOW + timedelta(hours=1),
                             charts=False).run_once()
    assert stats.digests == 1 and stats.stories >= 1 and stats.failures == 0
    posted = json.dumps([c.params.get("blocks") for c in fake.calls_to("chat.postMessage")], ensure_ascii=False)
    return settings, stats, posted


async def test_a_posted_digest_links_each_story_to_its_page(sqlite_path: Path, store: Store, fake: FakeSlack) -> None:
    settings, stats, posted = await post_seeded_digest(sqlite_path, store, fake, LONG_LINKS)
    links = links_in(posted, STORY_LINK_TEXT)
    assert len(links) == stats.stories  # every story of the digest, once
    for url in links:
        await assert_link_opens(url, settings, store, "Reports (")


async def test_no_link_without_the_web_address(sqlite_path: Path, store: Store, fake: FakeSlack) -> None:
    _, _, posted = await post_seeded_digest(sqlite_path, store, fake, {"base_url": None})
    assert STORY_LINK_TEXT not in posted and "/stories/" not in posted
