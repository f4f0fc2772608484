"""Socket Mode: the app opens a websocket to the fake Slack, gets a slash-command envelope and acks it."""

from __future__ import annotations

import asyncio
import json

from bot.commands import requests as rq
from bot.commands import results as rs
from config.settings import Settings
from handlers.slack.app import build_app
from handlers.slack.socket_mode import connect_socket_mode
from tests.fakes.command_service import CannedService, person, quote
from tests.fakes.slack_api import FakeSlack, check_message, live_mentions


async def test_slash_command_envelope_is_acked_with_the_answer() -> None:
    answer = rs.WhoSaidAnswer("Homan", person(), [quote("Cooperate <!here> or step aside", "indirect")])
    service = CannedService({"whosaid": answer})
    async with FakeSlack() as fake:
        settings = Settings(slack={"api_url": fake.api_url}, SLACK_BOT_TOKEN="xoxb-test", SLACK_APP_TOKEN="xapp-1-test")
        handler = await asyncio.wait_for(connect_socket_mode(settings, build_app(settings, service)), 5)
        try:
            [opened] = fake.calls_to("apps.connections.open")
            assert opened.token == "xapp-1-test"  # the app-level token, not the bot token
            await fake.send_envelope(
                {
                    "envelope_id": "57d6a792-4d35-4d0b-b6aa-3361493e1caf",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": {
                        "token": "deprecated",
                        "team_id": "T0001",
                        "team_domain": "fake",
                        "channel_id": "C0CHAN",
                        "channel_name": "news",
                        "user_id": "U0USER",
                        "user_name": "tester",
                        "command": "/whosaid",
                        "text": "Homan",
                        "api_app_id": "A0001",
                        "is_enterprise_install": "false",
                        "response_url": fake.response_url(),
                        "trigger_id": "1.2.3",
                    },
                }
            )
            ack = await asyncio.wait_for(fake.socket_messages.get(), 5)
        finally:
            await handler.close_async()
    assert ack["envelope_id"] == "57d6a792-4d35-4d0b-b6aa-3361493e1caf"
    payload = ack["payload"]
    assert check_message(payload) == [] and live_mentions(payload) == []
    assert "_Paraphrase" in json.dumps(payload["blocks"]) and "&lt;!here&gt;" in json.dumps(payload["blocks"])
    [(request, ctx)] = service.calls
    assert (request, ctx.channel_id) == (rq.WhoSaid("Homan"), "C0CHAN")
