"""Statements stored at ingest (migration 0007): one per statement of a person however many outlets carried
it, kept in step when an article is extracted again, rebuilt from the stored quotes by the migration, and
counted whole by /whosaid (no cap on a long record)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.commands import results as rs
from bot.models import Extraction, Official, Quote
from bot.storage import Store, migrate
from bot.storage.db import alembic_config
from bot.storage.rows import WhoSaidResult
from tests import storage_fixtures
from tests.storage_fixtures import T0, add

backend = storage_fixtures.backend  # each test runs on SQLite and on PostgreSQL
store = storage_fixtures.store

PLEDGE = "The county will keep every winter shelter open until the last family has a home of its own"
REWORDED = "The county will keep every winter shelter open until the last family has a home of their own"
OTHER = "The ferry landing will be rebuilt with money from the state harbor fund next spring"


def extraction(*quotes: str) -> Extraction:
    return Extraction(
        relevant=True,
        relevance=0.9,
        summary="A county executive on shelters.",
        officials=[Official("Ines Varga", "county executive", aliases=["Varga"])],
        quotes=[Quote(q, "Ines Varga", "direct", cue="said") for q in quotes],
    )


async def statement_rows(target: Store) -> int:
    async with target.engine.connect() as conn:
        return int((await conn.execute(text("SELECT count(*) FROM statements"))).scalar_one())


async def seeded(target: Store) -> None:
    """The pledge in three outlets over two days (one rewording it), and another statement a week before."""
    for n, (words, hours) in enumerate([(PLEDGE, 0), (PLEDGE + ".", 5), (REWORDED, 30)]):
        aid = await add(target, n, text=f"“{words}” Varga said.", published=T0 + timedelta(hours=hours),
                        source=f"Outlet {n}")
        await target.save_extraction(aid, extraction(words))
    aid = await add(target, 9, text=f"“{OTHER}” Varga said.", published=T0 - timedelta(days=7))
    await target.save_extraction(aid, extraction(OTHER))


def shown(found: WhoSaidResult) -> list[tuple[str, int]]:
    return [(q.text, len(q.all_sources())) for q in found.quotes]


async def test_outlets_and_rewordings_are_one_statement_at_ingest(store: Store) -> None:
    await seeded(store)
    found = await store.whosaid("Varga")
    assert found.total == 2 and await statement_rows(store) == 2
    [pledge, other] = found.quotes
    assert len(pledge.all_sources()) == 3 and pledge.published == T0 + timedelta(hours=30)
    assert other.text == OTHER and len(other.all_sources()) == 1


async def test_extracting_an_article_again_keeps_its_statements_in_step(store: Store) -> None:
    await seeded(store)
    aid = await add(store, 20, text="Varga spoke twice.", published=T0 + timedelta(days=20))
    await store.save_extraction(aid, extraction("Nobody will be turned away from a county shelter this winter"))
    await store.save_extraction(aid, extraction("Nobody will be turned away from a county shelter this winter"))
    assert (await store.whosaid("Varga")).total == 3 and await statement_rows(store) == 3
    # extracted again without that quote: its statement goes, the pledge is untouched
    await store.save_extraction(aid, extraction(OTHER))
    found = await store.whosaid("Varga")
    assert found.total == 2 and await statement_rows(store) == 2
    assert [n for _, n in shown(found)] == [2, 3]  # OTHER now carried a week apart: the same words, one entry


async def test_a_rewording_in_the_same_article_joins_the_statement_made_for_its_first_wording(store: Store) -> None:
    # the statement is made for the first quote and not yet in the database when the second is placed
    aid = await add(store, 30, text="Varga spoke.", published=T0)
    await store.save_extraction(aid, extraction(REWORDED, PLEDGE, OTHER))
    found = await store.whosaid("Varga")
    assert await statement_rows(store) == 2 and found.total == 2
    assert {q.text for q in found.quotes} == {REWORDED, OTHER}  # equally long: the first wording stays


async def test_several_articles_saved_in_one_transaction_are_placed_as_if_saved_one_by_one(store: Store) -> None:
    ids = [
        await add(store, 40 + n, text=f"“{w}” Varga said.", published=T0 + timedelta(hours=h), source=f"Outlet {n}")
        for n, (w, h) in enumerate([(PLEDGE, 0), (REWORDED, 30), (OTHER, 2)])
    ]
    await store.save_extractions([(aid, extraction(w)) for aid, w in zip(ids, (PLEDGE, REWORDED, OTHER), strict=True)])
    found = await store.whosaid("Varga")
    assert await statement_rows(store) == 2
    assert sorted(shown(found)) == sorted([(REWORDED, 2), (OTHER, 1)])
    assert next(q for q in found.quotes if q.text == REWORDED).published == T0 + timedelta(hours=30)


async def test_a_batch_naming_a_missing_article_saves_none_of_it(store: Store) -> None:
    aid = await add(store, 50, text="Varga spoke.", published=T0)
    with pytest.raises(KeyError):
        await store.save_extractions([(aid, extraction(PLEDGE)), (aid + 999, extraction(OTHER))])
    assert await statement_rows(store) == 0 and (await store.whosaid("Varga")).total == 0


async def test_the_migration_groups_quotes_stored_before_it(backend: storage_fixtures.Backend) -> None:
    engine = backend.engine()

    def back_to_0006(connection: Connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0006")

    try:
        await migrate(engine)
        target = Store(engine)
        await seeded(target)
        before = await target.whosaid("Varga")
        async with engine.begin() as conn:
            await conn.run_sync(back_to_0006)
        await migrate(engine)
        after = await target.whosaid("Varga")
        assert after.total == before.total == 2
        assert shown(after) == shown(before) == [(REWORDED, 3), (OTHER, 1)]
        assert [q.text for q in (await target.whosaid("Varga", about="ferry")).quotes] == [OTHER]
        aid = await add(target, 30, text="Varga again.", published=T0 + timedelta(days=40))
        await target.save_extraction(aid, extraction("A new statement made after the migration about the harbor"))
        assert (await target.whosaid("Varga")).total == 3  # new statements get ids after the migrated ones
    finally:
        await engine.dispose()


async def test_a_long_record_is_counted_whole_and_every_page_reached(store: Store) -> None:
    said = [f"The county opened shelter number {n} on the east side of the river this week" for n in range(520)]
    aid = await add(store, 1, text="Varga listed the shelters.", published=T0)
    await store.save_extraction(aid, extraction(*said))
    first = await store.whosaid("Varga", limit=5)
    assert first.total == 520 and first.has_more
    answer = rs.WhoSaidAnswer("Varga", first.person, first.quotes, total=first.total, limit=5)
    assert answer.counted() == "5 of 520 statements, newest first"
    last = await store.whosaid("Varga", limit=5, page=104)
    assert len(last.quotes) == 5 and last.total == 520 and not last.has_more
    past = await store.whosaid("Varga", limit=5, page=105)
    assert past.quotes == [] and past.total == 520
    about = await store.whosaid("Varga", limit=50, about="shelter")
    assert about.total == 520 and len(about.quotes) == 50


def people_of(*names: tuple[str, str | None]) -> Extraction:
    """An extraction naming ``names`` (name, title), each quoted once."""
    return Extraction(
        relevant=True,
        relevance=0.9,
        officials=[Official(n, t) for n, t in names if t],
        people=[Official(n, None) for n, t in names if not t],
        quotes=[Quote(f"{n} spoke about the winter shelters at length on Tuesday evening", n, "direct", cue="said")
                for n, _ in names],
    )


# The same people article after article, as a wire story reprinted: a bare surname first, then the full name
# (the person is renamed), a namesake with another given name, a title changing hands.
CHUNK = [
    people_of(("Varga", None)),
    people_of(("Ines Varga", "county executive"), ("Tomas Brell", None)),
    people_of(("Ilse Varga", "harbor pilot"), ("Brell", None)),
    people_of(("Varga", None), ("Ines Varga", "former county executive")),
]


async def people_rows(target: Store) -> list[tuple[object, ...]]:
    async with target.engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT canonical_name, surname_key, title, aliases FROM people ORDER BY canonical_name")
        )
        # SQLite gives the JSON column as text, PostgreSQL as a list
        return [(*r[:3], json.loads(r[3]) if isinstance(r[3], str) else r[3]) for r in rows]


async def test_people_of_a_chunk_saved_at_once_are_those_of_its_articles_saved_one_by_one(
    store: Store, backend: storage_fixtures.Backend, tmp_path: Path
) -> None:
    """Within one transaction the people of each surname are read once and kept in step as people are created
    and renamed: the outcome is the one of a transaction per article."""
    one_by_one = Store(storage_fixtures.Backend("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'one.db'}").engine())
    await migrate(one_by_one.engine)
    try:
        for n, ex in enumerate(CHUNK):
            await one_by_one.save_extraction(await add(one_by_one, n, published=T0 + timedelta(hours=n)), ex)
        ids = [await add(store, n, published=T0 + timedelta(hours=n)) for n in range(len(CHUNK))]
        await store.save_extractions(list(zip(ids, CHUNK, strict=True)))
        expected = await people_rows(one_by_one)
        assert await people_rows(store) == expected
        assert [r[0] for r in expected] == ["Ilse Varga", "Ines Varga", "Tomas Brell"]
        assert (await store.whosaid("Ines Varga")).total == 1  # one statement, said in three articles
    finally:
        await one_by_one.close()
