"""A chat platform as the poster loop sees it: the ``Publisher`` protocol, and what a send reports.

Handlers adapt Slack, Discord and the terminal to it; nothing here imports a platform. The protocol
spells out how a send can fail: ``PublishError`` when the platform certainly refused (nothing was
shown), any other exception when the post's fate is unknown (the loop then looks for it, see
``bot.publishing.poster_loop``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.errors import NewsbotError
from bot.publishing.digest import Digest, DigestItem


@dataclass(frozen=True, slots=True)
class Sent:
    """Where a post landed: its (first) message id, and what a reply in its thread answers."""

    message_id: str | None
    thread_ref: str | None


@dataclass(frozen=True, slots=True)
class Part:
    """One message of a digest: the story keys it carries (only its own), and where it landed."""

    keys: tuple[str, ...]
    sent: Sent


class PublishError(NewsbotError):
    """The platform refused the post for sure (bad channel, invalid payload): nothing was shown."""


class Publisher(Protocol):
    """One chat platform, as the dispatcher sees it. Every message carries the story keys it shows, so
    ``find_posted`` can tell after a crash whether it went out. Raise PublishError when the platform
    certainly refused; any other exception leaves the post's fate unknown."""

    platform: str  # the channels.platform value it serves

    def ready(self) -> bool:
        """False while the platform's connection is not up yet (its channels wait for a later round)."""
        ...

    async def publish_digest(self, channel: str, digest: Digest) -> list[Part]:
        """Post the digest over as many messages as it needs, each carrying only its own stories' keys, and
        return the messages that went out, in order. When the platform refuses a later message, the ones
        before it (the stories of the rest were not shown); PublishError when it refuses the first."""
        ...

    async def publish_item(
        self, channel: str, item: DigestItem, *, watch: str | None = None, thread: str | None = None
    ) -> Sent:
        """A watch alert (``watch``: why it fired), or an update answering the post ``thread``."""
        ...

    async def publish_chart(self, channel: str, png: bytes, key: str, title: str, description: str) -> Sent: ...

    async def publish_notice(self, channel: str, text: str) -> Sent:
        """A short line from newsbot itself (a feed stopped working, or works again)."""
        ...

    async def find_posted(self, channel: str, keys: Collection[str], since: datetime) -> dict[str, Sent] | None:
        """Where the messages carrying ``keys`` and posted since ``since`` are; a key missing from the answer
        was certainly not posted. Keys the platform cannot look for (an uploaded file) are answered with
        ``Sent(None, None)``, and None means it cannot tell at all: both count as posted."""
        ...
