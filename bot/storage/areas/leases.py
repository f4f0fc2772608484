"""Leases: renewing a worker's hold on the feeds and articles it works on, and named leases on a job one
worker at a time does (the Discord gateway; see bot.coordination.leadership)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, case, delete, or_, select, update

from bot.infra.clock import utcnow
from bot.storage.database import Database
from bot.storage.tables import Article, Feed, NamedLease


class Leases:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def renew_leases(
        self, kind: Literal["feeds", "articles"], owner: str, ids: Sequence[int], until: datetime
    ) -> None:
        """Extend ``owner``'s leases on feeds or articles (``kind``) it is still working on."""
        models: dict[str, type[Feed | Article]] = {"feeds": Feed, "articles": Article}
        model = models[kind]
        if not ids:
            return
        async with self.db.write() as s:
            await s.execute(
                update(model).where(model.id.in_(list(ids)), model.lease_owner == owner).values(lease_until=until)
            )

    async def acquire_lease(self, name: str, owner: str, seconds: float, now: datetime | None = None) -> bool:
        """Take the lease ``name`` for ``owner`` until ``now + seconds``, or renew it when ``owner`` holds it:
        True. False while another owner's lease has not run out. One upsert whose update applies only to an
        expired or own row, so of workers racing for it exactly one wins, on SQLite and PostgreSQL alike."""
        now = now or utcnow()
        stmt = self.db.insert(NamedLease).values(
            name=name, owner=owner, until=now + timedelta(seconds=seconds), acquired_at=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[NamedLease.name],
            set_={
                "owner": stmt.excluded.owner,
                "until": stmt.excluded.until,
                # a renewal keeps the time the owner took it
                "acquired_at": case(
                    (NamedLease.owner == stmt.excluded.owner, NamedLease.acquired_at), else_=stmt.excluded.acquired_at
                ),
            },
            where=or_(NamedLease.owner == owner, NamedLease.until < now),
        ).returning(NamedLease.owner)
        async with self.db.write() as s:
            return bool((await s.execute(stmt)).scalar_one_or_none() == owner)

    async def release_lease(self, name: str, owner: str) -> bool:
        """Give up ``owner``'s lease ``name`` (a clean stop), so another worker takes it on its next try
        instead of waiting for it to run out. False when ``owner`` did not hold it (any more)."""
        async with self.db.write() as s:
            result = cast(
                CursorResult[Any],
                await s.execute(delete(NamedLease).where(NamedLease.name == name, NamedLease.owner == owner)),
            )
            return bool(result.rowcount)

    async def lease_holder(self, name: str, now: datetime | None = None) -> str | None:
        """The owner of the lease ``name`` while it lasts; None when nobody holds it or it has run out."""
        stmt = select(NamedLease.owner).where(NamedLease.name == name, NamedLease.until >= (now or utcnow()))
        async with self.db.read() as s:
            return await s.scalar(stmt)
