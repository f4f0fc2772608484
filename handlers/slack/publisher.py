"""Slack as a ``bot.publishing.publisher.Publisher``: digests, alerts and charts through the ``Poster``.

Every post carries the story keys it shows in its message metadata, so the dispatcher can find it after a
crash: read back with conversations.history (needs the channels:history scope).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.infra.log import get_logger
from bot.publishing.digest import Digest, DigestItem
from bot.publishing.publisher import Part, PublishError, Sent
from handlers.slack.mrkdwn import escape
from handlers.slack.poster import Poster
from handlers.slack.render import SlackMessage, context, digest_messages, render_alert, section
from handlers.slack.render import message as slack_message

log = get_logger(__name__)

METADATA_EVENT = "newsbot_post"
HISTORY_PAGES = 5  # pages of 200 messages searched for a lost post before giving up (= cannot tell)
CHART_PREFIX = "chart:"


def _metadata(keys: Sequence[str]) -> dict[str, Any]:
    return {"event_type": METADATA_EVENT, "event_payload": {"stories": list(keys)}}


def _untraceable(keys: Collection[str]) -> dict[str, Sent]:
    """Charts go out as files, which carry no key: they count as posted (never upload twice)."""
    return {k: Sent(None, None) for k in keys if k.startswith(CHART_PREFIX)}


def alert_message(item: DigestItem, watch: str | None, thread: str | None) -> SlackMessage:
    """A new story for a watch, or (``thread`` set) an update posted in the story's thread, which says so
    instead of naming a watch."""
    message = render_alert(watch or "", item)
    if thread is None:
        return message
    return SlackMessage(
        message.text, [context(":arrows_counterclockwise: *Update*"), *message.blocks[1:]], in_channel=True
    )


class SlackPublisher:
    platform = "slack"

    def __init__(self, poster: Poster) -> None:
        self.poster = poster

    def ready(self) -> bool:
        return True

    async def _post_parts(
        self, channel: str, messages: Sequence[tuple[SlackMessage, Sequence[str]]], thread_ts: str | None = None
    ) -> list[Part]:
        """Post the messages in order, each with its keys; stop at the first Slack refuses (see Publisher)."""
        parts: list[Part] = []
        for message, keys in messages:
            try:
                ts = await self.poster.post(channel, message, thread_ts, metadata=_metadata(keys))
            except SlackApiError as e:
                if e.response.status_code >= 500:  # a server error after the retries: it may have been posted
                    raise
                # Slack answered ok=false: this message was not posted, nor will the rest be
                error = str(e.response.get("error"))
                if not parts:
                    raise PublishError(error) from e
                log.error(
                    "slack.digest_incomplete",
                    channel=channel,
                    error=error,
                    posted=len(parts),
                    unsent=len(messages) - len(parts),
                )
                break
            parts.append(Part(tuple(keys), Sent(ts, thread_ts or ts)))
        return parts

    async def publish_digest(self, channel: str, digest: Digest) -> list[Part]:
        return await self._post_parts(channel, digest_messages(digest))

    async def publish_item(
        self, channel: str, item: DigestItem, *, watch: str | None = None, thread: str | None = None
    ) -> Sent:
        (part,) = await self._post_parts(channel, [(alert_message(item, watch, thread), [item.story_key])], thread)
        return part.sent

    async def publish_chart(self, channel: str, png: bytes, key: str, title: str, description: str) -> Sent:
        try:
            file_id = await self.poster.upload_chart(channel, png, title=title, comment=description)
        except SlackApiError as e:
            raise PublishError(str(e.response.get("error"))) from e
        return Sent(file_id, None)

    async def publish_notice(self, channel: str, text: str) -> Sent:
        (part,) = await self._post_parts(channel, [(slack_message(text, [section(escape(text))], in_channel=True), [])])
        return part.sent

    async def find_posted(self, channel: str, keys: Collection[str], since: datetime) -> dict[str, Sent] | None:
        want, found = set(keys), _untraceable(keys)
        cursor = None
        try:
            for _ in range(HISTORY_PAGES):
                page = await self.poster.history(channel, since.timestamp(), cursor)
                for m in page.get("messages", []):
                    meta = m.get("metadata") or {}
                    if meta.get("event_type") != METADATA_EVENT:
                        continue
                    for key in meta.get("event_payload", {}).get("stories", []):
                        if key in want:
                            found.setdefault(key, Sent(m["ts"], m.get("thread_ts") or m["ts"]))
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return found
        except SlackApiError as e:
            log.warning("slack.history_unavailable", channel=channel, error=e.response.get("error"))
            return None
        return None  # more history than we searched: cannot tell
