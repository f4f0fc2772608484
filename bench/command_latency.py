"""Slash-command acknowledgement latency: signed /whosaid POSTs to the real web app under concurrency.

The web process (``handlers.web.make_web_app`` with the bolt app and a CommandService over a SQLite store
holding a few hundred extracted articles) runs in a child process; this process sends the requests, each
signed as Slack signs them, ``--concurrency`` at a time. /whosaid is answered inline in the
acknowledgement, so the latency measured is the whole answer. Baseline: the same number of GET /healthz
(one small database query) at the same concurrency. A stub answers bolt's one auth.test call.

    .venv/bin/python bench/command_latency.py --requests 500 --concurrency 50
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import multiprocessing as mp
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp

from bot.log import configure_logging
from common import PEOPLE, cpu_seconds, latency_ms, machine_note, print_table, seed_store

SECRET = "bench-signing-secret-0123456789ab"
TARGET_P99_MS, CEILING_MS = 300, 3000


def _serve(db_url: str, ready: mp.Queue, stop: mp.Event) -> None:  # type: ignore[type-arg]
    """Child process: the real web app on 127.0.0.1, plus a one-route Slack stub for auth.test."""
    from aiohttp import web

    from bot.commands.service import CommandService
    from bot.log import configure_logging
    from bot.storage import Store
    from config.settings import Settings
    from handlers.slack.app import build_app
    from handlers.web import make_web_app

    async def auth_test(_: web.Request) -> web.Response:
        return web.json_response({"ok": True, "url": "https://bench.slack.invalid/", "team": "Bench", "user": "newsbot",
                                  "team_id": "T0001", "user_id": "U0BOT", "bot_id": "B0001"})

    async def cpu(_: web.Request) -> web.Response:
        return web.json_response({"cpu": cpu_seconds()})

    async def main() -> None:
        configure_logging("WARNING")
        stub = web.Application()
        stub.router.add_route("*", "/api/auth.test", auth_test)
        stub_runner = web.AppRunner(stub, access_log=None)
        await stub_runner.setup()
        stub_site = web.TCPSite(stub_runner, "127.0.0.1", 0)
        await stub_site.start()
        stub_port = stub_site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

        settings = Settings(database_url=db_url, slack={"api_url": f"http://127.0.0.1:{stub_port}/api/"},
                            SLACK_BOT_TOKEN="xoxb-bench-token", SLACK_SIGNING_SECRET=SECRET)
        store = await Store.open(db_url, migrate=False)
        service = CommandService(store, settings)
        app = make_web_app(settings, service, build_app(settings, service))
        app.router.add_get("/_cpu", cpu)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        ready.put(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        while not stop.is_set():
            await asyncio.sleep(0.1)
        await runner.cleanup()
        await stub_runner.cleanup()
        await store.close()

    asyncio.run(main())


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


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--articles", type=int, default=300)
    args = ap.parse_args()
    rng = random.Random(7)
    configure_logging("WARNING")
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'commands.db'}"
        quotes = await seed_store(db_url, args.articles, rng)
        ctx = mp.get_context("spawn")
        ready, stop = ctx.Queue(), ctx.Event()
        proc = ctx.Process(target=_serve, args=(db_url, ready, stop), daemon=True)
        proc.start()
        try:
            port = ready.get(timeout=60)
            base = f"http://127.0.0.1:{port}"
            connector = aiohttp.TCPConnector(limit=args.concurrency)
            async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as http:
                async with http.post(f"{base}/slack/events", data=(b := whosaid_body("warm up")), headers=signed(b)):
                    pass  # bolt's auth.test and the people cache load happen once, before the clock runs

                async def server_cpu() -> float:
                    async with http.get(f"{base}/_cpu") as r:
                        return float((await r.json())["cpu"])

                print(f"# command latency: {args.requests} requests, {args.concurrency} concurrent, store of "
                      f"{args.articles} articles / {quotes} quotes / {len(PEOPLE)} people, {machine_note()}")
                rows = []
                bodies = [whosaid_body(n) for n in query_names(args.requests, rng)]
                runs = {
                    "GET /healthz (baseline)": [lambda: http.get(f"{base}/healthz")] * args.requests,
                    "POST /whosaid (signed)": [
                        (lambda body=body: http.post(f"{base}/slack/events", data=body, headers=signed(body)))
                        for body in bodies
                    ],
                }
                results = {}
                for name, makers in runs.items():
                    s0, t0 = await server_cpu(), time.perf_counter()
                    lat, outcomes = await fire(args.requests, args.concurrency, makers)
                    wall, scpu = time.perf_counter() - t0, await server_cpu() - s0
                    m = latency_ms(lat)
                    results[name] = m
                    rows.append([name, m["n"], m["p50"], m["p99"], m["max"], args.requests / wall, scpu,
                                 ", ".join(f"{o}: {outcomes.count(o)}" for o in sorted(set(outcomes)))])
        finally:
            stop.set()
            proc.join(10)
    print_table(["requests", "n", "p50 ms", "p99 ms", "max ms", "req/s", "server CPU s", "statuses"], rows)
    base_m, cmd = results["GET /healthz (baseline)"], results["POST /whosaid (signed)"]
    print(f"\n/whosaid vs /healthz: p50 x{cmd['p50'] / base_m['p50']:.1f}, p99 x{cmd['p99'] / base_m['p99']:.1f}")
    verdict = "met" if cmd["p99"] < TARGET_P99_MS and cmd["max"] < CEILING_MS else "MISSED"
    print(f"target p99 < {TARGET_P99_MS} ms and max < {CEILING_MS} ms: {verdict}")


if __name__ == "__main__":
    asyncio.run(main())
