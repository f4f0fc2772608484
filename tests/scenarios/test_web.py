"""The web process: health with database and feed-loop liveness, Prometheus metrics."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.commands.service import CommandService
from bot.storage.repo import Store
from config.settings import FeedConfig
from handlers.web import SERVICE, make_web_app
from tests.support import free_port, make_settings


async def client_for(tmp_path: Path, feeds: list[FeedConfig]) -> tuple[TestClient, Store]:
    settings = make_settings(tmp_path, feeds=feeds)
    store = await Store.open(settings.database_url)
    await store.sync_feeds(feeds)
    client = TestClient(TestServer(make_web_app(settings, CommandService(store, settings))))
    await client.start_server()
    return client, store


async def test_healthz_reports_stale_feed_loop_then_ok(tmp_path: Path) -> None:
    client, store = await client_for(tmp_path, [FeedConfig(url="https://example.org/feed")])
    try:
        resp = await client.get("/healthz")
        body = await resp.json()
        assert resp.status == 503 and body["database"] == "ok" and body["feed_loop"] == "stale"
        (feed,) = await store.list_feeds()
        now = datetime.now(UTC)
        await store.record_feed_success(feed.id, etag=None, last_modified=None,
                                        next_poll_at=now + timedelta(minutes=15), now=now)
        resp = await client.get("/healthz")
        assert resp.status == 200 and (await resp.json())["status"] == "ok"
    finally:
        await client.close()
        await store.close()


async def test_healthz_is_degraded_while_every_feed_fails(tmp_path: Path) -> None:
    feeds = [FeedConfig(url="https://example.org/a"), FeedConfig(url="https://example.org/b")]
    client, store = await client_for(tmp_path, feeds)
    try:
        now = datetime.now(UTC)
        a, b = await store.list_feeds()
        await store.record_feed_failure(a.id, error="HTTP 503", error_kind="http_5xx", next_poll_at=now, now=now)
        await store.record_feed_success(b.id, etag=None, last_modified=None, next_poll_at=now, now=now)
        resp = await client.get("/healthz")
        body = await resp.json()
        assert resp.status == 200 and body["status"] == "ok" and body["failing_feeds"] == 1  # one outlet down
        await store.record_feed_failure(b.id, error="timed out", error_kind="timeout", next_poll_at=now, now=now)
        resp = await client.get("/healthz")
        body = await resp.json()
        assert resp.status == 503 and body["status"] == "degraded" and body["feeds_status"] == "all failing"
        assert body["feed_loop"] == "ok"  # polled recently: degraded because every feed fails
    finally:
        await client.close()
        await store.close()


async def test_healthz_fails_when_the_database_is_gone(tmp_path: Path) -> None:
    client, store = await client_for(tmp_path, [])
    try:
        await store.engine.dispose()
        (tmp_path / "test.db").unlink()
        (tmp_path / "test.db").mkdir()  # a directory where the database file was: every connect fails
        resp = await client.get("/healthz")
        body = await resp.json()
        # the SQLite file is no longer the one opened (see tests/test_database_guard.py)
        assert resp.status == 503 and body["status"] == "fail" and body["database"] == "replaced"
    finally:
        await client.close()


async def test_healthz_fails_when_the_database_server_is_away(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    store = await Store.open(f"postgresql+asyncpg://newsbot@127.0.0.1:{free_port()}/news", migrate=False)
    client = TestClient(TestServer(make_web_app(settings, CommandService(store, settings))))
    await client.start_server()
    try:
        resp = await client.get("/healthz")  # nothing listens there: refused at once
        assert resp.status == 503 and await resp.json() == {"status": "fail", "database": "unreachable"}
    finally:
        await client.close()
        await store.close()


async def test_metrics_are_exposed(tmp_path: Path) -> None:
    client, store = await client_for(tmp_path, [])
    try:
        resp = await client.get("/metrics")
        text = await resp.text()
        assert resp.status == 200
        for name in ("newsbot_feeds_polled_total", "newsbot_fetch_errors_total", "newsbot_extraction_seconds",
                     "newsbot_posts_total", "newsbot_command_seconds"):
            assert name in text
    finally:
        await client.close()
        await store.close()


async def test_command_latency_is_recorded(tmp_path: Path) -> None:
    client, store = await client_for(tmp_path, [])
    try:
        await client.app[SERVICE].handle("/newsbot help")
        text = await (await client.get("/metrics")).text()
        assert 'newsbot_command_seconds_count{command="help",platform="terminal"}' in text
    finally:
        await client.close()
        await store.close()


async def test_startup_objects_are_frozen_out_of_full_collections(tmp_path: Path) -> None:
    gc.unfreeze()  # an earlier test's web app may have frozen them already
    client, store = await client_for(tmp_path, [])
    try:
        assert gc.get_freeze_count() > 0  # a full collection no longer rescans what startup built
    finally:
        await client.close()
        await store.close()
