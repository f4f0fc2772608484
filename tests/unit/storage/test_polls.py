"""Poll results written in batches (``Store.record_polls``), on both backends: each article stored once
whether its twin is already stored or in the same batch, validators kept only with their feed's items."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.ingest.items import new_article
from bot.storage import Store
from bot.storage.rows import FeedFailure, FeedSuccess, NewArticle, PolledFeed
from bot.storage.tables import Article
from tests.storage_fixtures import T0, add, item


async def _articles(store: Store) -> int:
    async with store.db.read() as s:
        return int(await s.scalar(select(func.count()).select_from(Article)) or 0)


def story(n: int, feed_id: int, **kw: object) -> NewArticle:
    return new_article(item(n, **kw), f"Body text of story {n}, as the feed carries it.", feed_id=feed_id,  # type: ignore[arg-type]
                       announce=True)


def ok(etag: str) -> FeedSuccess:
    return FeedSuccess(etag=etag, last_modified=None, next_poll_at=T0 + timedelta(minutes=15), title=None, now=T0)


async def two_feeds(store: Store) -> tuple[int, int]:
    a = await store.add_feed("https://a.example/rss")
    b = await store.add_feed("https://b.example/rss")
    return a.id, b.id


async def test_duplicates_within_one_batch_are_stored_once(store: Store) -> None:
    a, b = await two_feeds(store)
    same_link_other_text = replace(story(1, b), guid="b-1", content_hash="another-hash", title="Other title")
    same_text_other_link = replace(story(2, b), guid="b-2", url="https://elsewhere.example/2",
                                   canonical_url="https://elsewhere.example/2")
    written = await store.record_polls([
        PolledFeed(a, (story(1, a), story(2, a), story(3, a), replace(story(3, a), url="https://news.example/x",
                                                                      canonical_url="https://news.example/x",
                                                                      content_hash="x"))),
        PolledFeed(b, (same_link_other_text, same_text_other_link, story(4, b))),
    ])
    assert [[i is not None for i in feed] for feed in written] == [[True, True, True, False], [False, False, True]]
    assert len({i for feed in written for i in feed if i is not None}) == 4
    assert await _articles(store) == 4


async def test_duplicates_of_stored_articles_across_batches(store: Store) -> None:
    a, b = await two_feeds(store)
    await add(store, 7, feed_id=a)  # stored one by one, as newsbot ingest does
    first = await store.record_polls([PolledFeed(a, (story(1, a), story(2, a)))])
    again = await store.record_polls([
        PolledFeed(a, (story(1, a), story(2, a), replace(story(7, a), content_hash="new-hash"))),
        PolledFeed(b, (replace(story(1, b), guid="b-1"), story(5, b))),  # 1: same link and text in another feed
    ])
    assert all(first[0]) and again[0] == [None, None, None] and again[1][0] is None and again[1][1] is not None
    assert await _articles(store) == 4


async def test_a_guid_belongs_to_its_feed(store: Store) -> None:
    a, b = await two_feeds(store)
    await store.record_polls([PolledFeed(a, (story(1, a, guid="shared-guid"),))])
    (written,) = await store.record_polls([PolledFeed(b, (story(2, b, guid="shared-guid"),))])
    assert written[0] is not None  # another feed's GUID, another story


async def test_outcomes_keep_validators_and_end_the_lease(store: Store) -> None:
    a, b = await two_feeds(store)
    assert len(await store.lease_due_feeds("worker-1", T0, 10, 7200)) == 2  # held for two hours
    failure = FeedFailure(error="HTTP 503", error_kind="http", next_poll_at=T0 + timedelta(minutes=2), now=T0)
    await store.record_polls([
        PolledFeed(a, (story(1, a),), replace(ok('"v1"'), title="A News")),
        PolledFeed(b, (), failure),
    ])
    fa, fb = await store.get_feed(a), await store.get_feed(b)
    assert fa is not None and fb is not None
    assert (fa.etag, fa.title, fa.last_success_at, fa.failures) == ('"v1"', "A News", T0, 0)
    assert (fb.etag, fb.failures, fb.last_error_kind, fb.last_success_at) == (None, 1, "http", None)
    assert len(await store.lease_due_feeds("worker-2", T0 + timedelta(hours=1), 10, 60)) == 2  # both free again
    await store.record_polls([PolledFeed(a, (), ok('"v2"'))])  # no title this time: the old one stays
    fa = await store.get_feed(a)
    assert fa is not None and (fa.etag, fa.title) == ('"v2"', "A News")


async def test_a_failed_batch_writes_nothing_not_even_validators(store: Store) -> None:
    a, _ = await two_feeds(store)
    orphan = replace(story(9, a), feed_id=10_000)  # no such feed: the database refuses the row
    with pytest.raises(Exception):  # noqa: B017,PT011 - IntegrityError, as each driver words it
        await store.record_polls([PolledFeed(a, (story(1, a), orphan), ok('"v1"'))])
    fa = await store.get_feed(a)
    assert fa is not None and fa.etag is None and fa.last_success_at is None
    assert await _articles(store) == 0
