"""The worker process's composition: it starts, serves Slack over Socket Mode, and stops on request."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp

from bot.infra import metrics
from config.settings import DigestSettings, Settings
from handlers.app import run_worker
from tests.fakes.slack_api import FakeSlack
from tests.support import free_port


async def test_worker_connects_socket_mode_and_stops_cleanly(tmp_path: Path) -> None:
    async with FakeSlack() as fake:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'w.db'}",
            slack={"api_url": fake.api_url, "channels": ["C0NEWS"]},
            SLACK_BOT_TOKEN="xoxb-test", SLACK_APP_TOKEN="xapp-1-test",
        )
        stop = asyncio.Event()
        worker = asyncio.create_task(run_worker(settings, stop))
        try:
            for _ in range(200):  # bounded: about 20 s
                if fake.calls_to("apps.connections.open") or worker.done():
                    break
                await asyncio.sleep(0.1)
            assert not worker.done(), worker.exception() if worker.done() else None
            assert fake.calls_to("apps.connections.open"), "the worker did not open a Socket Mode connection"
        finally:
            stop.set()
            await asyncio.wait_for(worker, 15)
    assert worker.exception() is None


async def test_worker_serves_its_own_metrics_when_given_a_port(tmp_path: Path) -> None:
    port = free_port()
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'w.db'}", metrics_port=port)
    metrics.FETCH_ERRORS.labels(kind="worker-metrics-probe").inc()  # counted in this process, as the loops do
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(settings, stop))
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
            for _ in range(300):  # bounded: about 30 s (the worker loads the spaCy pipeline first)
                assert not worker.done(), worker.exception()
                try:
                    async with http.get(f"http://127.0.0.1:{port}/metrics") as r:
                        text = await r.text()
                        break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("the worker never served /metrics")
        assert 'newsbot_fetch_errors_total{kind="worker-metrics-probe"} 1.0' in text
    finally:
        stop.set()
        await asyncio.wait_for(worker, 15)


async def test_a_stop_while_a_digest_is_in_flight_still_records_it(tmp_path: Path) -> None:
    """Stop the worker while Slack has the digest but has not answered: the round finishes its bookkeeping
    (the post and the channel's last digest are recorded) before the worker ends."""
    from bot.storage.repo import Store

    async with FakeSlack() as fake:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'w.db'}", SLACK_BOT_TOKEN="xoxb-test",
            slack={"api_url": fake.api_url, "channels": ["C0NEWS"]}, digest=DigestSettings(schedule="every 6h"),
        )
        held = fake.hold("chat.postMessage")
        stop = asyncio.Event()
        worker = asyncio.create_task(run_worker(settings, stop))
        try:
            await asyncio.wait_for(held.arrived.wait(), 60)  # the worker loads the spaCy pipeline first
            stop.set()
            # The old worker cancelled its loops at once; this pause only makes sure it got the chance to.
            await asyncio.sleep(0.5)
            held.release()
        finally:
            stop.set()
            await asyncio.wait_for(worker, 30)
        store = await Store.open(settings.database_url)
        try:
            (channel,) = await store.list_channels()
            assert channel.last_digest_at is not None  # not due again at the next start
        finally:
            await store.close()
        assert len(fake.calls_to("chat.postMessage")) == 1
