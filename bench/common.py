"""Shared inputs for the benchmarks: the evaluation kit's documents and its scorer; for the service
benchmarks, percentiles, CPU time, a loopback feed server in a child process and throwaway stores.

The kit lives beside the project (../shared/eval, or $NEWSBOT_EVAL_DIR); it is read at run time and
never copied into the project. Scripts exit with a message when it is absent.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import math
import multiprocessing as mp
import os
import resource
import statistics
import sys
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path
from types import ModuleType
from typing import Any

from bot.models import ArticleInput


def _find_eval_dir() -> Path:
    """$NEWSBOT_EVAL_DIR, else ``shared/eval`` beside the checkout (../shared/eval), or beside the folder
    holding it (a git worktree one level deeper, as in wt/NAME)."""
    if env := os.environ.get("NEWSBOT_EVAL_DIR"):
        return Path(env)
    here = Path(__file__).resolve()
    candidates = [here.parents[k] / "shared" / "eval" for k in (2, 3)]
    return next((c for c in candidates if c.is_dir()), candidates[0])


EVAL_DIR = _find_eval_dir()
GOLD_FILES = ("seed_gold.jsonl", "dev_excerpts.jsonl", "dev_gov.jsonl")


def require_eval_dir() -> Path:
    if not EVAL_DIR.is_dir():
        print(f"skipped: evaluation kit not found at {EVAL_DIR} (set NEWSBOT_EVAL_DIR)", file=sys.stderr)
        raise SystemExit(0)
    return EVAL_DIR


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def to_article(d: dict) -> ArticleInput:
    return ArticleInput(text=d["text"], title=d.get("title"), url=d.get("url"), id=str(d.get("id")))


def gold_documents() -> list[dict]:
    """Seed + dev excerpts + government releases, in that order."""
    base = require_eval_dir()
    return [d for name in GOLD_FILES for d in read_jsonl(base / name)]


def cycled_articles(n: int, source: Path | None = None) -> list[ArticleInput]:
    """``n`` articles built by cycling the texts of ``source`` (a JSONL file) or of the gold files."""
    docs = read_jsonl(source) if source is not None else gold_documents()
    if not docs:
        raise SystemExit(f"no documents in {source or EVAL_DIR}")
    return [to_article(d) for d in islice(cycle(docs), n)]


def load_scorer() -> ModuleType:
    """The kit's score.py, imported by path."""
    path = require_eval_dir() / "score.py"
    spec = importlib.util.spec_from_file_location("newsbot_eval_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- service benchmarks (poller, commands, /whosaid, end to end) --------------------------------
# Loopback only: the feed server below binds 127.0.0.x addresses (all loopback on Linux), one "host" per
# address, so the fetcher's per-host limit behaves as it does against many real outlets.

FEED_HOSTS = 50  # 127.0.0.1 … 127.0.0.50


def cpu_seconds() -> float:
    """User + system CPU of this process so far (every thread, including asyncio.to_thread workers)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident set size of this process and of its largest finished child, in MB (Linux: KB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sample."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q / 100 * len(ordered))) - 1]


def latency_ms(values: Sequence[float]) -> dict[str, float]:
    """p50 / p99 / max / mean of latencies given in seconds, in milliseconds."""
    return {
        "n": len(values),
        "p50": percentile(values, 50) * 1000,
        "p99": percentile(values, 99) * 1000,
        "max": max(values) * 1000,
        "mean": statistics.fmean(values) * 1000,
    }


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A Markdown table on stdout (pasted as is into RESULTS.md)."""
    def cell(v: object) -> str:
        if isinstance(v, float):
            return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}" if abs(v) >= 1 else f"{v:.3f}"
        return f"{v:,}" if isinstance(v, int) else str(v)

    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for row in rows:
        print("| " + " | ".join(cell(v) for v in row) + " |")


def machine_note() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}"


# -- a feed server in its own process ---------------------------------------------------------------

def feed_body(feed: int, version: int, items: int, base: str, dates: dict[tuple[int, int], str] | None = None) -> bytes:
    """A small RSS 2.0 document (our own wording): ``items`` items, the newest numbered ``version + items - 1``.
    ``dates`` gives the pubDate of items published while the server ran."""
    entries = []
    for k in range(version + items - 1, version - 1, -1):
        date = (dates or {}).get((feed, k), f"Tue, 10 Dec 2024 {k % 24:02d}:00:00 GMT")
        entries.append(
            f"<item><title>Feed {feed} update {k}: county shelters report new arrivals</title>"
            f"<link>{base}/a/{feed}/{k}</link><guid isPermaLink=\"false\">f{feed}-i{k}</guid>"
            f"<pubDate>{date}</pubDate>"
            f"<description>County {feed} officials said {120 + k} migrants seeking asylum arrived at shelters "
            f"this week after crossing the border. The county executive asked federal immigration authorities "
            f"for help, and immigration lawyers said the asylum backlog keeps families waiting for "
            f"court dates.</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Outlet {feed}</title>'
        f"<link>{base}/</link><description>Bench feed</description>{''.join(entries)}</channel></rss>"
    ).encode()


