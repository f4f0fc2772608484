"""Discord as a ``bot.publishing.publisher.Publisher``: digests, alerts and charts through the ``Poster``.

Every post carries the story keys it shows in the footer of each story's embed, so the dispatcher can find
it after a crash (read back from the channel's recent messages).
"""

from __future__ import annotations

import io
from collections.abc import Collection, Sequence
from datetime import datetime

import discord

from bot.infra.log import get_logger
from bot.publishing.digest import Digest, DigestItem
from bot.publishing.publisher import Part, PublishError, Sent
from handlers.discord.escape import clip, escape
from handlers.discord.poster import Poster
from handlers.discord.render import COLOR, DESCRIPTION, TITLE, Reply, alert_embed, content, digest_replies, pack

log = get_logger(__name__)

FOOTER_PREFIX = "newsbot story "
HISTORY_MESSAGES = 500  # recent messages searched for a lost post before giving up (= cannot tell)
CHART_FILE = "weekly.png"


def tag(embed: discord.Embed, key: str) -> discord.Embed:
    """Mark a story's embed with its key, where ``find_posted`` reads it back."""
    return embed.set_footer(text=FOOTER_PREFIX + key)


def chart_embed(key: str, title: str, description: str) -> discord.Embed:
    """The chart's embed, showing the attached PNG."""
    embed = discord.Embed(
        title=clip(escape(title), TITLE), description=clip(escape(description), DESCRIPTION), colour=COLOR
    )
    embed.set_image(url=f"attachment://{CHART_FILE}")
    return tag(embed, key)


class DiscordPublisher:
    platform = "discord"

    def __init__(self, poster: Poster) -> None:
        self.poster = poster

    def ready(self) -> bool:
        return self.poster.ready()

    async def _send_parts(
        self,
        channel: str,
        replies: Sequence[tuple[Reply, Sequence[str]]],
        *,
        reply_to: int | None = None,
        files: Sequence[discord.File] = (),
    ) -> list[Part]:
        """Send the messages one at a time, in order; stop at the first Discord refuses (see Publisher)."""
        parts: list[Part] = []
        for i, (reply, keys) in enumerate(replies):
            try:
                ids = await self.poster.send(
                    int(channel), [reply], reply_to=reply_to if i == 0 else None, files=files if i == 0 else ()
                )
            except discord.HTTPException as e:
                if e.status >= 500:  # a server error may or may not have posted it
                    raise
                # Forbidden, NotFound or another 4xx: Discord refused this message, and would the rest
                if not parts:
                    raise PublishError(str(e)) from e
                log.error(
                    "discord.digest_incomplete",
                    channel=channel,
                    status=e.status,
                    posted=len(parts),
                    unsent=len(replies) - len(parts),
                )
                break
            first = str(ids[0])
            parts.append(Part(tuple(keys), Sent(first, str(reply_to) if reply_to else first)))
        return parts

    async def _send(
        self, channel: str, replies: Sequence[Reply], *, reply_to: int | None = None, files: Sequence[discord.File] = ()
    ) -> Sent:
        parts = await self._send_parts(channel, [(r, ()) for r in replies], reply_to=reply_to, files=files)
        return parts[0].sent

    async def publish_digest(self, channel: str, digest: Digest) -> list[Part]:
        return await self._send_parts(channel, digest_replies(digest, lambda e, i: tag(e, i.story_key)))

    async def publish_item(
        self, channel: str, item: DigestItem, *, watch: str | None = None, thread: str | None = None
    ) -> Sent:
        embed = tag(alert_embed(item, watch, update=bool(thread)), item.story_key)
        return await self._send(channel, pack([embed]), reply_to=int(thread) if thread else None)

    async def publish_chart(self, channel: str, png: bytes, key: str, title: str, description: str) -> Sent:
        chart = discord.File(io.BytesIO(png), filename=CHART_FILE)
        return await self._send(channel, pack([chart_embed(key, title, description)]), files=[chart])

    async def publish_notice(self, channel: str, text: str) -> Sent:
        return await self._send(channel, [Reply(content=content(text))])

    async def find_posted(self, channel: str, keys: Collection[str], since: datetime) -> dict[str, Sent] | None:
        want, found = set(keys), dict[str, Sent]()
        try:
            seen = 0
            async for m in self.poster.history(int(channel), after=since, limit=HISTORY_MESSAGES):
                seen += 1
                for e in m.embeds:
                    text = (e.footer.text or "") if e.footer else ""
                    if text.startswith(FOOTER_PREFIX) and (key := text.removeprefix(FOOTER_PREFIX)) in want:
                        ref = m.reference.message_id if m.reference and m.reference.message_id else m.id
                        found.setdefault(key, Sent(str(m.id), str(ref)))
        except discord.HTTPException as e:
            log.warning("discord.history_unavailable", channel=channel, status=e.status)
            return None
        return found if seen < HISTORY_MESSAGES else None
