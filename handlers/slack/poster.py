"""Posting to channels, one message or file at a time (``handlers.slack.publisher`` decides what to post).

Slack allows about one message per second per channel, so posts to one channel go one at a time
with at least ``min_interval`` between them. 429s and 5xx are retried by the client's retry
handlers (``handlers.slack.client``), which wait as long as Slack's Retry-After says.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.infra.log import get_logger
from handlers.slack.render import SlackMessage

log = get_logger(__name__)


class Poster:
    def __init__(self, client: AsyncWebClient, min_interval: float = 1.0) -> None:
        self.client = client
        self.min_interval = min_interval
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._last: dict[str, float] = {}

    @asynccontextmanager
    async def _turn(self, channel: str) -> AsyncIterator[None]:
        """Hold the channel's turn, starting no sooner than ``min_interval`` after its last post."""
        async with self._locks[channel]:
            wait = self._last.get(channel, float("-inf")) + self.min_interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                yield
            finally:
                self._last[channel] = time.monotonic()

    async def post(
        self,
        channel: str,
        message: SlackMessage,
        thread_ts: str | None = None,
        *,
        metadata: dict[str, Any] | None = None,
    ) -> str:
        """Post one message in the channel's turn; returns its ``ts`` (reply in its thread with ``thread_ts``).
        ``metadata`` travels with the message and comes back from conversations.history."""
        async with self._turn(channel):
            resp = await self.client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=message.blocks,
                thread_ts=thread_ts,
                metadata=metadata,
                unfurl_links=False,
                unfurl_media=False,
            )
        log.info("slack.posted", channel=channel, ts=resp["ts"], blocks=len(message.blocks))
        return str(resp["ts"])

    async def history(self, channel: str, oldest: float, cursor: str | None = None, limit: int = 200) -> dict[str, Any]:
        """One page of the channel's messages since ``oldest`` (a Unix time), with their metadata: how the
        publisher finds a post that may have gone out before a crash."""
        resp = await self.client.conversations_history(
            channel=channel,
            oldest=f"{oldest:.6f}",
            include_all_metadata=True,
            limit=limit,
            cursor=cursor,
        )
        return dict(resp.data) if isinstance(resp.data, dict) else {}

    async def upload_chart(
        self,
        channel: str,
        png: bytes,
        title: str = "Weekly chart",
        filename: str = "weekly.png",
        comment: str | None = None,
        thread_ts: str | None = None,
    ) -> str:
        """Share a PNG in the channel through the files upload API; returns the file id."""
        async with self._turn(channel):
            resp = await self.client.files_upload_v2(
                channel=channel,
                file=png,
                filename=filename,
                title=title,
                initial_comment=comment,
                thread_ts=thread_ts,
            )
        file_id = str(resp["file"]["id"])
        log.info("slack.uploaded", channel=channel, file=file_id, bytes=len(png))
        return file_id