def feed_url(n: int, port: int) -> str:
    return f"http://127.0.0.{n % FEED_HOSTS + 1}:{port}/feed/{n}.xml"


def _serve_feeds(items: int, ready: mp.Queue, stop: mp.Event) -> None:  # type: ignore[type-arg]
    """Child process: serves /feed/{n}.xml with ETags (304 on a match), /_publish?feed=n adds an item to
    feed n (dated now; answers with its link), /_cpu reports this process's CPU seconds, /_hits how many
    times each feed was fetched."""
    from email.utils import formatdate

    from aiohttp import web

    versions: dict[int, int] = {}
    dates: dict[tuple[int, int], str] = {}

    hits: dict[int, int] = {}  # GETs of each feed: the server's own log, for benches that count polls

    async def feed(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        hits[n] = hits.get(n, 0) + 1
        v = versions.get(n, 0)
        etag = f'"{n}-{v}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        base = f"http://{request.host}"
        return web.Response(body=feed_body(n, v, items, base, dates), headers={"ETag": etag},
                            content_type="application/rss+xml", charset="utf-8")

    async def publish(request: web.Request) -> web.Response:
        n = int(request.query["feed"])
        versions[n] = versions.get(n, 0) + 1
        newest = versions[n] + items - 1
        dates[(n, newest)] = formatdate(usegmt=True)
        host = f"127.0.0.{n % FEED_HOSTS + 1}:{request.url.port}"  # the host feed n is served from
        return web.json_response({"feed": n, "link": f"http://{host}/a/{n}/{newest}"})

    async def cpu(_: web.Request) -> web.Response:
        return web.json_response({"cpu": cpu_seconds()})

    async def hit_log(_: web.Request) -> web.Response:
        return web.json_response({str(n): k for n, k in hits.items()})

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feed/{n:\\d+}.xml", feed)
        app.router.add_post("/_publish", publish)
        app.router.add_get("/_cpu", cpu)
        app.router.add_get("/_hits", hit_log)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        first = web.TCPSite(runner, "127.0.0.1", 0)
        await first.start()
        port = first._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        for h in range(2, FEED_HOSTS + 1):
            await web.TCPSite(runner, f"127.0.0.{h}", port).start()
        ready.put(port)
        while not stop.is_set():
            await asyncio.sleep(0.1)
        await runner.cleanup()

    asyncio.run(main())


class FeedServer:
    """``with FeedServer(items=3) as fs: fs.url(n)``; the server runs in a child process on loopback."""

    def __init__(self, items: int = 3) -> None:
        ctx = mp.get_context("spawn")
        self._ready: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
        self._stop = ctx.Event()
        self._proc = ctx.Process(target=_serve_feeds, args=(items, self._ready, self._stop), daemon=True)
        self.port = 0

    def __enter__(self) -> FeedServer:
        self._proc.start()
        self.port = self._ready.get(timeout=30)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._proc.join(10)
        if self._proc.is_alive():
            self._proc.terminate()

    def url(self, n: int) -> str:
        return feed_url(n, self.port)

    @property
    def control(self) -> str:
        return f"http://127.0.0.1:{self.port}"


# -- stores on SQLite or in a throwaway PostgreSQL schema --------------------------------------------

@asynccontextmanager
async def bench_store(kind: str, workdir: Path, pg_url: str | None = None) -> AsyncIterator[object]:
    """A migrated Store on a new SQLite file, or in a new PostgreSQL schema dropped afterwards."""
    from sqlalchemy import event, text
    from sqlalchemy.ext.asyncio import create_async_engine

    from bot.storage import Store, make_engine, migrate
    from bot.storage.db import install_extensions

    if kind == "sqlite":
        engine = make_engine(f"sqlite+aiosqlite:///{workdir / f'bench-{uuid.uuid4().hex[:8]}.db'}")
        schema = None
    else:
        assert pg_url, "PostgreSQL needs --pg URL"
        schema = f"newsbot_bench_{uuid.uuid4().hex[:10]}"
        await install_extensions(pg_url)  # in public, which outlives the schema
        admin = create_async_engine(pg_url)
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await admin.dispose()
        engine = make_engine(pg_url)

        @event.listens_for(engine.sync_engine, "connect")
        def _search_path(dbapi_connection: object, _record: object) -> None:
            dbapi_connection.run_async(lambda c: c.execute(f'SET search_path TO "{schema}", public'))  # type: ignore[attr-defined]

    await migrate(engine)
    store = Store(engine)
    try:
        yield store
    finally:
        await store.close()
        if schema:
            admin = create_async_engine(pg_url)  # type: ignore[arg-type]
            async with admin.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            await admin.dispose()


# -- fictional people and a store of extracted articles (our own names and wording) ----------------------

FIRST_NAMES = ["Alma", "Bruno", "Carmen", "Dario", "Elena", "Felix", "Gloria", "Hector", "Irene", "Jonas", "Karla", "Luis", "Marta", "Nadia", "Oscar", "Paula", "Quentin", "Rosa", "Samuel", "Teresa", "Ulises", "Vera", "Walter", "Ximena", "Yusuf", "Zora", "Abel", "Bianca", "Cyrus", "Delia", "Emil", "Flora", "Gavin", "Hilda", "Ivan", "Julia", "Kurt", "Lena", "Marco", "Nina", "Otto", "Petra", "Raul", "Sonia", "Tobias", "Ursula", "Victor", "Wanda", "Yara", "Zeno"]
LAST_NAMES = ["Abarca", "Bellweather", "Castellan", "Dunmore", "Escobedo", "Fairhill", "Galloway", "Hartigan", "Ibarra", "Jessup", "Kowalczyk", "Lindqvist", "Marchetti", "Navarro", "Okafor", "Pemberton", "Quiroga", "Rasmussen", "Salcedo", "Thornbury", "Underhill", "Valverde", "Whitlock", "Yilmaz", "Zamora", "Ashdown", "Brightwater", "Corrigan", "Delacroix", "Everly", "Fonseca", "Grimaldi", "Holloway", "Iverson", "Jaramillo", "Kincaid", "Lockhart", "Montoya", "Northcote", "Ortega", "Prescott", "Quintero", "Redfern", "Sandoval", "Tremont", "Urquhart", "Vance", "Westbrook", "Yardley", "Zelaya", "Alcott", "Barrientos", "Crowley", "Donovan", "Estrada", "Fairbanks", "Guerrero", "Hawthorne", "Inglewood", "Juarez", "Kettering", "Langford", "Mercado", "Nakamura", "Oyelaran", "Pacheco", "Quimby", "Rutledge", "Solano", "Tillman", "Uribe", "Villanueva", "Winslow", "Yeager", "Zavala", "Arbogast", "Blackwood", "Cardenas", "Dempsey", "Ellsworth", "Figueroa", "Garrison", "Huxley", "Irwin", "Jennings", "Kimball", "Lozano", "Maddox", "Norwood", "Olivares", "Pritchard", "Quayle", "Rosales", "Stanton", "Trujillo", "Upton", "Vickers", "Whitfield", "Yorke", "Zuniga"]
TITLES = ("county executive", "state senator", "immigration judge", "sheriff", "mayor", "border patrol chief",
          "shelter director", "assistant secretary", "city council member", "attorney general", None)


@dataclass(frozen=True, slots=True)
class BenchPerson:
    name: str
    title: str | None


def people(n: int) -> list[BenchPerson]:
    """``n`` distinct fictional people (up to 5,000); surnames repeat every 100, so short names are ambiguous."""
    if n > len(FIRST_NAMES) * len(LAST_NAMES):
        raise ValueError(f"at most {len(FIRST_NAMES) * len(LAST_NAMES)} people")
    return [BenchPerson(f"{FIRST_NAMES[i // len(LAST_NAMES) % len(FIRST_NAMES)]} {LAST_NAMES[i % len(LAST_NAMES)]}",
                        TITLES[i % len(TITLES)]) for i in range(n)]


PEOPLE = people(120)
QUOTE_TEXTS = (
    "We will keep every shelter open through the winter.",
    "The county cannot absorb another month like this one without state help.",
    "Our officers are not immigration agents and will not act as them.",
    "The backlog of asylum cases has doubled and families are waiting years.",
    "We expect the new processing center to open in the spring.",
    "Nobody who follows the law has anything to fear from this policy.",
)


async def seed_store(db_url: str, articles: int, rng: Any) -> int:
    """A migrated store with ``articles`` articles, each saved with an extraction naming a few of PEOPLE and
    quoting them, through the real Store API. Returns the number of quotes stored."""
    from datetime import UTC, datetime, timedelta

    from bot.models import Extraction, FeedItem, Official, Quote
    from bot.storage import Store

    store = await Store.open(db_url, migrate=True)
    now = datetime.now(UTC)
    try:
        for a in range(articles):
            item = FeedItem(feed_url="", guid=f"bench-{a}", url=f"https://news.example/bench/{a}",
                            title=f"County officials respond to shelter demand ({a})",
                            published=now - timedelta(hours=a % 600), source=f"Outlet {a % 12}")
            aid = await store.add_article(item, feed_id=None, text=f"Article {a} body.",
                                          canonical_url=item.url, content_hash=f"bench-{a}", announce=True)
            who = rng.sample(PEOPLE, 3)
            await store.save_extraction(aid, Extraction(
                relevant=True, relevance=0.9, summary=f"Summary {a}.",
                officials=[Official(p.name, p.title) for p in who],
                quotes=[Quote(f"{rng.choice(QUOTE_TEXTS)} ({a}.{k})", p.name, "direct" if k % 2 == 0 else "indirect",
                              cue="said", paragraph=k) for k, p in enumerate(who)],
            ))
        async with store.engine.connect() as conn:
            from sqlalchemy import text
            return int((await conn.execute(text("SELECT count(*) FROM quotes"))).scalar_one())
    finally:
        await store.close()
