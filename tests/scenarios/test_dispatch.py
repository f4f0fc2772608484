"""The poster loop: schedules, exactly-once posting across crashes, thread updates, watch alerts, charts."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.publishing.digest import Digest
from bot.publishing.poster_loop import Dispatcher
from bot.publishing.publisher import Part
from bot.storage.repo import Store
from config.settings import DigestSettings, Settings
from handlers.discord.publisher import DiscordPublisher
from handlers.slack.client import web_client
from handlers.slack.poster import Poster as SlackPoster
from handlers.slack.publisher import SlackPublisher
from tests import storage_fixtures
from tests.fakes.command_service import CannedService
from tests.fakes.discord_api import CHANNEL_ID, limit_problems, running_bot
from tests.fakes.dispatch import (
    NOW,
    Clock,
    FakePublisher,
    HistoryDiscord,
    HistorySlack,
    article,
    channel,
    court_story,
    settings,
    shelter_praise,
    shelter_story,
)
from tests.fakes.slack_api import FakeSlack

store = storage_fixtures.sqlite_store


async def test_digest_posts_each_story_once(store: Store) -> None:
    clock = Clock(NOW)
    await shelter_story(store, NOW)
    await court_story(store, NOW)
    await channel(store)
    pub = FakePublisher()
    d = Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False)
    stats = await d.run_once()
    assert stats.digests == 1 and stats.stories == 2
    (digest,) = pub.digests()
    shelter = next(i for i in digest.digest.items if "42" in i.headline)
    assert {s.outlet for s in shelter.sources} == {"Capitol Wire", "Harbor Tribune"}
    assert shelter.officials == [("Lena Park", "Mayor")]
    assert shelter.quote is not None and shelter.quote.speaker == "Lena Park"

    clock.advance(hours=7)  # the next slot: nothing new, and nothing posted again
    await d.run_once()
    assert len(pub.digests()) == 2 and pub.digests()[1].digest.empty
    assert "Nothing new since" in pub.digests()[1].digest.empty_message
    assert sorted(pub.story_keys()) == sorted(set(pub.story_keys()))


async def test_a_feeds_first_fetch_is_not_news(store: Store) -> None:
    await article(store, "Visa wait times reach 260 days for skilled workers", "New Feed", NOW - timedelta(hours=1),
                  announce=False)
    await court_story(store, NOW)
    await channel(store)
    pub = FakePublisher()
    await Dispatcher(store, settings(), {"slack": pub}, clock=Clock(NOW), charts=False).run_once()
    assert [i.headline for i in pub.digests()[0].digest.items] == [
        "Immigration court backlog tops 3 million cases in Bayview district"]


async def test_missed_slots_catch_up_once(store: Store) -> None:
    await court_story(store, NOW)
    await channel(store, schedule="every 6h", last=NOW - timedelta(hours=20))  # 3 slots missed while down
    pub = FakePublisher()
    clock = Clock(NOW)
    await Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False).run_once()
    clock.advance(minutes=1)
    d = Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False)  # a restart
    await d.run_once()
    await d.run_once()
    assert len(pub.digests()) == 1
    assert pub.digests()[0].digest.since == NOW - timedelta(hours=20)  # the catch-up covers the downtime


async def test_schedule_off_and_schedule_set_by_command_survive_a_restart(store: Store) -> None:
    await court_story(store, NOW)
    cid = await channel(store, schedule="off")
    pub = FakePublisher()
    d = Dispatcher(store, settings(), {"slack": pub}, clock=Clock(NOW), charts=False)
    await d.sync_channels({"slack": ["C1", "C2"]})  # config channels; C1 keeps its "off"
    channels = {c.external_id: c for c in await store.list_channels()}
    assert channels["C1"].schedule == "off" and channels["C2"].schedule is None and channels["C1"].id == cid
    await d.run_once()
    assert [m.kind for m in pub.messages] == ["digest"]  # only C2, on the default schedule


async def test_a_stored_schedule_gone_bad_falls_back_to_the_default_and_says_so_once(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """A schedule stored earlier that no longer parses (a zone the system's database dropped, a rule a
    newer version refuses) must not silence the channel for good: it gets the configured default, and
    the operator is told once which channel and how to fix it."""
    await court_story(store, NOW)
    await channel(store, schedule="daily 08:00 Mars/Olympus")  # written directly: the command refuses it
    pub = FakePublisher()
    clock = Clock(NOW)
    d = Dispatcher(store, settings("every 6h"), {"slack": pub}, clock=clock, charts=False)
    await d.run_once()
    clock.advance(hours=6)
    await d.run_once()
    assert len(pub.digests()) == 2  # on the default schedule, every 6 hours
    reports = [r.msg for r in caplog.records
               if isinstance(r.msg, dict) and r.msg.get("event") == "dispatch.bad_schedule"]
    assert len(reports) == 1 and reports[0]["level"] == "error"
    assert reports[0]["schedule"] == "daily 08:00 Mars/Olympus" and reports[0]["using"] == "every 6h"
    assert "Mars/Olympus" in reports[0]["error"] and "/digest schedule" in reports[0]["fix"]


async def test_crash_between_send_and_record_never_posts_twice(store: Store) -> None:
    clock = Clock(NOW)
    await shelter_story(store, NOW)
    await court_story(store, NOW)
    await channel(store)
    pub = FakePublisher(crash_after_send=True)
    stats = await Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False).run_once()
    assert stats.failures == 1 and len(pub.digests()) == 1
    assert len(await store.posts(1, "intent")) == 2  # sent, but never recorded

    clock.advance(hours=7)  # restart, next slot due
    stats = await Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False).run_once()
    assert stats.reconciled == 2 and stats.released == 0
    assert len(pub.story_keys()) == 2 and len(set(pub.story_keys())) == 2
    assert {p.external_id for p in await store.posts(1, "sent")} == {"m1"}


async def test_unknown_intents_count_as_sent(store: Store) -> None:
    clock = Clock(NOW)
    await court_story(store, NOW)
    await channel(store)
    pub = FakePublisher(crash_after_send=True, can_search=False)
    await Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False).run_once()
    clock.advance(hours=7)
    await Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False).run_once()
    assert len(pub.story_keys()) == 1


async def test_a_post_that_never_left_is_released_and_sent_later(store: Store) -> None:
    clock = Clock(NOW)
    await court_story(store, NOW)
    await channel(store)
    pub = FakePublisher(crash_before_send=True)
    await Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False).run_once()
    assert pub.messages == []
    clock.advance(hours=7)
    stats = await Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False).run_once()
    assert stats.released == 1 and len(pub.story_keys()) == 1


async def test_refused_post_is_released(store: Store) -> None:
    await court_story(store, NOW)
    await channel(store)
    pub = FakePublisher(refuse=True)
    await Dispatcher(store, settings(), {"slack": pub}, clock=Clock(NOW), charts=False).run_once()
    assert await store.posts(1) == []


async def test_story_update_goes_to_the_thread_of_the_first_post(store: Store) -> None:
    clock = Clock(NOW)
    await shelter_story(store, NOW)
    await channel(store)
    pub = FakePublisher()
    d = Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False)
    await d.run_once()
    first = pub.digests()[0]
    clock.advance(hours=1)
    await shelter_praise(store, clock.now - timedelta(minutes=10))
    stats = await d.run_once()
    assert stats.updates == 1 and stats.digests == 0
    update = pub.messages[-1]
    assert update.kind == "item" and update.thread == first.id
    assert "Coastal Post" in update.item.summary and update.item.quote.text.startswith("We counted")
    await Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False).run_once()  # restart
    assert len(pub.messages) == 2
    clock.advance(hours=6)
    await d.run_once()
    assert pub.digests()[-1].digest.empty  # the grown story is not a new item


async def test_a_new_event_of_a_posted_story_s_official_is_a_linked_story_not_a_thread_update(store: Store) -> None:
    """#15 item 4: the mayor of a posted story at another event (another place) is not an update in that
    story's thread; it comes in the next digest as its own story, linked back as a follow-up."""
    clock = Clock(NOW)
    await shelter_story(store, NOW)
    await channel(store)
    pub = FakePublisher()
    d = Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False)
    await d.run_once()
    clock.advance(hours=7)
    await article(store, "Mayor Park tours Texas border crossing to study migrant shelters", "Coastal Post",
                  clock.now - timedelta(minutes=10),
                  summary="Harbor City Mayor Lena Park toured a border crossing in El Paso, Texas on Monday to "
                          "study how migrant shelters there are run.",
                  officials=[("Lena Park", "Mayor")])
    stats = await d.run_once()
    assert stats.updates == 0 and stats.digests == 1
    item = pub.digests()[-1].digest.items[0]
    assert item.headline.startswith("Mayor Park tours")
    assert item.summary.startswith("Follow-up to “")


