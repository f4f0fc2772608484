"""The terminal as a ``bot.publishing.publisher.Publisher``: prints what would be posted."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from rich.console import Console

from bot.publishing.digest import Digest, DigestItem
from bot.publishing.publisher import Part, Sent
from handlers.terminal.render import render_digest


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
        self.console.print(render_digest(digest))
        return [Part(tuple(i.story_key for i in digest.items), self._sent())]

    async def publish_item(
        self, channel: str, item: DigestItem, *, watch: str | None = None, thread: str | None = None
    ) -> Sent:
        label = f"update to post {thread}" if thread else f"watch: {watch}" if watch else "new story"
        self.console.print(f"[bold]{label}[/bold]")
        when = item.updated or datetime.now(UTC)
        self.console.print(render_digest(Digest(since=when, generated_at=when, items=[item], title=label)))
        return self._sent()

    async def publish_chart(self, channel: str, png: bytes, key: str, title: str, description: str) -> Sent:
        self.console.print(f"[bold]{title}[/bold]: {description} ({len(png):,} bytes of PNG)")
        return self._sent()

    async def publish_notice(self, channel: str, text: str) -> Sent:
        self.console.print(text, markup=False)
        return self._sent()

    async def find_posted(self, channel: str, keys: Collection[str], since: datetime) -> dict[str, Sent] | None:
        return None  # a terminal keeps no history
