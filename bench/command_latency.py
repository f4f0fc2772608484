"""Slash-command acknowledgement latency: signed /whosaid POSTs to the real web app under concurrency.

The web process is the real ``newsbot web`` (one aiohttp process, or with ``--processes N`` gunicorn's N
workers on one port) over a SQLite store holding a few hundred extracted articles, configured by
environment as in production; this process sends the requests, each signed as Slack signs them,
``--concurrency`` at a time. /whosaid is answered inline in the acknowledgement, so the latency measured
is the whole answer. Baseline: the same number of GET /healthz (one small database query) at the same
concurrency. A stub here answers bolt's auth.test call; server CPU is read from /proc.

    .venv/bin/python bench/command_latency.py --requests 500 --concurrency 50 --processes 1 2
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from common import PEOPLE, latency_ms, machine_note, print_table, seed_store

from bot.infra.log import configure_logging

SECRET = "bench-signing-secret-0123456789ab"
TARGET_P99_MS, CEILING_MS = 300, 3000


async def _slack_stub() -> tuple[web.AppRunner, int]:
    """The one Slack Web API call bolt makes (auth.test, once per web process), on 127.0.0.1."""

    async def auth_test(_: web.Request) -> web.Response:
        return web.json_response({"ok": True, "url": "https://bench.slack.invalid/", "team": "Bench", "user": "newsbot",
                                  "team_id": "T0001", "user_id": "U0BOT", "bot_id": "B0001"})

    stub = web.Application()
    stub.router.add_route("*", "/api/auth.test", auth_test)
    runner = web.AppRunner(stub, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and its live children (the web workers), from /proc."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def signed(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


def whosaid_body(name: str) -> str:
    return urlencode({
        "token": "x", "team_id": "T0001", "team_domain": "bench", "channel_id": "C0BENCH", "channel_name": "news",
        "user_id": "U0USER", "user_name": "bench", "command": "/whosaid", "text": f"{name} since:30d",
        "api_app_id": "A0001", "is_enterprise_install": "false",
        "response_url": "http://127.0.0.1:9/unused", "trigger_id": "1.2.3",
    })


def query_names(n: int, rng: random.Random) -> list[str]:
    """Mostly full names, some surnames alone (a few ambiguous), some names nobody has."""
    out = []
    for _ in range(n):
        who = rng.choice(PEOPLE)
        roll = rng.random()
        out.append(who.name if roll < 0.7 else who.name.split()[-1] if roll < 0.9 else f"Nobody {rng.randint(1, 99)}")
    return out


def answered(body: bytes) -> bool:
    """A real answer: JSON with blocks, not the apology a failed command gets."""
    return body.startswith(b"{") and b'"blocks"' in body and b"Sorry" not in body


async def fire(total: int, concurrency: int, make: Sequence[Callable[[], Any]]) -> tuple[list[float], list[str]]:
    """``total`` requests, ``concurrency`` in flight; ``make[i]()`` opens request i. Returns latencies and
    outcomes ("200", "200 answered", "401", …)."""
    latencies: list[float] = []
    outcomes: list[str] = []
    queue = iter(range(total))

    async def worker() -> None:
        for i in queue:
            started = time.perf_counter()
            async with make[i]() as resp:
                body = await resp.read()
            latencies.append(time.perf_counter() - started)
            outcomes.append(f"{resp.status}" + (" answered" if answered(body) else ""))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, outcomes


async def _up(base: str, http: aiohttp.ClientSession, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            async with http.get(f"{base}/healthz") as r:
                if r.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("the web process did not come up")


async def measure(db_url: str, slack_port: int, processes: int, args: argparse.Namespace,
                  rng: random.Random) -> list[list[Any]]:
    """Start ``newsbot web`` with ``processes`` workers, fire both request sets, stop it; the table rows."""
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "NEWSBOT_WEB_PROCESSES": str(processes), "NEWSBOT_DATABASE_URL": db_url,
           "NEWSBOT_LOG_LEVEL": "WARNING", "NEWSBOT_SLACK_API_URL": f"http://127.0.0.1:{slack_port}/api/",
           "SLACK_BOT_TOKEN": "xoxb-bench-token", "SLACK_SIGNING_SECRET": SECRET}
    newsbot = Path(sys.executable).with_name("newsbot")
    server = subprocess.Popen([str(newsbot), "web"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    rows: list[list[Any]] = []
    try:
        connector = aiohttp.TCPConnector(limit=args.concurrency)
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as http:
            await _up(base, http)
            for _ in range(4 * processes):  # each worker makes bolt's auth.test call once, before the clock runs
                async with http.post(f"{base}/slack/events", data=(b := whosaid_body("warm up")), headers=signed(b)):
                    pass
            bodies = [whosaid_body(n) for n in query_names(args.requests, rng)]
            runs = {
                "GET /healthz (baseline)": [lambda: http.get(f"{base}/healthz")] * args.requests,
                "POST /whosaid (signed)": [
                    (lambda body=body: http.post(f"{base}/slack/events", data=body, headers=signed(body)))
                    for body in bodies
                ],
            }
            for name, makers in runs.items():
                s0, t0 = _tree_cpu_seconds(server.pid), time.perf_counter()
                lat, outcomes = await fire(args.requests, args.concurrency, makers)
                wall, scpu = time.perf_counter() - t0, _tree_cpu_seconds(server.pid) - s0
                m = latency_ms(lat)
                rows.append([processes, name, m["n"], m["p50"], m["p99"], m["max"], args.requests / wall,
                             1000 * scpu / args.requests,
                             ", ".join(f"{o}: {outcomes.count(o)}" for o in sorted(set(outcomes)))])
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    return rows


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--processes", type=int, nargs="+", default=[1], help="web processes to measure, in turn")
    args = ap.parse_args()
    rng = random.Random(7)
    configure_logging("WARNING")
    rows: list[list[Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'commands.db'}"
        quotes = await seed_store(db_url, args.articles, rng)
        print(f"# command latency: {args.requests} requests, {args.concurrency} concurrent, store of "
              f"{args.articles} articles / {quotes} quotes / {len(PEOPLE)} people, {machine_note()}")
        stub, slack_port = await _slack_stub()
        try:
            for n in args.processes:
                rows += await measure(db_url, slack_port, n, args, random.Random(7))
        finally:
            await stub.cleanup()
    print_table(["web processes", "requests", "n", "p50 ms", "p99 ms", "max ms", "req/s", "server CPU ms / req",
                 "statuses"], rows)
    for n in args.processes:
        base_m, cmd = (next(r for r in rows if r[0] == n and r[1].startswith(k)) for k in ("GET", "POST"))
        verdict = "met" if cmd[4] < TARGET_P99_MS and cmd[5] < CEILING_MS else "MISSED"
        print(f"{n} web process(es): /whosaid vs /healthz p50 x{cmd[3] / base_m[3]:.1f}, p99 x{cmd[4] / base_m[4]:.1f}; "
              f"target p99 < {TARGET_P99_MS} ms and max < {CEILING_MS} ms: {verdict}")


if __name__ == "__main__":
    asyncio.run(main())