DETENTION = [
    ("Marlow County", "commissioners reject detention expansion"),
    ("Port Ellis", "sheriff ends detention contract with federal agency"),
    ("Gresham Valley", "judge orders detention records released"),
    ("Tamsin", "hunger strike reported at detention facility"),
    ("Oakridge", "lawmakers tour family detention site"),
    ("Brindle Bay", "audit faults medical care in detention"),
    ("Cold Spring", "private prison firm bids for detention deal"),
    ("Westerly", "detention bed quota debated in budget hearing"),
]


async def test_watch_alerts_at_once_dedupe_and_rate_limit(store: Store) -> None:
    clock = Clock(NOW)
    cid = await channel(store, schedule="off")
    await store.add_watch(cid, "person", "Lena Park")
    await store.add_watch(cid, "keyword", "detention")
    await shelter_story(store, NOW)
    pub = FakePublisher()
    d = Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False)
    await d.run_once()
    (alert,) = pub.messages
    assert alert.kind == "item" and alert.watch == "new quote by Lena Park" and alert.thread is None
    await d.run_once()
    assert len(pub.messages) == 1
    for n, (place, what) in enumerate(DETENTION):  # eight separate detention stories in one hour
        await article(store, f"{place} {what}", f"Outlet {n}", NOW - timedelta(minutes=n), summary=f"{what} in {place}.")
    await d.run_once()
    assert len(pub.messages) == 5  # five alerts an hour per channel, the first one included
    await store.ensure_channel("slack", "C1", schedule="every 6h")
    await d.run_once()
    (digest,) = pub.digests()
    alerted = {k for m in pub.messages if m.kind == "item" for k in m.keys}
    assert len(digest.keys) == 4 and not alerted & set(digest.keys)  # the rest, none alerted twice


