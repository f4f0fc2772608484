"""Leases shared by several workers, post kinds and what posts showed, and moving 0001's bookkeeping, on
both backends."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.storage import AlertBudget, BudgetSpent, Store, migrate
from bot.storage.tables import Article
from tests.storage_fixtures import T0, Backend, add, seed_extraction


async def _feeds(store: Store, n: int) -> list[int]:
    return [(await store.add_feed(f"https://f{i}.example/rss")).id for i in range(n)]


async def test_a_feed_is_leased_to_one_worker_until_recorded_or_expired(store: Store) -> None:
    a, b, c = await _feeds(store, 3)
    first = await store.lease_due_feeds("w1", T0, limit=2, lease_seconds=60)
    assert [f.id for f in first] == [a, b]
    assert [f.id for f in await store.lease_due_feeds("w2", T0 + timedelta(seconds=30), limit=10,
                                                      lease_seconds=60)] == [c]
    assert await store.lease_due_feeds("w3", T0 + timedelta(seconds=31), limit=10, lease_seconds=60) == []
    # w1 records a's outcome (released, due again in an hour); b's lease runs out: w3 takes b only
    await store.record_feed_success(a, etag=None, last_modified=None, next_poll_at=T0 + timedelta(hours=1), now=T0)
    assert [f.id for f in await store.lease_due_feeds("w3", T0 + timedelta(seconds=61), limit=10,
                                                      lease_seconds=60)] == [b]
    # force ignores the schedule, never another worker's lease
    assert [f.id for f in await store.lease_due_feeds("w4", T0 + timedelta(seconds=62), limit=10, lease_seconds=60,
                                                      force=True)] == [a]
    await store.record_feed_failure(c, error="timeout", error_kind="timeout", next_poll_at=T0, now=T0)
    assert [f.id for f in await store.lease_due_feeds("w5", T0 + timedelta(seconds=63), limit=10,
                                                      lease_seconds=60)] == [c]


async def test_renewing_keeps_a_lease_and_only_the_owners(store: Store) -> None:
    (a,) = await _feeds(store, 1)
    await store.lease_due_feeds("w1", T0, limit=1, lease_seconds=60)
    await store.renew_leases("feeds", "w2", [a], T0 + timedelta(hours=1))  # not w2's: no effect
    assert [f.id for f in await store.lease_due_feeds("w2", T0 + timedelta(seconds=61), 1, 60)] == [a]
    await store.renew_leases("feeds", "w2", [a], T0 + timedelta(hours=1))
    assert await store.lease_due_feeds("w3", T0 + timedelta(minutes=59), 1, 60) == []

    aid = await add(store, 1)
    assert [p.id for p in await store.lease_pending("w1", 10, 60, now=T0)] == [aid]
    await store.renew_leases("articles", "w1", [aid], T0 + timedelta(hours=1))
    assert await store.lease_pending("w2", 10, 60, now=T0 + timedelta(minutes=30)) == []


async def test_concurrent_workers_take_disjoint_shares(backend: Backend) -> None:
    """Stores on separate engines, as separate processes would be: every leased row goes to exactly one."""
    engine = backend.engine()
    await migrate(engine)
    stores = [Store(engine)] + [Store(backend.engine()) for _ in range(2)]
    try:
        await _feeds(stores[0], 30)
        for n in range(30):
            await add(stores[0], n)
        feeds = await asyncio.gather(*(s.lease_due_feeds(f"w{i}", T0, 12, 60) for i, s in enumerate(stores)))
        articles = await asyncio.gather(*(s.lease_pending(f"w{i}", 12, 60, now=T0) for i, s in enumerate(stores)))
        for shares in ([[f.id for f in fs] for fs in feeds], [[a.id for a in arts] for arts in articles]):
            taken = [i for share in shares for i in share]
            assert len(taken) == len(set(taken)) == 30
        # workers grouping the same news save the same story at once: one story, every article in it
        saved = await asyncio.gather(*(s.save_story("a1", "Shelters", [1, 2 + i]) for i, s in enumerate(stores)))
        assert {r.id for r in saved} == {saved[0].id}
        (story,) = await stores[0].stories(keys=["a1"])
        assert story.article_ids == [1, 2, 3, 4]
    finally:
        for s in stores:
            await s.close()


async def test_extractions_are_counted(store: Store) -> None:
    aid = await add(store, 1)
    await store.save_extraction(aid, seed_extraction())
    async with store.db.read() as s:
        assert (await s.get(Article, aid)).extractions == 1
    await store.save_extraction(aid, seed_extraction())
    await store.save_extraction_error(aid, "again")
    async with store.db.read() as s:
        article = await s.get(Article, aid)
        assert (article.extractions, article.lease_owner) == (3, None)


async def test_post_kinds_have_their_own_unique_keys_and_record_what_they_showed(store: Store) -> None:
    ch = await store.ensure_channel("slack", "C1")
    a1, a2, a3 = [await add(store, n) for n in (1, 2, 3)]
    story = await store.save_story("a1", "Shelters", [a1, a2])
    root = await store.claim_post(ch.id, story.id, kind="story", article_ids=[a1, a2])
    assert root is not None
    assert await store.claim_post(ch.id, story.id, kind="alert", article_ids=[a1]) is None  # one per channel, story
    assert await store.shown_articles([root]) == {root: {a1, a2}}

    updates = await asyncio.gather(*(store.claim_update(ch.id, root, [a3]) for _ in range(3)))
    [update] = [u for u in updates if u is not None]
    assert await store.shown_articles([root]) == {root: {a1, a2, a3}}  # the thread's updates count too
    await store.release_post(update)  # refused: its report is unseen again, and the update may be retried
    assert await store.shown_articles([root]) == {root: {a1, a2}}
    assert await store.claim_update(ch.id, root, [a3]) is not None

    await store.add_post_articles(root, [a2, a3])
    assert await store.shown_articles([root, 999]) == {root: {a1, a2, a3}}

    assert await store.claim_chart(ch.id, "2026-W48") is not None
    assert await store.claim_chart(ch.id, "2026-W48") is None
    assert await store.claim_chart(ch.id, "2026-W49") is not None
    other = await store.ensure_channel("slack", "C2")
    assert await store.claim_chart(other.id, "2026-W48") is not None
    kinds = [(p.kind, p.story_id is not None, p.chart_week) for p in await store.posts(ch.id)]
    assert kinds == [("story", True, None), ("update", False, None), ("chart", False, "2026-W48"),
                     ("chart", False, "2026-W49")]


async def test_a_due_digest_goes_to_one_worker(store: Store) -> None:
    ch = await store.ensure_channel("slack", "C1")
    assert await store.lease_digest(ch.id, None, T0, 300) is True
    assert await store.lease_digest(ch.id, None, T0 + timedelta(seconds=10), 300) is False  # w1 is posting it
    await store.mark_digest(ch.id, T0 + timedelta(seconds=20))
    # a worker that read the channel before the digest went out must not post it again
    assert await store.lease_digest(ch.id, None, T0 + timedelta(seconds=30), 300) is False
    later = T0 + timedelta(hours=6)
    assert await store.lease_digest(ch.id, T0 + timedelta(seconds=20), later, 300) is True
    # a worker that took it and died: another may take it once the lease has run out
    assert await store.lease_digest(ch.id, T0 + timedelta(seconds=20), later + timedelta(seconds=299), 300) is False
    assert await store.lease_digest(ch.id, T0 + timedelta(seconds=20), later + timedelta(seconds=301), 300) is True


async def _stories(store: Store, n: int) -> list[int]:
    return [(await store.save_story(f"s{i}", f"Story {i}", [])).id for i in range(n)]


async def test_alert_budget_is_a_sliding_window_per_channel(store: Store) -> None:
    c1, c2 = [await store.ensure_channel("slack", c) for c in ("C1", "C2")]
    s = await _stories(store, 5)

    def budget(at: timedelta) -> AlertBudget:
        return AlertBudget(limit=2, since=T0 + at - timedelta(hours=1))

    for i, minutes in enumerate((0, 10)):
        at = timedelta(minutes=minutes)
        assert await store.claim_post(c1.id, s[i], T0 + at, kind="alert", budget=budget(at)) is not None
    with pytest.raises(BudgetSpent):
        await store.claim_post(c1.id, s[2], T0 + timedelta(minutes=30), kind="alert", budget=budget(timedelta(minutes=30)))
    assert [p.story_id for p in await store.posts(c1.id)] == s[:2]  # nothing was claimed past the budget
    # digest stories do not spend it, another channel has its own, and the window slides
    assert await store.claim_post(c1.id, s[3], T0 + timedelta(minutes=30), kind="story") is not None
    assert await store.claim_post(c2.id, s[2], T0 + timedelta(minutes=30), kind="alert",
                                  budget=budget(timedelta(minutes=30))) is not None
    at = timedelta(minutes=61)
    assert await store.claim_post(c1.id, s[4], T0 + at, kind="alert", budget=budget(at)) is not None


async def test_alert_budget_holds_across_concurrent_workers(backend: Backend) -> None:
    """Three stores on their own engines claim alerts for one channel at once: the budget of 2 holds, though
    each store's first claim starts before any has been written."""
    engine = backend.engine()
    await migrate(engine)
    stores = [Store(engine)] + [Store(backend.engine()) for _ in range(2)]
    try:
        channel = await stores[0].ensure_channel("discord", "42")
        ids = await _stories(stores[0], 9)
        budget = AlertBudget(limit=2, since=T0 - timedelta(hours=1))

        async def claim(st: Store, story_id: int) -> int | None:
            try:
                return await st.claim_post(channel.id, story_id, T0, kind="alert", budget=budget)
            except BudgetSpent:
                return None

        claimed = await asyncio.gather(*(claim(stores[i % 3], sid) for i, sid in enumerate(ids)))
        assert len([c for c in claimed if c is not None]) == 2
        assert len(await stores[0].posts(channel.id)) == 2
    finally:
        for st in stores:
            await st.close()


