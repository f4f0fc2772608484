"""The poster loop links what it posts to the story's record page: a watch alert and a thread update carry the
link of the story they belong to (an update's own key is not a page), and nothing is linked when the pages have
no address."""

from __future__ import annotations

from datetime import timedelta

from pydantic import SecretStr

from bot.publishing.poster_loop import Dispatcher
from bot.storage.repo import Store
from bot.web_links import story_path
from config.settings import DigestSettings, Settings
from tests import storage_fixtures
from tests.fakes.dispatch import NOW, Clock, FakePublisher, channel, shelter_praise, shelter_story

BASE = "http://pages.test"


def linked(base_url: str | None = BASE) -> Settings:
    return Settings(digest=DigestSettings(schedule="every 6h", since="24h"), web={"base_url": base_url},
                    web_secret=SecretStr("dispatch-link-secret"))


store = storage_fixtures.sqlite_store


async def test_an_alert_and_its_thread_update_link_to_the_story_page(store: Store) -> None:
    clock = Clock(NOW)
    cid = await channel(store, schedule="off")
    await store.add_watch(cid, "person", "Lena Park")
    await shelter_story(store, NOW)
    pub = FakePublisher()
    d = Dispatcher(store, linked(), {"slack": pub}, clock=clock, charts=False)
    await d.run_once()
    (alert,) = pub.messages
    [key] = alert.keys
    assert alert.item is not None and alert.item.page_url is not None
    assert alert.item.page_url.startswith(f"{BASE}{story_path(key)}?exp=")
    assert [s.key for s in await store.stories(keys=[key])] == [key]  # the page it links to exists

    clock.advance(hours=1)
    await shelter_praise(store, clock.now - timedelta(minutes=10))
    stats = await d.run_once()
    assert stats.updates == 1
    update = pub.messages[-1]
    assert update.item is not None and update.item.story_key.startswith("update:")
    assert update.item.page_url is not None and update.item.page_url.startswith(f"{BASE}{story_path(key)}?exp=")


async def test_nothing_is_linked_without_an_address_for_the_pages(store: Store) -> None:
    await shelter_story(store, NOW)
    await channel(store)
    pub = FakePublisher()
    await Dispatcher(store, linked(base_url=None), {"slack": pub}, clock=Clock(NOW), charts=False).run_once()
    (digest,) = pub.digests()
    assert digest.digest is not None and digest.digest.items
    assert all(i.page_url is None for i in digest.digest.items)
