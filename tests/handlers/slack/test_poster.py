"""Posting through the real slack-sdk client to the fake Web API (the poster, through the production
publisher): pacing, 429/5xx retries, uploads."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import ClientConnectorError, ServerDisconnectedError
from aiohttp.client_reqrep import ConnectionKey
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.state import RetryState

from config.settings import Settings
from handlers.slack.client import CONNECTION_ERRORS, ConnectionErrorRetryHandler, web_client
from handlers.slack.poster import Poster
from handlers.slack.publisher import METADATA_EVENT, SlackPublisher
from tests.fakes.command_service import digest, digest_item
from tests.fakes.slack_api import FakeSlack, live_mentions

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as f:
        yield f
        assert [c.problems for c in f.calls if c.problems] == []


def poster(fake: FakeSlack, min_interval: float = 1.0) -> Poster:
    settings = Settings(slack={"api_url": fake.api_url}, SLACK_BOT_TOKEN="xoxb-test-token")
    return Poster(web_client(settings), min_interval=min_interval)


def publisher(fake: FakeSlack, min_interval: float = 1.0) -> SlackPublisher:
    return SlackPublisher(poster(fake, min_interval))


async def test_429_is_retried_after_retry_after_and_posted_once(fake: FakeSlack) -> None:
    fake.fail_next(1, status=429, retry_after=1, methods={"chat.postMessage"})
    ts = (await publisher(fake).publish_item("C1", digest_item(1), watch="Homan")).message_id
    attempts = fake.calls_to("chat.postMessage", ok_only=False)
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # waited as Retry-After said
    assert len(fake.calls_to("chat.postMessage")) == 1 and ts.endswith("000001")


async def test_server_error_is_retried_with_backoff_when_the_call_posts_nothing(fake: FakeSlack) -> None:
    fake.fail_next(1, status=502, methods={"auth.test"})
    resp = await poster(fake).client.auth_test()
    assert resp["ok"] is True
    assert [c.status for c in fake.calls_to("auth.test", ok_only=False)] == [502, 200]


async def test_a_post_answered_with_a_server_error_is_not_sent_again(fake: FakeSlack) -> None:
    """A 5xx may follow a message Slack posted: a second send could show it twice (the dispatcher checks the
    channel's history instead)."""
    fake.fail_next(1, status=502, methods={"chat.postMessage"})
    with pytest.raises(SlackApiError):
        await publisher(fake).publish_item("C1", digest_item(1), watch="asylum")
    assert [c.status for c in fake.calls_to("chat.postMessage", ok_only=False)] == [502]


async def test_a_post_is_retried_only_when_the_connection_never_opened() -> None:
    """A refused connection reached nobody, so a second try cannot post twice; a connection dropped after the
    request went out may have posted it."""
    handler = ConnectionErrorRetryHandler(max_retry_count=2, error_types=[*CONNECTION_ERRORS])
    post = HttpRequest(method="POST", url="http://127.0.0.1:9/api/chat.postMessage", headers={})
    read = HttpRequest(method="POST", url="http://127.0.0.1:9/api/conversations.history", headers={})
    refused = ClientConnectorError(
        ConnectionKey("127.0.0.1", 9, False, True, None, None, None), ConnectionRefusedError(111, "refused")
    )
    dropped = ServerDisconnectedError()

    async def can(request: HttpRequest, error: Exception) -> bool:
        return await handler.can_retry_async(state=RetryState(), request=request, error=error)

    assert await can(post, refused) and await can(read, refused)
    assert not await can(post, dropped) and await can(read, dropped)


async def test_at_most_one_message_per_second_per_channel(fake: FakeSlack) -> None:
    p = publisher(fake)
    await asyncio.gather(
        p.publish_item("C1", digest_item(1), watch="a"),
        p.publish_item("C1", digest_item(2), watch="b"),
        p.publish_item("C2", digest_item(3), watch="c"),
    )
    c1 = [c.at for c in fake.calls_to("chat.postMessage") if c.params["channel"] == "C1"]
    [c2] = [c.at for c in fake.calls_to("chat.postMessage") if c.params["channel"] == "C2"]
    assert len(c1) == 2 and c1[1] - c1[0] >= 0.95
    assert c2 - c1[0] < 0.5  # another channel does not wait its turn


async def test_long_digest_is_posted_as_several_messages_in_order(fake: FakeSlack) -> None:
    items = [digest_item(n, summary="policy <!channel> & more " * 80) for n in range(1, 41)]
    parts = await publisher(fake, min_interval=0.05).publish_digest("C1", digest(items))
    ts = [part.sent.message_id for part in parts]
    posts = fake.calls_to("chat.postMessage")
    assert len(ts) == len(posts) >= 2 and ts == sorted(ts)
    assert all(part.sent.thread_ref == part.sent.message_id for part in parts)  # each message starts its own thread
    assert [k for part in parts for k in part.keys] == [f"a{n}" for n in range(1, 41)]  # every story, in order
    metadata = [p.params["metadata"] for p in posts]
    assert all(
        json.loads(m)["event_type"] == METADATA_EVENT if isinstance(m, str) else m["event_type"] == METADATA_EVENT
        for m in metadata
    )
    assert all(live_mentions(p.params) == [] for p in posts)
    assert posts[0].params["blocks"][0]["type"] == "header"


async def test_chart_is_uploaded_through_the_v2_file_api(fake: FakeSlack) -> None:
    file_id = await poster(fake).upload_chart("C1", PNG, title="Week 50", comment="Mentions this week")
    assert [c.method for c in fake.calls] == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    assert fake.uploads[file_id] == PNG
    complete = fake.calls_to("files.completeUploadExternal")[0].params
    assert complete["channel_id"] == "C1" and complete["initial_comment"] == "Mentions this week"
    assert int(fake.calls_to("files.getUploadURLExternal")[0].params["length"]) == len(PNG)
