"""Articles: storing each report once (by feed GUID, canonical URL or content hash), leasing those waiting
for extraction, and saving what the extractor found. Who the people in it are is the people registry's
call (``bot.people.registry.identify``); this module writes the records."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, ColumnElement, Select, and_, bindparam, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.infra.clock import utcnow
from bot.infra.log import get_logger
from bot.models import Extraction, FeedItem, Quote
from bot.people.registry import ArticlePeople, identify, people_once
from bot.storage.database import Database, lease_free
from bot.storage.people import PeopleBook, lock_people, stored_people
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
        commit): all of them or, on an error, none. Each replaces any earlier result for its article.

        The articles are saved in batches (``_save_batch``) that store what saving them one after the other
        would; a batch ends before an article extracted before (its earlier records go first) or one that
        comes twice in ``results``."""
        if not results:
            return
        now = now or utcnow()
        async with self.db.write_connection() as conn:
            await lock_people(conn, self.db.dialect)
            wanted = {article_id for article_id, _ in results}
            found = await conn.execute(
                select(Article.id, Article.published, Article.summary, Article.extractions).where(Article.id.in_(wanted))
            )
            articles = {row.id: _Stored(*row) for row in found}
            if missing := wanted - articles.keys():
                raise KeyError(f"no article {min(missing)}")
            book = PeopleBook(conn)
            batch: list[_Saving] = []
            for article_id, ex in results:
                article = articles[article_id]
                if batch and (article.extractions or any(b.article is article for b in batch)):
                    await _save_batch(conn, book, batch, now)
                    batch = []
                batch.append(_Saving(article, ex, article.extractions, distinct_quotes(ex.quotes)))
            await _save_batch(conn, book, batch, now)

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


@dataclass(slots=True)
class _Stored:
    """What saving an extraction reads of its article, kept in step as the transaction saves it."""

    id: int
    published: datetime
    summary: str
    extractions: int


@dataclass(slots=True)
class _Saving:
    """One article's extraction on its way in: its distinct quotes and, once identified, its people."""

    article: _Stored
    ex: Extraction
    earlier: int  # extractions saved before this one: the records of the last are replaced
    quotes: list[tuple[Quote, str]]
    people: ArticlePeople = field(default_factory=lambda: ArticlePeople({}, []))


async def _save_batch(conn: AsyncConnection, book: PeopleBook, batch: list[_Saving], now: datetime) -> None:
    """Save articles as one after the other would: each one's people are identified in turn (in memory,
    ``PeopleBook``) and written together; each one's quotes are placed in their statements in turn (placing
    reads what the ones before placed, ``_Placed``); the figures, mentions and articles' own fields go in one
    statement each. Only the batch's first article may have been extracted before (``save_extractions``)."""
    if not batch:
        return
    await book.preload(_names(batch))
    for b in batch:
        people = people_once((*b.ex.officials, *b.ex.people))
        b.people = await identify(people, [q for q, _ in b.quotes], book.directory(b.article.published))
    written = await book.write()
    placed = _Placed()
    for b in batch:
        b.people = stored_people(b.people, written)
        cleared = await _clear_earlier(conn, b)
        await _add_quotes(conn, b, placed)
        if cleared:  # (the batch's first article) its statements that lost a quote are refreshed with it
            placed.touched |= cleared
            await placed.write(conn)
    await placed.write(conn)
    await _add_records(conn, batch)
    await _mark_extracted(conn, batch, now)
    for b in batch:
        log.debug("store.extraction_saved", article_id=b.article.id, quotes=len(b.quotes), people=len(b.people.named))


def _names(batch: Sequence[_Saving]) -> list[str]:
    """Every name the batch's articles give people and speakers: their stored namesakes are read at once."""
    names: list[str] = []
    for b in batch:
        for o in (*b.ex.officials, *b.ex.people):
            names += (o.name, *o.aliases)
        names += (q.speaker for q, _ in b.quotes if q.speaker)
    return names


async def _clear_earlier(conn: AsyncConnection, b: _Saving) -> set[int]:
    """Delete the records of an earlier extraction of the article; returns the statements that lose a quote.
    An article never saved before has none: its four queries are skipped (most of a bulk import)."""
    if not b.earlier:
        return set()
    article_id = b.article.id
    touched = {
        sid
        for (sid,) in await conn.execute(select(QuoteRecord.statement_id).where(QuoteRecord.article_id == article_id))
        if sid is not None
    }
    for table in (QuoteRecord, FigureRecord, MentionRecord):
        await conn.execute(delete(table).where(table.article_id == article_id))
    return touched


