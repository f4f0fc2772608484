"""Polling: due feeds → fetch → (full text) → stored items, each feed in its own task.

Several workers may share one database: each leases the feeds it polls under its own ``worker_id()``,
renews the leases while it works, and gives them back when the outcome is recorded. A worker that dies
keeps its share only until the lease runs out (see ``bot.storage``).

A feed's new items and its outcome are written together, in a transaction shared with the other feeds
that finished at about the same time (``bot.ingest.batching``): its validators are never kept without
its items, and a poll that dies before the commit leaves the feed to be read again in full.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.coordination.leases import stop_task, worker_id
from bot.feeds.backoff import next_poll_delay
from bot.feeds.http import FeedFetcher, FeedState, FetchResult
from bot.feeds.urls import canonical_url
from bot.infra import metrics
from bot.infra.clock import utcnow
from bot.infra.log import get_logger
from bot.ingest import Progress
from bot.ingest.batching import BatchedWrites
from bot.ingest.items import new_article
from bot.models import FeedItem
from bot.storage.repo import Store
from bot.storage.rows import FeedFailure, FeedRow, FeedSuccess, NewArticle, PolledFeed
from config.settings import Settings

log = get_logger(__name__)

# An item whose text is shorter than this is taken for a teaser, and its page is fetched.
FULL_TEXT_MIN_CHARS = 600
_KNOWN_CHUNK = 500  # items looked up at once before fetching (one IN (…) list per key)


@dataclass
class PollStats:
    feeds: int = 0
    ok: int = 0
    not_modified: int = 0
    errors: int = 0
    new_articles: int = 0
    duplicates: int = 0
    errors_by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, other: PollStats) -> None:
        for name in ("feeds", "ok", "not_modified", "errors", "new_articles", "duplicates"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, v in other.errors_by_kind.items():
            self.errors_by_kind[k] = self.errors_by_kind.get(k, 0) + v


class Poller:
    """Polls due feeds, each feed as its own task: a slow or huge feed holds its own slot only.

    ``poll_due`` is one round that waits for its feeds (``newsbot poll --once``, the demo, benchmarks);
    the service loop calls ``start_due`` every tick instead, which starts what is due and returns, so the
    next due feed never waits for the slowest one of an earlier round. Each feed's poll — the feed and
    its items' pages — is bounded by ``poll.feed_budget``; ``aclose`` stops whatever is in flight.
    """

    def __init__(
        self, store: Store, fetcher: FeedFetcher, settings: Settings, clock: Callable[[], datetime] = utcnow, *,
        owner: str | None = None,
    ):
        self.store = store
        self.fetcher = fetcher
        self.settings = settings
        self.clock = clock
        self.owner = owner or worker_id()
        self.lease_s = float(settings.poll.lease)
        self._running: dict[int, asyncio.Task[PollStats]] = {}  # feed id → its poll, leased by this poller
        self._renewer: asyncio.Task[None] | None = None
        self.writes = BatchedWrites(store, settings.poll.write_batch, settings.poll.write_wait)

    @property
    def in_flight(self) -> int:
        return len(self._running)

    async def poll_due(
        self, limit: int | None = None, progress: Progress | None = None, force: bool = False
    ) -> PollStats:
        """Poll every feed that is due now (every feed with ``force``; at most ``limit``) and not held by
        another worker, concurrently within the fetcher's limits, and wait for them all."""
        tasks = await self.start_due(limit, progress, force)
        stats = PollStats()
        try:
            for done in await asyncio.gather(*tasks):
                stats.add(done)
        finally:
            if not self._running and self._renewer is not None and await stop_task(self._renewer):
                raise asyncio.CancelledError  # the caller's own cancellation came meanwhile: not swallowed
        return stats

    async def start_due(
        self, limit: int | None = None, progress: Progress | None = None, force: bool = False
    ) -> list[asyncio.Task[PollStats]]:
        """Lease the due feeds this poller has room for (at most ``limit``, default ``poll.batch``, in
        flight) and start polling each in its own task; returns the tasks without waiting for them."""
        room = (limit or self.settings.poll.batch) - len(self._running)
        if room <= 0:
            return []
        feeds = await self.store.lease_due_feeds(self.owner, self.clock(), room, self.lease_s, force=force)
        tasks = []
        for feed in feeds:
            task = asyncio.create_task(self._poll_one(feed, progress), name=f"poll-feed-{feed.id}")
            self._running[feed.id] = task
            tasks.append(task)
        if self._running and (self._renewer is None or self._renewer.done()):
            self._renewer = asyncio.create_task(self._renew_leases(), name="poll-lease-renewer")
        return tasks

    async def aclose(self) -> None:
        """Stop the polls in flight (their feeds' leases run out, and another poll picks them up)."""
        tasks = [*self._running.values(), *([self._renewer] if self._renewer else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._running.clear()
        await self.writes.aclose()  # what the stopped polls handed over whole is written

    async def _poll_one(self, feed: FeedRow, progress: Progress | None) -> PollStats:
        try:
            return await self.poll_feed(feed)
        except Exception:  # a bug in one feed's handling must not stop the others
            # its lease stays until it runs out: a retry after a pause, not at once
            log.exception("feed.poll_crashed", feed_id=feed.id, url=feed.url)
            return PollStats(errors=1)
        finally:
            self._running.pop(feed.id, None)  # no longer renewed
            if progress:
                progress(1)

    async def _renew_leases(self) -> None:
        """Every third of a lease, extend it on the feeds still in flight; ends when none are."""
        while self._running:
            await asyncio.sleep(self.lease_s / 3)
            if ids := list(self._running):
                try:
                    until = self.clock() + timedelta(seconds=self.lease_s)
                    await self.store.renew_leases("feeds", self.owner, ids, until)
                except Exception:  # the database may be away for a moment: the lease has two thirds left
                    log.warning("lease.renew_failed", kind="feeds", owner=self.owner, exc_info=True)

    async def poll_feed(self, feed: FeedRow) -> PollStats:
        """Fetch one feed and store its new items, within ``poll.feed_budget`` seconds; record the outcome."""
        stats = PollStats(feeds=1)
        started = self.clock()
        budget = self.settings.poll.feed_budget
        deadline = asyncio.get_running_loop().time() + budget
        state = FeedState(url=feed.url, etag=feed.etag, last_modified=feed.last_modified, failures=feed.failures)
        try:
            async with asyncio.timeout_at(deadline):
                result = await self.fetcher.fetch_feed(state, source_name=feed.name)
        except TimeoutError:
            result = FetchResult(url=feed.url, status="error", error_kind="timeout",
                                 error=f"the feed took longer than poll.feed_budget ({budget:g} s)")
        now = self.clock()
        interval = feed.interval or self.settings.poll.interval
        ready: list[NewArticle] = []
        if result.status == "ok":
            # A feed's first successful fetch fills the store but is not announced (no flood on subscribe).
            announce = feed.last_success_at is not None
            outcome = await self.gather_items(result, feed_id=feed.id, announce=announce, deadline=deadline)
            ready = outcome.ready
            stats.new_articles, stats.duplicates = outcome.new_articles, outcome.duplicates
            if outcome.unfinished:
                # What is stored stays; the validators are not kept, so the next poll reads the whole feed
                # again and fetches only what is missing (stored items are recognised before their pages).
                result = FetchResult(
                    url=feed.url, status="error", error_kind="timeout", items=result.items,
                    error=f"poll.feed_budget ({budget:g} s) ran out with {outcome.unfinished} of "
                          f"{len(result.items)} items not yet stored; they come on the next poll")
        if result.status == "error":
            return await self._record_failure(feed, result, stats, now, interval, ready)
        metrics.FEEDS_POLLED.labels(result.status).inc()
        if result.status == "not_modified":
            stats.not_modified += 1
        else:
            stats.ok += 1
        delay = next_poll_delay(0, interval, self.settings.poll, result.retry_after)
        # Every `interval` from the start of one poll to the next, so the worker's tick finds the feed due
        # on time; a slow feed still rests half an interval after its poll ends, not polled back to back.
        next_poll_at = max(started + timedelta(seconds=delay), now + timedelta(seconds=delay / 2))
        success = FeedSuccess(etag=result.etag, last_modified=result.last_modified, next_poll_at=next_poll_at,
                              title=result.feed_title, now=now)
        await self._write(PolledFeed(feed.id, tuple(ready), success), stats)
        log.info("feed.polled", feed_id=feed.id, url=feed.url, status=result.status,
                 items=len(result.items), new=stats.new_articles)
        return stats

    async def _record_failure(
        self, feed: FeedRow, result: FetchResult, stats: PollStats, now: datetime, interval: float,
        ready: Sequence[NewArticle] = (),
    ) -> PollStats:
        stats.errors += 1
        kind = result.error_kind or "unknown"
        stats.errors_by_kind[kind] = 1
        metrics.FEEDS_POLLED.labels("error").inc()
        metrics.FETCH_ERRORS.labels(kind).inc()
        delay = next_poll_delay(feed.failures + 1, interval, self.settings.poll, result.retry_after)
        failure = FeedFailure(error=result.error or kind, error_kind=kind,
                              next_poll_at=now + timedelta(seconds=delay), now=now)
        await self._write(PolledFeed(feed.id, tuple(ready), failure), stats)
        log.warning("feed.failed", feed_id=feed.id, url=feed.url, kind=kind, error=result.error,
                    retry_in_s=round(delay), new=stats.new_articles)
        return stats

    async def _write(self, polled: PolledFeed, counts: PollStats | StoreOutcome) -> None:
        """Hand ``polled`` to the batched writes and count its articles, new or duplicate, once committed."""
        written = await self.writes.write(polled)
        new = sum(1 for article_id in written if article_id is not None)
        counts.new_articles += new
        counts.duplicates += len(written) - new
        metrics.ARTICLES.labels("stored").inc(new)
        metrics.ARTICLES.labels("duplicate").inc(len(written) - new)

    async def gather_items(
        self, result: FetchResult, *, feed_id: int, announce: bool, deadline: float | None = None
    ) -> StoreOutcome:
        """The feed's new items: those that carry their text come back ``ready``, to be written with the
        feed's outcome; teasers have their pages fetched concurrently (the fetcher keeps to
        ``http.per_host``), and each is written as soon as its text is in. Before any page is fetched the
        items already stored are recognised, so their pages are not fetched again. Stops at ``deadline``
        (loop time)."""
        outcome = StoreOutcome()
        items: Sequence[FeedItem] = result.items
        if any(self._wants_page(i) for i in items):
            items = await self._unknown(items, feed_id, outcome)
        queue = iter(items)
        loop = asyncio.get_running_loop()

        async def worker() -> None:
            for item in queue:  # shared by the workers: each item is taken once
                if deadline is not None and loop.time() >= deadline:
                    return
                page = self._wants_page(item)
                if page:
                    try:
                        async with asyncio.timeout_at(deadline):
                            text = await self.item_text(item)
                    except TimeoutError:
                        return
                else:
                    text = item.content or item.summary or ""
                outcome.done += 1
                if not text.strip():
                    log.info("item.skipped_empty", url=item.url, guid=item.guid)
                    continue
                article = new_article(item, text, feed_id=feed_id, announce=announce)
                if page:
                    await self._write(PolledFeed(feed_id, (article,)), outcome)
                else:
                    outcome.ready.append(article)

        pages = sum(1 for i in items if self._wants_page(i))
        if pages:
            await asyncio.gather(*(worker() for _ in range(min(pages, self.settings.http.max_connections))))
        else:
            await worker()  # every item carries its text: nothing to wait for, no tasks to spread it over
        outcome.unfinished = len(items) - outcome.done
        return outcome

    async def _unknown(self, items: Sequence[FeedItem], feed_id: int | None, outcome: StoreOutcome) -> list[FeedItem]:
        """``items`` less those already stored (by this feed's GUID or by canonical URL), counted as duplicates.
        Looked up a few hundred at a time, so a huge feed's keys are never all held at once."""
        fresh: list[FeedItem] = []
        for start in range(0, len(items), _KNOWN_CHUNK):
            chunk = items[start : start + _KNOWN_CHUNK]
            urls = [canonical_url(i.url) if i.url else None for i in chunk]
            guids, known_urls = await self.store.known_items(
                feed_id, [i.guid for i in chunk if i.guid], [u for u in urls if u])
            fresh += [i for i, u in zip(chunk, urls, strict=True) if not (i.guid in guids or u in known_urls)]
        outcome.duplicates += len(items) - len(fresh)
        return fresh

    def _wants_page(self, item: FeedItem) -> bool:
        """The feed gives only a teaser of this item, and its page may be fetched."""
        text = item.content or item.summary or ""
        return len(text) < FULL_TEXT_MIN_CHARS and bool(item.url) and self.settings.http.fetch_full_text

    async def item_text(self, item: FeedItem) -> str:
        """The item's full text: the feed's own content, or the article page when the feed gives a teaser."""
        text = item.content or item.summary or ""
        if self._wants_page(item) and item.url:
            page = await self.fetcher.fetch_article_text(item.url)
            if page and len(page) > len(text):
                return page
        return text


@dataclass
class StoreOutcome:
    new_articles: int = 0  # written so far (teasers whose pages came)
    duplicates: int = 0
    ready: list[NewArticle] = field(default_factory=list)  # to be written with the feed's outcome
    done: int = 0  # items whose text was in (stored, duplicate or empty)
    unfinished: int = 0  # items left when the feed's budget ran out
