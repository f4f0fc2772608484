"""Peak memory of one feed whose items are outsized: a 1 MB title, and 100,000 items in one feed.

Each scenario runs in a fresh child process (its peak RSS is the child's own ``ru_maxrss``); the feed is
a file served by ``python -m http.server`` in another process on loopback, so the server's memory is not
counted. A child polls the feed with the real Poller + FeedFetcher into a new SQLite store; the
"+ extract" scenarios then run the real Processor (spaCy) over what was stored. Baselines, side by side:
the same steps over a one-item feed with an ordinary title (so the ratio shows what the outsized field
costs on top of Python, the libraries and, when extracting, the spaCy model).

For the 100,000-item feed the body cap is raised (``http.max_body_bytes`` 64 MB: the feed is about
30 MB), and with it the time limits (``http.total_timeout`` and, where the code has it,
``poll.feed_budget``), so the whole feed goes through; full-text fetches are off in every scenario.

    .venv/bin/python bench/item_bounds.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine_note, print_table

TITLE_CHARS = 1_000_000
BIG_FEED_ITEMS = 100_000
SCENARIOS = {
    # name: (items, title characters, extract afterwards)
    "1 item, ordinary title (baseline)": (1, 60, False),
    "100,000 items (cap raised)": (BIG_FEED_ITEMS, 60, False),
    "1 item, ordinary title + extract (baseline)": (1, 60, True),
    "1 item, 1 MB title + extract": (1, TITLE_CHARS, True),
}


def feed_xml(items: int, title_chars: int) -> bytes:
    """An RSS document in our own wording: ``items`` items, the first titled with ``title_chars`` characters."""
    body = ("County officials said more asylum seekers arrived at the shelter this week, and the county "
            "executive asked the state for help with beds and meals.")
    long_title = ("Shelter capacity report " * (title_chars // 24 + 1))[:title_chars]
    parts = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench outlet</title>']
    for n in range(items):
        title = long_title if n == 0 else f"Shelter capacity report {n}"
        parts.append(f"<item><guid>bench-{n}</guid><title>{title}</title><link>https://bench.example/a/{n}</link>"
                     f"<description>{body} ({n})</description></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child(scenario: str, url: str, workdir: Path) -> dict[str, object]:
    """Run one scenario in this (fresh) process; return its figures."""
    from bot.feeds.http import FeedFetcher
    from bot.infra.log import configure_logging
    from bot.ingest.poller import Poller
    from bot.ingest.processor import Processor
    from bot.runtime import make_extractor
    from bot.storage import Store
    from config.settings import FeedConfig, PollSettings, Settings

    configure_logging("ERROR")
    items, _, extract = SCENARIOS[scenario]
    big = items > 1
    http: dict[str, object] = {"allow_private_addresses": True, "fetch_full_text": False}
    poll: dict[str, object] = {}
    if big:
        http |= {"max_body_bytes": 64_000_000, "total_timeout": 3600.0}
        if "feed_budget" in PollSettings.model_fields:  # older code has no per-feed budget
            poll["feed_budget"] = 3600.0
    settings = Settings(database_url=f"sqlite+aiosqlite:///{workdir / 'bench.db'}", http=http, poll=poll,
                        feeds=[FeedConfig(url=url)])

    async def run() -> dict[str, object]:
        store = await Store.open(settings.database_url)
        try:
            await store.sync_feeds(settings.feeds)
            t0 = time.perf_counter()
            async with FeedFetcher(settings.http) as fetcher:
                stats = await Poller(store, fetcher, settings).poll_due(force=True)
            poll_s = time.perf_counter() - t0
            rss_after_poll = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            extract_s = 0.0
            extracted = 0
            if extract:
                extractor = make_extractor(settings)
                _ = extractor.nlp  # the model loaded before the clock starts, as in the worker
                t0 = time.perf_counter()
                extracted = await Processor(store, extractor).process_pending()
                extract_s = time.perf_counter() - t0
            async with store.engine.connect() as conn:
                from sqlalchemy import text

                longest = (await conn.execute(text("SELECT max(length(title)) FROM articles"))).scalar()
            return {"stored": stats.new_articles, "errors": stats.errors, "poll_s": poll_s,
                    "extracted": extracted, "extract_s": extract_s, "longest_title": longest,
                    "peak_rss_after_poll_mb": rss_after_poll / 1024}
        finally:
            await store.close()

    figures = asyncio.run(run())
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return figures


def run_scenario(name: str, tmp: Path) -> dict[str, object]:
    items, title_chars, _ = SCENARIOS[name]
    served = tmp / f"serve-{list(SCENARIOS).index(name)}"
    served.mkdir()
    (served / "feed.xml").write_bytes(feed_xml(items, title_chars))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(served)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        work = tmp / f"work-{list(SCENARIOS).index(name)}"
        work.mkdir()
        out = subprocess.run([sys.executable, __file__, "--child", name, "--url",
                              f"http://127.0.0.1:{port}/feed.xml", "--workdir", str(work)],
                             capture_output=True, text=True, check=False, env=os.environ.copy())
        if out.returncode != 0:
            raise SystemExit(f"scenario {name!r} failed:\n{out.stderr[-3000:]}")
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures["feed_mb"] = (served / "feed.xml").stat().st_size / 1e6
        return figures
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--only", action="append", help="run only the scenarios whose name contains this")
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.url, args.workdir)))
        return
    print(f"# outsized items: one child process per scenario; {machine_note()}")
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in SCENARIOS:
            if args.only and not any(o in name for o in args.only):
                continue
            results[name] = run_scenario(name, Path(tmp))
            print(f"# {name}: {results[name]}", file=sys.stderr)
    rows = [[name, r["feed_mb"], r["stored"], r["errors"], r["longest_title"], r["poll_s"], r["extract_s"],
             r["peak_rss_mb"]] for name, r in results.items()]
    print_table(["scenario", "feed MB", "stored", "errors", "longest stored title", "poll s", "extract s",
                 "peak RSS MB"], rows)

    def ratio(a: str, b: str) -> float | None:
        if a in results and b in results:
            return round(float(results[a]["peak_rss_mb"]) / float(results[b]["peak_rss_mb"]), 2)  # type: ignore[arg-type]
        return None

    names = list(SCENARIOS)
    figures = {
        "bench": "item_bounds",
        "peak_rss_mb": {n: round(float(r["peak_rss_mb"]), 1) for n, r in results.items()},  # type: ignore[arg-type]
        "seconds": {n: round(float(r["poll_s"]) + float(r["extract_s"]), 2) for n, r in results.items()},  # type: ignore[arg-type]
        "rss_ratio_100k_items_vs_baseline": ratio(names[1], names[0]),
        "rss_ratio_1mb_title_vs_baseline": ratio(names[3], names[2]),
        "longest_stored_title": {n: r["longest_title"] for n, r in results.items()},
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
