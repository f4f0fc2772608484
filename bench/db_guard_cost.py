"""What guarding the SQLite file costs (``SqliteFileWatch`` in bot/storage/db.py), and how fast /healthz
answers while the database is free and while another process holds it locked.

The watch adds one stat() before every write transaction (nothing is written into a file that was
deleted or replaced). Baseline, in the same process: the same writes with the watch switched off, in
alternating blocks so that both see the same machine load. The writes are ``Store.add_feed`` on one URL
(a look-up and an update: one small write transaction).

    .venv/bin/python bench/db_guard_cost.py --writes 4000

Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import tempfile
import time
import timeit
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from common import latency_ms, machine_note, print_table

from bot.commands.service import CommandService
from bot.infra.log import configure_logging
from bot.storage import Store
from config.settings import Settings
from handlers.web import make_web_app

BLOCK = 100  # writes per block; blocks alternate watched / unwatched


async def writes(store: Store, n: int) -> tuple[list[float], list[float]]:
    """Seconds per write, with the watch on and off, from ``n`` writes each."""
    watch = store.db.file  # the benchmark switches the guard off for its baseline
    assert watch is not None
    on: list[float] = []
    off: list[float] = []
    for block in range(2 * n // BLOCK):
        store.db.file = watch if block % 2 == 0 else None
        started = time.perf_counter()
        for _ in range(BLOCK):
            await store.add_feed("https://news.example/rss")
        (on if block % 2 == 0 else off).append((time.perf_counter() - started) / BLOCK)
    store.db.file = watch
    return on, off


async def healthz(db: Path, calls: int) -> tuple[dict[str, float], list[float]]:
    """/healthz latencies (seconds) on a free database, then five while another connection holds it."""
    settings = Settings(database_url=f"sqlite+aiosqlite:///{db}")
    store = await Store.open(settings.database_url)
    client = TestClient(TestServer(make_web_app(settings, CommandService(store, settings)), host="127.0.0.1"))
    await client.start_server()
    try:
        free = []
        for _ in range(calls):
            started = time.perf_counter()
            assert (await client.get("/healthz")).status == 200
            free.append(time.perf_counter() - started)
        await store.engine.dispose()  # as in tests/test_database_guard.py: no connection open at that moment
        locker = sqlite3.connect(db, isolation_level=None)
        locked = []
        try:
            locker.execute("PRAGMA locking_mode=EXCLUSIVE")
            locker.execute("BEGIN EXCLUSIVE")
            locker.execute("CREATE TABLE maintenance (x)")
            for _ in range(5):
                started = time.perf_counter()
                assert (await client.get("/healthz")).status == 503
                locked.append(time.perf_counter() - started)
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        return latency_ms(free), locked
    finally:
        await client.close()
        await store.close()


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writes", type=int, default=4000, help="writes with the watch, and as many without")
    ap.add_argument("--healthz", type=int, default=200, help="/healthz calls on the free database")
    args = ap.parse_args()
    configure_logging("ERROR")
    print(f"# SQLite file guard: {args.writes} writes each way, {machine_note()}")
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(f"sqlite+aiosqlite:///{Path(tmp) / 'guard.db'}")
        try:
            watch = store.db.file
            assert watch is not None
            stat_s = min(timeit.repeat(watch.problem, number=20_000, repeat=5)) / 20_000
            await writes(store, BLOCK * 2)  # warm-up: connections, statement caches
            on, off = await writes(store, args.writes)
        finally:
            await store.close()
        free, locked = await healthz(Path(tmp) / "health.db", args.healthz)
    w_on, w_off = statistics.median(on) * 1e6, statistics.median(off) * 1e6
    print_table(["measure", "value"], [
        ["one check (stat), µs", stat_s * 1e6],
        ["write without the watch (baseline), µs, median of blocks", w_off],
        ["write with the watch, µs, median of blocks", w_on],
        ["ratio with / without", w_on / w_off],
        ["/healthz, database free, p50 ms", free["p50"]],
        ["/healthz, database free, p99 ms", free["p99"]],
        ["/healthz, database locked, max of 5, ms", max(locked) * 1000],
    ])
    print(json.dumps({"bench": "db_guard_cost", "stat_us": round(stat_s * 1e6, 2), "write_us_baseline": round(w_off, 1),
                      "write_us_watched": round(w_on, 1), "ratio": round(w_on / w_off, 3),
                      "healthz_free_p50_ms": round(free["p50"], 2), "healthz_free_p99_ms": round(free["p99"], 2),
                      "healthz_locked_max_ms": round(max(locked) * 1000, 1)}))


if __name__ == "__main__":
    asyncio.run(main())
