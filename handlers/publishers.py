"""Slack, Discord and the terminal as ``bot.publishing.poster_loop.Publisher``s.

Every post carries the story keys it shows, so the dispatcher can find it after a crash: on Slack in
the message metadata (read back with conversations.history; needs the channels:history scope), on
Discord in the footer of each story's embed (read back from the channel's recent messages).
"""

from __future__ import annotations

import io
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

import discord
from rich.console import Console
from slack_sdk.errors import SlackApiError

from bot.infra.log import get_logger
from bot.publishing.digest import Digest, DigestItem
from bot.publishing.publisher import Part, PublishError, Sent
from handlers.discord.escape import clip, escape
from handlers.discord.poster import Poster as DiscordPoster
from handlers.discord.render import COLOR, DESCRIPTION, TITLE, Reply, digest_replies, pack, story_embed
from handlers.discord.render import render_digest as discord_digest
from handlers.slack.poster import Poster as SlackPoster
from handlers.slack.render import SlackMessage, context, digest_messages
from handlers.slack.render import render_alert as slack_alert
from handlers.slack.render import render_digest as slack_digest
from handlers.terminal import render_digest as terminal_digest

log = get_logger(__name__)

METADATA_EVENT = "newsbot_post"
FOOTER_PREFIX = "newsbot story "
HISTORY_PAGES = 5  # pages of 200 messages searched for a lost post before giving up (= cannot tell)
CHART_PREFIX = "chart:"


def _metadata(keys: Sequence[str]) -> dict[str, Any]:
    return {"event_type": METADATA_EVENT, "event_payload": {"stories": list(keys)}}


def _untraceable(keys: Collection[str]) -> dict[str, Sent]:
    """Charts go out as files, which carry no key: they count as posted (never upload twice)."""
    return {k: Sent(None, None) for k in keys if k.startswith(CHART_PREFIX)}


