"""The poster loop: scheduled digests, watch alerts, story updates in threads, the weekly chart — each
posted at most once, across crashes, restarts and several workers.

Exactly once: before a send, the post's intent is written (``Store.claim_post``, ``claim_update``,
``claim_chart``: a unique key per kind is the lock — (channel, story) for a story in a digest or an alert,
(thread, newest report) for an update, (channel, ISO week) for the chart); after it, the platform's
message id (``mark_post_sent``). An intent left by a crash between the two is reconciled before the
channel is served again: the Publisher looks for the message (its key travels in the message: Slack
metadata, a Discord embed footer); found means sent, not found means it never left and may be posted
again, and "cannot tell" counts as sent — a missed story is better than a double post. A digest that
takes several messages is settled message by message: each carries only its own stories' keys, and when
the platform refuses a later message (or the worker dies before it), only the stories shown are recorded;
the rest are released and the digest, still due, brings them in the next round.

Each post records the reports it shows (``post_articles``), so an update in a story's thread shows only
what the channel has not seen. A message's key is the story key, ``update:<story>:<newest report id>``
for an update, ``chart:<ISO week>`` for the chart.

Each story posted (a digest's, an alert's, an update's) carries the signed link to its record page when the
pages are on (``bot.web_links.page_links``); the claim has stored the story by then, so the page exists.

Nothing here imports a platform: handlers adapt Slack, Discord and the terminal to ``Publisher``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial

from bot.commands.parse import prefixed
from bot.infra import metrics
from bot.infra.clock import utcnow
from bot.infra.log import get_logger
from bot.nlp.relevance import cached_topic
from bot.publishing import alerts
from bot.publishing.channel_view import ChannelView
from bot.publishing.charts import weekly_chart
from bot.publishing.digest import Digest, DigestItem, is_relevant, is_stored_news, item_of, rank
from bot.publishing.frames import Framer
from bot.publishing.publisher import Publisher, PublishError, Sent
from bot.publishing.schedule import Schedule, ScheduleError, parse_duration, parse_schedule
from bot.publishing.stories import WINDOW, LiveStories, Story
from bot.storage.repo import Store
from bot.storage.rows import AlertBudget, ArticleRow, BudgetSpent, ChannelRow, FeedNotice, PostRow, StoryRow
from bot.web_links import page_links
from config.settings import SCHEDULE_OFF, Settings

log = get_logger(__name__)

CATCHUP = timedelta(days=4)  # after long downtime, the catch-up digest covers at most this much
# articles loaded per round: the oldest news a digest may show plus the window that links reports to it,
# and the weekly chart's week
LOOKBACK = max(CATCHUP + WINDOW, timedelta(days=7))
DIGEST_LEASE = timedelta(minutes=5)  # a worker that took a due digest and failed leaves it to others after this
INTENT_GRACE = timedelta(minutes=2)  # an intent younger than this may still be in flight in another worker
RETRY_AFTER = timedelta(minutes=5)  # a channel whose post failed rests this long
# A report is stamped when it is stored but seen by others only once its transaction commits (after a wait for
# the database, seconds at most): a digest also takes reports stamped this long before the last one. Posts rows
# keep any story from coming twice.
STORED_LAG = timedelta(minutes=5)


@dataclass(slots=True)
class RoundStats:
    digests: int = 0
    stories: int = 0
    alerts: int = 0
    updates: int = 0
    charts: int = 0
    notices: int = 0
    reconciled: int = 0
    released: int = 0
    failures: int = 0


def iso_week(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def chart_key(week: str) -> str:
    return f"chart:{week}"


def update_key(story_key: str, newest_article_id: int) -> str:
    return f"update:{story_key}:{newest_article_id}"


def message_key(post: PostRow, posts: Mapping[int, PostRow], story_keys: Mapping[int, str]) -> str | None:
    """The key the message of ``post`` carries (None when its story is gone)."""
    if post.kind == "chart":
        return chart_key(post.chart_week or "")
    if post.kind == "update":
        parent = posts.get(post.parent_post_id or 0)
        story = story_keys.get(parent.story_id or 0) if parent else None
        return update_key(story, post.newest_article_id or 0) if story else None
    return story_keys.get(post.story_id or 0)


@dataclass(slots=True)
class _Round:
    """What one round knows: the stories of the lookback window, and their stored rows by key."""

    now: datetime
    articles: list[ArticleRow]
    stories: list[Story[ArticleRow]]
    rows: dict[str, StoryRow] = field(default_factory=dict)
    left_out: list[Story[ArticleRow]] = field(default_factory=list)  # the channel's filters dropped these


class Dispatcher:
    def __init__(
        self, store: Store, settings: Settings, publishers: Mapping[str, Publisher], *,
        clock: Callable[[], datetime] = utcnow, charts: bool = True, stop: asyncio.Event | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.publishers = dict(publishers)
        self.clock = clock
        self.charts = charts
        self.stop = stop  # once set, a round finishes the channel in hand (send and record) and serves no more
        self._resting: dict[int, datetime] = {}  # channel id → no posts before this time
        self._bad_schedules: dict[int, str] = {}  # channel id → the unusable stored schedule already reported
        # the stories of the lookback window, kept across rounds: a round places only the reports new since the
        # last; a new process (a restart) groups the whole window once, keeping the stored stories' articles.
        # Event frames: stored at extraction; the pipeline loads only for an article without one.
        self.stories: LiveStories[ArticleRow] = LiveStories(Framer(settings.nlp.model))

    @property
    def framer(self) -> Framer:
        """The event frames the stories are grouped by."""
        return self.stories.framer

    @framer.setter
    def framer(self, framer: Framer) -> None:
        self.stories.framer = framer

    async def sync_channels(self, channels: Mapping[str, Sequence[str]]) -> None:
        """Make the configured channels (platform → external ids) exist; a schedule set by command stays."""
        for platform, ids in channels.items():
            for external_id in ids:
                await self.store.ensure_channel(platform, str(external_id))

    # --- the round ---------------------------------------------------------------------------------

    async def run_once(self) -> RoundStats:
        """Serve every channel that has a publisher: reconcile, thread updates, alerts, a due digest."""
        stats = RoundStats()
        now = self.clock()
        ready = {name for name, pub in self.publishers.items() if pub.ready()}
        channels = [c for c in await self.store.list_channels() if c.platform in ready]
        if not channels:
            return stats
        articles = await self.store.articles_since(now - LOOKBACK, relevant_only=False, announced_only=False)
        known = await self.store.story_keys([a.id for a in articles])
        rnd = _Round(now, articles, self.stories.update(articles, known))
        await self.store.save_frames(self.framer.take_fresh())  # read once for articles stored without one
        keys = [s.key for s in rnd.stories]
        rnd.rows = {r.key: r for r in await self.store.stories(keys=keys)}
        for channel in channels:
            if self.stop is not None and self.stop.is_set():
                break
            if self._resting.get(channel.id, now) > now:
                continue
            try:
                await self._serve(channel, rnd, stats)
            except asyncio.CancelledError:
                raise
            except Exception:
                stats.failures += 1
                self._resting[channel.id] = now + RETRY_AFTER
                log.exception("dispatch.channel_failed", channel=channel.id, platform=channel.platform)
        return stats

    async def _serve(self, channel: ChannelRow, rnd: _Round, stats: RoundStats) -> None:
        pub = self.publishers[channel.platform]
        await self.reconcile(channel, stats)
        await self._feed_notices(channel, pub, stats)
        rnd = await self._channel_round(channel, rnd)
        posts = {p.story_id: p for p in await self.store.posts(channel.id) if p.story_id is not None}
        posted = {s.key for s in rnd.stories if (row := rnd.rows.get(s.key)) and row.id in posts}
        await self._updates(channel, pub, rnd, posts, stats)
        await self._alerts(channel, pub, rnd, posted, stats)
        if self._digest_due(channel, rnd.now):
            await self._digest(channel, pub, rnd, posted, stats)

    async def _channel_round(self, channel: ChannelRow, rnd: _Round) -> _Round:
        """The round as this channel sees it: the reports of its subscribed and shared feeds, through its
        filters (``bot.publishing.channel_view``). Stories keep their keys, so posts stay once per channel."""
        feed_ids = {f.id for f in await self.store.channel_feeds(channel.id)}
        view = ChannelView(feed_ids=feed_ids, filters=await self.store.list_filters(channel.id))
        stories, left_out = view.stories(rnd.stories)
        articles = [a for a in rnd.articles if view.admits(a)]
        return replace(rnd, stories=stories, articles=articles, left_out=left_out)

    async def _feed_notices(self, channel: ChannelRow, pub: Publisher, stats: RoundStats) -> None:
        """Tell the channel once when a feed it follows has failed ``poll.alert_after`` times in a row, and once
        when it works again; a notice the platform refused is owed again next round."""
        for notice in await self.store.claim_feed_notices(channel.id, self.settings.poll.alert_after):
            text = prefixed(feed_notice_text(notice), self.settings.commands.prefix)
            try:
                await pub.publish_notice(channel.external_id, text)
            except Exception:
                await self.store.release_feed_notice(notice)
                raise
            stats.notices += 1
            metrics.POSTS.labels(channel.platform, "notice").inc()
            log.info("dispatch.feed_notice", channel=channel.id, feed=notice.feed.id, kind=notice.kind)

    # --- exactly once ------------------------------------------------------------------------------

    async def reconcile(self, channel: ChannelRow, stats: RoundStats | None = None) -> None:
        """Settle intents left by a crash between send and record (see the module docstring)."""
        stats = stats or RoundStats()
        now = self.clock()
        posts = {p.id: p for p in await self.store.posts(channel.id)}
        intents = [p for p in posts.values() if p.state == "intent" and p.created_at <= now - INTENT_GRACE]
        if not intents:
            return
        story_ids = {q.story_id for p in intents for q in (p, posts.get(p.parent_post_id or 0)) if q and q.story_id}
        story_keys = {r.id: r.key for r in await self.store.stories(ids=list(story_ids))}
        key_of = {p.id: message_key(p, posts, story_keys) for p in intents}
        keys = [k for k in key_of.values() if k is not None]
        since = min(p.created_at for p in intents) - timedelta(minutes=1)
        pub = self.publishers[channel.platform]
        try:
            found = await pub.find_posted(channel.external_id, keys, since)
        except Exception:
            log.exception("dispatch.find_posted_failed", channel=channel.id)
            found = None
        for p in intents:
            key = key_of[p.id]
            if found is not None and key not in found:
                await self.store.release_post(p.id)
                stats.released += 1
                log.info("dispatch.intent_released", channel=channel.id, story=key)
                continue
            sent = found.get(key) if found is not None and key else None
            await self.store.mark_post_sent(
                p.id, sent.message_id if sent else None, sent.thread_ref if sent else None, now=now
            )
            stats.reconciled += 1
            log.info("dispatch.intent_settled", channel=channel.id, story=key, found=sent is not None)

    async def _claim(
        self, channel: ChannelRow, key: str, headline: str, article_ids: Sequence[int], kind: str,
        budget: AlertBudget | None = None,
    ) -> int | None:
        row = await self.store.save_story(key, headline, article_ids, now=self.clock())
        return await self.store.claim_post(channel.id, row.id, now=self.clock(), kind=kind, article_ids=article_ids,
                                           budget=budget)

    def _with_page(self, item: DigestItem, story_key: str) -> DigestItem:
        """``item`` linked to its story's record page (the story row is saved by then), when pages are on."""
        if (links := page_links(self.settings, self.clock())) is not None:
            item.page_url = links.story(story_key)
        return item

    async def _send(
        self, channel: ChannelRow, post_ids: Sequence[int], send: Callable[[], Awaitable[Sent]]
    ) -> Sent | None:
        """Run ``send`` for claimed posts: record them sent, or release them when the platform refused."""
        try:
            sent = await send()
        except PublishError as e:
            for pid in post_ids:
                await self.store.release_post(pid)
            self._resting[channel.id] = self.clock() + RETRY_AFTER
            log.error("dispatch.refused", channel=channel.id, error=str(e))
            return None
        # any other failure propagates with the intents in place: the next round reconciles them
        for pid in post_ids:
            await self.store.mark_post_sent(pid, sent.message_id, sent.thread_ref, now=self.clock())
        metrics.POSTS.labels(channel.platform, "message").inc()
        return sent

    # --- digests -----------------------------------------------------------------------------------

    def _schedule(self, channel: ChannelRow) -> Schedule | None:
        """The channel's schedule (None: off). One stored earlier that no longer parses (a time zone the
        system dropped, a rule a newer version refuses) falls back to ``digest.schedule``, validated at
        start, rather than silencing the channel; the operator is told once per channel and spec."""
        spec = channel.schedule or self.settings.digest.schedule
        if spec == SCHEDULE_OFF:
            return None
        try:
            return parse_schedule(spec)
        except ScheduleError as e:
            if channel.schedule is None:
                raise  # digest.schedule itself: settings refuse a bad one at load
            if self._bad_schedules.get(channel.id) != spec:
                self._bad_schedules[channel.id] = spec
                log.error("dispatch.bad_schedule", channel=channel.id, platform=channel.platform,
                          external_id=channel.external_id, schedule=spec, error=str(e),
                          using=self.settings.digest.schedule,
                          fix="set the channel's schedule again with /digest schedule … (or /digest off)")
            return parse_schedule(self.settings.digest.schedule)

    def _digest_due(self, channel: ChannelRow, now: datetime) -> bool:
        schedule = self._schedule(channel)
        return schedule is not None and schedule.due(channel.last_digest_at, now)

    def digest_since(self, channel: ChannelRow, now: datetime) -> datetime:
        default = now - parse_duration(self.settings.digest.since)
        since = channel.last_digest_at or default
        return max(since, now - CATCHUP)

    async def _digest(
        self, channel: ChannelRow, pub: Publisher, rnd: _Round, posted: set[str], stats: RoundStats
    ) -> None:
        # one worker posts a due digest; the others leave the channel's digest alone until the next is due
        if not await self.store.lease_digest(channel.id, channel.last_digest_at, rnd.now,
                                             DIGEST_LEASE.total_seconds()):
            return
        since = self.digest_since(channel, rnd.now)
        # News is what newsbot stored since the last digest, by its own clock: an outlet's date may be earlier
        # (a report polled after the digest it predates). A feed's first fetch is history: it joins stories but
        # does not make one new.
        def fresh(a: ArticleRow) -> bool:
            return is_stored_news(a, since - STORED_LAG, rnd.now - CATCHUP)

        items = rank(rnd.stories, since, rnd.now, exclude=posted, fresh=fresh)
        filtered = len(rank(rnd.left_out, since, rnd.now, exclude=posted, fresh=fresh))  # what the filters left out
        chosen: list[tuple[DigestItem, int]] = []
        for item in items:
            if len(chosen) == self.settings.digest.size:
                break
            post_id = await self._claim(channel, item.story_key, item.headline, item.article_ids, "story")
            if post_id is not None:  # None: another worker has it
                chosen.append((self._with_page(item, item.story_key), post_id))
        digest = Digest(since=since, generated_at=rnd.now, items=[i for i, _ in chosen],
                        title=cached_topic(self.settings.nlp.topic).digest_title, filtered=filtered)
        if not await self._send_digest(channel, pub, digest, {i.story_key: p for i, p in chosen}, stats):
            return
        # Recorded after the send: after a crash in between, the stories are not repeated (their intents
        # are settled first), at worst the next digest comes early.
        await self.store.mark_digest(channel.id, rnd.now)
        stats.digests += 1
        log.info("dispatch.digest", channel=channel.id, stories=len(chosen), since=since.isoformat())
        if self.charts:
            await self._chart(channel, pub, rnd, stats)

    async def _send_digest(
        self, channel: ChannelRow, pub: Publisher, digest: Digest, post_of: Mapping[str, int], stats: RoundStats
    ) -> bool:
        """Post a digest whose stories are claimed (``post_of``: story key → post id). Each story is recorded
        sent with the message that shows it; the stories of messages that did not go out are released, and
        the digest stays due: once the channel has rested, the next round posts them. True when every message
        went out. Any failure but a refusal propagates with the intents in place: the next round reconciles
        them, message by message."""
        refused: str | None = None
        try:
            parts = await pub.publish_digest(channel.external_id, digest)
        except PublishError as e:
            parts, refused = [], str(e)
        shown: set[str] = set()
        for part in parts:
            for key in part.keys:
                if key in post_of and key not in shown:
                    await self.store.mark_post_sent(post_of[key], part.sent.message_id, part.sent.thread_ref,
                                                    now=self.clock())
                    shown.add(key)
        metrics.POSTS.labels(channel.platform, "message").inc(len(parts))
        stats.stories += len(shown)
        unsent = [post_id for key, post_id in post_of.items() if key not in shown]
        for post_id in unsent:
            await self.store.release_post(post_id)
        if parts and not unsent:
            return True
        self._resting[channel.id] = self.clock() + RETRY_AFTER
        if refused is not None:
            log.error("dispatch.refused", channel=channel.id, error=refused)
        else:
            log.error("dispatch.digest_incomplete", channel=channel.id, sent=len(shown), unsent=len(unsent))
        return False

    async def _chart(self, channel: ChannelRow, pub: Publisher, rnd: _Round, stats: RoundStats) -> None:
        """The first digest of each ISO week carries the week's chart."""
        label = iso_week(rnd.now)
        key = chart_key(label)
        week = [a for a in rnd.articles if a.relevant and a.published >= rnd.now - timedelta(days=7)]
        if not week:
            return
        post_id = await self.store.claim_chart(channel.id, label, now=self.clock())
        if post_id is None:
            return
        png, description = await asyncio.to_thread(weekly_chart, week, rnd.now)
        title = cached_topic(self.settings.nlp.topic).chart_title
        if await self._send(channel, [post_id], lambda: pub.publish_chart(channel.external_id, png, key, title, description)):
            stats.charts += 1

    # --- alerts and updates ------------------------------------------------------------------------

    async def _alerts(
        self, channel: ChannelRow, pub: Publisher, rnd: _Round, posted: set[str], stats: RoundStats
    ) -> None:
        watches = await self.store.list_watches(channel.id)
        if not watches:
            return
        fresh_since = rnd.now - alerts.ALERT_WINDOW
        for story, watch in alerts.matches(rnd.stories, watches, fresh_since):
            if story.key in posted or not is_relevant(story):
                continue
            item = item_of(story)
            try:
                post_id = await self._claim(channel, story.key, item.headline, item.article_ids, "alert",
                                            budget=AlertBudget(alerts.MAX_ALERTS, rnd.now - alerts.PER))
            except BudgetSpent:
                log.info("dispatch.alerts_limited", channel=channel.id)
                return
            posted.add(story.key)
            if post_id is None:
                continue
            reason = alerts.reason(watch)
            self._with_page(item, story.key)
            if await self._send(channel, [post_id], partial(pub.publish_item, channel.external_id, item, watch=reason)):
                stats.alerts += 1

    async def _updates(
        self, channel: ChannelRow, pub: Publisher, rnd: _Round, posts: Mapping[int, PostRow], stats: RoundStats
    ) -> None:
        """A posted story that gained outlets or quotes gets a reply in the thread of its first post."""
        candidates = [(s, posts[r.id]) for s in rnd.stories
                      if (r := rnd.rows.get(s.key)) and r.id in posts and posts[r.id].state == "sent"]
        if not candidates:
            return
        shown = await self.store.shown_articles([p.id for _, p in candidates])
        for story, post in candidates:
            if post.id not in shown:
                # a post that recorded no reports (made before they were recorded): take all as seen, never repeat
                await self.store.add_post_articles(post.id, story.article_ids)
                continue
            seen = shown[post.id]
            new = [a for a in story.articles if a.id not in seen]
            if not new:
                continue
            # keep the story row's articles complete, so the story keeps its key when its first report ages out
            await self.store.save_story(story.key, story.articles[0].title, story.article_ids)
            old = [a for a in story.articles if a.id in seen]
            item = update_item(story, old, new)
            if item is None or post.thread_ref is None:
                await self.store.add_post_articles(post.id, [a.id for a in new])
                continue
            # the claim records the new reports as shown in this thread; None: another worker has this update
            post_id = await self.store.claim_update(channel.id, post.id, [a.id for a in new], now=self.clock())
            if post_id is not None:
                thread = post.thread_ref
                self._with_page(item, story.key)
                if await self._send(channel, [post_id],
                                    partial(pub.publish_item, channel.external_id, item, thread=thread)):
                    stats.updates += 1


