"""The schema, as SQLAlchemy 2 typed declarative classes. Nothing outside bot.storage sees these.

Every timestamp is stored in UTC and read back timezone-aware, on SQLite as well (see ``UTCDateTime``).
The Alembic revisions in ``migrations/versions`` create exactly this schema; a test compares them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.infra.clock import utcnow

# Named constraints, so future batch migrations on SQLite can refer to them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out. SQLite keeps naive UTC text; PostgreSQL a timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[str]: JSON()}


class Feed(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(500))
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    interval: Mapped[int | None] = mapped_column(Integer)
    next_poll_at: Mapped[datetime | None] = mapped_column(index=True)  # NULL: due now
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_kind: Mapped[str | None] = mapped_column(String(50))
    last_success_at: Mapped[datetime | None]
    last_polled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # The worker polling it now, until when: a feed is polled by one worker at a time, and a dead
    # worker's feeds are taken over once its lease runs out.
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    # Configured for every channel (config/newsbot.toml, or added outside a channel); otherwise only the
    # channels subscribed to it (``subscriptions``) see its articles.
    shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class FeedSeed(Base):
    """A configured feed URL that has been put in the database once: from then on the database is the truth,
    so a configured feed an admin removed is not added back on the next start."""

    __tablename__ = "feed_seeds"

    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    seeded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("feed_id", "guid", name="uq_articles_feed_id_guid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    guid: Mapped[str | None] = mapped_column(String(2048))
    url: Mapped[str | None] = mapped_column(String(2048))
    canonical_url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    content_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    # The feed's date, or when we first saw the item: never NULL, so ordering and windows need no COALESCE.
    published: Mapped[datetime] = mapped_column(index=True)
    source: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    relevance: Mapped[float | None] = mapped_column(Float)
    relevant: Mapped[bool | None] = mapped_column(Boolean)  # NULL until extracted
    announce: Mapped[bool] = mapped_column(Boolean, default=True)  # False for a feed's first fetch
    extracted_at: Mapped[datetime | None] = mapped_column(index=True)
    extraction_error: Mapped[str | None] = mapped_column(Text)
    extractions: Mapped[int] = mapped_column(Integer, default=0)  # results saved: 1 unless re-extracted
    # The worker extracting it now, until when (as for feeds): each article is extracted once.
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What happened, who, where and when (bot.publishing.frames' JSON), read at extraction; NULL until then
    # (and for articles extracted before frames were stored: grouping fills it in).
    event_frame: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_name: Mapped[str] = mapped_column(String(200), index=True)
    surname_key: Mapped[str] = mapped_column(String(100), index=True)  # normalised surname, for matching
    title: Mapped[str | None] = mapped_column(String(500))
    title_updated_at: Mapped[datetime | None]
    aliases: Mapped[list[str]] = mapped_column(default=list)
    context: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"titles": [...], "co": [...]}
    # Names, aliases and title as bot.storage.search indexes them (pg_trgm / FTS5, made by migration 0003)
    search_names: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StatementRecord(Base):
    """One statement of one person: the quotes of it (outlets carrying the same words, or rewording them
    within days) point here. Assigned at ingest (``bot.storage.statements``, migration 0007), so /whosaid
    counts and pages statements in SQL. ``text`` is the fullest wording, searched by ``about:``."""

    __tablename__ = "statements"
    __table_args__ = (
        Index("ix_statements_person_id_latest", "person_id", "latest"),
        Index("ix_statements_key_hash", "key_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    key_hash: Mapped[str] = mapped_column(String(40))  # sha1 of the first wording's statement_key
    text: Mapped[str] = mapped_column(Text)
    latest: Mapped[datetime]  # the newest quote's date: the record's order
    earliest: Mapped[datetime]


class QuoteRecord(Base):
    __tablename__ = "quotes"
    __table_args__ = (
        UniqueConstraint("article_id", "text_hash", name="uq_quotes_article_id_text_hash"),
        # covering what a person page's statement window reads (bot.storage.record, migration 0010): the
        # window is read from the index alone, in its order (published, id)
        Index("ix_quotes_person_id_published", "person_id", "published", "id", "kind", "article_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    speaker_text: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))
    cue: Mapped[str | None] = mapped_column(String(100))
    paragraph: Mapped[int] = mapped_column(Integer, default=0)
    published: Mapped[datetime]
    # the statement it is one source of (NULL without a person)
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("statements.id", ondelete="SET NULL"), index=True)


class FigureRecord(Base):
    __tablename__ = "figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(200))
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(50))
    counts: Mapped[str] = mapped_column(Text, default="")
    sentence: Mapped[str] = mapped_column(Text, default="")
    qualifier: Mapped[str | None] = mapped_column(String(50))


class MentionRecord(Base):
    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("person_id", "article_id", name="uq_mentions_person_id_article_id"),
        Index("ix_mentions_person_id_published", "person_id", "published"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    title_at_time: Mapped[str | None] = mapped_column(String(500))
    official: Mapped[bool] = mapped_column(Boolean, default=False)
    published: Mapped[datetime]  # the article's, as on quotes: counted and dated without a join


class Channel(Base):
    __tablename__ = "channels"
    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_channels_platform_external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))  # slack | discord | terminal
    external_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(200))
    schedule: Mapped[str | None] = mapped_column(String(100))
    last_digest_at: Mapped[datetime | None]
    digest_lease_until: Mapped[datetime | None]  # a worker is posting the due digest (see Store.lease_digest)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Watch(Base):
    __tablename__ = "watches"
    __table_args__ = (UniqueConstraint("channel_id", "kind", "value", name="uq_watches_channel_id_kind_value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # person | keyword
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Subscription(Base):
    """A channel follows a feed: one feed row (polled once), one subscription per channel."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("channel_id", "feed_id", name="uq_subscriptions_channel_id_feed_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"), index=True)
    # The channel was told the feed is failing, and is owed one notice when it recovers.
    failure_notified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChannelFilter(Base):
    """One of a channel's filters on its digests and alerts: keyword, exclude, outlet or min_relevance."""

    __tablename__ = "channel_filters"
    __table_args__ = (UniqueConstraint("channel_id", "kind", "value", name="uq_channel_filters_channel_id_kind_value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Story(Base):
    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    headline: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class StoryArticle(Base):
    __tablename__ = "story_articles"

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


class Post(Base):
    """One message sent (or about to be sent) to one channel: the row is written before the send, so a
    crash between send and commit never posts twice. Its kind says what it holds and which unique key
    guards it: a story (in a digest) or an alert — once per (channel, story); an update in the thread of
    ``parent_post_id`` — once per (parent, newest report it adds); a weekly chart — once per (channel, week)."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("channel_id", "story_id", name="uq_posts_channel_id_story_id"),
        UniqueConstraint("parent_post_id", "newest_article_id", name="uq_posts_parent_post_id_newest_article_id"),
        UniqueConstraint("channel_id", "chart_week", name="uq_posts_channel_id_chart_week"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10), default="story")  # story | alert | update | chart
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))  # story, alert
    parent_post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))  # update
    newest_article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))  # update
    chart_week: Mapped[str | None] = mapped_column(String(10))  # chart: ISO week, e.g. 2026-W48
    state: Mapped[str] = mapped_column(String(10), default="intent")  # intent | sent
    external_id: Mapped[str | None] = mapped_column(String(100))  # Slack ts / Discord message id
    thread_ref: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class PostArticle(Base):
    """The reports a post showed: what a channel has seen of a story, so an update shows only what is new."""

    __tablename__ = "post_articles"

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)


class NamedLease(Base):
    """A job only one worker may do at a time (``discord.gateway``: one gateway session per bot), held by
    ``owner`` until ``until`` and renewed by it; once ``until`` has passed any worker may take it over
    (``Store.acquire_lease``). ``acquired_at`` is when the current owner took it; renewals keep it."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    until: Mapped[datetime]
    acquired_at: Mapped[datetime]
