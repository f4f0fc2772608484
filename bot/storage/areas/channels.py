"""Channels and watches: where newsbot posts, each channel's digest schedule and turn, and what it watches."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.infra.clock import utcnow
from bot.storage.database import Database
from bot.storage.rows import ChannelRow, WatchRow
from bot.storage.tables import Channel, Watch


def channel_row(c: Channel) -> ChannelRow:
    return ChannelRow(
        id=c.id,
        platform=c.platform,
        external_id=c.external_id,
        name=c.name,
        schedule=c.schedule,
        last_digest_at=c.last_digest_at,
    )


class Channels:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def ensure_channel(
        self, platform: str, external_id: str, name: str | None = None, schedule: str | None = None
    ) -> ChannelRow:
        """The channel row for (platform, external id), created on first use; name/schedule updated if given."""
        for _ in range(2):  # a concurrent first use may win the insert; then read theirs
            try:
                async with self.db.write() as s:
                    c = await s.scalar(
                        select(Channel).where(Channel.platform == platform, Channel.external_id == external_id)
                    )
                    if c is None:
                        c = Channel(platform=platform, external_id=external_id, created_at=utcnow())
                        s.add(c)
                    c.name = name if name is not None else c.name
                    c.schedule = schedule if schedule is not None else c.schedule
                    await s.flush()
                    return channel_row(c)
            except IntegrityError:
                continue
        raise RuntimeError(f"could not create channel {platform}:{external_id}")

    async def list_channels(self, platform: str | None = None) -> list[ChannelRow]:
        stmt = select(Channel).order_by(Channel.id)
        if platform:
            stmt = stmt.where(Channel.platform == platform)
        async with self.db.read() as s:
            return [channel_row(c) for c in await s.scalars(stmt)]

    async def lease_digest(
        self, channel_id: int, last_digest_at: datetime | None, now: datetime, seconds: float
    ) -> bool:
        """Take the right to post a channel's due digest, for ``seconds``: False when another worker holds
        it or has posted one since ``last_digest_at`` (the value the caller saw). ``mark_digest`` ends it."""
        async with self.db.write() as s:
            taken = cast(
                CursorResult[Any],
                await s.execute(
                    update(Channel)
                    .where(
                        Channel.id == channel_id,
                        Channel.last_digest_at.is_not_distinct_from(last_digest_at),
                        or_(Channel.digest_lease_until.is_(None), Channel.digest_lease_until < now),
                    )
                    .values(digest_lease_until=now + timedelta(seconds=seconds))
                ),
            )
            return taken.rowcount == 1

    async def mark_digest(self, channel_id: int, at: datetime) -> None:
        """The channel's digest went out ``at``: the next one counts from then, and the digest lease ends."""
        async with self.db.write() as s:
            await s.execute(
                update(Channel).where(Channel.id == channel_id).values(last_digest_at=at, digest_lease_until=None)
            )

    async def add_watch(self, channel_id: int, kind: str, value: str) -> bool:
        """Watch a person or keyword in a channel; False when already watched."""
        value = value.strip()
        async with self.db.write() as s:
            exists = await s.scalar(
                select(Watch.id).where(Watch.channel_id == channel_id, Watch.kind == kind, Watch.value == value)
            )
            if exists is None:
                s.add(Watch(channel_id=channel_id, kind=kind, value=value, created_at=utcnow()))
        return exists is None

    async def remove_watch(self, channel_id: int, kind: str, value: str) -> bool:
        async with self.db.write() as s:
            result = cast(
                CursorResult[Any],
                await s.execute(
                    delete(Watch).where(
                        Watch.channel_id == channel_id, Watch.kind == kind, Watch.value == value.strip()
                    )
                ),
            )
            return bool(result.rowcount)

    async def list_watches(self, channel_id: int | None = None) -> list[WatchRow]:
        stmt = select(Watch).order_by(Watch.id)
        if channel_id is not None:
            stmt = stmt.where(Watch.channel_id == channel_id)
        async with self.db.read() as s:
            return [
                WatchRow(id=w.id, channel_id=w.channel_id, kind=w.kind, value=w.value) for w in await s.scalars(stmt)
            ]