async def test_first_digest_of_the_week_carries_the_chart(store: Store) -> None:
    clock = Clock(NOW)
    await shelter_story(store, NOW)
    await channel(store)
    pub = FakePublisher()
    d = Dispatcher(store, settings(), {"slack": pub}, clock=clock)
    await d.run_once()
    clock.advance(hours=7)
    await d.run_once()
    assert [m.kind for m in pub.messages] == ["digest", "chart", "digest"]
    clock.advance(days=7)
    await court_story(store, clock.now)
    await d.run_once()
    assert [m.kind for m in pub.messages][-2:] == ["digest", "chart"]


async def test_through_discord_crash_reconcile_and_thread(store: Store) -> None:
    clock = Clock(datetime.now(UTC).replace(microsecond=0))
    await shelter_story(store, clock.now)
    await court_story(store, clock.now)
    await store.ensure_channel("discord", str(CHANNEL_ID))
    async with HistoryDiscord() as fake, running_bot(fake, CannedService()) as client:
        await fake.wait_for(client.is_ready, timeout=15)
        pub = DiscordPublisher(client.poster)

        class CrashAfterSend:  # the real publisher, but the process "dies" once the messages are out
            platform = "discord"
            ready = pub.ready
            find_posted = pub.find_posted

            async def publish_digest(self, channel: str, digest: Digest) -> list[Part]:
                await pub.publish_digest(channel, digest)
                raise ConnectionResetError("killed between send and record")

        await Dispatcher(store, settings(), {"discord": CrashAfterSend()}, clock=clock, charts=False).run_once()
        assert len(fake.posted[CHANNEL_ID]) == 1
        body = fake.messages[CHANNEL_ID][0]
        assert limit_problems(body) == []
        footers = [e["footer"]["text"] for e in body["embeds"][1:]]
        assert sorted(footers) == ["newsbot story a1", "newsbot story a3"]

        clock.advance(hours=7)  # restart with the real publisher: the intents are found, nothing is repeated
        d = Dispatcher(store, settings(), {"discord": pub}, clock=clock, charts=False)
        stats = await d.run_once()
        assert stats.reconciled == 2 and stats.released == 0
        first_id = fake.posted[CHANNEL_ID][0]["id"]
        assert {p.external_id for p in await store.posts(1, "sent")} == {first_id}
        assert len(fake.posted[CHANNEL_ID]) == 2 and fake.messages[CHANNEL_ID][1]["content"].startswith("Nothing new")

        await article(store, "Harbor City's $42 million shelter plan draws praise from aid groups", "Coastal Post",
                      clock.now - timedelta(minutes=5),
                      summary="Aid groups praised the Harbor City council's $42 million vote to keep shelters open.",
                      officials=[("Lena Park", "Mayor")], figures=[("$42 million", 42e6, "shelter budget")])
        stats = await d.run_once()
        assert stats.updates == 1
        update = fake.messages[CHANNEL_ID][-1]
        assert str(update["message_reference"]["message_id"]) == first_id  # a reply to the first post
        assert update["embeds"][0]["author"]["name"] == "Update" and limit_problems(update) == []


