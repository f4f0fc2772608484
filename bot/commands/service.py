"""Answers parsed commands from the store. One answer per request, whatever platform asked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.commands import requests as rq
from bot.commands import results as rs
from bot.commands.parse import COMMANDS, UsageError, parse_command, parse_duration
from bot.digest import build_digest
from bot.log import get_logger
from bot.schedule import ScheduleError, parse_schedule
from bot.storage.repo import Store
from config.settings import Settings

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class CommandContext:
    """Who asked, and where; platforms fill it from their payloads."""

    platform: str  # "slack" | "discord" | "terminal"
    channel_id: str | None = None
    user_id: str | None = None
    is_admin: bool = False


TERMINAL = CommandContext(platform="terminal", is_admin=True)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class CommandService:
    def __init__(self, store: Store, settings: Settings, clock: Callable[[], datetime] = _utcnow):
        self.store = store
        self.settings = settings
        self.clock = clock

    async def handle(self, text: str, command: str | None = None, ctx: CommandContext = TERMINAL) -> rs.Result:
        """Parse and answer; a malformed command becomes a UsageAnswer, never an exception."""
        try:
            request = parse_command(text, command)
        except UsageError as e:
            return rs.UsageAnswer(str(e), e.usage)
        return await self.answer(request, ctx)

    def _since(self, delta: timedelta | None) -> datetime | None:
        return self.clock() - delta if delta else None

    async def answer(self, request: rq.Request, ctx: CommandContext = TERMINAL) -> rs.Result:
        if isinstance(request, rq.ADMIN_REQUESTS) and not ctx.is_admin:
            return rs.Notice("Only workspace admins (or users on the admin list) can change feeds.", ok=False)
        match request:
            case rq.WhoSaid(name, since, limit):
                found = await self.store.whosaid(name, since=self._since(since), limit=limit)
                return rs.WhoSaidAnswer(name, found.person, found.quotes, found.candidates, found.suggestions, since)
            case rq.Officials(query, since, limit):
                return rs.OfficialsAnswer(query, await self.store.officials(query, since=self._since(since), limit=limit))
            case rq.Figures(query, since, limit):
                return rs.FiguresAnswer(query, await self.store.figures(query, since=self._since(since), limit=limit))
            case rq.News(query, since, limit):
                return rs.NewsAnswer(query, await self.store.news(query, since=self._since(since), limit=limit))
            case rq.DigestNow(since):
                return rs.DigestAnswer(await self.digest(since))
            case rq.DigestSchedule(spec):
                try:
                    schedule = parse_schedule(spec)
                except ScheduleError as e:
                    return rs.UsageAnswer(str(e), COMMANDS["digest"].usage)
                if ctx.channel_id is None:
                    return rs.Notice("Schedules belong to a channel; run this in Slack or Discord.", ok=False)
                await self.store.set_schedule(ctx.platform, ctx.channel_id, schedule.spec)
                return rs.Notice(f"Digest schedule for this channel: {schedule.describe()}.")
            case rq.DigestOff():
                if ctx.channel_id is None:
                    return rs.Notice("Schedules belong to a channel; run this in Slack or Discord.", ok=False)
                await self.store.set_schedule(ctx.platform, ctx.channel_id, None)
                return rs.Notice("Scheduled digests are off for this channel.")
            case rq.Watch(target) | rq.Unwatch(target):
                if ctx.channel_id is None:
                    return rs.Notice("Watches belong to a channel; run this in Slack or Discord.", ok=False)
                adding = isinstance(request, rq.Watch)
                changed = await self.store.set_watch(ctx.platform, ctx.channel_id, target, enabled=adding)
                verb = ("Watching" if changed else "Already watching") if adding else (
                    "Stopped watching" if changed else "Was not watching")
                return rs.Notice(f"{verb} “{target}” in this channel.")
            case rq.FeedsList():
                return rs.FeedsAnswer(await self.store.list_feeds())
            case rq.FeedsAdd(url):
                return await self._add_feed(url)
            case rq.FeedsRemove(feed_id):
                removed = await self.store.remove_feed(feed_id)
                return rs.Notice(f"Feed {feed_id} removed." if removed else f"No feed with id {feed_id}.", ok=removed)
            case rq.Help(command):
                specs = [COMMANDS[command]] if command else list(COMMANDS.values())
                return rs.HelpAnswer(specs, command)
        raise AssertionError(f"unhandled request {request!r}")  # pragma: no cover - the match is exhaustive

    async def _add_feed(self, url: str) -> rs.Result:
        from bot.feeds.guard import BlockedAddress, check_public_url

        try:
            await check_public_url(url, self.settings.http.allow_private_addresses, self.settings.http.allowed_hosts)
        except BlockedAddress as e:
            return rs.Notice(f"Refused: {e}", ok=False)
        feed = await self.store.add_feed(url)
        return rs.Notice(f"Feed {feed.id} added: {url}. Its current items are stored, not announced.")

    async def digest(self, since: timedelta | None = None, announced_only: bool = False):
        window = since or parse_duration(self.settings.digest.since)
        now = self.clock()
        # a feed's first fetch is stored but only scheduled digests leave it out; asking shows everything
        articles = await self.store.articles_since(now - window, relevant_only=True, announced_only=announced_only)
        return build_digest(articles, since=now - window, now=now, size=self.settings.digest.size)

    async def complete_names(self, prefix: str, limit: int = 25) -> list[str]:
        return await self.store.known_names(prefix, limit=limit)
