"""The person page's queries: a person's summary is reused only while nothing new is stored, and the word
filter tests the candidate statements' articles through what the database keeps for search (the stored
vector on PostgreSQL, the FTS5 index on SQLite), never by reading their text again."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, update

from bot.models import Extraction, FeedItem, Official, Quote
from bot.storage import record
from bot.storage.repo import Store
from bot.storage.tables import MentionRecord
from tests.pages_fixtures import NOW, WORD, seed_record
from tests.storage_fixtures import backend, store  # noqa: F401  (fixtures)


async def _quoted_at_a_new_outlet(st: Store) -> None:
    item = FeedItem(
        feed_url="https://estuary.example/feed",
        guid="estuary-1",
        url="https://estuary.example/a/1",
        title="Ferry fares frozen",
        summary="",
        published=NOW,
        source="Estuary Post",
    )
    article_id = await st.add_article(
        item, feed_id=None, text="Fares stay.", canonical_url=item.url, content_hash="estuary-1", announce=True, now=NOW
    )
    assert article_id is not None
    quote = Quote("Fares will not rise this season.", "Ada Quill", "direct", cue="said", paragraph=1)
    extraction = Extraction(
        relevant=True, relevance=0.9, summary="", officials=[Official("Ada Quill", "Port Authority chair")], quotes=[quote]
    )
    await st.save_extraction(article_id, extraction, now=NOW)


async def test_a_cached_summary_serves_until_something_is_stored(store: Store) -> None:  # noqa: F811
    seeded = await seed_record(store)
    cache = record.SummaryCache()
    first = await record.person_record(store.engine, seeded.person_id, NOW, cache)
    assert first is not None and first.titles and first.outlets
    async with store.engine.begin() as conn:  # a change that adds no row
        await conn.execute(
            update(MentionRecord).where(MentionRecord.person_id == seeded.person_id).values(title_at_time="Ferry czar")
        )
    cached = await record.person_record(store.engine, seeded.person_id, NOW, cache)
    uncached = await record.person_record(store.engine, seeded.person_id, NOW)
    expired = await record.person_record(store.engine, seeded.person_id, NOW, record.SummaryCache(ttl=-1.0))
    assert cached is not None and uncached is not None and expired is not None
    assert cached.titles == first.titles
    assert [t.title for t in uncached.titles] == [t.title for t in expired.titles] == ["Ferry czar"]

    await _quoted_at_a_new_outlet(store)
    after = await record.person_record(store.engine, seeded.person_id, NOW, cache)
    assert after is not None
    assert "Estuary Post" in [source for source, _ in after.outlets]
    assert "Ferry czar" in [t.title for t in after.titles]


async def test_the_word_filter_uses_the_search_index_not_the_article_text(store: Store) -> None:  # noqa: F811
    seeded = await seed_record(store)
    sent: list[tuple[str, Any]] = []

    def keep(_c: object, _cur: object, statement: str, parameters: Any, *_: object) -> None:
        sent.append((statement, parameters))

    event.listen(store.engine.sync_engine, "before_cursor_execute", keep)
    try:
        page = await record.statements(store.engine, seeded.person_id, record.StatementFilter(words=WORD), per_page=100)
    finally:
        event.remove(store.engine.sync_engine, "before_cursor_execute", keep)
    assert page.total == seeded.with_word and not page.windowed
    listing, parameters = sent[0]
    async with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            plan = " | ".join(r[3] for r in await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {listing}", parameters))
            assert "articles_fts VIRTUAL TABLE INDEX" in plan, plan
        else:
            plan = " | ".join(r[0] for r in await conn.exec_driver_sql(f"EXPLAIN {listing}", parameters))
            assert "search_vector @@" in plan and "to_tsvector" not in plan, plan
