"""Record page latency with many stored quotes: a filtered ``/people/<slug>`` page against ``/healthz``, in
the same run, over HTTP to the real web app (``handlers.web.make_web_app``), on SQLite and (with --pg)
PostgreSQL.

Rows are bulk-inserted with SQLAlchemy core into the real tables: fictional people (5,000), one article
per 5 quotes over the last year from 40 outlets, each article's text holding one word of a small topic
vocabulary (so a word filter keeps about an eighth of a record, through the full-text index), quotes
spread over people by a Zipf-like law (the most quoted person has about a tenth of all quotes), and the
mentions that tie people to articles. Readers open the pages of people in proportion to how often they
are quoted, each with a random mix of filters (word, outlet, kind, a 90-day range) and page 1 or 2;
the most quoted person's filtered page is also timed on its own. ``/healthz`` requests are interleaved
with the page requests, so both see the same machine.

    .venv/bin/python bench/page_latency.py                       # 100k quotes on SQLite
    .venv/bin/python bench/page_latency.py --quotes 1000000 --pg postgresql+asyncpg://postgres@127.0.0.1:5432/test
    .venv/bin/python bench/page_latency.py --quotes 1000000 --keep mybench   # fill once, reuse next time

With ``--keep NAME`` the filled SQLite file (``<tmp>/NAME_<quotes>.db``) and PostgreSQL schema
(``NAME_<quotes>``) are left in place and reused by the next run with the same name and size (a 1M fill
takes minutes); the requests are drawn from their own seed, so a reused store gets the same mix.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from aiohttp import ClientSession
from aiohttp.test_utils import TestServer
from common import QUOTE_TEXTS, bench_store, latency_ms, machine_note, people, print_table
from pydantic import SecretStr
from sqlalchemy import func, insert, select, text

from bot.commands.service import CommandService
from bot.infra.log import configure_logging
from bot.people.registry import surname_key
from bot.storage import Store
from bot.storage.search import search_names
from bot.storage.tables import Article, MentionRecord, Person, QuoteRecord
from bot.web_links import person_path, signer_from
from config.settings import Settings
from handlers.web import make_web_app

CHUNK = 10_000
PEOPLE = 5_000
OUTLETS = 40
WORDS = ("harbor", "shelter", "asylum", "border", "courtroom", "visa", "detention", "budget")
TARGET_P99_MS = 100


async def fill(store: Store, quotes: int, rng: random.Random) -> tuple[list[str], list[int], float]:
    """Insert people, articles, quotes and mentions; returns names, quotes per person and seconds taken."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    who = people(PEOPLE)
    n_articles = max(1, quotes // 5)
    published = [now - timedelta(minutes=rng.randrange(365 * 24 * 60)) for _ in range(n_articles)]
    weights = list(accumulate(1 / (rank + 1) for rank in range(len(who))))
    per_person = [0] * (len(who) + 1)
    async with store.engine.begin() as conn:
        await conn.execute(
            insert(Person),
            [
                {
                    "id": i + 1,
                    "canonical_name": p.name,
                    "surname_key": surname_key(p.name),
                    "title": p.title,
                    "aliases": [p.name.split()[-1]],
                    "context": {"titles": [p.title] if p.title else []},
                    "created_at": now,
                    "search_names": search_names(p.name, [p.name.split()[-1]], p.title),
                }
                for i, p in enumerate(who)
            ],
        )
        for lo in range(0, n_articles, CHUNK):
            await conn.execute(
                insert(Article),
                [
                    {
                        "id": a + 1,
                        "title": f"Story {a}",
                        "published": published[a],
                        "source": f"Outlet {a % OUTLETS}",
                        "url": f"https://news.example/{a}",
                        "canonical_url": f"https://news.example/{a}",
                        "content_hash": f"h{a}",
                        "text": f"Report {a} on the {WORDS[a % len(WORDS)]} question.",
                        "summary": "",
                        "relevance": 0.9,
                        "relevant": True,
                        "announce": True,
                        "extracted_at": now,
                        "created_at": now,
                    }
                    for a in range(lo, min(n_articles, lo + CHUNK))
                ],
            )
        mentions: set[tuple[int, int]] = set()
        for lo in range(0, quotes, CHUNK):
            rows = []
            speakers = rng.choices(range(1, len(who) + 1), cum_weights=weights, k=min(CHUNK, quotes - lo))
            for q, person_id in enumerate(speakers, start=lo):
                article_id = q // 5 + 1 if q // 5 < n_articles else n_articles
                said = f"{QUOTE_TEXTS[q % len(QUOTE_TEXTS)]} ({q})"
                rows.append(
                    {
                        "article_id": article_id,
                        "person_id": person_id,
                        "speaker_text": who[person_id - 1].name,
                        "text": said,
                        "text_hash": hashlib.sha1(said.encode()).hexdigest(),
                        "kind": "direct" if q % 3 else "indirect",
                        "cue": "said",
                        "paragraph": q % 5,
                        "published": published[article_id - 1],
                    }
                )
                mentions.add((person_id, article_id))
                per_person[person_id] += 1
            await conn.execute(insert(QuoteRecord), rows)
        pairs = sorted(mentions)
        for lo in range(0, len(pairs), CHUNK):
            await conn.execute(
                insert(MentionRecord),
                [
                    {
                        "person_id": p,
                        "article_id": a,
                        "title_at_time": who[p - 1].title,
                        "official": True,
                        "published": published[a - 1],
                    }
                    for p, a in pairs[lo : lo + CHUNK]
                ],
            )
    if store.engine.dialect.name == "postgresql":
        async with store.engine.connect() as conn:  # what autovacuum would do after such a load (the
            # vacuum sets the visibility map, without which no index-only scan is possible)
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM ANALYZE people, articles, quotes, mentions"))  # this schema's
    else:
        async with store.engine.connect() as conn:
            await conn.execute(text("ANALYZE"))  # as `PRAGMA optimize` would over time
    return [p.name for p in who], per_person, time.perf_counter() - started


async def stored(store: Store) -> tuple[list[str], list[int]] | None:
    """Names and quotes per person of a store filled by an earlier run; None when it is empty."""
    async with store.engine.connect() as conn:
        names = [n for (n,) in await conn.execute(select(Person.canonical_name).order_by(Person.id))]
        if not names:
            return None
        per_person = [0] * (len(names) + 1)
        counts = select(QuoteRecord.person_id, func.count()).group_by(QuoteRecord.person_id)
        for person_id, n in await conn.execute(counts):
            per_person[person_id] = n
    return names, per_person


def filters(rng: random.Random) -> dict[str, str]:
    """A reader's filters: each of word, outlet, kind and a 90-day range with even odds, at least one."""
    out: dict[str, str] = {}
    while not out:
        if rng.random() < 0.5:
            out["q"] = rng.choice(WORDS)
        if rng.random() < 0.5:
            out["outlet"] = f"Outlet {rng.randrange(OUTLETS)}"
        if rng.random() < 0.5:
            out["kind"] = rng.choice(("direct", "indirect"))
        if rng.random() < 0.5:
            end = datetime.now(UTC).date() - timedelta(days=rng.randrange(270))
            out["from"], out["to"] = (end - timedelta(days=90)).isoformat(), end.isoformat()
    if rng.random() < 0.3:
        out["page"] = "2"
    return out


async def measure(
    store: Store, names: list[str], per_person: list[int], calls: int, rng: random.Random
) -> dict[str, dict[str, float]]:
    """p50/p99 of filtered person pages (readers' mix, and the most quoted person) and of /healthz."""
    settings = Settings(
        database_url="sqlite+aiosqlite:///unused.db",
        web_secret=SecretStr("bench secret"),
        web={"rate_limit": "1000000/minute"},
    )
    signer = signer_from(settings)
    now = datetime.now(UTC)
    server = TestServer(make_web_app(settings, CommandService(store, settings)))
    await server.start_server()
    weights = list(accumulate(per_person[1:]))
    top = max(range(1, len(per_person)), key=lambda i: per_person[i])
    timed: dict[str, list[float]] = {"person page": [], "top person page": [], "healthz": []}
    try:
        async with ClientSession() as http:

            async def get(kind: str, url: str) -> None:
                t0 = time.perf_counter()
                async with http.get(url) as resp:
                    await resp.read()
                    assert resp.status in (200, 503), (resp.status, url)  # healthz: 503 with no feed polled
                timed[kind].append(time.perf_counter() - t0)

            def page(person_id: int) -> str:
                return str(
                    server.make_url(signer.url("", person_path(person_id, names[person_id - 1]), now, filters(rng)))
                )

            await get("person page", page(top))  # warm: first connection, templates compiled
            await get("healthz", str(server.make_url("/healthz")))
            timed = {k: [] for k in timed}
            for i in range(calls):
                person_id = rng.choices(range(1, len(per_person)), cum_weights=weights)[0]
                await get("person page", page(person_id))
                await get("healthz", str(server.make_url("/healthz")))
                if i % 5 == 0:
                    await get("top person page", page(top))
    finally:
        await server.close()
    return {k: latency_ms(v) for k, v in timed.items()}


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quotes", type=int, default=100_000)
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--pg", help="also on PostgreSQL (postgresql+asyncpg://…), in a schema dropped afterwards")
    ap.add_argument("--only", choices=("sqlite", "postgres"), help="one backend only (postgres needs --pg)")
    ap.add_argument("--keep", metavar="NAME", help="keep the filled stores under this name and reuse them")
    args = ap.parse_args()
    configure_logging("WARNING")
    print(f"# record page latency: {args.quotes:,} quotes, {args.calls} page requests, {machine_note()}")
    rows, figures = [], {}
    keep = f"{args.keep}_{args.quotes}" if args.keep else None
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tempfile.gettempdir() if keep else tmp)
        kinds = ["sqlite"] + (["postgres"] if args.pg else [])
        for kind in [args.only] if args.only else kinds:
            async with bench_store(kind, workdir, args.pg, keep) as store:
                if (found := await stored(store)) is not None:
                    (names, per_person), fill_s = found, 0.0  # reused: filled by an earlier run
                else:
                    names, per_person, fill_s = await fill(store, args.quotes, random.Random(args.quotes))
                m = await measure(store, names, per_person, args.calls, random.Random(args.quotes + 1))
            health = m["healthz"]["p99"]
            for what in ("person page", "top person page", "healthz"):
                rows.append(
                    [
                        kind,
                        args.quotes,
                        what,
                        m[what]["p50"],
                        m[what]["p99"],
                        m[what]["max"],
                        f"×{m[what]['p99'] / health:.1f}",
                    ]
                )
            figures[kind] = {
                "fill_s": round(fill_s, 1),
                "top_person_quotes": max(per_person),
                **{f"{w.replace(' ', '_')}_p99_ms": round(m[w]["p99"], 1) for w in m},
            }
    print_table(["backend", "quotes", "request", "p50 ms", "p99 ms", "max ms", "p99 / healthz p99"], rows)
    misses = [r for r in rows if r[2] != "healthz" and r[4] >= TARGET_P99_MS]
    print(
        f"\ntarget p99 < {TARGET_P99_MS} ms: "
        + ("met everywhere" if not misses else "MISSED for " + ", ".join(f"{r[0]} {r[2]}" for r in misses))
    )
    print(json.dumps({"bench": "page_latency", "quotes": args.quotes, "calls": args.calls, **figures}))


if __name__ == "__main__":
    asyncio.run(main())
