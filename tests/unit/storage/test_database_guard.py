"""The database is never lost silently: a SQLite file deleted or replaced under a running worker stops it
with one clear line and /healthz says so; a second worker on one SQLite file refuses to start; /healthz
answers within 2 s while the database is locked."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.commands.service import CommandService
from bot.storage.db import DatabaseLost, WorkerAlreadyRunning, sqlite_worker_lock
from bot.storage.repo import Store
from config.settings import Settings
from handlers.web import make_web_app

NEWSBOT = Path(sys.executable).parent / "newsbot"
BOOT_S = 90.0  # a worker loads the spaCy pipeline before it reports worker.started; generous on a loaded machine


class Worker:
    """``newsbot run`` in a subprocess on the SQLite file ``db``, its log lines collected as they come."""

    def __init__(self, db: Path, log_level: str = "INFO") -> None:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("NEWSBOT_", "SLACK_", "DISCORD_")) and k != "PORT"}
        env |= {"NEWSBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db}", "NEWSBOT_LOG_LEVEL": log_level}
        self.proc = subprocess.Popen([str(NEWSBOT), "--config", os.devnull, "run"], env=env, text=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, check: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.1)
        raise AssertionError(f"{what} not within {timeout} s; worker said:\n" + "\n".join(self.lines))

    def started(self) -> None:
        self.wait_for(lambda: any("worker.started" in line for line in self.lines) or self.proc.poll() is not None,
                      BOOT_S, "worker.started")
        assert self.proc.poll() is None, "\n".join(self.lines)

    def exit_code(self, timeout: float) -> int:
        self.wait_for(lambda: self.proc.poll() is not None, timeout, "exit")
        self._reader.join(timeout=10)
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)


# --- one worker per SQLite file ----------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_worker_on_one_sqlite_file_refuses_to_start(tmp_path: Path) -> None:
    db = tmp_path / "one.db"
    first = Worker(db)
    try:
        first.started()
        second = Worker(db, log_level="WARNING")
        try:
            assert second.exit_code(timeout=60) == 1
        finally:
            second.close()
        assert len(second.lines) == 1, second.lines
        line = second.lines[0]
        assert line.startswith("newsbot: ") and str(db) in line and f"pid {first.proc.pid}" in line
        assert "PostgreSQL" in line  # the way to run several
        assert first.proc.poll() is None  # the first one runs on, undisturbed
        first.proc.send_signal(signal.SIGTERM)
        assert first.exit_code(timeout=60) == 0
    finally:
        first.close()
    with sqlite_worker_lock(f"sqlite+aiosqlite:///{db}"):  # released with its holder: the next worker may start
        pass


def test_the_worker_lock_is_per_database_file(tmp_path: Path) -> None:
    with sqlite_worker_lock(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"):
        with sqlite_worker_lock(f"sqlite+aiosqlite:///{tmp_path / 'b.db'}"):  # another file: no conflict
            pass
        # flock: one open file excludes the other, in one process too
        with pytest.raises(WorkerAlreadyRunning, match="another worker"), \
                sqlite_worker_lock(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"):
            pass
    with sqlite_worker_lock("postgresql+asyncpg://u@127.0.0.1/db"), sqlite_worker_lock("sqlite+aiosqlite://"):
        pass  # nothing to lock: PostgreSQL serves many workers, an in-memory database one process


# --- the file deleted or replaced under a running process ----------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_database_file_deleted_or_replaced_under_the_worker_stops_it_in_one_line(tmp_path: Path, how: str) -> None:
    db = tmp_path / "w.db"
    worker = Worker(db)
    try:
        worker.started()
        if how == "deleted":
            db.unlink()
        else:  # a restore from a backup, say: another file moved into its place
            other = tmp_path / "backup.db"
            sqlite3.connect(other).close()
            other.replace(db)
        assert worker.exit_code(timeout=60) == 1
    finally:
        worker.close()
    last = worker.lines[-1]
    assert last.startswith("newsbot: ") and str(db) in last and f"was {how}" in last, worker.lines
    assert "Traceback" not in "\n".join(worker.lines)
    if how == "deleted":
        assert not db.exists()  # the worker did not quietly start an empty database in its place


@asynccontextmanager
async def web_app(db: Path) -> AsyncIterator[tuple[TestClient, Store]]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{db}")
    store = await Store.open(settings.database_url)
    client = TestClient(TestServer(make_web_app(settings, CommandService(store, settings)), host="127.0.0.1"))
    await client.start_server()
    try:
        yield client, store
    finally:
        await client.close()
        await store.close()


@pytest.mark.parametrize("how", ["deleted", "replaced"])
async def test_healthz_says_the_database_file_was_deleted_or_replaced(tmp_path: Path, how: str) -> None:
    db = tmp_path / "h.db"
    async with web_app(db) as (client, _):
        assert (await client.get("/healthz")).status == 200
        if how == "deleted":
            db.unlink()
        else:
            other = tmp_path / "other.db"
            sqlite3.connect(other).close()
            other.replace(db)
        resp = await client.get("/healthz")
        body = await resp.json()
        assert resp.status == 503 and body["status"] == "fail" and body["database"] == how
        assert str(db) in body["error"]


async def test_a_write_after_the_file_was_deleted_is_refused_not_lost(tmp_path: Path) -> None:
    """Open connections keep writing into a deleted file, which nobody will ever read: refuse instead."""
    db = tmp_path / "s.db"
    store = await Store.open(f"sqlite+aiosqlite:///{db}")
    try:
        await store.add_feed("https://news.example/rss")
        db.unlink()
        with pytest.raises(DatabaseLost, match="was deleted"):
            await store.add_feed("https://news.example/other")
        await store.engine.dispose()  # a new connection must not create an empty database in its place
        with pytest.raises(DatabaseLost):
            await store.list_feeds()
        assert not db.exists()
    finally:
        await store.close()


# --- a locked database ------------------------------------------------------------------------------


async def test_healthz_answers_within_2s_while_the_database_is_locked(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    async with web_app(db) as (client, store):
        assert (await client.get("/healthz")).status == 200
        # Another process holds the database exclusively (a maintenance job, an operator's sqlite3 shell)
        # at a moment the web process has no connection open. In WAL mode a plain BEGIN EXCLUSIVE leaves
        # readers alone; the exclusive locking mode does not.
        await store.engine.dispose()
        locker = sqlite3.connect(db, isolation_level=None)
        try:
            locker.execute("PRAGMA locking_mode=EXCLUSIVE")
            locker.execute("BEGIN EXCLUSIVE")
            locker.execute("CREATE TABLE maintenance (x)")
            for _ in range(3):  # asked again while the first probe still waits: still within 2 s each
                started = time.monotonic()
                resp = await client.get("/healthz")
                elapsed = time.monotonic() - started
                body = await resp.json()
                assert elapsed < 2.0, elapsed
                assert resp.status == 503 and body["status"] == "degraded", body
                assert body["database"] in ("busy", "locked"), body
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        deadline = time.monotonic() + 30  # the probe that waited on the lock ends; the next one finds it free
        while (resp := await client.get("/healthz")).status != 200:
            assert time.monotonic() < deadline, await resp.json()
            await asyncio.sleep(0.2)
