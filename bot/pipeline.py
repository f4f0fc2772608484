"""The article flow: due feeds → fetch → (full text) → store → extract → stored facts.

``Poller`` and ``Processor`` are the two halves; the service loop, ``newsbot poll --once``,
``newsbot ingest`` and the demo all drive these same objects.

Several workers may share one database: each takes its feeds and articles as leases under its own
``worker_id()``, renews them while it works, and gives them back when the outcome is recorded. A worker
that dies keeps its share only until the lease runs out (see ``bot.storage.repo``).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
from collections.abc import AsyncIterator, Callable, Collection, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal

from bot.feeds.http import FeedFetcher, FeedState, FetchResult
from bot.feeds.backoff import next_poll_delay
from bot.feeds.urls import canonical_url, content_hash
from bot import metrics
from bot.limits import bound_item
from bot.log import get_logger
from bot.models import FeedItem
from bot.nlp.extract import Extractor
from bot.storage.repo import Store
from bot.storage.rows import FeedRow
from bot.tasks import stop_task
from config.settings import LEASE_S, Settings

log = get_logger(__name__)

# An item whose text is shorter than this is taken for a teaser, and its page is fetched.
FULL_TEXT_MIN_CHARS = 600

Progress = Callable[[int], None]  # called with the number of units just finished


def utcnow() -> datetime:
    return datetime.now(UTC)


def worker_id() -> str:
    """Who holds a lease: this host and process, plus a random part so a reused pid is someone else."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@asynccontextmanager
async def renewing(
    store: Store, kind: Literal["feeds", "articles"], owner: str, ids: Collection[int], lease_s: float,
    clock: Callable[[], datetime],
) -> AsyncIterator[None]:
    """Renew ``owner``'s leases on ``ids`` (a live view: finished ones are removed by the caller) every
    third of a lease while the block runs, so slow work keeps its rows and dead workers lose theirs."""

    async def renew() -> None:
        while True:
            await asyncio.sleep(lease_s / 3)
            try:
                await store.renew_leases(kind, owner, list(ids), clock() + timedelta(seconds=lease_s))
            except Exception:  # the database may be away for a moment: the lease has two thirds left
                log.warning("lease.renew_failed", kind=kind, owner=owner, exc_info=True)

    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        if await stop_task(task):
            raise asyncio.CancelledError  # the caller's own cancellation came meanwhile: not swallowed


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

    async def poll_due(
        self, limit: int | None = None, progress: Progress | None = None, force: bool = False
    ) -> PollStats:
        """Poll every feed that is due now (every feed with ``force``; at most ``limit``) and not held by
        another worker, concurrently within the fetcher's limits."""
        feeds = await self.store.lease_due_feeds(
            self.owner, self.clock(), limit or self.settings.poll.batch, self.lease_s, force=force)
        stats = PollStats()
        in_flight = {f.id for f in feeds}

        async def one(feed: FeedRow) -> None:
            try:
                stats.add(await self.poll_feed(feed))
            except Exception:  # a bug in one feed's handling must not stop the round
                # its lease stays until it runs out: a retry after a pause, not at once
                log.exception("feed.poll_crashed", feed_id=feed.id, url=feed.url)
                stats.errors += 1
            in_flight.discard(feed.id)
            if progress:
                progress(1)

        async with renewing(self.store, "feeds", self.owner, in_flight, self.lease_s, self.clock):
            await asyncio.gather(*(one(f) for f in feeds))
        return stats

    async def poll_feed(self, feed: FeedRow) -> PollStats:
        stats = PollStats(feeds=1)
        state = FeedState(url=feed.url, etag=feed.etag, last_modified=feed.last_modified, failures=feed.failures)
        result = await self.fetcher.fetch_feed(state, source_name=feed.name)
        now = self.clock()
        interval = feed.interval or self.settings.poll.interval
        if result.status == "error":
            stats.errors += 1
            kind = result.error_kind or "unknown"
            stats.errors_by_kind[kind] = 1
            metrics.FEEDS_POLLED.labels("error").inc()
            metrics.FETCH_ERRORS.labels(kind).inc()
            delay = next_poll_delay(feed.failures + 1, interval, self.settings.poll, result.retry_after)
            await self.store.record_feed_failure(
                feed.id, error=result.error or kind, error_kind=kind,
                next_poll_at=now + timedelta(seconds=delay), now=now,
            )
            log.warning("feed.failed", feed_id=feed.id, url=feed.url, kind=kind, error=result.error,
                        retry_in_s=round(delay))
            return stats
        metrics.FEEDS_POLLED.labels(result.status).inc()
        if result.status == "not_modified":
            stats.not_modified += 1
        else:
            stats.ok += 1
            # A feed's first successful fetch fills the store but is not announced (no flood on subscribe).
            announce = feed.last_success_at is not None
            new, dup = await self.store_items(result, feed_id=feed.id, announce=announce)
            stats.new_articles += new
            stats.duplicates += dup
        delay = next_poll_delay(0, interval, self.settings.poll, result.retry_after)
        await self.store.record_feed_success(
            feed.id, etag=result.etag, last_modified=result.last_modified,
            next_poll_at=now + timedelta(seconds=delay), title=result.feed_title, now=now,
        )
        log.info("feed.polled", feed_id=feed.id, url=feed.url, status=result.status,
                 items=len(result.items), new=stats.new_articles)
        return stats

    async def store_items(self, result: FetchResult, *, feed_id: int | None, announce: bool) -> tuple[int, int]:
        new = dup = 0
        for item in result.items:
            text = await self.item_text(item)
            if not text.strip():
                log.info("item.skipped_empty", url=item.url, guid=item.guid)
                continue
            article_id = await add_item(self.store, item, text, feed_id=feed_id, announce=announce)
            if article_id is None:
                dup += 1
            else:
                new += 1
        metrics.ARTICLES.labels("stored").inc(new)
        metrics.ARTICLES.labels("duplicate").inc(dup)
        return new, dup

    async def item_text(self, item: FeedItem) -> str:
        """The item's full text: the feed's own content, or the article page when the feed gives a teaser."""
        text = item.content or item.summary or ""
        if len(text) < FULL_TEXT_MIN_CHARS and item.url and self.settings.http.fetch_full_text:
            page = await self.fetcher.fetch_article_text(item.url)
            if page and len(page) > len(text):
                return page
        return text