async def test_through_slack_crash_reconcile_and_thread(store: Store) -> None:
    clock = Clock(datetime.now(UTC).replace(microsecond=0))
    await shelter_story(store, clock.now)
    await store.ensure_channel("slack", "C1")
    async with HistorySlack() as fake:
        client_settings = Settings(slack={"api_url": fake.api_url}, SLACK_BOT_TOKEN="xoxb-test-token")
        pub = SlackPublisher(SlackPoster(web_client(client_settings), min_interval=0))

        class CrashAfterSend:
            platform = "slack"
            ready = pub.ready
            find_posted = pub.find_posted

            async def publish_digest(self, channel: str, digest: Digest) -> list[Part]:
                await pub.publish_digest(channel, digest)
                raise ConnectionResetError("killed between send and record")

        await Dispatcher(store, settings(), {"slack": CrashAfterSend()}, clock=clock, charts=False).run_once()
        clock.advance(hours=7)
        d = Dispatcher(store, settings(), {"slack": pub}, clock=clock, charts=False)
        stats = await d.run_once()
        assert stats.reconciled == 1 and stats.released == 0
        first_ts = fake.history[-1]["ts"]
        assert [p.external_id for p in await store.posts(1, "sent")] == [first_ts]
        await article(store, "Harbor City's $42 million shelter plan draws praise from aid groups", "Coastal Post",
                      clock.now - timedelta(minutes=5),
                      summary="Aid groups praised the Harbor City council's $42 million vote to keep shelters open.",
                      officials=[("Lena Park", "Mayor")], figures=[("$42 million", 42e6, "shelter budget")])
        assert (await d.run_once()).updates == 1
        posts = fake.calls_to("chat.postMessage")
        assert len(posts) == 3 and all(c.problems == [] for c in posts)  # digest, "nothing new", the update
        assert posts[-1].params["thread_ts"] == first_ts


