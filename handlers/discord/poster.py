"""Post digests, watch alerts and the weekly chart to Discord channels by id.

Sends go through discord.py's HTTP client, whose per-route limiter waits out 429s and retries, so a
rate-limited post is delayed, not lost. Messages of one post are sent in order, one at a time.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import discord

from bot.infra.log import get_logger
from bot.publishing.digest import Digest, DigestItem
from handlers.discord.escape import clip, escape
from handlers.discord.render import COLOR, DESCRIPTION, TITLE, Reply, pack, render_alert, render_digest
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
                reference = discord.MessageReference(message_id=reply_to, channel_id=channel_id, fail_if_not_exists=False)
            message = await channel.send(
                content=reply.content,
                embeds=reply.embeds,
                files=list(files) if first and files else None,
                reference=reference,
                allowed_mentions=NO_MENTIONS,
            )
            ids.append(message.id)
        log.info("discord.posted", channel=channel_id, messages=len(ids), reply_to=reply_to)
        return ids

    async def post_digest(self, channel_id: int, digest: Digest, *, reply_to: int | None = None) -> list[int]:
        return await self.send(channel_id, render_digest(digest), reply_to=reply_to)

    async def post_alert(
        self, channel_id: int, item: DigestItem, *, watch: str | None = None, reply_to: int | None = None
    ) -> list[int]:
        """A new story (or an update to one: pass the earlier message id as ``reply_to``)."""
        return await self.send(channel_id, render_alert(item, watch), reply_to=reply_to)

    async def post_chart(
        self,
        channel_id: int,
        png: bytes,
        *,
        title: str = "This week in immigration news",
        description: str | None = None,
        filename: str = "weekly.png",
    ) -> list[int]:
        embed = discord.Embed(
            title=clip(escape(title), TITLE),
            description=clip(escape(description), DESCRIPTION) if description else None,
            colour=COLOR,
        )
        embed.set_image(url=f"attachment://{filename}")
        chart = discord.File(io.BytesIO(png), filename=filename)
        return await self.send(channel_id, pack([embed]), files=[chart])
