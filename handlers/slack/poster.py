"""Posting to channels: digests, watch alerts and the weekly chart.

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

from slack_sdk.web.async_client import AsyncWebClient

from bot.infra.log import get_logger
from bot.publishing.digest import Digest, DigestItem
from handlers.slack.render import SlackMessage, render_alert, render_digest

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

    async def post(self, channel: str, message: SlackMessage, thread_ts: str | None = None) -> str:
        """Post one message; returns its ``ts`` (reply in its thread with ``thread_ts``)."""
        async with self._turn(channel):
            resp = await self.client.chat_postMessage(
                channel=channel,
                text=message.text,
                blocks=message.blocks,
                thread_ts=thread_ts,
                unfurl_links=False,
                unfurl_media=False,
            )
        log.info("slack.posted", channel=channel, ts=resp["ts"], blocks=len(message.blocks))
        return str(resp["ts"])

    async def post_digest(self, channel: str, digest: Digest, thread_ts: str | None = None) -> list[str]:
        """Post a digest (split over several messages when it is long); returns every message's ts."""
        return [await self.post(channel, m, thread_ts) for m in render_digest(digest)]

    async def post_alert(self, channel: str, reason: str, item: DigestItem, thread_ts: str | None = None) -> str:
        """A watch alert; pass the story's first ts as ``thread_ts`` to post an update in its thread."""
        return await self.post(channel, render_alert(reason, item), thread_ts)

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
                channel=channel, file=png, filename=filename, title=title,
                initial_comment=comment, thread_ts=thread_ts,
            )
        file_id = str(resp["file"]["id"])
        log.info("slack.uploaded", channel=channel, file=file_id, bytes=len(png))
        return file_id
