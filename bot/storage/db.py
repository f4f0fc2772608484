"""Engines and schema migrations for SQLite (aiosqlite) and PostgreSQL (asyncpg).

The schema is owned by Alembic: ``upgrade`` runs ``upgrade head`` with the scripts shipped inside this
package, so an installed newsbot can migrate its database without an ``alembic.ini``.
"""

from __future__ import annotations

import asyncio
import os
import socket
import stat
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from bot.errors import NewsbotError

try:
    import fcntl
except ImportError:  # Windows: one process at a time is the operator's business
    fcntl = None  # type: ignore[assignment]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Seconds to open a PostgreSQL connection, handshake included (asyncpg's own default is 60); the URL's
# ?timeout= overrides it, as asyncpg names it.
CONNECT_TIMEOUT_S = 10.0
_MIGRATION_LOCK = 0x6E657772  # pg_advisory_xact_lock key: workers starting together migrate one at a time


class DatabaseError(NewsbotError):
    """What keeps newsbot from using its database, worded for the operator in one line."""


class DatabaseUnreachable(DatabaseError):
    """The database could not be opened or did not answer."""


class DatabaseLost(DatabaseError):
    """The SQLite file was deleted or replaced while this process used it. Its open connections would go
    on writing into the old file, which nobody will read again, and a new one would start an empty
    database in its place: both lose data without a word, so the store refuses instead."""

    def __init__(self, path: Path, how: Literal["deleted", "replaced"], then: str | None = None) -> None:
        self.path, self.how = path, how
        what = "deleted" if how == "deleted" else "replaced by another file"
        super().__init__(f"the SQLite database {path} was {what} while newsbot was using it" + (
            f"; {then}" if then else ""))


class WorkerAlreadyRunning(DatabaseError):
    """Another worker holds this SQLite database (see sqlite_worker_lock)."""


def safe_url(url: str | URL) -> str:
    """The database URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def connect_timeout(url: str | URL) -> float:
    raw = make_url(url).query.get("timeout")
    return float(str(raw)) if raw else CONNECT_TIMEOUT_S


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_file(url: str | URL) -> Path | None:
    """The absolute path of a SQLite database URL's file; None for PostgreSQL and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(os.path.abspath(parsed.database))