class Processor:
    """Runs extraction over stored articles that have none yet, in a worker thread (spaCy is CPU-bound)."""

    def __init__(
        self, store: Store, extractor: Extractor, batch: int = 50, *, owner: str | None = None,
        lease_s: float = LEASE_S, clock: Callable[[], datetime] = utcnow,
    ):
        self.store = store
        self.extractor = extractor
        self.batch = batch
        self.owner = owner or worker_id()
        self.lease_s = lease_s
        self.clock = clock

    async def process_pending(self, progress: Progress | None = None, max_batches: int | None = None) -> int:
        done = 0
        batches = 0
        while max_batches is None or batches < max_batches:
            pending = await self.store.lease_pending(self.owner, self.batch, self.lease_s, now=self.clock())
            if not pending:
                break
            inputs = [a.to_input() for a in pending]
            held = {a.id for a in pending}
            async with renewing(self.store, "articles", self.owner, held, self.lease_s, self.clock):
                with metrics.EXTRACTION_SECONDS.time():
                    results = await asyncio.to_thread(lambda: list(self.extractor.extract_many(inputs)))
                for art, res in zip(pending, results, strict=True):
                    if isinstance(res, Exception):
                        log.error("article.extract_failed", article_id=art.id, error=repr(res))
                        await self.store.save_extraction_error(art.id, f"{type(res).__name__}: {res}")
                        metrics.EXTRACTED.labels("error").inc()
                    else:
                        await self.store.save_extraction(art.id, res)
                        metrics.EXTRACTED.labels("ok").inc()
                    held.discard(art.id)
                    done += 1
            if progress:
                progress(len(pending))
            batches += 1
        return done


async def add_item(store: Store, item: FeedItem, text: str, *, feed_id: int | None, announce: bool) -> int | None:
    """Store one item with its dedupe keys (canonical URL, content hash); None when it is a duplicate.
    Every field is bounded first (bot.limits): the full text fetched for it, a title given to ``ingest``."""
    item, bounded = bound_item(item, text)
    text = bounded or ""
    return await store.add_article(
        item, feed_id=feed_id, text=text,
        canonical_url=canonical_url(item.url) if item.url else None,
        content_hash=content_hash(item.title, text), announce=announce,
    )


async def ingest_texts(store: Store, items: Sequence[tuple[FeedItem, str]], announce: bool = True) -> list[int | None]:
    """Store ready-made articles (``newsbot ingest``) through the same dedupe rules as the poller."""
    return [await add_item(store, item, text, feed_id=None, announce=announce) for item, text in items]
