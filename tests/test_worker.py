"""The worker process's composition: it starts, serves Slack over Socket Mode, and stops on request."""

from __future__ import annotations

import asyncio
from pathlib import Path

from config.settings import Settings
from handlers.app import run_worker
from tests.fakes.slack_api import FakeSlack


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
