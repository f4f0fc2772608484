"""Feeds: the configured and added sources, their poll schedule and outcome, leased to one poller at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.infra.clock import utcnow
from bot.storage.database import Database, lease_free
from bot.storage.rows import FeedRow
from bot.storage.tables import Feed, FeedSeed
from config.settings import FeedConfig

SYNC_CHUNK = 1000  # configured feeds seeded per statement (7 parameters a row)


def feed_row(f: Feed) -> FeedRow:
    return FeedRow(
        id=f.id,
        url=f.url,
        name=f.name,
        title=f.title,
        etag=f.etag,
        last_modified=f.last_modified,
        interval=f.interval,
        next_poll_at=f.next_poll_at,
        failures=f.failures,
        last_error=f.last_error,
        last_error_kind=f.last_error_kind,
        last_success_at=f.last_success_at,
        last_polled_at=f.last_polled_at,
        enabled=f.enabled,
        created_at=f.created_at,
        shared=bool(f.shared),
    )


class Feeds:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def sync_feeds(self, feeds: Sequence[FeedConfig]) -> None:
        """Seed the configured feeds once, for every channel: a URL seeded before is not added again (an admin
        who removed it meant it), while one that still exists takes its configured name and interval."""
        if not feeds:
            return
        async with self.db.write() as s:
            for start in range(0, len(feeds), SYNC_CHUNK):
                await self._sync_chunk(s, feeds[start : start + SYNC_CHUNK])

    async def _sync_chunk(self, s: AsyncSession, feeds: Sequence[FeedConfig]) -> None:
        """``sync_feeds`` for at most ``SYNC_CHUNK`` feeds: a statement's parameters stay within PostgreSQL's 32,767."""
        urls = [c.url for c in feeds]
        seeded = set(await s.scalars(select(FeedSeed.url).where(FeedSeed.url.in_(urls))))
        new = [c for c in feeds if c.url not in seeded]
        if new:
            # workers starting together insert the same feeds: the first one wins, the others skip
            rows = [{"url": c.url, "name": c.name, "interval": c.interval, "shared": True} for c in new]
            await s.execute(self.db.insert_ignoring_duplicates(Feed, rows))
            await s.execute(
                self.db.insert_ignoring_duplicates(FeedSeed, [{"url": c.url, "seeded_at": utcnow()} for c in new])
            )
        existing = {f.url: f for f in await s.scalars(select(Feed).where(Feed.url.in_(urls)))}
        for c in feeds:
            if (f := existing.get(c.url)) is not None:
                f.name, f.interval = c.name, c.interval
                if c.url not in seeded:
                    f.shared = True

    async def add_feed(
        self, url: str, name: str | None = None, interval: int | None = None, *, shared: bool = True
    ) -> FeedRow:
        """Add a feed, or update the name/interval of the one already at ``url`` (one row per URL, however many
        channels follow it). ``shared``: for every channel; a feed once shared stays shared."""
        async with self.db.write() as s:
            f = await s.scalar(select(Feed).where(Feed.url == url))
            if f is None:
                f = Feed(
                    url=url, name=name, interval=interval, failures=0, enabled=True, created_at=utcnow(), shared=shared
                )
                s.add(f)
            else:
                f.name = name if name is not None else f.name
                f.interval = interval if interval is not None else f.interval
                f.shared = f.shared or shared
            await s.flush()
            return feed_row(f)

    async def remove_feed(self, feed_id: int) -> bool:
        """Forget a feed; its articles stay (with no feed)."""
        async with self.db.write() as s:
            result = cast(CursorResult[Any], await s.execute(delete(Feed).where(Feed.id == feed_id)))
            return bool(result.rowcount)

    async def list_feeds(self) -> list[FeedRow]:
        async with self.db.read() as s:
            return [feed_row(f) for f in await s.scalars(select(Feed).order_by(Feed.id))]

    async def get_feed(self, feed_id: int) -> FeedRow | None:
        async with self.db.read() as s:
            f = await s.get(Feed, feed_id)
            return feed_row(f) if f is not None else None

    async def due_feeds(self, now: datetime, limit: int) -> list[FeedRow]:
        """Enabled feeds whose next poll time has come (never-polled ones first)."""
        stmt = (
            select(Feed)
            .where(Feed.enabled.is_(True), or_(Feed.next_poll_at.is_(None), Feed.next_poll_at <= now))
            .order_by(Feed.next_poll_at.asc().nulls_first(), Feed.id)
            .limit(limit)
        )
        async with self.db.read() as s:
            return [feed_row(f) for f in await s.scalars(stmt)]

    async def lease_due_feeds(
        self, owner: str, now: datetime, limit: int, lease_seconds: float, *, force: bool = False
    ) -> list[FeedRow]:
        """Take up to ``limit`` enabled feeds that are due (every feed with ``force``) and that no worker
        holds, for ``owner`` until ``now + lease_seconds``; never-polled ones first. Recording the poll's
        outcome releases a feed."""
        wanted = [Feed.enabled.is_(True), lease_free(Feed, now)]
        if not force:
            wanted.append(or_(Feed.next_poll_at.is_(None), Feed.next_poll_at <= now))
        order = (Feed.next_poll_at.asc().nulls_first(), Feed.id)
        until = now + timedelta(seconds=lease_seconds)
        taken: list[Feed] = await self.db.lease_rows(Feed, wanted, order, limit, owner, until)
        taken.sort(key=lambda f: (f.next_poll_at is not None, f.next_poll_at or now, f.id))
        return [feed_row(f) for f in taken]

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
        """A poll went through: keep its validators and schedule the next one; the lease ends."""
        values: dict[str, Any] = {
            "etag": etag,
            "last_modified": last_modified,
            "next_poll_at": next_poll_at,
            "failures": 0,
            "last_error": None,
            "last_error_kind": None,
            "last_success_at": now,
            "last_polled_at": now,
            "lease_owner": None,
            "lease_until": None,
        }
        if title:
            values["title"] = title
        async with self.db.write() as s:
            await s.execute(update(Feed).where(Feed.id == feed_id).values(**values))

    async def record_feed_failure(
        self, feed_id: int, *, error: str, error_kind: str, next_poll_at: datetime, now: datetime
    ) -> None:
        """A poll failed: count it, keep why, and schedule the next try; the lease ends."""
        async with self.db.write() as s:
            await s.execute(
                update(Feed)
                .where(Feed.id == feed_id)
                .values(
                    failures=Feed.failures + 1,
                    last_error=error[:2000],
                    last_error_kind=error_kind,
                    next_poll_at=next_poll_at,
                    last_polled_at=now,
                    lease_owner=None,
                    lease_until=None,
                )
            )
