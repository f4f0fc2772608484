"""The real bolt app behind the web process on 127.0.0.1, with a fake Slack behind it: what the Slack
handler tests and the cross-platform scenarios post signed requests to."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from config.settings import Settings
from handlers.slack.app import build_app
from handlers.web import make_web_app
from tests.fakes.command_service import CannedService
from tests.fakes.slack_api import FakeSlack, sign, slash_command_body

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def make_settings(fake: FakeSlack, admins: list[str] | None = None) -> Settings:
    return Settings(
        slack={"api_url": fake.api_url, "admins": admins or []},
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_SIGNING_SECRET=SECRET,
    )


@dataclass
class Running:
    fake: FakeSlack
    service: CannedService
    server: TestServer
    http: aiohttp.ClientSession

    async def post(self, body: str, headers: dict[str, str] | None = None) -> tuple[int, Any, float]:
        started = time.monotonic()
        async with self.http.post(
            self.server.make_url("/slack/events"),
            data=body,
            headers=headers if headers is not None else sign(SECRET, body),
        ) as resp:
            raw = await resp.text()
            answer = json.loads(raw) if resp.content_type == "application/json" else raw
            return resp.status, answer, time.monotonic() - started

    async def command(self, command: str, text: str, **kw: str) -> tuple[int, Any, float]:
        return await self.post(slash_command_body(command, text, self.fake.response_url(), **kw))


@asynccontextmanager
async def running(service: CannedService, admins: list[str] | None = None) -> AsyncIterator[Running]:
    async with FakeSlack() as fake:
        settings = make_settings(fake, admins)
        server = TestServer(make_web_app(settings, service, build_app(settings, service)), host="127.0.0.1")
        await server.start_server()
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
                yield Running(fake, service, server, http)
        finally:
            await server.close()
        # whatever reached "Slack" during the test was within its limits
        assert [c.problems for c in fake.calls if c.problems] == []