_EXTRACTED = (
    update(Article)
    .where(Article.id == bindparam("b_id"))
    .values(
        relevant=bindparam("b_relevant"), relevance=bindparam("b_relevance"),
        # in the same transaction: an extracted article always has its frame (None stays SQL NULL)
        event_frame=bindparam("b_frame", type_=JSON(none_as_null=True)),
        extracted_at=bindparam("b_now"), extraction_error=None, extractions=Article.extractions + 1,
        lease_owner=None, lease_until=None,
    )
)
# the summary only where it changes: the full-text index re-indexes an article whose summary is written
_EXTRACTED_SUMMARY = _EXTRACTED.values(summary=bindparam("b_summary"))


async def _mark_extracted(conn: AsyncConnection, batch: Sequence[_Saving], now: datetime) -> None:
    """The articles' own fields after extraction: relevance, summary, frame, and out of the pending queue;
    one UPDATE for those whose summary changes, one for the others."""
    same: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    for b in batch:
        a, ex = b.article, b.ex
        values = {"b_id": a.id, "b_relevant": ex.relevant, "b_relevance": ex.relevance, "b_frame": ex.frame, "b_now": now}
        summary = ex.summary or a.summary
        if summary == a.summary:
            same.append(values)
        else:
            new.append({**values, "b_summary": summary})
        a.summary, a.extractions = summary, a.extractions + 1
    for stmt, rows in ((_EXTRACTED, same), (_EXTRACTED_SUMMARY, new)):
        if rows:
            await conn.execute(stmt, rows)


@dataclass(slots=True)
class _Placed:
    """Quotes placed in their statements and not written yet, and the statements to refresh once they are
    (``refresh_statements``). Placing an article's quotes reads only the statements of the people it quotes,
    so both wait while the next articles quote other people: a chunk writes its quotes and refreshes its
    statements in a few statements, and each article still reads what saving the ones before it wrote."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)
    people: set[int] = field(default_factory=set)  # whose statements are in ``touched``

    async def write(self, conn: AsyncConnection) -> None:
        await _insert(conn, QuoteRecord, self.rows)
        await refresh_statements(conn, self.touched)
        self.rows, self.touched, self.people = [], set(), set()


async def _add_quotes(conn: AsyncConnection, b: _Saving, placed: _Placed) -> None:
    """The quote rows of one extraction, dated as the article, each placed in its speaker's statement
    (``placing.place_quotes``), added to ``placed``: written first when it holds statements of a speaker here."""
    when, speakers = b.article.published, b.people.speakers
    if placed.people.intersection(speakers):
        await placed.write(conn)
    said = [(pid, q.text) if pid is not None else None for (q, _), pid in zip(b.quotes, speakers, strict=True)]
    statement_ids, touched = await place_quotes(conn, said, when)
    placed.rows += [
        {
            "article_id": b.article.id, "person_id": pid, "speaker_text": q.speaker or None, "text": q.text,
            "text_hash": digest, "kind": q.kind, "cue": q.cue, "paragraph": q.paragraph, "published": when,
            "statement_id": sid,
        }
        for (q, digest), pid, sid in zip(b.quotes, speakers, statement_ids, strict=True)
    ]
    placed.touched |= touched
    placed.people.update(pid for pid, sid in zip(speakers, statement_ids, strict=True) if pid is not None and sid in touched)


async def _add_records(conn: AsyncConnection, batch: Sequence[_Saving]) -> None:
    """The figure and mention rows of the batch's extractions, each dated as its article, one insert each."""
    figures = [
        {
            "article_id": b.article.id, "text": f.text[:200], "value": f.value, "unit": f.unit, "counts": f.counts,
            "sentence": f.sentence, "qualifier": f.qualifier,
        }
        for b in batch
        for f in b.ex.figures
    ]
    mentions = [
        {
            "person_id": person_id, "article_id": b.article.id, "title_at_time": title, "official": official,
            "published": b.article.published,
        }
        for b in batch
        for person_id, (title, official) in b.people.named.items()
    ]
    await _insert(conn, FigureRecord, figures)
    await _insert(conn, MentionRecord, mentions)


async def _insert(conn: AsyncConnection, table: type[Base], rows: list[dict[str, Any]]) -> None:
    """Rows in one executemany (every row has every key)."""
    if rows:
        await conn.execute(insert(table), rows)
