"""Feeds, article deduplication, extraction saving and idempotent posts, on both backends."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.models import Extraction, Official, Quote
from bot.storage import Store
from bot.storage.tables import MentionRecord, Person, QuoteRecord
from config.settings import FeedConfig
from tests.storage_fixtures import T0, add, item, seed_extraction


async def _count(store: Store, model: type) -> int:
    async with store.db.read() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


# --- feeds ----------------------------------------------------------------------------------------


async def test_sync_feeds_upserts_and_keeps_state(store: Store) -> None:
    await store.sync_feeds([FeedConfig(url="https://a.example/rss", name="A"), FeedConfig(url="https://b.example/rss")])
    a = next(f for f in await store.list_feeds() if f.url == "https://a.example/rss")
    await store.record_feed_success(a.id, etag='"v1"', last_modified="Thu, 12 Dec 2024 10:00:00 GMT",
                                    next_poll_at=T0 + timedelta(minutes=15), title="A News", now=T0)
    await store.sync_feeds([FeedConfig(url="https://a.example/rss", name="A renamed", interval=600)])
    feeds = {f.url: f for f in await store.list_feeds()}
    assert len(feeds) == 2
    a = feeds["https://a.example/rss"]
    assert (a.name, a.interval, a.etag, a.title, a.last_success_at) == ("A renamed", 600, '"v1"', "A News", T0)


async def test_sync_feeds_seeds_a_newsroom_list_past_one_statements_parameter_limit(store: Store) -> None:
    """5,000 feeds x 7 columns is more parameters than PostgreSQL takes in one statement (32,767)."""
    await store.sync_feeds([FeedConfig(url=f"https://f{n}.example/rss") for n in range(5000)])
    await store.sync_feeds([FeedConfig(url=f"https://f{n}.example/rss", interval=600) for n in range(4990, 5001)])
    feeds = await store.list_feeds()
    assert len(feeds) == 5001 and {f.interval for f in feeds if f.url.startswith("https://f4999.")} == {600}


async def test_due_feeds_respects_next_poll_at(store: Store) -> None:
    never = await store.add_feed("https://never.example/rss")
    later = await store.add_feed("https://later.example/rss")
    due = await store.add_feed("https://due.example/rss")
    await store.record_feed_success(later.id, etag=None, last_modified=None, next_poll_at=T0 + timedelta(hours=1), now=T0)
    await store.record_feed_failure(due.id, error="timeout", error_kind="timeout",
                                    next_poll_at=T0 - timedelta(seconds=1), now=T0 - timedelta(minutes=1))
    assert [f.id for f in await store.due_feeds(T0, limit=10)] == [never.id, due.id]
    assert [f.id for f in await store.due_feeds(T0, limit=1)] == [never.id]
    assert {f.id for f in await store.due_feeds(T0 + timedelta(hours=2), limit=10)} == {never.id, later.id, due.id}
    failed = next(f for f in await store.list_feeds() if f.id == due.id)
    assert (failed.failures, failed.last_error_kind) == (1, "timeout")
    await store.record_feed_success(due.id, etag=None, last_modified=None, next_poll_at=T0, now=T0)
    healed = next(f for f in await store.list_feeds() if f.id == due.id)
    assert (healed.failures, healed.last_error) == (0, None)


async def test_add_and_remove_feed(store: Store) -> None:
    f = await store.add_feed("https://x.example/rss", name="X", interval=120)
    again = await store.add_feed("https://x.example/rss", interval=300)
    assert again.id == f.id and (again.name, again.interval) == ("X", 300)
    aid = await add(store, 1, feed_id=f.id)
    assert await store.remove_feed(f.id) is True
    assert await store.remove_feed(f.id) is False
    assert [a.id for a in await store.news(None, relevant_only=False)] == [aid]  # articles outlive their feed


# --- articles -------------------------------------------------------------------------------------


async def test_add_article_dedupes_by_guid_url_and_hash(store: Store) -> None:
    feed = await store.add_feed("https://news.example/feed.xml")
    it = item(1)
    first = await store.add_article(it, feed_id=feed.id, text="t1", canonical_url="https://news.example/a/1",
                                    content_hash="h1", announce=True)
    assert first is not None
    # same guid in the same feed, even with new URL and text
    assert await store.add_article(it, feed_id=feed.id, text="t2", canonical_url="https://news.example/other",
                                   content_hash="h2", announce=True) is None
    # same canonical URL under another guid
    assert await store.add_article(item(2), feed_id=feed.id, text="t3", canonical_url="https://news.example/a/1",
                                   content_hash="h3", announce=True) is None
    # same text (hash) at another URL, from no feed
    assert await store.add_article(item(3), feed_id=None, text="t1", canonical_url="https://mirror.example/1",
                                   content_hash="h1", announce=True) is None
    # the same guid in another feed is another article
    other = await store.add_feed("https://other.example/feed.xml")
    assert await store.add_article(it, feed_id=other.id, text="t4", canonical_url="https://other.example/1",
                                   content_hash="h4", announce=True) is not None


async def test_add_article_concurrently_stores_one_row(store: Store) -> None:
    feed = await store.add_feed("https://news.example/feed.xml")
    it = item(7)
    results = await asyncio.gather(*(
        store.add_article(it, feed_id=feed.id, text="same", canonical_url="https://news.example/a/7",
                          content_hash="h7", announce=True)
        for _ in range(5)
    ))
    assert len([r for r in results if r is not None]) == 1
    assert len(await store.news(None, relevant_only=False)) == 1


async def test_add_article_reraises_real_errors(store: Store) -> None:
    with pytest.raises(IntegrityError):  # a feed that does not exist is not a duplicate
        await store.add_article(item(1), feed_id=999, text="x", canonical_url="https://n.example/1",
                                content_hash="x", announce=True)


async def test_undated_items_are_dated_when_seen_and_first_fetch_not_announced(store: Store) -> None:
    aid = await store.add_article(item(1, published=None), feed_id=None, text="x", canonical_url="https://n.example/1",
                                  content_hash="x", announce=False, now=T0)
    assert aid is not None
    await store.save_extraction(aid, seed_extraction())
    assert await store.articles_since(T0 - timedelta(days=1)) == []
    [row] = await store.articles_since(T0 - timedelta(days=1), announced_only=False)
    assert row.published == T0 and row.announce is False


# --- extraction -----------------------------------------------------------------------------------


async def test_pending_and_extraction_error(store: Store) -> None:
    a, b, c = [await add(store, n) for n in (1, 2, 3)]
    pending = await store.lease_pending("w1", limit=10, lease_seconds=60, now=T0)
    assert [p.id for p in pending] == [a, b, c]
    assert pending[0].to_input().text == "Body text of story 1."
    await store.save_extraction(a, seed_extraction())
    await store.save_extraction_error(b, "spaCy exploded")
    # a and b are done, c is still w1's: after its lease runs out, it is the only one left
    assert await store.lease_pending("w2", limit=10, lease_seconds=60, now=T0 + timedelta(seconds=59)) == []
    assert [p.id for p in await store.lease_pending("w2", limit=10, lease_seconds=60, now=T0 + timedelta(seconds=61))] == [c]


async def test_save_extraction_is_idempotent(store: Store) -> None:
    aid = await add(store, 1)
    ex = seed_extraction()
    await store.save_extraction(aid, ex)
    counts = [await _count(store, m) for m in (Person, QuoteRecord, MentionRecord)]
    await store.save_extraction(aid, ex)
    assert [await _count(store, m) for m in (Person, QuoteRecord, MentionRecord)] == counts
    assert counts[1] == 5  # every quote, the organisation's included
    # re-running with a changed result replaces the old facts
    fewer = replace(ex, quotes=ex.quotes[:1], figures=[])
    await store.save_extraction(aid, fewer)
    [row] = await store.news(None)
    assert len(row.quotes) == 1 and row.figures == []


async def test_save_extraction_links_people_and_keeps_org_speakers(store: Store) -> None:
    aid = await add(store, 1)
    await store.save_extraction(aid, seed_extraction())
    [row] = await store.news(None)
    speakers = {q.text[:20]: (q.speaker, q.person_id is not None) for q in row.quotes}
    assert speakers["local leaders should"] == ("Tom Homan", True)  # "Homan" resolved inside the article
    assert speakers["the city has 170 off"] == ("Eric Adams", True)
    assert speakers["The coalition will k"] == ("New York Immigration Coalition", False)
    assert {o.name for o in row.officials} == {"Eric Adams", "Tom Homan", "Trump", "Murad Awawdeh"}
    assert "Adam Shaw" not in {o.name for o in row.officials}  # named, but not an official
    assert {f.text for f in row.figures} == {"225,000", "25"}


async def test_duplicate_quotes_in_one_extraction_are_stored_once(store: Store) -> None:
    aid = await add(store, 1)
    q = Quote("We will act.", "Tom Homan", "direct")
    await store.save_extraction(aid, Extraction(relevant=True, relevance=0.9, quotes=[q, replace(q, text=" we will  act. ")]))
    assert await _count(store, QuoteRecord) == 1


async def test_people_merge_across_articles(store: Store) -> None:
    a1 = await add(store, 1, published=T0)
    a2 = await add(store, 2, published=T0 + timedelta(days=30))
    a3 = await add(store, 3, published=T0 + timedelta(days=1))
    await store.save_extraction(a1, seed_extraction())
    await store.save_extraction(a2, Extraction(relevant=True, relevance=0.8, officials=[
        Official("Thomas Homan", "White House border czar"),
        Official("Donald Trump", "President"),
    ]))
    # an older article saved later must not overwrite the newer title
    await store.save_extraction(a3, Extraction(relevant=True, relevance=0.8, officials=[
        Official("Tom Homan", "former ICE director"),
    ]))
    result = await store.whosaid("Thomas Homan")
    assert result.person is not None
    assert result.person.name == "Tom Homan"
    assert {"Thomas Homan", "Homan"} <= set(result.person.aliases)
    assert result.person.title == "White House border czar"
    trump = await store.whosaid("Trump")
    assert trump.person is not None and trump.person.name == "Donald Trump"  # a bare surname grew a given name
    [homan] = [o for o in await store.officials("Homan") if o.name == "Tom Homan"]
    assert homan.mentions == 3


# --- channels and posts ---------------------------------------------------------------------------


async def test_posts_are_unique_per_channel_and_story(store: Store) -> None:
    ch = await store.ensure_channel("slack", "C123", name="#immigration")
    again = await store.ensure_channel("slack", "C123")
    assert again.id == ch.id and again.name == "#immigration"
    aid = await add(store, 1)
    story = await store.save_story("homan-adams-meeting", "Mayor meets border czar", [aid])
    claims = await asyncio.gather(*(store.claim_post(ch.id, story.id) for _ in range(4)))
    [post_id] = [c for c in claims if c is not None]
    assert await store.claim_post(ch.id, story.id) is None
    await store.mark_post_sent(post_id, "1700000000.000100", thread_ref="1700000000.000100")
    [post] = await store.posts(ch.id)
    assert (post.state, post.external_id) == ("sent", "1700000000.000100") and post.sent_at is not None
    other = await store.ensure_channel("discord", "987654321")
    assert await store.claim_post(other.id, story.id) is not None  # another channel may post it too


async def test_released_claim_can_be_retried(store: Store) -> None:
    ch = await store.ensure_channel("terminal", "stdout")
    story = await store.save_story("k", "Headline", [await add(store, 1)])
    first = await store.claim_post(ch.id, story.id)
    assert first is not None
    await store.release_post(first)
    assert await store.claim_post(ch.id, story.id) is not None


async def test_stories_and_watches(store: Store) -> None:
    a1, a2 = await add(store, 1), await add(store, 2)
    s1 = await store.save_story("k", "First", [a1])
    s2 = await store.save_story("k", "Second", [a1, a2])
    assert s2.id == s1.id and s2.headline == "Second" and s2.article_ids == sorted([a1, a2])
    ch = await store.ensure_channel("discord", "42", schedule="daily 08:00 UTC")
    assert await store.add_watch(ch.id, "person", "Homan") is True
    assert await store.add_watch(ch.id, "person", " Homan ") is False
    assert await store.add_watch(ch.id, "keyword", "asylum") is True
    assert [(w.kind, w.value) for w in await store.list_watches(ch.id)] == [("person", "Homan"), ("keyword", "asylum")]
    assert await store.remove_watch(ch.id, "person", "Homan") is True
    assert [w.value for w in await store.list_watches()] == ["asylum"]
    await store.mark_digest(ch.id, T0)
    [row] = await store.list_channels("discord")
    assert row.last_digest_at == T0 and row.schedule == "daily 08:00 UTC"


async def test_concurrent_extractions_create_one_person(store: Store) -> None:
    ids = [await add(store, n) for n in range(4)]
    extractions = [
        Extraction(relevant=True, relevance=0.9, officials=[Official(name, "border czar")],
                   quotes=[Quote(f"Statement {i}.", name, "direct")])
        for i, name in enumerate(["Tom Homan", "Thomas Homan", "Homan", "Tom Homan"])
    ]
    await asyncio.gather(*(store.save_extraction(aid, ex) for aid, ex in zip(ids, extractions, strict=True)))
    assert await _count(store, Person) == 1
    result = await store.whosaid("Homan")
    assert result.person is not None and len(result.quotes) == 4


# --- event frames -----------------------------------------------------------------------------------


async def test_extraction_stores_its_frame_and_late_frames_fill_only_missing_ones(store: Store) -> None:
    """The frame goes in with the extraction (one transaction); a frame read later never replaces one."""
    framed, bare = await add(store, 1), await add(store, 2)
    await store.save_extraction(framed, replace(seed_extraction(), frame={"v": 1, "key": "at-extraction"}))
    await store.save_extraction(bare, seed_extraction())  # as extracted before frames were stored
    rows = {a.id: a for a in await store.articles_since(T0 - timedelta(days=1), relevant_only=False)}
    assert rows[framed].event_frame == {"v": 1, "key": "at-extraction"} and rows[bare].event_frame is None
    stored = await store.save_frames({framed: {"v": 1, "key": "late"}, bare: {"v": 1, "key": "late"}})
    assert stored == 1
    rows = {a.id: a for a in await store.articles_since(T0 - timedelta(days=1), relevant_only=False)}
    assert rows[framed].event_frame == {"v": 1, "key": "at-extraction"}
    assert rows[bare].event_frame == {"v": 1, "key": "late"}
    assert await store.save_frames({}) == 0