async def test_upgrade_moves_colon_keyed_bookkeeping_to_posts(backend: Backend) -> None:
    """A database written by revision 0001's dispatcher keeps what each channel saw, its updates and charts."""
    engine = backend.engine()
    try:
        await migrate(engine, "0001")
        async with engine.begin() as conn:
            ex = conn.execute
            await ex(text("INSERT INTO channels (id, platform, external_id, created_at) VALUES (1, 'slack', 'C1', :t)"),
                     {"t": T0})
            for aid in (1, 2, 3):
                await ex(text("INSERT INTO articles (id, title, published, text, summary, announce, created_at) "
                              "VALUES (:i, 't', :t, 'x', '', true, :t)"), {"i": aid, "t": T0})
            for sid, key, members in ((1, "a1", [1, 2, 3]), (2, "seen:1:a1", [1, 2]), (3, "update:a1:3", [3]),
                                      (4, "chart:2026-W48", [])):
                await ex(text("INSERT INTO stories (id, key, headline, first_seen, updated_at) VALUES (:i, :k, 'h', :t, :t)"),
                         {"i": sid, "k": key, "t": T0})
                for aid in members:
                    await ex(text("INSERT INTO story_articles (story_id, article_id) VALUES (:s, :a)"), {"s": sid, "a": aid})
                if sid != 2:
                    await ex(text("INSERT INTO posts (id, channel_id, story_id, state, created_at) "
                                  "VALUES (:i, 1, :s, 'sent', :t)"), {"i": 10 + sid, "s": sid, "t": T0})
        await migrate(engine)
        st = Store(engine)
        posts = {p.id: p for p in await st.posts(1)}
        assert (posts[11].kind, posts[11].story_id) == ("story", 1)
        assert (posts[13].kind, posts[13].parent_post_id, posts[13].newest_article_id) == ("update", 11, 3)
        assert (posts[14].kind, posts[14].chart_week, posts[14].story_id) == ("chart", "2026-W48", None)
        assert await st.shown_articles([11]) == {11: {1, 2}}  # the update's own reports were not recorded by 0001
        assert [r.key for r in await st.stories(ids=[1, 2, 3, 4])] == ["a1"]
        assert await st.story_keys([1, 2, 3]) == {1: "a1", 2: "a1", 3: "a1"}
    finally:
        await engine.dispose()
