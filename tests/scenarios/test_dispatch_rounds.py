"""The poster keeps its stories across rounds (#15): a round groups only the reports new since the last, gives
the stories a fresh batch grouping gives, and a poster killed between rounds starts again with the same
story keys and posts nothing twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from bot.publishing.frames import EventFrame, Framer
from bot.publishing.poster_loop import LOOKBACK, Dispatcher
from bot.publishing.stories import Story, group
from bot.storage.repo import Store
from bot.storage.rows import ArticleRow
from tests import storage_fixtures
from tests.fakes.dispatch import (
    NOW,
    Clock,
    FakePublisher,
    article,
    channel,
    court_story,
    settings,
    shelter_praise,
    shelter_story,
)


class CountingFramer(Framer):
    """The poster's framer, counting the reports the grouping asks it to frame."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def frames(self, articles: Sequence[Any]) -> list[EventFrame]:
        self.asked += len(articles)
        return super().frames(articles)


store = storage_fixtures.sqlite_store


async def visas(store: Store, when: Any) -> int:
    return await article(store, "Visa wait times reach 260 days for skilled workers", "Capitol Wire", when,
                         summary="Wait times for skilled-worker visas reached 260 days, the State Department said.")


async def window(store: Store, d: Dispatcher) -> tuple[list[ArticleRow], dict[int, str]]:
    articles = await store.articles_since(d.clock() - LOOKBACK, relevant_only=False, announced_only=False)
    return articles, await store.story_keys([a.id for a in articles])


def shape(stories: Sequence[Story[ArticleRow]]) -> set[tuple[str, frozenset[int]]]:
    return {(s.key, frozenset(s.article_ids)) for s in stories}


async def test_a_round_groups_only_the_new_reports_and_matches_a_fresh_batch(store: Store) -> None:
    clock = Clock(NOW)
    await shelter_story(store, NOW)
    await court_story(store, NOW)
    await channel(store)
    d = Dispatcher(store, settings(), {"slack": FakePublisher()}, clock=clock, charts=False)  # type: ignore[dict-item]
    d.framer = framer = CountingFramer()
    await d.run_once()
    assert d.stories.placed == 3 and framer.asked == 3

    clock.advance(hours=1)
    await shelter_praise(store, clock.now - timedelta(minutes=10))
    await visas(store, clock.now - timedelta(minutes=5))
    await d.run_once()
    assert d.stories.placed == 5 and framer.asked == 5  # the two new reports, nothing grouped again

    await d.run_once()  # a round with nothing new
    assert d.stories.placed == 5 and framer.asked == 5

    articles, known = await window(store, d)
    kept = d.stories.update(articles, known)
    fresh = group(articles, known, Framer())
    assert shape(kept) == shape(fresh)
    assert len(kept) == 3 and max(len(s.articles) for s in kept) == 3  # the shelter vote: three outlets


async def test_a_poster_killed_between_rounds_keeps_its_story_keys_and_posts_nothing_twice(store: Store) -> None:
    clock = Clock(NOW)
    await shelter_story(store, NOW)
    await court_story(store, NOW)
    await channel(store)
    pub = FakePublisher()
    first = Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False)  # type: ignore[dict-item]
    assert (await first.run_once()).stories == 2

    clock.advance(hours=1)
    await shelter_praise(store, clock.now - timedelta(minutes=10))
    assert (await first.run_once()).updates == 1  # the third outlet, in the shelter story's thread
    articles, known = await window(store, first)
    before = {a.id: s.key for s in first.stories.update(articles, known) for a in s.articles}
    sent = len(pub.messages)

    del first  # killed between two rounds; a report comes in while it is down
    clock.advance(hours=1)
    late = await visas(store, clock.now - timedelta(minutes=20))
    again = Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False)  # type: ignore[dict-item]
    stats = await again.run_once()
    assert stats.updates == 0 and stats.digests == 0 and len(pub.messages) == sent
    assert again.stories.placed == len(articles) + 1  # a new process groups its whole window once
    articles, known = await window(store, again)
    after = {a.id: s.key for s in again.stories.update(articles, known) for a in s.articles}
    assert {k: after[k] for k in before} == before  # every report keeps its story key

    clock.advance(hours=6)  # the next digest: only the story that is new
    await again.run_once()
    digest = pub.digests()[-1].digest
    assert digest is not None and [i.article_ids for i in digest.items] == [[late]]
    keys = [k for m in pub.messages for k in m.keys]
    assert len(keys) == len(set(keys))
