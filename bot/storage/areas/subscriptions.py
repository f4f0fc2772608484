"""Subscriptions and filters: which feeds each channel follows, what it filters out, and the feed-health
notices it is owed.

A feed is one row however many channels follow it (the poller fetches it once per round); each channel that
follows it has a subscription row. A channel sees the articles of its subscribed feeds and of the shared ones
(configured for everyone), and articles stored without a feed (bulk ingest).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, delete, or_, select, update

from bot.infra.clock import utcnow
from bot.storage.areas.feeds import feed_row
from bot.storage.database import Database
from bot.storage.rows import FeedNotice, FeedRow, FilterRow
from bot.storage.tables import ChannelFilter, Feed, Subscription

FILTER_KINDS = ("keyword", "exclude", "outlet", "min_relevance")


class Subscriptions:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def subscribe(self, channel_id: int, feed_id: int) -> bool:
        """The channel follows the feed; False when it already did."""
        async with self.db.write() as s:
            exists = await s.scalar(
                select(Subscription.id).where(Subscription.channel_id == channel_id, Subscription.feed_id == feed_id)
            )
            if exists is None:
                s.add(Subscription(channel_id=channel_id, feed_id=feed_id, created_at=utcnow()))
        return exists is None

    async def unsubscribe(self, channel_id: int, feed_id: int) -> bool:
        """The channel stops following the feed. A feed no channel follows and not shared is deleted (not polled
        for nobody); its articles stay. False when the channel did not follow it."""
        async with self.db.write() as s:
            gone = cast(
                CursorResult[Any],
                await s.execute(
                    delete(Subscription).where(Subscription.channel_id == channel_id, Subscription.feed_id == feed_id)
                ),
            )
            if not gone.rowcount:
                return False
            followers = await s.scalar(select(Subscription.id).where(Subscription.feed_id == feed_id).limit(1))
            if followers is None:
                await s.execute(delete(Feed).where(Feed.id == feed_id, Feed.shared.is_(False)))
            return True

    async def channel_feeds(self, channel_id: int) -> list[FeedRow]:
        """The feeds a channel draws on: its subscriptions and the shared feeds, by id."""
        subscribed = select(Subscription.feed_id).where(Subscription.channel_id == channel_id)
        stmt = select(Feed).where(or_(Feed.shared.is_(True), Feed.id.in_(subscribed))).order_by(Feed.id)
        async with self.db.read() as s:
            return [feed_row(f) for f in await s.scalars(stmt)]

    async def subscribed_feed_ids(self, channel_id: int) -> set[int]:
        async with self.db.read() as s:
            return set(await s.scalars(select(Subscription.feed_id).where(Subscription.channel_id == channel_id)))

    async def subscribers(self, feed_id: int) -> list[int]:
        """The ids of the channels that follow the feed."""
        stmt = select(Subscription.channel_id).where(Subscription.feed_id == feed_id).order_by(Subscription.channel_id)
        async with self.db.read() as s:
            return list(await s.scalars(stmt))

    async def claim_feed_notices(self, channel_id: int, alert_after: int) -> list[FeedNotice]:
        """The feed-health notices the channel is owed now, each claimed so it is given once across workers:
        ``failing`` for a subscribed feed with ``alert_after`` failures in a row not yet reported, ``recovered``
        for a reported one whose last poll went through."""
        stmt = (
            select(Subscription, Feed)
            .join(Feed, Feed.id == Subscription.feed_id)
            .where(
                Subscription.channel_id == channel_id,
                or_(
                    (Subscription.failure_notified.is_(False)) & (Feed.failures >= alert_after),
                    (Subscription.failure_notified.is_(True)) & (Feed.failures == 0),
                ),
            )
            .order_by(Feed.id)
        )
        async with self.db.read() as s:  # most rounds owe nothing: no write transaction for them
            owed = [(sub.id, not sub.failure_notified, feed_row(feed)) for sub, feed in (await s.execute(stmt)).all()]
        if not owed:
            return []
        notices: list[FeedNotice] = []
        async with self.db.write() as s:
            for sub_id, failing, feed in owed:
                claimed = cast(
                    CursorResult[Any],
                    await s.execute(
                        update(Subscription)
                        .where(Subscription.id == sub_id, Subscription.failure_notified.is_(not failing))
                        .values(failure_notified=failing)
                    ),
                )
                if claimed.rowcount == 1:
                    notices.append(FeedNotice(channel_id, feed, "failing" if failing else "recovered"))
        return notices

    async def release_feed_notice(self, notice: FeedNotice) -> None:
        """A claimed notice that could not be posted: owed again on the next round."""
        async with self.db.write() as s:
            await s.execute(
                update(Subscription)
                .where(Subscription.channel_id == notice.channel_id, Subscription.feed_id == notice.feed.id)
                .values(failure_notified=notice.kind != "failing")
            )

    async def add_filter(self, channel_id: int, kind: str, value: str) -> bool:
        """Add one of the channel's filters (``FILTER_KINDS``); False when it already has it."""
        if kind not in FILTER_KINDS:
            raise ValueError(f"unknown filter kind {kind!r}")
        value = value.strip()
        async with self.db.write() as s:
            exists = await s.scalar(
                select(ChannelFilter.id).where(
                    ChannelFilter.channel_id == channel_id, ChannelFilter.kind == kind, ChannelFilter.value == value
                )
            )
            if exists is None:
                s.add(ChannelFilter(channel_id=channel_id, kind=kind, value=value, created_at=utcnow()))
        return exists is None

    async def remove_filter(self, channel_id: int, filter_id: int) -> bool:
        async with self.db.write() as s:
            result = cast(
                CursorResult[Any],
                await s.execute(
                    delete(ChannelFilter).where(ChannelFilter.channel_id == channel_id, ChannelFilter.id == filter_id)
                ),
            )
            return bool(result.rowcount)

    async def list_filters(self, channel_id: int) -> list[FilterRow]:
        stmt = select(ChannelFilter).where(ChannelFilter.channel_id == channel_id).order_by(ChannelFilter.id)
        async with self.db.read() as s:
            return [FilterRow(f.id, f.channel_id, f.kind, f.value) for f in await s.scalars(stmt)]