async def test_through_slack_a_post_whose_answer_is_lost_is_found_not_posted_again(store: Store) -> None:
    """Slack posts the digest but its answer is a 500: the client must not send it again (a retry would post it
    twice); the dispatcher leaves the intent, and the next round finds the message in the channel's history."""
    clock = Clock(datetime.now(UTC).replace(microsecond=0))  # Slack dates its history by the real clock
    await shelter_story(store, clock.now)
    await store.ensure_channel("slack", "C1")
    async with HistorySlack() as fake:
        client_settings = Settings(slack={"api_url": fake.api_url}, SLACK_BOT_TOKEN="xoxb-test-token")
        d = Dispatcher(store, settings(), {"slack": SlackPublisher(SlackPoster(web_client(client_settings),
                                                                               min_interval=0))},
                       clock=clock, charts=False)
        fake.lose_answer("chat.postMessage", status=500)
        stats = await d.run_once()
        assert stats.digests == 0 and stats.failures == 1  # its fate unknown: the intent stays
        assert len(fake.calls_to("chat.postMessage")) == 1  # posted once, not retried
        clock.advance(hours=1)  # the channel rested; the intent is old enough to settle
        stats = await d.run_once()
        assert stats.reconciled == 1 and stats.released == 0
        assert [p.external_id for p in await store.posts(1, "sent")] == [fake.history[-1]["ts"]]
        shown = [json.dumps(c.params["blocks"]) for c in fake.calls_to("chat.postMessage")]
        # the story once; the digest left due by the unknown send may come again, with nothing new
        assert sum("Harbor City approves" in m for m in shown) == 1
        assert all("Nothing new" in m for m in shown[1:])


async def test_through_slack_a_story_dated_before_the_last_digest_but_stored_after_it_comes_next(
    store: Store,
) -> None:
    """The next digest takes what newsbot stored since the last one, whatever date the outlet gives, once."""
    t0 = datetime.now(UTC).replace(microsecond=0)  # Slack dates its history by the real clock
    clock = Clock(t0)
    await court_story(store, t0)
    await store.ensure_channel("slack", "C1")
    async with HistorySlack() as fake:
        client_settings = Settings(slack={"api_url": fake.api_url}, SLACK_BOT_TOKEN="xoxb-test-token")
        d = Dispatcher(store, settings(), {"slack": SlackPublisher(SlackPoster(web_client(client_settings),
                                                                               min_interval=0))},
                       clock=clock, charts=False)
        assert (await d.run_once()).stories == 1  # the digest at t0: the court story
        late = "Riverside county ends jail contract with immigration agency"
        await article(store, late, "Valley Ledger", t0 - timedelta(minutes=10),  # dated before that digest,
                      stored=t0 + timedelta(minutes=5))  # polled after it
        slow = "Harlow port screening program adds asylum interview booths"
        await article(store, slow, "Coast Daily", t0 - timedelta(minutes=40),  # stamped just before the digest,
                      stored=t0 - timedelta(seconds=20))  # committed only after it had read the news
        stale = "Archive: Greyford visa office reopens after flood repairs"
        await article(store, stale, "Old Feed", t0 - timedelta(days=5),  # an old item a feed brings up late
                      stored=t0 + timedelta(minutes=6))

        clock.advance(hours=6, minutes=1)
        assert (await d.run_once()).stories == 2
        clock.advance(hours=6, minutes=1)
        await d.run_once()
        posted = [json.dumps(c.params["blocks"]) for c in fake.calls_to("chat.postMessage")]
        assert len(posted) == 3 and "Nothing new" in posted[2]
        assert [sum(title in m for m in posted) for title in (late, slow, stale)] == [1, 1, 0]
        assert late in posted[1] and slow in posted[1]


async def test_worker_posts_digests_to_configured_slack_channels(tmp_path: Path) -> None:
    from handlers.app import run_worker

    async with FakeSlack() as fake:
        worker_settings = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'worker.db'}", SLACK_BOT_TOKEN="xoxb-test-token",
            slack={"api_url": fake.api_url, "channels": ["C42"]}, digest=DigestSettings(schedule="every 6h"),
        )
        stop = asyncio.Event()
        worker = asyncio.create_task(run_worker(worker_settings, stop))
        try:
            await fake.wait_for(lambda: bool(fake.calls_to("chat.postMessage")), timeout=30)
        finally:
            stop.set()
            await asyncio.wait_for(worker, 10)
        (call,) = fake.calls_to("chat.postMessage")
        assert call.params["channel"] == "C42" and "Nothing new since" in call.params["text"] + json.dumps(call.params)
    store = await Store.open(worker_settings.database_url)
    try:
        (channel_row,) = await store.list_channels()
        assert channel_row.last_digest_at is not None  # survives the restart: not due again for 6 hours
    finally:
        await store.close()
