"""Saving a chunk of extractions in one transaction (``Store.save_extractions``, a bulk import's chunk) stores
exactly what saving them one at a time stores: the same people, statements, quotes, mentions, figures and
article fields, ids included. People are resolved in memory and written once per batch, quotes placed
article after article, and an article extracted before (or twice in the chunk) starts a new batch."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.models import Extraction, Figure, Official, Quote
from bot.storage import Store, migrate
from bot.storage.tables import Article, FigureRecord, MentionRecord, Person, QuoteRecord, StatementRecord
from tests import storage_fixtures
from tests.storage_fixtures import T0, add

backend = storage_fixtures.backend  # each test runs on SQLite and on PostgreSQL
store = storage_fixtures.store

FERRY = "The harbor ferry will run every hour again once the new landing opens in the spring"
FERRY_AGAIN = "The harbor ferry will run every hour again once the new landing opens this spring"
LIBRARY = "Nobody should have to drive forty minutes to borrow a book in a county of this size"
BUDGET = "We asked the state for 12 more inspectors and were told to wait another budget cycle"


def said(name: str, title: str | None, *quotes: str, others: tuple[str, ...] = (), figures: int = 0) -> Extraction:
    """An article naming ``name`` (an official when titled) and ``others``, quoting ``name``."""
    named = [Official(name, title, aliases=[name.split()[-1]])] if title else []
    return Extraction(
        relevant=True,
        relevance=0.8,
        summary=f"{name} on county services.",
        officials=named,
        people=[*([] if title else [Official(name, None)]), *(Official(o, None) for o in others)],
        quotes=[Quote(q, name, "direct", cue="said", paragraph=k) for k, q in enumerate(quotes)],
        figures=[
            Figure(f"{k + 2} ferries", k + 2.0, "ferries", sentence=f"{k + 2} ferries run.") for k in range(figures)
        ],
        frame={"event": "statement", "who": name},
    )


# Each entry: (article number, hours after T0, extraction). Article 3 comes twice: the second replaces the first.
ARTICLES: list[tuple[int, int, Extraction]] = [
    (1, 0, said("Odile Farrant", "harbor commissioner", FERRY, others=("Pell Austry",), figures=2)),
    (2, 2, said("Farrant", None, FERRY_AGAIN)),  # a rewording, the same day: the statement of article 1
    (3, 3, said("Pell Austry", None, LIBRARY, others=("Odile Farrant",))),  # a new person named in article 1
    (4, 5, said("Odile Farrant", "county harbor commissioner", BUDGET, FERRY, figures=1)),
    (3, 3, said("Pell Austry", "library board chair", LIBRARY + ".", others=("Odile Farrant",))),
    (5, 200, said("Odile Farrant", None, FERRY)),  # a week later: the same words as article 1
]


async def contents(target: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the extractions wrote, ids included, read through the tables' types (the same on both
    backends)."""
    a, p, s, q, m, f = Article, Person, StatementRecord, QuoteRecord, MentionRecord, FigureRecord
    queries = {
        "articles": select(a.id, a.summary, a.relevant, a.relevance, a.extractions, a.extracted_at, a.event_frame),
        "people": select(
            p.id, p.canonical_name, p.surname_key, p.title, p.title_updated_at, p.aliases, p.context, p.search_names
        ),
        "statements": select(s.id, s.person_id, s.key_hash, s.text, s.latest, s.earliest),
        "quotes": select(
            q.id, q.article_id, q.person_id, q.statement_id, q.text, q.text_hash, q.paragraph, q.published
        ),
        "mentions": select(m.id, m.person_id, m.article_id, m.title_at_time, m.official, m.published),
        "figures": select(f.id, f.article_id, f.text, f.value, f.sentence),
    }
    async with target.engine.connect() as conn:
        return {
            name: sorted(
                tuple(json.dumps(v, sort_keys=True) if isinstance(v, dict | list) else v for v in row)
                for row in await conn.execute(stmt)
            )
            for name, stmt in queries.items()
        }


