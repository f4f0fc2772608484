"""Answers in Discord link to their record pages: a /news interaction answered by the real discord.py client
against the fake Discord, and a scheduled digest posted through the production publisher, carry
"Full story →" links that open the story's page on the web app; the same link tampered with gets 403."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from bot.commands.service import CommandService
from bot.publishing.poster_loop import Dispatcher
from bot.storage.repo import Store
from bot.web_links import STORY_LINK_TEXT
from config.settings import DigestSettings
from handlers.discord.publisher import DiscordPublisher
from tests import storage_fixtures
from tests.fakes.discord_api import CHANNEL_ID, FakeDiscord, embed_text, limit_problems, option, running_bot
from tests.pages_fixtures import NOW, assert_link_opens, linked_settings, links_in, seed_record

HEADLINE = "Ferry timetable changes across the harbor"  # the seeded story's headline, on its page
# The dispatcher runs at the record's time (March 2026) by its clock; its links expire counting from then.
LONG_LINKS = {"link_days": 3650}


store = storage_fixtures.sqlite_store


async def test_a_news_answer_links_each_stored_story_to_its_page(sqlite_path: Path, store: Store) -> None:
    seeded = await seed_record(store)
    settings = linked_settings(sqlite_path)
    async with FakeDiscord() as fake, running_bot(fake, CommandService(store, settings)):
        i = await fake.interact("news", [option("query", "ferry"), option("limit", 10)])
        body = await fake.wait_for(lambda: fake.callback_for(i) or (fake.followups_for(i) or [None])[0])
    data = body.get("data", body)
    assert limit_problems(data) == []
    shown = "\n".join(embed_text(e) for e in data["embeds"])
    links = links_in(shown, STORY_LINK_TEXT)
    assert len(links) == 3 and len(set(links)) == 1  # the three reports of the stored story; the rest have none
    assert f"/stories/{seeded.story_key}?" in links[0]
    await assert_link_opens(links[0], settings, store, HEADLINE)


async def test_a_posted_digest_links_each_story_to_its_page(sqlite_path: Path, store: Store) -> None:
    await seed_record(store)
    settings = linked_settings(sqlite_path, digest=DigestSettings(schedule="every 6h", since="24h"),
                               web=LONG_LINKS)
    await store.ensure_channel("discord", str(CHANNEL_ID))
    async with FakeDiscord() as fake, running_bot(fake, CommandService(store, settings)) as client:
        await fake.wait_for(client.is_ready, timeout=15)
        publisher = DiscordPublisher(client.poster)
        stats = await Dispatcher(store, settings, {"discord": publisher}, clock=lambda: NOW + timedelta(hours=1),
                                 charts=False).run_once()
        posted = list(fake.messages[CHANNEL_ID])
    assert stats.digests == 1 and stats.stories >= 1 and stats.failures == 0
    assert all(limit_problems(b) == [] for b in posted)
    links = links_in(json.dumps(posted, ensure_ascii=False), STORY_LINK_TEXT)
    assert len(links) == stats.stories  # every story of the digest, once
    for url in links:
        await assert_link_opens(url, settings, store, "Reports (")
