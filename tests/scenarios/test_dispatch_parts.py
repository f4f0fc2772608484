"""Digests that take several messages, through the real slack-sdk and discord.py against the fakes: a worker
killed between two messages, or a platform refusing one, loses no story and posts none twice."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.publishing.poster_loop import DIGEST_LEASE, INTENT_GRACE, Dispatcher
from bot.publishing.publisher import Publisher
from bot.storage.repo import Store
from config.settings import Settings
from handlers.discord.publisher import DiscordPublisher
from handlers.slack.client import web_client
from handlers.slack.poster import Poster as SlackPoster
from handlers.slack.publisher import SlackPublisher
from tests import storage_fixtures
from tests.fakes.command_service import CannedService
from tests.fakes.discord_api import CHANNEL_ID, limit_problems, running_bot
from tests.fakes.dispatch import Clock, HistoryDiscord, HistorySlack, article, settings
from tests.fakes.hold import Hold

# Stories a digest splits over three messages: Slack fits 16 items in its first message (50 blocks), 17 in
# the next; Discord 9 after the header embed, then 10 (10 embeds a message).
STORIES = {"slack": 39, "discord": 25}
LATER = max(INTENT_GRACE, DIGEST_LEASE) + timedelta(minutes=1)  # a restart's intents are settled, the lease free


def title(n: int) -> str:
    # words of their own, so no two stories merge; fixed width, so no title is part of another
    return f"Kvel{n:03d} Morrow{n:03d} tribunal Quist{n:03d} visa Drell{n:03d}"


@dataclass
class Platform:
    """One chat platform behind its fake: the real publisher, and what the channel shows."""

    name: str
    channel: str
    publisher: Publisher
    fake: Any

    def hold_second_message(self) -> Hold:
        if self.name == "slack":
            return self.fake.hold("chat.postMessage", after=1)
        return self.fake.hold("POST", "/messages", after=1)

    def refuse_second_message(self) -> None:
        if self.name == "slack":
            self.fake.refuse("chat.postMessage", "message_limit_exceeded", after=1)
        else:
            self.fake.fail("POST", "/messages", 400, after=1, times=1)

    def messages(self) -> list[str]:
        """The text of every message the channel shows, oldest first (refused and dropped ones are not)."""
        if self.name == "slack":
            calls = [c for c in self.fake.calls_to("chat.postMessage") if not c.problems]
            return [json.dumps(c.params.get("blocks"), ensure_ascii=False) for c in calls]
        bodies = self.fake.messages[CHANNEL_ID]
        assert all(limit_problems(b) == [] for b in bodies)
        return [json.dumps(b, ensure_ascii=False) for b in bodies]

    def times_shown(self, n: int) -> dict[int, int]:
        """How many messages show each of the first ``n`` stories."""
        shown = self.messages()
        return {i: sum(title(i) in m for m in shown) for i in range(n)}


@asynccontextmanager
async def platform(name: str) -> AsyncIterator[Platform]:
    if name == "slack":
        async with HistorySlack() as slack:
            client_settings = Settings(slack={"api_url": slack.api_url}, SLACK_BOT_TOKEN="xoxb-test-token")
            yield Platform(name, "C1", SlackPublisher(SlackPoster(web_client(client_settings), min_interval=0)), slack)
        return
    async with HistoryDiscord() as discord, running_bot(discord, CannedService()) as client:
        await discord.wait_for(client.is_ready, timeout=15)
        yield Platform(name, str(CHANNEL_ID), DiscordPublisher(client.poster), discord)


store = storage_fixtures.sqlite_store


async def many_stories(store: Store, n: int, at: datetime) -> None:
    for i in range(n):
        await article(
            store,
            title(i),
            f"Outlet {i}",
            at - timedelta(minutes=30 + i),
            summary=f"{title(i)} was decided on {i + 1} December.",
        )


def digest_settings(n: int) -> Settings:
    return settings(size=n + 5)


async def assert_every_story_once(st: Store, p: Platform, n: int) -> None:
    counts = p.times_shown(n)
    assert Counter(counts.values()) == Counter({1: n}), {i: c for i, c in counts.items() if c != 1}
    posts = await st.posts(1)
    assert len(posts) == n and all(q.state == "sent" for q in posts)


@pytest.mark.parametrize("name", ["slack", "discord"])
async def test_a_worker_killed_between_parts_loses_no_story(store: Store, name: str) -> None:
    n = STORIES[name]
    clock = Clock(datetime.now(UTC).replace(microsecond=0))  # the platforms date their history by the real clock
    await many_stories(store, n, clock.now)
    async with platform(name) as p:
        await store.ensure_channel(name, p.channel)
        held = p.hold_second_message()
        worker = asyncio.create_task(
            Dispatcher(store, digest_settings(n), {name: p.publisher}, clock=clock, charts=False).run_once()
        )
        await asyncio.wait_for(held.arrived.wait(), 30)
        worker.cancel()  # the worker dies with the first message out and the second not yet taken
        with suppress(asyncio.CancelledError):
            await worker
        held.drop()
        first = p.messages()
        assert len(first) == 1
        assert 0 < sum(title(i) in first[0] for i in range(n)) < n

        clock.advance(seconds=LATER.total_seconds())  # a restart
        restarted = Dispatcher(store, digest_settings(n), {name: p.publisher}, clock=clock, charts=False)
        stats = await restarted.run_once()
        assert stats.reconciled + stats.released == n and stats.released > 0
        assert stats.digests == 1 and stats.failures == 0
        await assert_every_story_once(store, p, n)

        clock.advance(hours=7)  # the next digest has nothing new, and repeats nothing
        await restarted.run_once()
        assert "Nothing new" in p.messages()[-1]
        await assert_every_story_once(store, p, n)


@pytest.mark.parametrize("name", ["slack", "discord"])
async def test_a_refused_second_part_is_posted_next_round_and_nothing_twice(store: Store, name: str) -> None:
    n = STORIES[name]
    clock = Clock(datetime.now(UTC).replace(microsecond=0))
    await many_stories(store, n, clock.now)
    async with platform(name) as p:
        await store.ensure_channel(name, p.channel)
        p.refuse_second_message()
        d = Dispatcher(store, digest_settings(n), {name: p.publisher}, clock=clock, charts=False)
        stats = await d.run_once()
        assert len(p.messages()) == 1 and 0 < stats.stories < n and stats.digests == 0
        assert len(await store.posts(1)) == stats.stories  # only what was shown is recorded; the rest released

        clock.advance(seconds=LATER.total_seconds())  # the next round, once the channel has rested
        stats = await d.run_once()
        assert stats.digests == 1
        await assert_every_story_once(store, p, n)

        clock.advance(hours=7)
        await d.run_once()
        assert "Nothing new" in p.messages()[-1]
        await assert_every_story_once(store, p, n)