async def stored_articles(target: Store) -> dict[int, int]:
    """The articles of ARTICLES, added in the same order on every store (the same ids)."""
    ids: dict[int, int] = {}
    for n, hours, _ in ARTICLES:
        if n not in ids:
            ids[n] = await add(target, n, published=T0 + timedelta(hours=hours), text=f"Article {n} about the harbor.")
    return ids


async def test_a_chunk_saved_at_once_stores_what_saving_its_articles_one_by_one_stores(
    store: Store, tmp_path: Path
) -> None:
    one_by_one = Store(storage_fixtures.Backend("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'one.db'}").engine())
    await migrate(one_by_one.engine)
    try:
        ids = await stored_articles(one_by_one)
        for n, _, ex in ARTICLES:
            await one_by_one.save_extraction(ids[n], ex, now=T0)
        assert await stored_articles(store) == ids
        await store.save_extractions([(ids[n], ex) for n, _, ex in ARTICLES], now=T0)
        expected = await contents(one_by_one)
        assert await contents(store) == expected
    finally:
        await one_by_one.close()
    # and what that is: two people, named in several articles of the chunk, each once
    assert [row[1] for row in expected["people"]] == ["Odile Farrant", "Pell Austry"]
    farrant, austry = (row[0] for row in expected["people"])
    assert sorted((m[1], m[2]) for m in expected["mentions"]) == sorted(
        [
            (farrant, ids[1]),
            (austry, ids[1]),
            (farrant, ids[2]),
            (austry, ids[3]),
            (farrant, ids[3]),
            (farrant, ids[4]),
            (farrant, ids[5]),
        ]
    )
    # article 2 rewords article 1 within hours: one statement; article 5 says it again a week later: the same
    # words as article 1's, so the same statement, now spanning the week
    ferry = {q[3] for q in expected["quotes"] if q[4] in (FERRY, FERRY_AGAIN)}
    assert len(ferry) == 1
    (statement,) = (s for s in expected["statements"] if s[0] in ferry)
    assert (statement[4], statement[5]) == (T0 + timedelta(hours=200), T0)
    # article 3 saved twice: its second extraction replaced the first
    assert [q[4] for q in expected["quotes"] if q[1] == ids[3]] == [LIBRARY + "."]
    assert next(a for a in expected["articles"] if a[0] == ids[3])[4] == 2


async def test_two_articles_of_a_chunk_naming_the_same_new_person_make_one_person(store: Store) -> None:
    first = await add(store, 1, published=T0)
    second = await add(store, 2, published=T0 + timedelta(hours=1))
    await store.save_extractions(
        [(first, said("Marisol Quent", "port director", FERRY)), (second, said("Marisol Quent", None, LIBRARY))]
    )
    found = await store.whosaid("Marisol Quent")
    assert found.person is not None and found.total == 2
    rows = await contents(store)
    assert len(rows["people"]) == 1
    assert {m[1] for m in rows["mentions"]} == {rows["people"][0][0]}


async def test_a_later_article_of_a_chunk_reads_a_statement_as_an_earlier_one_refreshed_it(store: Store) -> None:
    """Quotes are written and statements refreshed once per run of articles quoting other people: the third
    wording, four and a half days after the first, is within days of the statement only once the second
    wording (two days after the first) has moved its latest date."""
    later = "The harbor ferry will run every hour again when the new landing opens in the spring"
    chunk = [
        (0, said("Odile Farrant", "harbor commissioner", FERRY)),
        (1, said("Pell Austry", None, LIBRARY)),
        (48, said("Odile Farrant", None, FERRY_AGAIN)),
        (50, said("Marisol Quent", None, BUDGET)),
        (108, said("Odile Farrant", None, later)),
    ]
    ids = [await add(store, n, published=T0 + timedelta(hours=h)) for n, (h, _) in enumerate(chunk)]
    await store.save_extractions([(aid, ex) for aid, (_, ex) in zip(ids, chunk, strict=True)])
    rows = await contents(store)
    farrant = {q[3] for q in rows["quotes"] if q[4] in (FERRY, FERRY_AGAIN, later)}
    assert len(farrant) == 1
    (statement,) = (s for s in rows["statements"] if s[0] in farrant)
    assert (statement[3], statement[4], statement[5]) == (FERRY, T0 + timedelta(hours=108), T0)
