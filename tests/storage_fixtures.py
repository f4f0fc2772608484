"""Store fixtures over both backends: SQLite in a temporary file, and PostgreSQL in a throwaway schema
when NEWSBOT_TEST_POSTGRES_URL is set (skipped otherwise). tests/conftest.py registers this module as a plugin,
so every test module can ask for ``backend`` and ``store``; import only the helpers (``add``, ``seed_extraction``, ``query_plans``).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.models import Extraction, FeedItem, Figure, Official, Quote
from bot.storage import Store, make_engine, migrate
from bot.storage.db import install_extensions

PG_ENV = "NEWSBOT_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass
class Backend:
    name: str
    url: str
    schema: str | None = None

    def engine(self) -> AsyncEngine:
        """An engine on this backend's database (on PostgreSQL, inside the test's own schema)."""
        engine = make_engine(self.url)
        if self.schema:
            schema = self.schema

            @event.listens_for(engine.sync_engine, "connect")
            def _search_path(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.run_async(lambda c: c.execute(f'SET search_path TO "{schema}", public'))

        return engine


async def _pg_admin(url: str, sql: str) -> None:
    admin = create_async_engine(url)
    try:
        async with admin.begin() as conn:
            await conn.execute(text(sql))
    finally:
        await admin.dispose()


@pytest.fixture(params=BACKENDS)
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'newsbot.db'}")
        return
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"set {PG_ENV} to run the PostgreSQL variant")
    schema = f"newsbot_test_{uuid.uuid4().hex[:12]}"
    await install_extensions(url)  # in public, which outlives the test's schema
    await _pg_admin(url, f'CREATE SCHEMA "{schema}"')
    try:
        yield Backend("postgres", url, schema)
    finally:
        await _pg_admin(url, f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to the head, once per session: each SQLite store starts as a copy of it
    (0.02 s instead of 0.4 s of running every migration). The migrations themselves are tested on fresh
    files in test_schema.py and on each test's ``backend`` where a test asks for it."""
    path = tmp_path_factory.mktemp("migrated") / "head.db"

    async def build() -> None:
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await migrate(engine)
        finally:
            await engine.dispose()  # the last connection's close folds the WAL into the file

    asyncio.run(build())
    return path


@pytest.fixture
async def store(backend: Backend, migrated_sqlite: Path) -> AsyncIterator[Store]:
    if backend.name == "sqlite" and not (file := Path(make_url(backend.url).database or "")).exists():
        shutil.copyfile(migrated_sqlite, file)
    engine = backend.engine()
    await migrate(engine)  # a no-op on the copy; the whole chain on PostgreSQL
    st = Store(engine)
    try:
        yield st
    finally:
        await st.close()


@pytest.fixture
def sqlite_path(tmp_path: Path, migrated_sqlite: Path) -> Path:
    """A SQLite file at the head of the migrations (a copy), for scenarios that also open it by address
    (a worker's or a command's settings)."""
    path = tmp_path / "newsbot.db"
    shutil.copyfile(migrated_sqlite, path)
    return path


@pytest.fixture
async def sqlite_store(sqlite_path: Path) -> AsyncIterator[Store]:
    """A store on SQLite alone (``sqlite_path``), for scenarios whose subject is not the database: a module
    takes it as its ``store`` with ``store = storage_fixtures.sqlite_store``."""
    st = await Store.open(f"sqlite+aiosqlite:///{sqlite_path}")
    try:
        yield st
    finally:
        await st.close()


# --- test data (our own wording) ------------------------------------------------------------------

T0 = datetime(2024, 12, 12, 15, 0, tzinfo=UTC)


def item(
    n: int,
    *,
    guid: str | None = None,
    url: str | None = None,
    published: datetime | None = T0,
    title: str | None = None,
    source: str = "Example News",
) -> FeedItem:
    return FeedItem(
        feed_url="https://news.example/feed.xml",
        guid=guid if guid is not None else f"guid-{n}",
        url=url if url is not None else f"https://news.example/a/{n}",
        title=title or f"Story number {n}",
        summary=f"Feed summary {n}",
        published=published,
        source=source,
    )


async def add(
    store: Store, n: int, *, feed_id: int | None = None, text: str | None = None, announce: bool = True, **kw: Any
) -> int:
    it = item(n, **kw)
    body = text if text is not None else f"Body text of story {n}."
    article_id = await store.add_article(
        it,
        feed_id=feed_id,
        text=body,
        canonical_url=it.url or "",
        content_hash=f"hash-{n}-{hash(body)}",
        announce=announce,
    )
    assert article_id is not None
    return article_id


def seed_extraction() -> Extraction:
    """A meeting between a mayor and the border czar, as our extractor would report it."""
    return Extraction(
        relevant=True,
        relevance=0.93,
        summary="The mayor and the incoming border czar met about deporting violent offenders.",
        officials=[
            Official("Eric Adams", "New York City Mayor", aliases=["Adams"], mentions=6),
            Official("Tom Homan", "incoming border czar", aliases=["Homan"], mentions=4),
            Official("Trump", "President-elect"),
            Official("Murad Awawdeh", "president of an immigrant advocacy coalition"),
        ],
        people=[Official("Adam Shaw", None, is_official=False)],
        quotes=[
            Quote(
                "Our city will not shelter people who keep committing violent crimes.",
                "Eric Adams",
                "direct",
                cue="said",
                paragraph=2,
            ),
            Quote(
                "local leaders should either work with federal immigration agents or get out of their way",
                "Homan",
                "indirect",
                cue="warned",
                paragraph=5,
            ),
            Quote(
                "It is shameful to see the mayor working hand in hand with the border czar.",
                "Murad Awawdeh",
                "direct",
                cue="said",
                paragraph=9,
            ),
            Quote(
                "the city has 170 offences it can share with federal agents",
                "Adams",
                "indirect",
                cue="said",
                paragraph=11,
            ),
            Quote(
                "The coalition will keep fighting for every family.",
                "New York Immigration Coalition",
                "direct",
                cue="said",
                speaker_is_org=True,
                paragraph=12,
            ),
        ],
        figures=[
            Figure(
                "225,000",
                225000,
                "migrants arrived in New York since 2022",
                unit="people",
                sentence="More than 225,000 migrants have come to the city since 2022.",
                qualifier="more than",
            ),
            Figure(
                "25",
                25,
                "shelters closing in the coming months",
                unit="shelters",
                sentence="Twenty-five shelters will close soon.",
            ),
        ],
    )


async def query_plans(store: Store, run: Callable[[Store], Awaitable[Any]]) -> list[str]:
    """The plan of every SELECT and UPDATE that ``run`` sends, in order (SQLite's EXPLAIN QUERY PLAN, or
    PostgreSQL's EXPLAIN with sequential scans discouraged so that a missing index shows)."""
    sent: list[tuple[str, Any]] = []

    def record(_c: object, _cur: object, statement: str, parameters: Any, *_: object) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "UPDATE")):
            sent.append((statement, parameters))

    event.listen(store.engine.sync_engine, "before_cursor_execute", record)
    try:
        await run(store)
    finally:
        event.remove(store.engine.sync_engine, "before_cursor_execute", record)
    plans = []
    for statement, parameters in sent:
        async with store.engine.connect() as conn:
            if store.engine.dialect.name == "sqlite":
                rows = await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
                plans.append(" | ".join(r[3] for r in rows))
            else:
                await conn.exec_driver_sql("SET enable_seqscan = off")
                rows = await conn.exec_driver_sql(f"EXPLAIN {statement}", parameters)
                plans.append(" | ".join(r[0].strip() for r in rows))
    return plans
