"""``Store.whosaid`` latency with many stored quotes, on SQLite and (with --pg) PostgreSQL.

Rows are bulk-inserted with SQLAlchemy core into the real tables (bot/storage/tables.py): fictional
people (500 per 10k quotes up to 5,000), one article per 5 quotes, one statement per quote (each
quote's text is numbered, so no two are the same statement), quotes spread over people by a Zipf-like
law (a few people are quoted very often, as in the news) and over the last year, and the mentions that
tie people to articles; PostgreSQL then gets the ANALYZE autovacuum would run. Then ``--calls`` lookups
by full name, surname, misspelt name (two letters of the surname swapped) or unknown name, half of them
with ``since`` 7 days, through the real ``Store.whosaid`` (name search through the surname or trigram
index, then the quote query). The first call is reported apart, p99 also by kind of name, and how often
a misspelt name still found its person; the slowest lookup at the largest size is profiled.

    .venv/bin/python bench/whosaid_latency.py                      # 10k and 100k quotes on SQLite
    .venv/bin/python bench/whosaid_latency.py --million --pg postgresql+asyncpg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import io
import json
import pstats
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from common import QUOTE_TEXTS, bench_store, latency_ms, machine_note, people, print_table
from sqlalchemy import insert, text

from bot.infra.log import configure_logging
from bot.people.registry import surname_key
from bot.storage import Store
from bot.storage.search import search_names
from bot.storage.statements import key_hash, statement_key
from bot.storage.tables import Article, MentionRecord, Person, QuoteRecord, StatementRecord

CHUNK = 10_000
TARGET_P99_MS = 50


def article_text(a: int) -> str:
    """The article's text: the five quotes it carries, so ``about:`` goes through the full-text index."""
    return " ".join(QUOTE_TEXTS[q % len(QUOTE_TEXTS)] for q in range(5 * a, 5 * a + 5))


ABOUT = ("shelter", "asylum", "officers", "backlog")


