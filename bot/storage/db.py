"""Engines and schema migrations for SQLite (aiosqlite) and PostgreSQL (asyncpg).

The schema is owned by Alembic: ``upgrade`` runs ``upgrade head`` with the scripts shipped inside this
package, so an installed newsbot can migrate its database without an ``alembic.ini``.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

try:
    import fcntl
except ImportError:  # Windows: one process at a time is the operator's business
    fcntl = None  # type: ignore[assignment]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
_MIGRATION_LOCK = 0x6E657772  # pg_advisory_xact_lock key: workers starting together migrate one at a time


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> AsyncEngine:
    """An AsyncEngine tuned for its backend: SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True)
    memory = parsed.database in (None, "", ":memory:")
    # An in-memory database lives only as long as its one connection, so share that connection.
    engine = create_async_engine(url, poolclass=StaticPool) if memory else create_async_engine(url)

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    return engine


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _upgrade_sync(connection: Connection, revision: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection  # env.py runs on this connection instead of making one
    command.upgrade(cfg, revision)


@asynccontextmanager
async def _sqlite_migration_lock(database: str | None) -> AsyncIterator[None]:
    """Hold an exclusive lock on ``<database>.migrate-lock`` (flock: open files exclude each other, in
    one process too). An in-memory database belongs to one connection and needs none."""
    if not database or database == ":memory:" or fcntl is None:
        yield
        return
    fd = os.open(f"{database}.migrate-lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        await asyncio.to_thread(fcntl.flock, fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # and with it the lock


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema of ``engine``'s database to ``revision`` (idempotent). Processes starting together
    (web and worker) queue on a lock, and the later ones find nothing to do: PostgreSQL's DDL is
    transactional behind an advisory lock; SQLite's migrations take a lock file beside the database."""
    if is_sqlite(engine):
        async with _sqlite_migration_lock(engine.url.database), engine.begin() as conn:
            await conn.run_sync(_upgrade_sync, revision)
        return
    async with engine.begin() as conn:
        await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        await conn.run_sync(_upgrade_sync, revision)


async def install_extensions(url: str, schema: str = "public") -> None:
    """Create the PostgreSQL extensions migrations use (pg_trgm) in ``schema`` unless the database has them.

    Migration 0003 creates pg_trgm itself, in the first schema of the search path. Call this first when
    migrating into a throwaway schema (tests, benchmarks): an extension dropped with its schema would
    be gone for every other schema too. Keep ``schema`` on the search path of those connections."""
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            await conn.execute(text(f'CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA "{schema}"'))
    finally:
        await engine.dispose()


async def upgrade(url: str) -> None:
    """``alembic upgrade head`` for the database at ``url``."""
    engine = make_engine(url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()
