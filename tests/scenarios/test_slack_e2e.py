"""End to end: the seed article through the real pipeline and store, asked about from Slack over HTTP."""

from __future__ import annotations

import json
import time
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from handlers.slack.app import build_app
from handlers.web import make_web_app
from tests.fakes.slack_api import FakeSlack, check_message, live_mentions, sign, slash_command_body
from tests.support import SEED_ARTICLE, make_settings, seeded_service

SECRET = "e2e-signing-secret"

pytestmark = pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="needs ../shared/eval/seed_article.txt")


async def test_whosaid_homan_shows_the_sanctuary_cities_paraphrase(tmp_path: Path) -> None:
    async with FakeSlack() as fake:
        settings = make_settings(tmp_path, slack={"api_url": fake.api_url},
                                 SLACK_BOT_TOKEN="xoxb-e2e", SLACK_SIGNING_SECRET=SECRET)
        service = await seeded_service(tmp_path, [SEED_ARTICLE.read_text(encoding="utf-8")], settings=settings)
        try:
            server = TestServer(make_web_app(settings, service, build_app(settings, service)), host="127.0.0.1")
            await server.start_server()
            try:
                body = slash_command_body("/whosaid", "Homan", fake.response_url())
                started = time.monotonic()
                async with aiohttp.ClientSession() as http, http.post(
                    server.make_url("/slack/events"), data=body, headers=sign(SECRET, body)
                ) as resp:
                    status, answer = resp.status, await resp.json()
                elapsed = time.monotonic() - started
            finally:
                await server.close()
        finally:
            await service.store.close()
    assert status == 200 and elapsed < 3.0
    assert check_message(answer) == [] and live_mentions(answer) == []
    sections = [b["text"]["text"] for b in answer["blocks"] if b["type"] == "section"]
    wanted = "leaders in sanctuary cities to either cooperate with immigration authorities or step aside"
    [block] = [s for s in sections if wanted in " ".join(s.split())]
    assert block.startswith("_Paraphrase"), block
    assert "Tom Homan" in sections[0]
    assert json.dumps(answer).count("Paraphrase") >= 1
