"""``Store``: every read and write newsbot makes, over one AsyncEngine, returning plain rows.

``Store`` is the one object callers hold; each method hands the call to the area that does the work
(``bot.storage.areas``: feeds, articles, poll results, queries, channels, stories, posts, leases), all sharing one
``Database`` (sessions, the SQLite write queue, dialect differences) — as slack-bolt's ``AsyncApp`` stays
the public face while ``listener/`` and ``middleware/`` do the work. The areas are also attributes
(``store.feeds``…), for code that works with one area only.

Writes that must not double up (articles, stories, posts) rely on unique constraints and treat a
conflict as "someone else got there first". Work that several workers share (polling feeds, extracting
articles, a channel's due digest) is leased: a worker takes rows with ``SELECT … FOR UPDATE SKIP LOCKED``
(on PostgreSQL; SQLite has one writer) and stamps them with its id and an expiry, so each row has one
worker at a time, and the rows of a worker that died go to another once its lease has run out.
People are resolved under a PostgreSQL advisory lock so two workers cannot create the same person.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.models import Extraction, FeedItem
from bot.storage import db
from bot.storage.areas.articles import Articles
from bot.storage.areas.channels import Channels
from bot.storage.areas.feeds import Feeds
from bot.storage.areas.leases import Leases
from bot.storage.areas.polls import Polls
from bot.storage.areas.posts import Posts
from bot.storage.areas.queries import Queries
from bot.storage.areas.stories import Stories
from bot.storage.areas.subscriptions import Subscriptions
from bot.storage.database import Database
from bot.storage.rows import (
    AlertBudget,
    ArticleRow,
    ChannelRow,
    FeedNotice,
    FeedRow,
    FigureRow,
    FilterRow,
    OfficialRow,
    PersonRow,
    PolledFeed,
    PostRow,
    QuoteRow,
    StoredArticle,
    StoryRow,
    WatchRow,
    WhoSaidResult,
)
from config.settings import FeedConfig


class Store:
    """The face of newsbot's storage: one method per question or change, each delegated to its area."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.db = Database(engine)
        self._feeds = Feeds(self.db)
        self._articles = Articles(self.db)
        self._queries = Queries(self.db)
        self._channels = Channels(self.db)
        self._stories = Stories(self.db)
        self._posts = Posts(self.db)
        self._leases = Leases(self.db)
        self._subscriptions = Subscriptions(self.db)
        self._polls = Polls(self.db)

    @classmethod
    async def open(cls, url: str, migrate: bool = True) -> Store:
        engine = db.make_engine(url)
        if migrate:
            await db.migrate(engine)
        store = cls(engine)
        store.db.file = db.watch_sqlite_file(engine)
        return store

    @property
    def engine(self) -> AsyncEngine:
        return self.db.engine

    def database_problem(self) -> db.DatabaseLost | None:
        """Whether the SQLite file was deleted or replaced since it was opened (None: fine, or PostgreSQL)."""
        return self.db.problem()

    async def close(self) -> None:
        await self.db.close()

    # --- feeds (bot.storage.areas.feeds) ---------------------------------------------------------

    async def sync_feeds(self, feeds: Sequence[FeedConfig]) -> None:
        await self._feeds.sync_feeds(feeds)

    async def add_feed(
        self, url: str, name: str | None = None, interval: int | None = None, *, shared: bool = True
    ) -> FeedRow:
        return await self._feeds.add_feed(url, name, interval, shared=shared)

    async def remove_feed(self, feed_id: int) -> bool:
        return await self._feeds.remove_feed(feed_id)

    async def list_feeds(self) -> list[FeedRow]:
        return await self._feeds.list_feeds()

    async def get_feed(self, feed_id: int) -> FeedRow | None:
        return await self._feeds.get_feed(feed_id)

    async def due_feeds(self, now: datetime, limit: int) -> list[FeedRow]:
        return await self._feeds.due_feeds(now, limit)

    async def lease_due_feeds(
        self, owner: str, now: datetime, limit: int, lease_seconds: float, *, force: bool = False
    ) -> list[FeedRow]:
        return await self._feeds.lease_due_feeds(owner, now, limit, lease_seconds, force=force)

    async def record_feed_success(
        self,
        feed_id: int,
        *,
        etag: str | None,
        last_modified: str | None,
        next_poll_at: datetime,
        title: str | None = None,
        now: datetime,
    ) -> None:
        await self._feeds.record_feed_success(
            feed_id, etag=etag, last_modified=last_modified, next_poll_at=next_poll_at, title=title, now=now
        )

    async def record_feed_failure(
        self, feed_id: int, *, error: str, error_kind: str, next_poll_at: datetime, now: datetime
    ) -> None:
        await self._feeds.record_feed_failure(
            feed_id, error=error, error_kind=error_kind, next_poll_at=next_poll_at, now=now
        )

    # --- poll results in batches (bot.storage.areas.polls) --------------------------------------

    async def record_polls(self, polled: Sequence[PolledFeed], now: datetime | None = None) -> list[list[int | None]]:
        """Many feeds' new articles and outcomes in one transaction; each article's new id, or None for a
        duplicate (of a stored article or of one before it in ``polled``)."""
        return await self._polls.record_polls(polled, now)

    # --- articles (bot.storage.areas.articles) ---------------------------------------------------

    async def known_items(
        self, feed_id: int | None, guids: Sequence[str], canonical_urls: Sequence[str]
    ) -> tuple[set[str], set[str]]:
        return await self._articles.known_items(feed_id, guids, canonical_urls)

    async def add_article(
        self,
        item: FeedItem,
        *,
        feed_id: int | None,
        text: str,
        canonical_url: str | None,
        content_hash: str | None,
        announce: bool,
        now: datetime | None = None,
    ) -> int | None:
        return await self._articles.add_article(
            item,
            feed_id=feed_id,
            text=text,
            canonical_url=canonical_url,
            content_hash=content_hash,
            announce=announce,
            now=now,
        )

    async def lease_pending(
        self, owner: str, limit: int, lease_seconds: float, now: datetime | None = None
    ) -> list[StoredArticle]:
        return await self._articles.lease_pending(owner, limit, lease_seconds, now)

    async def save_extraction_error(self, article_id: int, error: str, now: datetime | None = None) -> None:
        await self._articles.save_extraction_error(article_id, error, now)

    async def save_extraction(self, article_id: int, ex: Extraction, now: datetime | None = None) -> None:
        await self._articles.save_extraction(article_id, ex, now)

    # --- queries (bot.storage.areas.queries) -----------------------------------------------------

    async def whosaid(
        self,
        name: str,
        since: datetime | None = None,
        limit: int = 10,
        page: int = 1,
        about: str | None = None,
    ) -> WhoSaidResult:
        return await self._queries.whosaid(name, since, limit, page, about)

    async def quotes(self, since: datetime | None = None, limit: int = 100_000) -> list[QuoteRow]:
        return await self._queries.quotes(since, limit)

    async def officials(self, query: str | None, since: datetime | None = None, limit: int = 20) -> list[OfficialRow]:
        return await self._queries.officials(query, since, limit)

    async def figures(
        self, query: str | None, since: datetime | None = None, limit: int = 20, relevant_only: bool = True
    ) -> list[FigureRow]:
        return await self._queries.figures(query, since, limit, relevant_only)

    async def news(
        self, query: str | None, since: datetime | None = None, limit: int = 10, relevant_only: bool = True
    ) -> list[ArticleRow]:
        return await self._queries.news(query, since, limit, relevant_only)

    async def articles_since(
        self, since: datetime, relevant_only: bool = True, announced_only: bool = True
    ) -> list[ArticleRow]:
        return await self._queries.articles_since(since, relevant_only, announced_only)

    async def known_names(self, prefix: str, limit: int = 25) -> list[str]:
        return await self._queries.known_names(prefix, limit)

    async def get_person(self, person_id: int) -> PersonRow | None:
        return await self._queries.get_person(person_id)

    # --- channels, watches (bot.storage.areas.channels) ------------------------------------------

    async def ensure_channel(
        self, platform: str, external_id: str, name: str | None = None, schedule: str | None = None
    ) -> ChannelRow:
        return await self._channels.ensure_channel(platform, external_id, name, schedule)

    async def list_channels(self, platform: str | None = None) -> list[ChannelRow]:
        return await self._channels.list_channels(platform)

    async def lease_digest(
        self, channel_id: int, last_digest_at: datetime | None, now: datetime, seconds: float
    ) -> bool:
        return await self._channels.lease_digest(channel_id, last_digest_at, now, seconds)

    async def mark_digest(self, channel_id: int, at: datetime) -> None:
        await self._channels.mark_digest(channel_id, at)

    async def add_watch(self, channel_id: int, kind: str, value: str) -> bool:
        return await self._channels.add_watch(channel_id, kind, value)

    async def remove_watch(self, channel_id: int, kind: str, value: str) -> bool:
        return await self._channels.remove_watch(channel_id, kind, value)

    async def list_watches(self, channel_id: int | None = None) -> list[WatchRow]:
        return await self._channels.list_watches(channel_id)

    # --- stories (bot.storage.areas.stories) -----------------------------------------------------

    async def save_story(
        self, key: str, headline: str, article_ids: Sequence[int], now: datetime | None = None
    ) -> StoryRow:
        return await self._stories.save_story(key, headline, article_ids, now)

    async def story_keys(self, article_ids: Sequence[int]) -> dict[int, str]:
        return await self._stories.story_keys(article_ids)

    async def stories(self, *, keys: Sequence[str] = (), ids: Sequence[int] = ()) -> list[StoryRow]:
        return await self._stories.stories(keys=keys, ids=ids)

    # --- posts (bot.storage.areas.posts) ---------------------------------------------------------

    async def claim_post(
        self,
        channel_id: int,
        story_id: int,
        now: datetime | None = None,
        *,
        kind: str = "story",
        article_ids: Sequence[int] = (),
        budget: AlertBudget | None = None,
    ) -> int | None:
        return await self._posts.claim_post(
            channel_id, story_id, now, kind=kind, article_ids=article_ids, budget=budget
        )

    async def claim_update(
        self, channel_id: int, parent_post_id: int, article_ids: Sequence[int], now: datetime | None = None
    ) -> int | None:
        return await self._posts.claim_update(channel_id, parent_post_id, article_ids, now)

    async def claim_chart(self, channel_id: int, week: str, now: datetime | None = None) -> int | None:
        return await self._posts.claim_chart(channel_id, week, now)

    async def add_post_articles(self, post_id: int, article_ids: Sequence[int]) -> None:
        await self._posts.add_post_articles(post_id, article_ids)

    async def shown_articles(self, post_ids: Sequence[int]) -> dict[int, set[int]]:
        return await self._posts.shown_articles(post_ids)

    async def mark_post_sent(
        self, post_id: int, external_id: str | None, thread_ref: str | None = None, now: datetime | None = None
    ) -> None:
        await self._posts.mark_post_sent(post_id, external_id, thread_ref, now)

    async def release_post(self, post_id: int) -> None:
        await self._posts.release_post(post_id)

    async def posts(self, channel_id: int, state: str | None = None) -> list[PostRow]:
        return await self._posts.posts(channel_id, state)

    # --- leases (bot.storage.areas.leases) -------------------------------------------------------

    async def renew_leases(
        self, kind: Literal["feeds", "articles"], owner: str, ids: Sequence[int], until: datetime
    ) -> None:
        await self._leases.renew_leases(kind, owner, ids, until)

    async def acquire_lease(self, name: str, owner: str, seconds: float, now: datetime | None = None) -> bool:
        return await self._leases.acquire_lease(name, owner, seconds, now)

    async def release_lease(self, name: str, owner: str) -> bool:
        return await self._leases.release_lease(name, owner)

    async def lease_holder(self, name: str, now: datetime | None = None) -> str | None:
        return await self._leases.lease_holder(name, now)

    # --- subscriptions, filters, feed health (bot.storage.areas.subscriptions) --------------------

    async def subscribe(self, channel_id: int, feed_id: int) -> bool:
        return await self._subscriptions.subscribe(channel_id, feed_id)

    async def unsubscribe(self, channel_id: int, feed_id: int) -> bool:
        return await self._subscriptions.unsubscribe(channel_id, feed_id)

    async def channel_feeds(self, channel_id: int) -> list[FeedRow]:
        return await self._subscriptions.channel_feeds(channel_id)

    async def subscribed_feed_ids(self, channel_id: int) -> set[int]:
        return await self._subscriptions.subscribed_feed_ids(channel_id)

    async def subscribers(self, feed_id: int) -> list[int]:
        return await self._subscriptions.subscribers(feed_id)

    async def claim_feed_notices(self, channel_id: int, alert_after: int) -> list[FeedNotice]:
        return await self._subscriptions.claim_feed_notices(channel_id, alert_after)

    async def release_feed_notice(self, notice: FeedNotice) -> None:
        await self._subscriptions.release_feed_notice(notice)

    async def add_filter(self, channel_id: int, kind: str, value: str) -> bool:
        return await self._subscriptions.add_filter(channel_id, kind, value)

    async def remove_filter(self, channel_id: int, filter_id: int) -> bool:
        return await self._subscriptions.remove_filter(channel_id, filter_id)

    async def list_filters(self, channel_id: int) -> list[FilterRow]:
        return await self._subscriptions.list_filters(channel_id)
