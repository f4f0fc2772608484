"""Answers parsed commands from the store. One answer per request, whatever platform asked."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.commands import export
from bot.commands import requests as rq
from bot.commands import results as rs
from bot.commands.export import ExportFile
from bot.commands.parse import COMMANDS, UsageError, parse_command, parse_duration, prefixed
from bot.infra import metrics
from bot.infra.clock import utcnow
from bot.infra.log import get_logger
from bot.nlp.relevance import cached_topic
from bot.publishing.channel_view import ChannelView
from bot.publishing.digest import Digest, build_digest
from bot.publishing.frames import default_framer
from bot.publishing.schedule import ScheduleError, parse_schedule
from bot.storage import record
from bot.storage.repo import Store
from bot.storage.rows import ArticleRow, FeedRow, PersonRow
from bot.web_links import RecordLink, page_links
from config.settings import SCHEDULE_OFF, Settings

if TYPE_CHECKING:  # the fetcher (feedparser, trafilatura) loads when /feeds add first fetches, not at start
    from bot.feeds.http import FeedFetcher
    from bot.feeds.preview import Preview

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class CommandContext:
    """Who asked, and where; platforms fill it from their payloads."""

    platform: str  # "slack" | "discord" | "terminal"
    channel_id: str | None = None
    user_id: str | None = None
    is_admin: bool = False
    # the largest file the platform takes in one upload (bytes), for an export; None: export.MAX_BYTES
    upload_limit: int | None = None


TERMINAL = CommandContext(platform="terminal", is_admin=True)


def _channel_only(what: str) -> rs.Notice:
    return rs.Notice(f"{what} belong to a channel; run this in Slack or Discord.", ok=False)


class CommandService:
    def __init__(
        self, store: Store, settings: Settings, clock: Callable[[], datetime] = utcnow, *,
        fetcher: FeedFetcher | None = None,
    ):
        self.store = store
        self.settings = settings
        self.clock = clock
        self.fetcher = fetcher  # for /feeds add and test; None: a fetcher of its own for each fetch

    async def handle(self, text: str, command: str | None = None, ctx: CommandContext = TERMINAL) -> rs.Result:
        """Parse and answer; a malformed command becomes a UsageAnswer, never an exception. For callers holding
        text alone (the demo, tests); platforms parse once themselves and call ``answer``."""
        try:
            request = parse_command(text, command, self.settings.commands.prefix)
        except UsageError as e:
            return rs.UsageAnswer(str(e), e.usage)
        return await self.answer(request, ctx)

    def _since(self, delta: timedelta | None) -> datetime | None:
        return self.clock() - delta if delta else None

    async def answer(self, request: rq.Request, ctx: CommandContext = TERMINAL) -> rs.Result:
        """The plain result of a typed request, timed per platform and request type."""
        started = time.perf_counter()
        result = await self._answer(request, ctx)
        name = type(request).__name__.lower()
        metrics.COMMAND_LATENCY.labels(ctx.platform, name).observe(time.perf_counter() - started)
        return result

    async def _answer(self, request: rq.Request, ctx: CommandContext) -> rs.Result:
        if isinstance(request, rq.ADMIN_REQUESTS) and not ctx.is_admin:
            return rs.Notice("Only workspace admins (or users on the admin list) can add, remove or test feeds.",
                             ok=False)
        match request:
            case rq.WhoSaid():
                return await self._whosaid(request, ctx)
            case rq.Officials():
                return await self._officials(request)
            case rq.Figures(query, since, limit):
                return await self._figures(query, since, limit)
            case rq.News(query, since, limit):
                return await self._news(query, since, limit)
            case rq.DigestNow(since):
                return rs.DigestAnswer(await self.digest(since, ctx=ctx))
            case rq.DigestSchedule(spec):
                return await self._schedule(spec, ctx)
            case rq.DigestOff():
                return await self._schedule(SCHEDULE_OFF, ctx)
            case rq.Watch() | rq.WatchList() | rq.Unwatch():
                return await self._watches(request, ctx) if ctx.channel_id else _channel_only("Watches")
            case rq.FeedsList() | rq.FeedsAdd() | rq.FeedsRemove() | rq.FeedsTest() | rq.FeedsExport():
                return await self._feeds(request, ctx)
            case rq.FilterAdd() | rq.FilterList() | rq.FilterRemove():
                return await self._filter(request, ctx)
            case rq.Help(command):
                specs = [COMMANDS[command]] if command else list(COMMANDS.values())
                if prefix := self.settings.commands.prefix:  # the names this install answers to
                    specs = [replace(s, usage=prefixed(s.usage, prefix)) for s in specs]
                return rs.HelpAnswer(specs, command)
        raise AssertionError(f"unhandled request {request!r}")  # pragma: no cover - the match is exhaustive

    async def _watches(self, request: rq.Watch | rq.WatchList | rq.Unwatch, ctx: CommandContext) -> rs.Result:
        """/watch, /watch list and /unwatch, asked in a channel."""
        match request:
            case rq.Watch(target, kind):
                return await self._watch(ctx, target, kind)
            case rq.WatchList():
                return await self._watch_list(ctx)
            case rq.Unwatch(target):
                return await self._unwatch(ctx, target)

    async def _whosaid(self, r: rq.WhoSaid, ctx: CommandContext) -> rs.WhoSaidAnswer:
        """One page of a person's record, and the whole of it as CSV when ``export`` asks."""
        found = await self.store.whosaid(r.name, since=self._since(r.since), limit=r.limit, page=r.page, about=r.about)
        attached = None
        if r.export and found.person:
            attached = await self._export_quotes(found.person, r.since, r.about, ctx.upload_limit)
        return rs.WhoSaidAnswer(
            r.name,
            found.person,
            found.quotes,
            found.candidates,
            found.suggestions,
            r.since,
            total=found.total,
            page=r.page,
            limit=r.limit,
            about=r.about,
            export=attached,
            record=await self._record_link(found.person, bool(found.quotes)),
        )

    async def _figures(self, query: str | None, since: timedelta | None, limit: int) -> rs.FiguresAnswer:
        """Figures matching the words, linked to the figures page of the same words when pages are on."""
        figures = await self.store.figures(query, since=self._since(since), limit=limit)
        links = page_links(self.settings, self.clock())
        return rs.FiguresAnswer(query, figures, links.figures(query) if links and figures else None)

    async def _news(self, query: str, since: timedelta | None, limit: int) -> rs.NewsAnswer:
        """Articles matching the words, each linked to its story's page when the story is stored."""
        articles = await self.store.news(query, since=self._since(since), limit=limit)
        links = page_links(self.settings, self.clock())
        if links is None or not articles:
            return rs.NewsAnswer(query, articles)
        keys = await self.store.story_keys([a.id for a in articles])
        return rs.NewsAnswer(query, articles, {aid: links.story(key) for aid, key in keys.items()})

    async def _feeds(
        self, request: rq.FeedsList | rq.FeedsAdd | rq.FeedsRemove | rq.FeedsTest | rq.FeedsExport, ctx: CommandContext
    ) -> rs.Result:
        match request:
            case rq.FeedsList():
                if ctx.channel_id is None:
                    return rs.FeedsAnswer(await self.store.list_feeds())
                channel = await self.store.ensure_channel(ctx.platform, ctx.channel_id)
                return rs.FeedsAnswer(await self.store.channel_feeds(channel.id), channel=True)
            case rq.FeedsAdd(url, name):
                return await self._add_feed(url, name, ctx)
            case rq.FeedsRemove(feed_id):
                return await self._remove_feed(feed_id, ctx)
            case rq.FeedsTest(feed_id):
                return await self._test_feed(feed_id, ctx)
            case rq.FeedsExport():
                return await self._export_feeds(ctx)

    async def _officials(self, r: rq.Officials) -> rs.OfficialsAnswer:
        """Officials matching the query; none for a near name answers with the names it is near."""
        officials = await self.store.officials(r.query, since=self._since(r.since), limit=r.limit)
        suggestions = (await self.store.whosaid(r.query, limit=1)).suggestions if r.query and not officials else []
        return rs.OfficialsAnswer(r.query, officials, suggestions)

    async def _unwatch(self, ctx: CommandContext, target: str) -> rs.Notice:
        assert ctx.channel_id is not None
        channel = await self.store.ensure_channel(ctx.platform, ctx.channel_id)
        kind, value = await self._watch_target(target)
        removed = await self.store.remove_watch(channel.id, kind, value) or (
            kind == "person" and await self.store.remove_watch(channel.id, "keyword", target.strip().lower())
        )
        return rs.Notice(
            f"Stopped watching “{target}”." if removed else f"Was not watching “{target}”.", ok=bool(removed)
        )

    async def _schedule(self, spec: str, ctx: CommandContext) -> rs.Result:
        """``/digest schedule SPEC`` sets the channel's schedule; without a spec it shows it; ``/digest off``."""
        if not spec:
            return await self._show_schedule(ctx)
        if spec == SCHEDULE_OFF:
            if ctx.channel_id is None:
                return _channel_only("Schedules")
            await self.store.ensure_channel(ctx.platform, ctx.channel_id, schedule=SCHEDULE_OFF)
            return rs.Notice("Scheduled digests are off for this channel.")
        try:
            schedule = parse_schedule(spec)
        except ScheduleError as e:
            return rs.UsageAnswer(str(e), COMMANDS["digest"].usage)
        if ctx.channel_id is None:
            return _channel_only("Schedules")
        await self.store.ensure_channel(ctx.platform, ctx.channel_id, schedule=schedule.spec)
        return rs.Notice(f"Digest schedule for this channel: {schedule.describe()}.")

    async def _export_quotes(
        self, person: PersonRow, since: timedelta | None, about: str | None, upload_limit: int | None
    ) -> ExportFile:
        """The person's whole record within since/about as CSV, read from the store a batch at a time, for
        an upload of at most ``upload_limit`` bytes (and never more than export.MAX_BYTES): a larger record
        gives an ExportFile that says so (``too_large``) instead of its bytes."""
        limit = min(upload_limit or export.MAX_BYTES, export.MAX_BYTES)
        batches = self.store.record_batches(person, since=self._since(since), about=about)
        return await export.collect(batches, person.name, limit)

    async def _watch(self, ctx: CommandContext, target: str, kind: str | None) -> rs.Result:
        """A watch says what it is: a person (only by a name someone in the news has exactly) or a keyword.
        A bare target that is no one's exact name but near someone's is asked about, with buttons."""
        if kind != "keyword":
            found = await self.store.whosaid(target, limit=1)
            if found.person is not None:
                return await self._add_watch(ctx, "person", found.person.name)
            names = [c.name for c in found.candidates] or found.suggestions
            if kind == "person" or names:
                buttons = [(n, f"/watch person:{rq.quote_word(n)}") for n in names]
                if kind is None:
                    buttons.append((f"keyword “{target}”", f"/watch keyword:{rq.quote_word(target)}"))
                which = "could be several people" if found.candidates else "is no one in the news I have"
                ask = " Which one?" if found.candidates else (f" Did you mean: {', '.join(names)}?" if names else "")
                keyword = f" Or watch the keyword “{target}”." if kind is None else ""
                return rs.Notice(f"“{target}” {which}.{ask}{keyword}", ok=False, buttons=buttons)
        return await self._add_watch(ctx, "keyword", target.strip().lower())

    async def _add_watch(self, ctx: CommandContext, kind: str, value: str) -> rs.Notice:
        assert ctx.channel_id is not None
        channel = await self.store.ensure_channel(ctx.platform, ctx.channel_id)
        added = await self.store.add_watch(channel.id, kind, value)
        what = f"quotes by {value} (person)" if kind == "person" else f"stories mentioning “{value}” (keyword)"
        return rs.Notice(("Watching " if added else "Already watching ") + what + " in this channel.")

    async def _watch_list(self, ctx: CommandContext) -> rs.Notice:
        assert ctx.channel_id is not None
        channel = await self.store.ensure_channel(ctx.platform, ctx.channel_id)
        watches = await self.store.list_watches(channel.id)
        if not watches:
            return rs.Notice("No watches in this channel. Add one with /watch person:NAME or /watch keyword:WORD.")
        parts = [f"{w.value} (person)" if w.kind == "person" else f"“{w.value}” (keyword)" for w in watches]
        return rs.Notice("Watching in this channel: " + "; ".join(parts) + ".")

    async def _show_schedule(self, ctx: CommandContext) -> rs.Notice:
        """``/digest schedule`` alone: the channel's schedule (its own, else the default), and how to change it."""
        if ctx.channel_id is None:
            return _channel_only("Schedules")
        channel = await self.store.ensure_channel(ctx.platform, ctx.channel_id)
        spec = channel.schedule or self.settings.digest.schedule
        if spec == SCHEDULE_OFF:
            return rs.Notice("Scheduled digests are off for this channel. Set one with /digest schedule \"daily 08:00\".")
        own = "" if channel.schedule else " (the default)"
        return rs.Notice(f"Digest schedule for this channel: {parse_schedule(spec).describe()}{own}.")

    async def _watch_target(self, target: str) -> tuple[str, str]:
        """A watch on a known person follows that person (by canonical name); anything else is a keyword."""
        found = await self.store.whosaid(target, limit=1)
        if found.person is not None:
            return "person", found.person.name
        return "keyword", target.strip().lower()

    async def _add_feed(self, url: str, name: str | None, ctx: CommandContext) -> rs.Result:
        """Outside a channel (the terminal): add the feed for every channel. In a channel: fetch it once (the
        poller's guards), refuse it with the reason when it cannot be read, else subscribe the channel and
        answer with what the feed holds and its newest relevant item as the channel will get it."""
        from bot.feeds.guard import BlockedAddress, check_public_url

        try:
            await check_public_url(url, self.settings.http.allow_private_addresses, self.settings.http.allowed_hosts)
        except BlockedAddress as e:
            return rs.Notice(f"Refused: {e}", ok=False)
        except OSError as e:  # socket.gaierror: a mistyped host, or DNS down; the user's to fix or retry
            return rs.Notice(f"Could not look up the feed's host ({e.strerror or e}); check the URL and try again.",
                             ok=False)
        if ctx.channel_id is None:
            feed = await self.store.add_feed(url, name, shared=True)
            return rs.Notice(f"Feed {feed.id} added for every channel: {url}. Its current items are stored, "
                             "not announced.")
        preview = await self._preview(url)
        if not preview.ok:
            return rs.Notice(f"Refused: {url} cannot be read: {preview.reason}.", ok=False)
        channel = await self.store.ensure_channel(ctx.platform, ctx.channel_id)
        feed = await self.store.add_feed(url, name or None, shared=False)
        added = await self.store.subscribe(channel.id, feed.id)
        what = f"Feed {feed.id} added to this channel" if added else f"This channel already follows feed {feed.id}"
        note = f"{what}: {feed.name or preview.title or url}."
        return self._preview_result(feed, preview, note)

    async def _preview(self, url: str) -> Preview:
        from bot.feeds.preview import preview_feed
        from bot.nlp.relevance import load_topic

        return await preview_feed(url, self.settings, load_topic(self.settings.nlp.topic), self.fetcher)

    def _preview_result(self, feed: FeedRow, preview: Preview, note: str, *, public: bool = False) -> rs.Result:
        from bot.feeds.preview import as_digest_item

        newest = as_digest_item(preview.newest, feed.id, feed.name or preview.title) if preview.newest else None
        return rs.FeedPreview(feed, preview.items, preview.relevant, newest, note, public=public)

    async def _remove_feed(self, feed_id: int, ctx: CommandContext) -> rs.Result:
        """In a channel: stop following the feed (a feed for every channel is removed for every channel, and
        stays removed). Outside one: remove the feed."""
        feed = await self.store.get_feed(feed_id)
        if feed is None:
            return rs.Notice(f"No feed with id {feed_id}.", ok=False)
        if ctx.channel_id is not None and not feed.shared:  # a feed for every channel goes for every channel
            channel = await self.store.ensure_channel(ctx.platform, ctx.channel_id)
            if await self.store.unsubscribe(channel.id, feed_id):
                return rs.Notice(f"This channel no longer follows feed {feed_id} ({feed.name or feed.url}).")
            return rs.Notice(f"This channel does not follow feed {feed_id}.", ok=False)
        await self.store.remove_feed(feed_id)
        where = " for every channel" if feed.shared else ""
        return rs.Notice(f"Feed {feed_id} removed{where}: {feed.name or feed.url}.")

    async def _test_feed(self, feed_id: int, ctx: CommandContext) -> rs.Result:
        """Fetch a feed now and show its newest item to the channel, as its digest would."""
        feed = await self.store.get_feed(feed_id)
        if feed is None:
            return rs.Notice(f"No feed with id {feed_id}.", ok=False)
        preview = await self._preview(feed.url)
        if not preview.ok:
            return rs.Notice(f"Feed {feed_id} cannot be read now: {preview.reason}.", ok=False)
        return self._preview_result(feed, preview, f"Test of feed {feed_id}: {feed.name or feed.url}.", public=True)

    async def _export_feeds(self, ctx: CommandContext) -> rs.Result:
        from bot.feeds.opml import export_opml

        if ctx.channel_id is None:
            feeds = await self.store.list_feeds()
        else:
            channel = await self.store.ensure_channel(ctx.platform, ctx.channel_id)
            feeds = await self.store.channel_feeds(channel.id)
        return rs.FileAnswer("newsbot-feeds.opml", export_opml(feeds), f"{len(feeds)} feeds, as OPML.")

    async def _filter(self, request: rq.FilterAdd | rq.FilterList | rq.FilterRemove, ctx: CommandContext) -> rs.Result:
        if ctx.channel_id is None:
            return _channel_only("Filters")
        channel = await self.store.ensure_channel(ctx.platform, ctx.channel_id)
        match request:
            case rq.FilterAdd(kind, value):
                added = await self.store.add_filter(channel.id, kind, value)
                return rs.Notice(f"Filter {kind}:{value} added to this channel's digests and alerts." if added
                                 else f"This channel already has the filter {kind}:{value}.")
            case rq.FilterRemove(filter_id):
                removed = await self.store.remove_filter(channel.id, filter_id)
                return rs.Notice(f"Filter {filter_id} removed." if removed else f"No filter {filter_id} here.",
                                 ok=removed)
        return rs.FiltersAnswer(await self.store.list_filters(channel.id))

    async def digest(
        self, since: timedelta | None = None, announced_only: bool = False, ctx: CommandContext | None = None
    ) -> Digest:
        """A digest of the window; asked in a channel, of that channel's feeds through its filters."""
        window = since or parse_duration(self.settings.digest.since)
        now = self.clock()
        # a feed's first fetch is stored but only scheduled digests leave it out; asking shows everything.
        # Off-topic articles too: one outlet's report may score low, and build_digest drops a story only
        # when none of its reports is relevant.
        articles = await self.store.articles_since(now - window, relevant_only=False, announced_only=announced_only)
        title = cached_topic(self.settings.nlp.topic).digest_title
        if ctx is None or ctx.channel_id is None:
            digest = build_digest(articles, since=now - window, now=now, size=self.settings.digest.size, title=title)
        else:
            digest = await self._channel_digest(articles, ctx, since=now - window, now=now, title=title)
        await self.store.save_frames(default_framer().take_fresh())  # frames of articles stored without one
        await self._link_stories(digest)
        return digest

    async def _channel_digest(
        self, articles: list[ArticleRow], ctx: CommandContext, *, since: datetime, now: datetime, title: str
    ) -> Digest:
        """The digest of one channel: its feeds' articles through its filters, saying how many were left out."""
        assert ctx.channel_id is not None
        channel = await self.store.ensure_channel(ctx.platform, ctx.channel_id)
        view = ChannelView({f.id for f in await self.store.channel_feeds(channel.id)},
                           await self.store.list_filters(channel.id))
        followed = [a for a in articles if view.follows(a)]
        digest = build_digest([a for a in followed if view.passes(a)], since=since, now=now,
                              size=self.settings.digest.size, title=title)
        if view.filters:
            unfiltered = build_digest(followed, since=since, now=now, size=len(followed) + 1)
            passing = {a.id for a in followed if view.passes(a)}
            digest.filtered = sum(1 for i in unfiltered.items if not passing.intersection(i.article_ids))
        return digest
    async def _record_link(self, person: PersonRow | None, quoted: bool) -> RecordLink | None:
        """The person's record page, signed, with how many statements it holds; None without web.base_url,
        or when the answer names nobody or shows no statement."""
        links = page_links(self.settings, self.clock())
        if person is None or not quoted or links is None:
            return None
        n = await record.statement_count(self.store.engine, person.id)
        return RecordLink(links.person(person.id, person.name), n, capped=n >= record.COUNT_CAP)

    async def _link_stories(self, digest: Digest) -> None:
        """Link each digest item whose story is stored (its page exists) to that page, when pages are on."""
        links = page_links(self.settings, self.clock())
        if links is None or digest.empty:
            return
        stored = {s.key for s in await self.store.stories(keys=[i.story_key for i in digest.items])}
        for item in digest.items:
            if item.story_key in stored:
                item.page_url = links.story(item.story_key)

    async def complete_names(self, prefix: str, limit: int = 25) -> list[str]:
        return await self.store.known_names(prefix, limit=limit)
