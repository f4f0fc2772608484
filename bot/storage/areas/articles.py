"""Articles: storing each report once (by feed GUID, canonical URL or content hash), leasing those waiting
for extraction, and saving what the extractor found. Who the people in it are is the people registry's
call (``bot.people.registry.identify``); this module writes the records."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.infra.clock import utcnow
from bot.infra.log import get_logger
from bot.models import Extraction, FeedItem, Quote
from bot.people.registry import ArticlePeople, identify, people_once
from bot.storage.database import Database, lease_free
from bot.storage.people import SessionDirectory, lock_people
from bot.storage.placing import place_quotes, refresh_statements
from bot.storage.rows import StoredArticle
from bot.storage.tables import Article, Base, FigureRecord, MentionRecord, QuoteRecord

log = get_logger(__name__)


def quote_hash(quote: str) -> str:
    """A quote's identity within an article: the same words, whatever their case and spacing."""
    return hashlib.sha1(" ".join(quote.casefold().split()).encode()).hexdigest()


def duplicate_of(
    feed_id: int | None, guid: str | None, canonical_url: str | None, content_hash: str | None
) -> Select[int] | None:
    """The stored article an item would duplicate, by (feed, GUID), canonical URL or content hash."""
    conds: list[ColumnElement[bool]] = []
    if feed_id is not None and guid:
        conds.append(and_(Article.feed_id == feed_id, Article.guid == guid))
    if canonical_url:
        conds.append(Article.canonical_url == canonical_url)
    if content_hash:
        conds.append(Article.content_hash == content_hash)
    return select(Article.id).where(or_(*conds)).limit(1) if conds else None


def distinct_quotes(quotes: Sequence[Quote]) -> list[tuple[Quote, str]]:
    """The quotes worth keeping, each with its hash: not blank, and each text once."""
    kept: dict[str, Quote] = {}
    for q in quotes:
        digest = quote_hash(q.text)
        if q.text.strip() and digest not in kept:
            kept[digest] = q
    return [(q, digest) for digest, q in kept.items()]


class Articles:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def known_items(
        self, feed_id: int | None, guids: Sequence[str], canonical_urls: Sequence[str]
    ) -> tuple[set[str], set[str]]:
        """Of those given, the GUIDs (of ``feed_id``'s articles) and canonical URLs (of any article) already
        stored, in one query: the poller skips those items before fetching their pages again. Keep each list
        to a few hundred (one IN (…) list each)."""
        conds: list[ColumnElement[bool]] = []
        if feed_id is not None and guids:
            conds.append(and_(Article.feed_id == feed_id, Article.guid.in_(set(guids))))
        if canonical_urls:
            conds.append(Article.canonical_url.in_(set(canonical_urls)))
        if not conds:
            return set(), set()
        async with self.db.connect() as conn:  # a plain connection: no ORM session for three columns
            rows = (
                await conn.execute(select(Article.feed_id, Article.guid, Article.canonical_url).where(or_(*conds)))
            ).all()
        wanted_urls = set(canonical_urls)
        return (
            {g for f, g, _ in rows if g is not None and f == feed_id and feed_id is not None},
            {u for _, _, u in rows if u is not None and u in wanted_urls},
        )

    async def add_article(
        self,
        item: FeedItem,
        *,
        feed_id: int | None,
        text: str,
        canonical_url: str | None,
        content_hash: str | None,
        announce: bool,
        now: datetime | None = None,
    ) -> int | None:
        """Store a new article and return its id; None when it duplicates one by (feed, guid), canonical
        URL or content hash. An item without a date is dated when first seen."""
        now = now or utcnow()
        dup = duplicate_of(feed_id, item.guid, canonical_url or None, content_hash or None)
        article = Article(
            feed_id=feed_id,
            guid=item.guid,
            url=item.url,
            canonical_url=canonical_url or None,
            content_hash=content_hash or None,
            title=item.title or "",
            published=item.published or now,
            source=item.source,
            text=text,
            summary=item.summary or "",
            announce=announce,
            created_at=now,
        )
        try:
            async with self.db.write() as s:
                if dup is not None and await s.scalar(dup) is not None:
                    return None
                s.add(article)
        except IntegrityError:
            # Lost a race to a concurrent insert of the same article, or a genuine error: tell them apart.
            async with self.db.read() as s:
                if dup is not None and await s.scalar(dup) is not None:
                    return None
            raise
        return article.id

    async def lease_pending(
        self, owner: str, limit: int, lease_seconds: float, now: datetime | None = None
    ) -> list[StoredArticle]:
        """Take up to ``limit`` articles waiting for extraction that no worker holds, oldest first, for
        ``owner`` until ``now + lease_seconds``. Saving the result (or the error) releases an article."""
        now = now or utcnow()
        wanted = [Article.extracted_at.is_(None), lease_free(Article, now)]
        leased: list[Article] = await self.db.lease_rows(
            Article, wanted, (Article.id,), limit, owner, now + timedelta(seconds=lease_seconds)
        )
        taken = sorted(leased, key=lambda a: a.id)
        return [
            StoredArticle(
                id=a.id,
                feed_id=a.feed_id,
                guid=a.guid,
                url=a.url,
                canonical_url=a.canonical_url,
                title=a.title,
                published=a.published,
                source=a.source,
                text=a.text,
            )
            for a in taken
        ]

    async def save_extraction_error(self, article_id: int, error: str, now: datetime | None = None) -> None:
        """Mark an article as failed, so it leaves the pending queue with the reason kept."""
        async with self.db.write() as s:
            await s.execute(
                update(Article)
                .where(Article.id == article_id)
                .values(
                    extraction_error=error[:2000],
                    extracted_at=now or utcnow(),
                    extractions=Article.extractions + 1,
                    lease_owner=None,
                    lease_until=None,
                )
            )

    async def save_extraction(self, article_id: int, ex: Extraction, now: datetime | None = None) -> None:
        """Store what the extractor found in one article, replacing any earlier result for it."""
        await self.save_extractions([(article_id, ex)], now)

    async def save_extractions(self, results: Sequence[tuple[int, Extraction]], now: datetime | None = None) -> None:
        """Store the extractions of several articles in one transaction (a bulk import saves a chunk per
        commit): all of them or, on an error, none. Each replaces any earlier result for its article."""
        if not results:
            return
        async with self.db.write() as s:
            await lock_people(s, self.db.dialect)
            wanted = {article_id for article_id, _ in results}
            articles = {a.id: a for a in await s.scalars(select(Article).where(Article.id.in_(wanted)))}
            for article_id, ex in results:
                if (article := articles.get(article_id)) is None:
                    raise KeyError(f"no article {article_id}")
                await _save_one(s, article, ex, now or utcnow())

    async def save_frames(self, frames: Mapping[int, dict[str, Any]]) -> int:
        """Store event frames read after extraction (articles extracted before frames were stored) where the
        article still has none; returns how many were stored. An extraction's own frame is never replaced."""
        stored = 0
        if not frames:
            return 0
        async with self.db.write() as s:
            for article_id, frame in frames.items():
                result = await s.execute(
                    update(Article)
                    .where(Article.id == article_id, Article.event_frame.is_(None))
                    .values(event_frame=frame)
                )
                stored += result.rowcount or 0  # type: ignore[attr-defined]
        return stored


