"""The one database helper every storage area shares: sessions, transactions and dialect differences.

Each area of the store (``bot.storage.areas``) holds the same ``Database``, so there is one engine,
one SQLite write queue and one check that the SQLite file is still the one opened. On SQLite, writes
from this process queue on an asyncio lock: SQLite has one writer anyway, and waiting here beats
spinning on SQLITE_BUSY. Work that several workers share (polling feeds, extracting articles) is
leased with ``lease_rows``: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, one statement on SQLite.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage import db


class Database:
    """An engine with the session, transaction and dialect helpers the storage areas write with."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sqlite = db.is_sqlite(engine)
        self.file: db.SqliteFileWatch | None = None  # the SQLite file written to, once watched (see Store.open)
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._write_lock = asyncio.Lock()

    @property
    def dialect(self) -> str:
        """The dialect's name ("sqlite" or "postgresql"), for the queries that differ between them."""
        return self.engine.dialect.name

    def problem(self) -> db.DatabaseLost | None:
        """Whether the SQLite file was deleted or replaced since it was opened (None: fine, or PostgreSQL)."""
        return self.file.problem() if self.file is not None else None

    async def close(self) -> None:
        await self.engine.dispose()
        if self.file is not None:
            self.file.close()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A session in a transaction, committed on success; SQLite writers take turns. Nothing is written
        into a SQLite file that was deleted or replaced (DatabaseLost): it would be lost without a word."""
        if self.file is not None:
            self.file.check()
        if self.sqlite:
            async with self._write_lock, self._sessions() as s, s.begin():
                yield s
        else:
            async with self._sessions() as s, s.begin():
                yield s

    @asynccontextmanager
    async def write_connection(self) -> AsyncIterator[AsyncConnection]:
        """A plain connection in a transaction, committed on success, for batched Core statements (no ORM
        objects to track); the same turn-taking and file check as ``write``."""
        if self.file is not None:
            self.file.check()
        if self.sqlite:
            async with self._write_lock, self.engine.begin() as conn:
                yield conn
        else:
            async with self.engine.begin() as conn:
                yield conn

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reading: nothing is committed."""
        async with self._sessions() as s:
            yield s

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        """A plain connection, for reads of a few columns where an ORM session would only cost time."""
        async with self.engine.connect() as conn:
            yield conn

    def insert(self, model: type[Any]) -> Any:
        """The dialect's INSERT for ``model``, which knows ON CONFLICT (SQLite and PostgreSQL spell it alike)."""
        return (sqlite_insert if self.sqlite else pg_insert)(model)

    def insert_ignoring_duplicates(self, model: type[Any], rows: list[dict[str, Any]]) -> Any:
        """INSERT … ON CONFLICT DO NOTHING: workers racing to insert the same rows all succeed, once."""
        return self.insert(model).values(rows).on_conflict_do_nothing()

    async def lease_rows(
        self,
        model: Any,
        wanted: Sequence[ColumnElement[bool]],
        order: Sequence[Any],
        limit: int,
        owner: str,
        until: datetime,
    ) -> list[Any]:
        """Stamp up to ``limit`` rows of ``model`` matching ``wanted`` (first by ``order``) as ``owner``'s."""
        pick = select(model.id).where(*wanted).order_by(*order).limit(limit)
        async with self.write() as s:
            if self.sqlite:  # one writer: a single statement takes the rows atomically
                chosen = model.id.in_(pick)
            else:
                # Lock the rows first, skipping those other workers are taking. (One UPDATE … WHERE id IN
                # (SELECT … LIMIT n FOR UPDATE SKIP LOCKED) may take more than n rows on PostgreSQL.)
                ids = list(await s.scalars(pick.with_for_update(skip_locked=True)))
                if not ids:
                    return []
                chosen = model.id.in_(ids)
            take = (
                update(model)
                .where(chosen, *wanted)
                .values(lease_owner=owner, lease_until=until)
                .returning(model)
                .execution_options(synchronize_session=False)
            )
            return list(await s.scalars(take))


def lease_free(model: Any, now: datetime) -> ColumnElement[bool]:
    """Rows of a leased table (feeds, articles) that no worker holds at ``now``."""
    return or_(model.lease_until.is_(None), model.lease_until < now)
