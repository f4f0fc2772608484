"""``Store``: every read and write newsbot makes, over one AsyncEngine, returning plain rows.

``Store`` is the one object callers hold; each method hands the call to the area that does the work
(``bot.storage.areas``: feeds, poll results, articles, queries, channels, stories, posts, leases,
subscriptions), all sharing one ``Database`` (sessions, the SQLite write queue, dialect differences) — as
slack-bolt's ``AsyncApp`` stays the public face while ``listener/`` and ``middleware/`` do the work. Each method is the area's own,
forwarded (``forward``), so its signature and docstring are written once, in the area.

Writes that must not double up (articles, stories, posts) rely on unique constraints and treat a
conflict as "someone else got there first". Work that several workers share (polling feeds, extracting
articles, a channel's due digest) is leased: a worker takes rows with ``SELECT … FOR UPDATE SKIP LOCKED``
(on PostgreSQL; SQLite has one writer) and stamps them with its id and an expiry, so each row has one
worker at a time, and the rows of a worker that died go to another once its lease has run out.
People are resolved under a PostgreSQL advisory lock so two workers cannot create the same person.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine

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

P = ParamSpec("P")
R = TypeVar("R")


def forward(area: str, method: Callable[Concatenate[Any, P], R]) -> Callable[Concatenate[Any, P], R]:
    """A ``Store`` method that calls the same-named method of the area held in the attribute ``area``,
    with that method's signature (checked by mypy at every call) and docstring."""
    name = method.__name__

    @functools.wraps(method)
    def call(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return getattr(getattr(self, area), name)(*args, **kwargs)

    return call


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

    sync_feeds = forward("_feeds", Feeds.sync_feeds)
    add_feed = forward("_feeds", Feeds.add_feed)
    remove_feed = forward("_feeds", Feeds.remove_feed)
    list_feeds = forward("_feeds", Feeds.list_feeds)
    get_feed = forward("_feeds", Feeds.get_feed)
    due_feeds = forward("_feeds", Feeds.due_feeds)
    lease_due_feeds = forward("_feeds", Feeds.lease_due_feeds)
    record_feed_success = forward("_feeds", Feeds.record_feed_success)
    record_feed_failure = forward("_feeds", Feeds.record_feed_failure)

    # --- poll results in batches (bot.storage.areas.polls) --------------------------------------

    record_polls = forward("_polls", Polls.record_polls)
    add_articles = forward("_polls", Polls.add_articles)

    # --- articles (bot.storage.areas.articles) ---------------------------------------------------

    known_items = forward("_articles", Articles.known_items)
    add_article = forward("_articles", Articles.add_article)
    lease_pending = forward("_articles", Articles.lease_pending)
    save_extraction_error = forward("_articles", Articles.save_extraction_error)
    save_extraction = forward("_articles", Articles.save_extraction)
    save_extractions = forward("_articles", Articles.save_extractions)
    save_frames = forward("_articles", Articles.save_frames)

    # --- queries (bot.storage.areas.queries) -----------------------------------------------------

    whosaid = forward("_queries", Queries.whosaid)
    record_batches = forward("_queries", Queries.record_batches)
    everyone_batches = forward("_queries", Queries.everyone_batches)
    officials = forward("_queries", Queries.officials)
    figures = forward("_queries", Queries.figures)
    news = forward("_queries", Queries.news)
    articles_since = forward("_queries", Queries.articles_since)
    known_names = forward("_queries", Queries.known_names)
    get_person = forward("_queries", Queries.get_person)

    # --- channels, watches (bot.storage.areas.channels) ------------------------------------------

    ensure_channel = forward("_channels", Channels.ensure_channel)
    list_channels = forward("_channels", Channels.list_channels)
    lease_digest = forward("_channels", Channels.lease_digest)
    mark_digest = forward("_channels", Channels.mark_digest)
    add_watch = forward("_channels", Channels.add_watch)
    remove_watch = forward("_channels", Channels.remove_watch)
    list_watches = forward("_channels", Channels.list_watches)

    # --- stories (bot.storage.areas.stories) -----------------------------------------------------

    save_story = forward("_stories", Stories.save_story)
    story_keys = forward("_stories", Stories.story_keys)
    stories = forward("_stories", Stories.stories)

    # --- posts (bot.storage.areas.posts) ---------------------------------------------------------

    claim_post = forward("_posts", Posts.claim_post)
    claim_update = forward("_posts", Posts.claim_update)
    claim_chart = forward("_posts", Posts.claim_chart)
    add_post_articles = forward("_posts", Posts.add_post_articles)
    shown_articles = forward("_posts", Posts.shown_articles)
    mark_post_sent = forward("_posts", Posts.mark_post_sent)
    release_post = forward("_posts", Posts.release_post)
    posts = forward("_posts", Posts.posts)

    # --- leases (bot.storage.areas.leases) -------------------------------------------------------

    renew_leases = forward("_leases", Leases.renew_leases)
    acquire_lease = forward("_leases", Leases.acquire_lease)
    release_lease = forward("_leases", Leases.release_lease)
    lease_holder = forward("_leases", Leases.lease_holder)

    # --- subscriptions, filters, feed health (bot.storage.areas.subscriptions) --------------------

    subscribe = forward("_subscriptions", Subscriptions.subscribe)
    unsubscribe = forward("_subscriptions", Subscriptions.unsubscribe)
    channel_feeds = forward("_subscriptions", Subscriptions.channel_feeds)
    subscribed_feed_ids = forward("_subscriptions", Subscriptions.subscribed_feed_ids)
    subscribers = forward("_subscriptions", Subscriptions.subscribers)
    claim_feed_notices = forward("_subscriptions", Subscriptions.claim_feed_notices)
    release_feed_notice = forward("_subscriptions", Subscriptions.release_feed_notice)
    add_filter = forward("_subscriptions", Subscriptions.add_filter)
    remove_filter = forward("_subscriptions", Subscriptions.remove_filter)
    list_filters = forward("_subscriptions", Subscriptions.list_filters)
