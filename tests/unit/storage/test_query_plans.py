"""The hot queries, exactly as the store sends them, can be answered through their indexes on both backends.

Each operation runs against a small seeded store while its SQL is recorded; every recorded statement is
then explained with the same parameters. PostgreSQL would rightly scan a table this small, so its plans
are taken with sequential scans priced out (``enable_seqscan = off``): what is checked is that an index
serves the query's shape, which is what decides its cost at a million rows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.storage import Store
from tests.storage_fixtures import add, query_plans, seed_extraction

FTS = "VIRTUAL TABLE INDEX"  # how SQLite reports a search through an FTS5 index

# operation → the index names (PostgreSQL, SQLite) its plans must mention
HOT: dict[str, tuple[Callable[[Store], Awaitable[Any]], tuple[str, ...], tuple[str, ...]]] = {
    "whosaid full name": (
        lambda st: st.whosaid("Tom Homan"),
        ("ix_people_surname_key", "ix_statements_person_id_latest", "ix_quotes_statement_id"),
        ("ix_people_surname_key", "ix_statements_person_id_latest", "ix_quotes_statement_id"),
    ),
    "whosaid typo": (  # a near name is a suggestion (issue 14): found through the name index, no quotes read
        lambda st: st.whosaid("Homna"),
        ("ix_people_search_names_trgm",),
        (f"people_fts {FTS}",),
    ),
    "whosaid about": (  # PostgreSQL filters a short record on its words; the GIN index serves long ones
        lambda st: st.whosaid("Tom Homan", about="sanctuary"),
        ("ix_people_surname_key", "ix_statements_person_id_latest"),
        ("ix_people_surname_key", f"statements_fts {FTS}"),
    ),
    "officials by title": (lambda st: st.officials("border czar"), ("ix_people_search_names_trgm",), (f"people_fts {FTS}",)),
    "news words": (lambda st: st.news("shelters mayor"), ("ix_articles_search",), (f"articles_fts {FTS}",)),
    "autocomplete": (
        lambda st: st.known_names("Ho"), ("ix_people_search_names_trgm", "ix_mentions_person_id_published"),
        (f"people_fts {FTS}", "ix_mentions_person_id_published"),
    ),
    "lease due feeds": (
        lambda st: st.lease_due_feeds("w1", datetime.now(UTC), 10, 60), ("ix_feeds_next_poll_at",),
        ("ix_feeds_next_poll_at",),
    ),
    "lease pending articles": (
        lambda st: st.lease_pending("w1", 10, 60), ("ix_articles_extracted_at",), ("ix_articles_extracted_at",),
    ),
}


@pytest.mark.parametrize("operation", list(HOT))
async def test_hot_query_uses_its_index(store: Store, operation: str) -> None:
    aid = await add(store, 1)
    await store.save_extraction(aid, seed_extraction())
    await add(store, 2)  # one article still waiting for extraction
    await store.add_feed("https://feeds.example/rss")
    run, on_postgres, on_sqlite = HOT[operation]
    plans = await query_plans(store, run)
    assert plans, "the operation sent no query"
    for index in on_sqlite if store.engine.dialect.name == "sqlite" else on_postgres:
        assert any(index in p for p in plans), f"{operation}: no plan uses {index}:\n" + "\n".join(plans)


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
async def test_postgres_plans_each_statement_for_its_values(store: Store) -> None:
    """A prepared statement run many times keeps being planned for its own values (see db.POSTGRES_SESSION)."""
    async with store.engine.connect() as conn:
        assert (await conn.exec_driver_sql("SHOW plan_cache_mode")).scalar_one() == "force_custom_plan"


async def test_an_export_walks_the_record_through_its_indexes(store: Store) -> None:
    """``record_batches`` (/whosaid NAME export): the next statements off the (person_id, latest) index, then
    their sources through quotes.statement_id; no scan of the quotes however long the record."""
    aid = await add(store, 1)
    await store.save_extraction(aid, seed_extraction())
    person = (await store.whosaid("Tom Homan", limit=1)).person
    assert person is not None

    async def export(st: Store) -> list[Any]:
        return [batch async for batch in st.record_batches(person)]

    plans = await query_plans(store, export)
    assert len(plans) == 2, plans  # one short batch: its statements, then their sources
    statements, sources = plans
    assert "ix_statements_person_id_latest" in statements, statements
    assert "ix_quotes_statement_id" in sources, sources