class SlackPublisher:
    platform = "slack"

    def __init__(self, poster: SlackPoster) -> None:
        self.poster = poster

    def ready(self) -> bool:
        return True

    async def _post(self, channel: str, message: SlackMessage, keys: Sequence[str], thread_ts: str | None) -> str:
        # Poster.post has no metadata argument: same call, same per-channel pacing, plus the keys.
        async with self.poster._turn(channel):
            resp = await self.poster.client.chat_postMessage(
                channel=channel, text=message.text, blocks=message.blocks, thread_ts=thread_ts,
                metadata=_metadata(keys), unfurl_links=False, unfurl_media=False,
            )
        return str(resp["ts"])

    async def _post_parts(self, channel: str, messages: Sequence[tuple[SlackMessage, Sequence[str]]],
                          thread_ts: str | None = None) -> list[Part]:
        """Post the messages in order, each with its keys; stop at the first Slack refuses (see Publisher)."""
        parts: list[Part] = []
        for message, keys in messages:
            try:
                ts = await self._post(channel, message, keys, thread_ts)
            except SlackApiError as e:
                if e.response.status_code >= 500:  # a server error after the retries: it may have been posted
                    raise
                # Slack answered ok=false: this message was not posted, nor will the rest be
                error = str(e.response.get("error"))
                if not parts:
                    raise PublishError(error) from e
                log.error("slack.digest_incomplete", channel=channel, error=error, posted=len(parts),
                          unsent=len(messages) - len(parts))
                break
            parts.append(Part(tuple(keys), Sent(ts, thread_ts or ts)))
        return parts

    async def publish_digest(self, channel: str, digest: Digest) -> list[Part]:
        return await self._post_parts(channel, digest_messages(digest))

    async def publish_item(
        self, channel: str, item: DigestItem, *, watch: str | None = None, thread: str | None = None
    ) -> Sent:
        message = slack_alert(watch or "", item)
        if thread is not None:  # an update: say so instead of naming a watch
            message = SlackMessage(message.text, [context(":arrows_counterclockwise: *Update*"), *message.blocks[1:]],
                                   in_channel=True)
        (part,) = await self._post_parts(channel, [(message, [item.story_key])], thread)
        return part.sent

    async def publish_chart(self, channel: str, png: bytes, key: str, title: str, description: str) -> Sent:
        try:
            file_id = await self.poster.upload_chart(channel, png, title=title, comment=description)
        except SlackApiError as e:
            raise PublishError(str(e.response.get("error"))) from e
        return Sent(file_id, None)

    async def find_posted(self, channel: str, keys: Collection[str], since: datetime) -> dict[str, Sent] | None:
        want, found = set(keys), _untraceable(keys)
        cursor = None
        try:
            for _ in range(HISTORY_PAGES):
                resp = await self.poster.client.conversations_history(
                    channel=channel, oldest=f"{since.timestamp():.6f}", include_all_metadata=True, limit=200,
                    cursor=cursor,
                )
                for m in resp.get("messages", []):
                    meta = m.get("metadata") or {}
                    if meta.get("event_type") != METADATA_EVENT:
                        continue
                    for key in meta.get("event_payload", {}).get("stories", []):
                        if key in want:
                            found.setdefault(key, Sent(m["ts"], m.get("thread_ts") or m["ts"]))
                cursor = (resp.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return found
        except SlackApiError as e:
            log.warning("slack.history_unavailable", channel=channel, error=e.response.get("error"))
            return None
        return None  # more history than we searched: cannot tell


class DiscordPublisher:
    platform = "discord"

    def __init__(self, poster: DiscordPoster) -> None:
        self.poster = poster

    def ready(self) -> bool:
        return self.poster.client.is_ready()

    @staticmethod
    def _tag(embed: discord.Embed, key: str) -> discord.Embed:
        return embed.set_footer(text=FOOTER_PREFIX + key)

    async def _send_parts(self, channel: str, replies: Sequence[tuple[Reply, Sequence[str]]], *,
                          reply_to: int | None = None, files: Sequence[discord.File] = ()) -> list[Part]:
        """Send the messages one at a time, in order; stop at the first Discord refuses (see Publisher)."""
        parts: list[Part] = []
        for i, (reply, keys) in enumerate(replies):
            try:
                ids = await self.poster.send(int(channel), [reply], reply_to=reply_to if i == 0 else None,
                                             files=files if i == 0 else ())
            except discord.HTTPException as e:
                if e.status >= 500:  # a server error may or may not have posted it
                    raise
                # Forbidden, NotFound or another 4xx: Discord refused this message, and would the rest
                if not parts:
                    raise PublishError(str(e)) from e
                log.error("discord.digest_incomplete", channel=channel, status=e.status, posted=len(parts),
                          unsent=len(replies) - len(parts))
                break
            first = str(ids[0])
            parts.append(Part(tuple(keys), Sent(first, str(reply_to) if reply_to else first)))
        return parts

    async def _send(self, channel: str, replies: Sequence[Reply], *, reply_to: int | None = None,
                    files: Sequence[discord.File] = ()) -> Sent:
        parts = await self._send_parts(channel, [(r, ()) for r in replies], reply_to=reply_to, files=files)
        return parts[0].sent

    async def publish_digest(self, channel: str, digest: Digest) -> list[Part]:
        return await self._send_parts(channel, digest_replies(digest, lambda e, i: self._tag(e, i.story_key)))

    async def publish_item(
        self, channel: str, item: DigestItem, *, watch: str | None = None, thread: str | None = None
    ) -> Sent:
        embed = self._tag(story_embed(item), item.story_key)
        embed.set_author(name=clip("Update" if thread else f"Watch: {watch}" if watch else "New story", 256))
        return await self._send(channel, pack([embed]), reply_to=int(thread) if thread else None)

    async def publish_chart(self, channel: str, png: bytes, key: str, title: str, description: str) -> Sent:
        filename = "weekly.png"
        embed = discord.Embed(title=clip(escape(title), TITLE), description=clip(escape(description), DESCRIPTION),
                              colour=COLOR)
        embed.set_image(url=f"attachment://{filename}")
        self._tag(embed, key)
        return await self._send(channel, pack([embed]), files=[discord.File(io.BytesIO(png), filename=filename)])

    async def find_posted(self, channel: str, keys: Collection[str], since: datetime) -> dict[str, Sent] | None:
        want, found = set(keys), {}
        limit = HISTORY_PAGES * 100
        messageable = self.poster.client.get_partial_messageable(int(channel))
        try:
            seen = 0
            async for m in messageable.history(limit=limit, after=since, oldest_first=True):
                seen += 1
                for e in m.embeds:
                    text = (e.footer.text or "") if e.footer else ""
                    if text.startswith(FOOTER_PREFIX) and (key := text.removeprefix(FOOTER_PREFIX)) in want:
                        ref = m.reference.message_id if m.reference and m.reference.message_id else m.id
                        found.setdefault(key, Sent(str(m.id), str(ref)))
        except discord.HTTPException as e:
            log.warning("discord.history_unavailable", channel=channel, status=e.status)
            return None
        return found if seen < limit else None


class TerminalPublisher:
    """Prints what would be posted (``newsbot run`` without chat platforms, and tests)."""

    platform = "terminal"

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console()
        self._n = 0

    def ready(self) -> bool:
        return True

    def _sent(self) -> Sent:
        self._n += 1
        return Sent(str(self._n), str(self._n))

    async def publish_digest(self, channel: str, digest: Digest) -> list[Part]:
        self.console.print(terminal_digest(digest))
        return [Part(tuple(i.story_key for i in digest.items), self._sent())]

    async def publish_item(
        self, channel: str, item: DigestItem, *, watch: str | None = None, thread: str | None = None
    ) -> Sent:
        label = f"update to post {thread}" if thread else f"watch: {watch}" if watch else "new story"
        self.console.print(f"[bold]{label}[/bold]")
        when = item.updated or datetime.now(UTC)
        self.console.print(terminal_digest(Digest(since=when, generated_at=when, items=[item], title=label)))
        return self._sent()

    async def publish_chart(self, channel: str, png: bytes, key: str, title: str, description: str) -> Sent:
        self.console.print(f"[bold]{title}[/bold]: {description} ({len(png):,} bytes of PNG)")
        return self._sent()

    async def find_posted(self, channel: str, keys: Collection[str], since: datetime) -> dict[str, Sent] | None:
        return None  # a terminal keeps no history


def render_as(digest: Digest, fmt: str) -> str:
    """A digest as text in one platform's form: ``newsbot digest --format`` and docs/digest-*."""
    import json

    match fmt:
        case "markdown":
            from handlers.markdown import render_digest

            return render_digest(digest)
        case "slack":
            payload = [{"text": m.text, "blocks": m.blocks} for m in slack_digest(digest)]
        case "discord":
            payload = [{"content": r.content, "embeds": [e.to_dict() for e in r.embeds]} for r in discord_digest(digest)]
        case _:
            buf = io.StringIO()
            Console(file=buf, width=100, force_terminal=False, color_system=None).print(terminal_digest(digest))
            return buf.getvalue()
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