async def _save_one(s: AsyncSession, article: Article, ex: Extraction, now: datetime) -> None:
    touched = await _clear_earlier(s, article)
    _mark_extracted(article, ex, now)
    quotes = distinct_quotes(ex.quotes)
    people = await identify(
        people_once((*ex.officials, *ex.people)), [q for q, _ in quotes], SessionDirectory(s, article.published)
    )
    touched |= await _add_quotes(s, article, quotes, people)
    await _add_records(s, article, ex, people)
    await refresh_statements(s, touched)
    log.debug("store.extraction_saved", article_id=article.id, quotes=len(quotes), people=len(people.named))


async def _clear_earlier(s: AsyncSession, article: Article) -> set[int]:
    """Delete the records of an earlier extraction of ``article``; returns the statements that lose a quote.
    An article never saved before has none: its four queries are skipped (most of a bulk import)."""
    if not article.extractions:
        return set()
    touched = {
        sid
        for sid in await s.scalars(select(QuoteRecord.statement_id).where(QuoteRecord.article_id == article.id))
        if sid is not None
    }
    for table in (QuoteRecord, FigureRecord, MentionRecord):
        await s.execute(delete(table).where(table.article_id == article.id))
    return touched


def _mark_extracted(article: Article, ex: Extraction, now: datetime) -> None:
    """The article's own fields after extraction: relevance, summary, and out of the pending queue."""
    article.relevant, article.relevance = ex.relevant, ex.relevance
    article.summary = ex.summary or article.summary
    article.event_frame = ex.frame  # in the same transaction: an extracted article always has its frame
    article.extracted_at, article.extraction_error = now, None
    article.extractions = Article.extractions + 1  # counted in SQL
    article.lease_owner, article.lease_until = None, None


async def _add_quotes(
    s: AsyncSession, article: Article, quotes: list[tuple[Quote, str]], people: ArticlePeople
) -> set[int]:
    """The quote rows of one extraction, dated as the article, each placed in its speaker's statement, in
    one insert; returns the statements to refresh (``placing.place_quotes``)."""
    when = article.published
    said = [(pid, q.text) if pid is not None else None for (q, _), pid in zip(quotes, people.speakers, strict=True)]
    statement_ids, touched = await place_quotes(s, said, when)
    rows = [
        {
            "article_id": article.id, "person_id": pid, "speaker_text": q.speaker or None, "text": q.text,
            "text_hash": digest, "kind": q.kind, "cue": q.cue, "paragraph": q.paragraph, "published": when,
            "statement_id": sid,
        }
        for (q, digest), pid, sid in zip(quotes, people.speakers, statement_ids, strict=True)
    ]
    await _insert(s, QuoteRecord, rows)
    return touched


async def _add_records(s: AsyncSession, article: Article, ex: Extraction, people: ArticlePeople) -> None:
    """The figure and mention rows of one extraction, dated as the article, one insert each."""
    figures = [
        {
            "article_id": article.id, "text": f.text[:200], "value": f.value, "unit": f.unit, "counts": f.counts,
            "sentence": f.sentence, "qualifier": f.qualifier,
        }
        for f in ex.figures
    ]
    mentions = [
        {
            "person_id": person_id, "article_id": article.id, "title_at_time": title, "official": official,
            "published": article.published,
        }
        for person_id, (title, official) in people.named.items()
    ]
    await _insert(s, FigureRecord, figures)
    await _insert(s, MentionRecord, mentions)


async def _insert(s: AsyncSession, table: type[Base], rows: list[dict[str, Any]]) -> None:
    """Rows in one executemany; NULLs written out so rows with and without a value go in one batch."""
    if rows:
        await s.execute(insert(table).execution_options(render_nulls=True), rows)