def update_item(story: Story[ArticleRow], old: Sequence[ArticleRow], new: Sequence[ArticleRow]) -> DigestItem | None:
    """What a thread reply says about ``new`` reports of a story already shown with ``old``; None when
    they add neither an outlet nor a quote."""
    old_outlets = {a.source for a in old}
    old_quotes = {" ".join(q.text.casefold().split()) for a in old for q in a.quotes}
    outlets = list(dict.fromkeys(a.source or "" for a in new if a.source not in old_outlets))
    quotes = [q for a in new for q in a.quotes if " ".join(q.text.casefold().split()) not in old_quotes and q.speaker]
    if not outlets and not quotes:
        return None
    item = item_of(Story(key=story.key, articles=list(new)))
    parts = []
    if outlets:
        parts.append("Now also reported by " + ", ".join(outlets) + ".")
    if quotes:
        speakers = list(dict.fromkeys(q.speaker for q in quotes if q.speaker))
        parts.append("New quotes from " + ", ".join(speakers[:3]) + ".")
    item.story_key = update_key(story.key, max(a.id for a in new))
    item.headline = f"Update: {story.headline}"
    item.summary = " ".join(parts) + (f" {item.summary}" if item.summary else "")
    return item


def feed_notice_text(notice: FeedNotice) -> str:
    """The words of a feed-health notice: which feed, and (failing) what goes wrong."""
    feed = notice.feed
    name = feed.name or feed.title or feed.url
    if notice.kind == "recovered":
        return f"Feed {feed.id} “{name}” works again; its news comes back in this channel's digests."
    error = " ".join((feed.last_error or feed.last_error_kind or "an unknown error").split())[:300]
    return (f"Feed {feed.id} “{name}” ({feed.url}) has failed {feed.failures} times in a row: {error}. "
            "Its news is missing until it recovers; an admin can remove it with /feeds remove "
            f"{feed.id}.")