def n_people(quotes: int) -> int:
    return min(5000, max(500, quotes // 20))


async def fill(store: Store, quotes: int, rng: random.Random) -> tuple[list[str], float]:
    """Insert people, articles, quotes and mentions; returns the people's names and seconds taken."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    who = people(n_people(quotes))
    n_articles = max(1, quotes // 5)
    published = [now - timedelta(minutes=rng.randrange(365 * 24 * 60)) for _ in range(n_articles)]
    weights = list(accumulate(1 / (rank + 1) for rank in range(len(who))))
    async with store.engine.begin() as conn:
        await conn.execute(insert(Person), [
            {"id": i + 1, "canonical_name": p.name, "surname_key": surname_key(p.name), "title": p.title,
             "aliases": [p.name.split()[-1]], "context": {"titles": [p.title] if p.title else []}, "created_at": now,
             "search_names": search_names(p.name, [p.name.split()[-1]], p.title)}
            for i, p in enumerate(who)
        ])
        for lo in range(0, n_articles, CHUNK):
            await conn.execute(insert(Article), [
                {"id": a + 1, "title": f"Story {a}", "published": published[a], "source": f"Outlet {a % 40}",
                 "url": f"https://news.example/{a}", "canonical_url": f"https://news.example/{a}",
                 "content_hash": f"h{a}", "text": article_text(a), "summary": "", "relevance": 0.9, "relevant": True,
                 "announce": True, "extracted_at": now, "created_at": now}
                for a in range(lo, min(n_articles, lo + CHUNK))
            ])
        mentions: set[tuple[int, int]] = set()
        for lo in range(0, quotes, CHUNK):
            rows, said_once = [], []
            speakers = rng.choices(range(1, len(who) + 1), cum_weights=weights, k=min(CHUNK, quotes - lo))
            for q, person_id in enumerate(speakers, start=lo):
                article_id = q // 5 + 1 if q // 5 < n_articles else n_articles
                said = f"{QUOTE_TEXTS[q % len(QUOTE_TEXTS)]} ({q})"
                when = published[article_id - 1]
                # each quote's number makes it a statement of its own, as ingest would find (statement_for)
                said_once.append({"id": q + 1, "person_id": person_id, "text": said, "latest": when, "earliest": when,
                                  "key_hash": key_hash(statement_key(said))})
                rows.append({"id": q + 1, "article_id": article_id, "person_id": person_id,
                             "speaker_text": who[person_id - 1].name, "text": said,
                             "text_hash": hashlib.sha1(said.encode()).hexdigest(),
                             "kind": "direct" if q % 3 else "indirect", "cue": "said", "paragraph": q % 5,
                             "published": when, "statement_id": q + 1})
                mentions.add((person_id, article_id))
            await conn.execute(insert(StatementRecord), said_once)
            await conn.execute(insert(QuoteRecord), rows)
        pairs = sorted(mentions)
        for lo in range(0, len(pairs), CHUNK):
            await conn.execute(insert(MentionRecord), [
                {"person_id": p, "article_id": a, "title_at_time": who[p - 1].title, "official": True,
                 "published": published[a - 1]}
                for p, a in pairs[lo:lo + CHUNK]
            ])
    if store.engine.dialect.name == "postgresql":
        async with store.engine.connect() as conn:  # what autovacuum would do after such a load
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("ANALYZE"))
    return [p.name for p in who], time.perf_counter() - started


KINDS = ("full name", "surname", "typo", "unknown")


def misspelt(name: str) -> str:
    """The name with two middle letters of its surname swapped ("Homan" → "Homna")."""
    given, _, surname = name.rpartition(" ")
    i = max(1, len(surname) // 2)
    return f"{given} {surname[:i]}{surname[i + 1]}{surname[i]}{surname[i + 2:]}"


MODES = ("first page", "page 2-5", "about:")


def modes(calls: int, rng: random.Random) -> list[tuple[str, int, str | None]]:
    """(mode, page, about) per call: half plain first pages (the baseline), a quarter later pages, a
    quarter ``about:`` a word of the quotes."""
    out: list[tuple[str, int, str | None]] = []
    for i in range(calls):
        if i % 4 == 1:
            out.append((MODES[1], rng.randint(2, 5), None))
        elif i % 4 == 3:
            out.append((MODES[2], 1, rng.choice(ABOUT)))
        else:
            out.append((MODES[0], 1, None))
    return out


def queries(names: list[str], calls: int, rng: random.Random) -> list[tuple[str, str, str, timedelta | None]]:
    """(kind, query, meant, since): 60% full names, 20% surnames alone (often several people), 10% misspelt
    full names, 10% unknown."""
    out = []
    for i in range(calls):
        name = rng.choice(names)
        roll = rng.random()
        kind = KINDS[0] if roll < 0.6 else KINDS[1] if roll < 0.8 else KINDS[2] if roll < 0.9 else KINDS[3]
        query = {KINDS[0]: name, KINDS[1]: name.split()[-1], KINDS[2]: misspelt(name), KINDS[3]: f"Nobody Known{i}"}[kind]
        out.append((kind, query, name, timedelta(days=7) if i % 2 else None))
    return out


@dataclass
class Measured:
    cold: float
    all: dict[str, float]
    by_kind: dict[str, dict[str, float]]
    by_mode: dict[str, dict[str, float]]
    typos_found: float  # share of misspelt names whose person was suggested (never answered for: no guesses)
    slowest: tuple[str, timedelta | None, int, str | None]


async def measure(store: Store, names: list[str], calls: int, rng: random.Random) -> Measured:
    now = datetime.now(UTC)
    t0 = time.perf_counter()
    await store.whosaid(names[0], limit=5)
    cold = time.perf_counter() - t0
    timed: list[tuple[float, str, str, str, timedelta | None, int, str | None]] = []
    typos = found = 0
    for (kind, query, meant, since), (mode, page, about) in zip(
        queries(names, calls, rng), modes(calls, rng), strict=True
    ):
        t0 = time.perf_counter()
        result = await store.whosaid(query, since=now - since if since else None, limit=5, page=page, about=about)
        timed.append((time.perf_counter() - t0, kind, mode, query, since, page, about))
        if kind == "typo":
            typos += 1
            found += meant in result.suggestions or (result.person is not None and result.person.name == meant)
    by_kind = {k: latency_ms([t for t, kind, *_ in timed if kind == k]) for k in KINDS}
    by_mode = {m: latency_ms([t for t, _, mode, *_ in timed if mode == m]) for m in MODES}
    worst = max(timed)
    return Measured(cold, latency_ms([t for t, *_ in timed]), by_kind, by_mode, found / max(1, typos),
                    (worst[3], worst[4], worst[5], worst[6]))


async def profile_one(store: Store, query: str, since: timedelta | None, page: int, about: str | None) -> str:
    """Five runs of one lookup (the slowest one measured) under cProfile."""
    when = datetime.now(UTC) - since if since else None
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        await store.whosaid(query, since=when, limit=5, page=page, about=about)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(14)
    return out.getvalue()


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--million", action="store_true", help="also 1,000,000 quotes (minutes of inserting)")
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--pg", help="also on PostgreSQL (postgresql+asyncpg://…), in a schema dropped afterwards")
    args = ap.parse_args()
    configure_logging("WARNING")
    sizes = args.sizes + ([1_000_000] if args.million else [])
    print(f"# whosaid latency: sizes {sizes}, {args.calls} calls each, {machine_note()}")
    rows, profiles, figures = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ["sqlite"] + (["postgres"] if args.pg else []):
            for size in sizes:
                rng = random.Random(size)
                async with bench_store(kind, Path(tmp), args.pg) as store:
                    names, fill_s = await fill(store, size, rng)
                    m = await measure(store, names, args.calls, rng)
                    rows.append([kind, size, len(names), fill_s, m.cold * 1000, m.all["p50"], m.all["p99"],
                                 m.all["max"], *(m.by_kind[k]["p99"] for k in KINDS),
                                 *(m.by_mode[k]["p99"] for k in MODES), f"{m.typos_found:.0%}"])
                    figures.append({"backend": kind, "quotes": size, "p50_ms": round(m.all["p50"], 2),
                                    "p99_ms": round(m.all["p99"], 2),
                                    **{f"p99_{k}_ms": round(m.by_mode[k]["p99"], 2) for k in MODES},
                                    "p99_ratio_paged_vs_first": round(m.by_mode[MODES[1]]["p99"] /
                                                                      m.by_mode[MODES[0]]["p99"], 2),
                                    "p99_ratio_about_vs_first": round(m.by_mode[MODES[2]]["p99"] /
                                                                      m.by_mode[MODES[0]]["p99"], 2)})
                    if size == sizes[-1]:
                        profiles.append((kind, size, m.slowest, await profile_one(store, *m.slowest)))
    print_table(["backend", "quotes", "people", "insert s", "first call ms", "p50 ms", "p99 ms", "max ms",
                 *(f"p99 {k} ms" for k in KINDS), *(f"p99 {k} ms" for k in MODES), "typos suggested"], rows)
    for kind, size, (query, since, page, about), report in profiles:
        print(f"\n## cProfile, {kind}, {size:,} quotes: 5 runs of the slowest lookup, {query!r} since {since} "
              f"page {page} about {about}\n")
        print("\n".join(line for line in report.splitlines() if line.strip())[:4000])
    misses = [r for r in rows if r[6] >= TARGET_P99_MS]
    print(f"\ntarget p99 < {TARGET_P99_MS} ms: " + ("met everywhere" if not misses else
          "MISSED at " + ", ".join(f"{r[0]} {r[1]:,}" for r in misses)))
    print(json.dumps({"bench": "whosaid_latency", "target_p99_ms": TARGET_P99_MS, "runs": figures}))


if __name__ == "__main__":
    asyncio.run(main())