class SqliteFileWatch:
    """Tells when the database file is no longer the one opened: gone, or something else (another inode,
    or not a regular file) at its path. One stat() per check, so every write and every health probe can
    afford it.

    On Linux it also holds an O_PATH descriptor of the file: that keeps the deleted file's inode number
    from being handed to a new file at the same path (which would look like the same file), and, unlike
    an ordinary descriptor, closing it does not drop the process's fcntl locks on the file, which SQLite
    relies on."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = os.open(path, os.O_PATH | os.O_CLOEXEC) if hasattr(os, "O_PATH") else None
        st = os.fstat(self._fd) if self._fd is not None else os.stat(path)
        self._identity = (st.st_dev, st.st_ino)

    def problem(self) -> DatabaseLost | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return DatabaseLost(self.path, "deleted")
        if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != self._identity:
            return DatabaseLost(self.path, "replaced")
        return None

    def check(self) -> None:
        if (lost := self.problem()) is not None:
            raise lost

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def watch_sqlite_file(engine: AsyncEngine) -> SqliteFileWatch | None:
    """Remember which file ``engine``'s SQLite database is (call it once the database exists, after
    migrating), and refuse new connections once it is gone or replaced: SQLite would quietly create an
    empty database at the path."""
    path = sqlite_file(engine.url)
    if path is None or not path.exists():
        return None
    watch = SqliteFileWatch(path)

    @event.listens_for(engine.sync_engine, "do_connect")
    def _same_file(*_: Any) -> None:
        watch.check()  # returns None: SQLAlchemy goes on to connect as usual

    return watch


@contextmanager
def sqlite_worker_lock(url: str | URL) -> Iterator[None]:
    """SQLite serves one worker: hold an exclusive lock on ``<database>.worker-lock`` for the worker's life
    and refuse to start while another process holds it. An OS lock (flock) dies with its process, so a
    killed worker never leaves a stale lock behind. The file names the holder, for the refusal message.
    Nothing to lock for PostgreSQL (workers share it by leases) or an in-memory database."""
    path = sqlite_file(url)
    if path is None or fcntl is None:
        yield
        return
    lock = path.with_name(path.name + ".worker-lock")
    try:
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
    except FileNotFoundError:
        raise DatabaseUnreachable(f"cannot open the SQLite database {path}: its directory {path.parent} "
                                  "does not exist") from None
    except OSError as e:
        raise DatabaseUnreachable(f"cannot create {lock} beside the SQLite database: {e.strerror or e}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip()
            raise WorkerAlreadyRunning(
                f"another worker ({holder or 'unknown process'}) already runs on the SQLite database {path}, "
                "and SQLite serves one: stop that one first, or move to PostgreSQL to run several") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # still held: nobody reads a departed worker's name
    finally:
        os.close(fd)  # and with it the lock


# asyncpg prepares every statement, and after five runs PostgreSQL may switch a prepared statement to a
# generic plan that ignores the values: for "one person's newest quotes in a date range" it guessed one row
# and sorted a 27,000-quote range (397 ms) where the plan for the actual values reads 26 rows off the index
# (3 ms). Planning each run costs about a millisecond. (PostgreSQL 12 or newer.)
POSTGRES_SESSION = {"plan_cache_mode": "force_custom_plan"}


def make_engine(url: str) -> AsyncEngine:
    """An AsyncEngine tuned for its backend: SQLite gets WAL, foreign keys and a busy timeout; PostgreSQL a
    connect timeout, so a server that accepts and never answers is an error within seconds."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # connect_args win over the URL's query, whose timeout asyncpg would get as a string
        return create_async_engine(
            url,
            pool_pre_ping=True,
            connect_args={"timeout": connect_timeout(parsed), "server_settings": POSTGRES_SESSION},
        )
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


async def _connect(engine: AsyncEngine) -> AsyncConnection:
    """The first connection of a start: what goes wrong here is the operator's to fix, so it becomes one
    line naming the database (password hidden) instead of a driver's traceback, or asyncpg's empty
    TimeoutError."""
    where = safe_url(engine.url)
    try:
        return await engine.connect()
    except TimeoutError as e:
        raise DatabaseUnreachable(
            f"the database at {where} did not answer within {connect_timeout(engine.url):g} s: check "
            "NEWSBOT_DATABASE_URL, and that the server is up and answering") from e
    except OSError as e:
        raise DatabaseUnreachable(f"cannot reach the database at {where}: {e.strerror or str(e) or type(e).__name__} "
                                  "(check NEWSBOT_DATABASE_URL, and that the server is up)") from e
    except DBAPIError as e:
        raise DatabaseUnreachable(f"the database at {where} refused the connection: "
                                  f"{str(e.orig or e).strip() or type(e.orig or e).__name__}") from e


@asynccontextmanager
async def _sqlite_migration_lock(database: str | None) -> AsyncIterator[None]:
    """Hold an exclusive lock on ``<database>.migrate-lock`` (flock: open files exclude each other, in
    one process too). An in-memory database belongs to one connection and needs none."""
    if not database or database == ":memory:" or fcntl is None:
        yield
        return
    try:
        fd = os.open(f"{database}.migrate-lock", os.O_CREAT | os.O_RDWR, 0o600)
    except FileNotFoundError:
        raise DatabaseUnreachable(f"cannot open the SQLite database {database}: its directory "
                                  f"{Path(database).parent} does not exist") from None
    except OSError as e:
        raise DatabaseUnreachable(f"cannot open the SQLite database {database}: {e.strerror or e}") from None
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
        async with _sqlite_migration_lock(engine.url.database):
            conn = await _connect(engine)
            try:
                async with conn.begin():
                    await conn.run_sync(_upgrade_sync, revision)
            finally:
                await conn.close()
        return
    conn = await _connect(engine)
    try:
        async with conn.begin():
            await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            await conn.run_sync(_upgrade_sync, revision)
    finally:
        await conn.close()


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
