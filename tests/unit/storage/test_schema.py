"""Migrations build the schema the tables describe, on SQLite and PostgreSQL, and re-running is a no-op."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from bot.storage import Store, migrate
from bot.storage.db import alembic_config
from bot.storage.search import is_search_object
from bot.storage.tables import Base
from tests.storage_fixtures import Backend, add


def _schema_diff(c: Connection) -> list[object]:
    ctx = MigrationContext.configure(c, opts={"include_object": is_search_object})
    return compare_metadata(ctx, Base.metadata)


TABLES = {
    "feeds", "articles", "people", "quotes", "figures", "mentions", "channels", "watches", "stories",
    "story_articles", "posts", "post_articles", "leases", "subscriptions", "channel_filters", "feed_seeds",
}


async def test_upgrade_twice_is_a_noop_and_matches_the_tables(backend: Backend) -> None:
    engine = backend.engine()
    try:
        await migrate(engine)
        async with engine.connect() as conn:
            first = await conn.run_sync(lambda c: sorted(inspect(c).get_table_names()))
            version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
        await migrate(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(lambda c: sorted(inspect(c).get_table_names())) == first
            diff = await conn.run_sync(lambda c: _schema_diff(c))
        assert set(first) >= TABLES
        assert version == "0010"
        assert diff == []  # the migration creates exactly what tables.py declares
    finally:
        await engine.dispose()


async def test_workers_starting_together_migrate_one_at_a_time(backend: Backend) -> None:
    """As the web and worker processes do: each engine's migration waits for the one before it."""
    engines = [backend.engine() for _ in range(3)]
    try:
        await asyncio.gather(*(migrate(e) for e in engines))
        async with engines[0].connect() as conn:
            assert (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all() == ["0010"]
    finally:
        for e in engines:
            await e.dispose()


async def test_downgrade_to_0001_keeps_the_data_and_upgrades_again(backend: Backend) -> None:
    engine = backend.engine()

    def downgrade(connection: Connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0001")

    try:
        await migrate(engine)
        st = Store(engine)
        aid = await add(st, 1)
        channel = await st.ensure_channel("slack", "C1")
        story = await st.save_story("a1", "Shelters", [aid])
        await st.claim_post(channel.id, story.id, article_ids=[aid])
        async with engine.begin() as conn:
            await conn.run_sync(downgrade)
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT count(*) FROM articles"))).scalar_one() == 1
            assert (await conn.execute(text("SELECT count(*) FROM posts"))).scalar_one() == 1
        await migrate(engine)
        async with engine.connect() as conn:
            diff = await conn.run_sync(lambda c: _schema_diff(c))
        assert diff == []
        assert [p.story_id for p in await st.posts(channel.id)] == [story.id]
    finally:
        await engine.dispose()


async def test_sqlite_pragmas(backend: Backend) -> None:
    if backend.name != "sqlite":
        return
    engine = backend.engine()
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar_one() == "wal"
            assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar_one() == 1
            assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar_one() >= 1000
    finally:
        await engine.dispose()


async def test_store_open_migrates(tmp_path) -> None:
    st = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        assert await st.list_feeds() == []
    finally:
        await st.close()


async def test_timestamps_come_back_aware_utc(store: Store) -> None:
    eastern = timezone(timedelta(hours=-5))
    published = datetime(2024, 12, 12, 10, 30, tzinfo=eastern)
    aid = await add(store, 1, published=published)
    naive = await add(store, 2, published=datetime(2024, 12, 13, 9, 0))  # naive means UTC
    rows = {a.id: a for a in await store.news(None, relevant_only=False)}
    assert rows[aid].published == published
    assert rows[aid].published.utcoffset() == timedelta(0) and rows[aid].published.tzinfo is not None
    assert rows[naive].published == datetime(2024, 12, 13, 9, 0, tzinfo=UTC)
    feed = await store.add_feed("https://news.example/feed.xml")
    assert feed.created_at.tzinfo is not None and feed.created_at.utcoffset() == timedelta(0)
    # comparisons against aware values in another zone work on both backends
    since = datetime(2024, 12, 12, 15, 29, tzinfo=UTC)
    assert [a.id for a in await store.news(None, since=since, relevant_only=False)] == [naive, aid]
    since = datetime(2024, 12, 12, 15, 31, tzinfo=UTC)
    assert [a.id for a in await store.news(None, since=since, relevant_only=False)] == [naive]
