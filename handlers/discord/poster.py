"""Send messages to Discord channels by id, and read their history (``handlers.discord.publisher`` decides
what to post).

Sends go through discord.py's HTTP client, whose per-route limiter waits out 429s and retries, so a
rate-limited post is delayed, not lost. Messages of one post are sent in order, one at a time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

import discord

from bot.infra.log import get_logger
from handlers.discord.render import Reply
from handlers.discord.reply import NO_MENTIONS

log = get_logger(__name__)


class Poster:
    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def send(
        self,
        channel_id: int,
        replies: Sequence[Reply],
        *,
        reply_to: int | None = None,
        files: Sequence[discord.File] = (),
    ) -> list[int]:
        """Send the messages in order; the first answers ``reply_to`` and carries ``files``."""
        # A partial channel needs no cache or permission lookups: the id is enough to post.
        channel = self.client.get_partial_messageable(channel_id)
        ids: list[int] = []
        for i, reply in enumerate(replies):
            first = i == 0
            reference = None
            if first and reply_to:
                reference = discord.MessageReference(
                    message_id=reply_to, channel_id=channel_id, fail_if_not_exists=False
                )
            extra: dict[str, Any] = {}
            if first and files:
                extra["files"] = list(files)
            if reference is not None:
                extra["reference"] = reference
            message = await channel.send(
                content=reply.content, embeds=reply.embeds, allowed_mentions=NO_MENTIONS, **extra
            )
            ids.append(message.id)
        log.info("discord.posted", channel=channel_id, messages=len(ids), reply_to=reply_to)
        return ids

    def ready(self) -> bool:
        """Whether the client can post: after the gateway's READY, or once a REST client has logged in."""
        return self.client.is_ready()

    def history(self, channel_id: int, *, after: datetime, limit: int) -> AsyncIterator[discord.Message]:
        """The channel's messages after ``after``, oldest first, at most ``limit`` of them."""
        channel = self.client.get_partial_messageable(channel_id)
        return channel.history(limit=limit, after=after, oldest_first=True)
