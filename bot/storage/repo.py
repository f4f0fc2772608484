"""``Store``: every read and write newsbot makes, over one AsyncEngine, returning plain rows.

Writes that must not double up (articles, stories, posts) rely on unique constraints and treat a
conflict as "someone else got there first". Work that several workers share (polling feeds, extracting
articles, a channel's due digest) is leased: a worker takes rows with ``SELECT … FOR UPDATE SKIP LOCKED``
(on PostgreSQL; SQLite has one writer) and stamps them with its id and an expiry, so each row has one
worker at a time, and the rows of a worker that died go to another once its lease has run out. On
SQLite, writes from this process also queue on an asyncio lock: SQLite has one writer anyway, and
waiting here beats spinning on SQLITE_BUSY.
People are resolved under a PostgreSQL advisory lock so two workers cannot create the same person.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, cast

from sqlalchemy import ColumnElement, CursorResult, Select, and_, case, delete, func, or_, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.infra.clock import utcnow
from bot.infra.log import get_logger
from bot.models import Extraction, FeedItem, Official
from bot.people.registry import (
    KnownPerson,
    Mention,
    SearchResult,
    looks_like_name,
    normalise,
    parse_name,
    resolve,
    search,
)
from bot.storage import db
from bot.storage import search as search_index
from bot.storage.people import resolve_person, to_known
from bot.storage.rows import (
    AlertBudget,
    ArticleRow,
    BudgetSpent,
    ChannelRow,
    FeedRow,
    FigureRow,
    OfficialRow,
    PersonMatch,
    PersonRow,
    PostRow,
    QuoteRow,
    StoredArticle,
    StoryRow,
    WatchRow,
    WhoSaidResult,
)
from bot.storage.tables import (
    Article,
    Channel,
    Feed,
    FigureRecord,
    MentionRecord,
    NamedLease,
    Person,
    Post,
    PostArticle,
    QuoteRecord,
    Story,
    StoryArticle,
    Watch,
)
from config.settings import FeedConfig

log = get_logger(__name__)

_KNOWN_COLS = (Person.id, Person.canonical_name, Person.title, Person.aliases, Person.context)
MENTIONS_COUNTED = 1000  # enough to rank namesakes by; counting further would scan a celebrity's every mention
_PEOPLE_LOCK = 0x6E657773  # pg_advisory_xact_lock key serialising person creation across workers


def quote_hash(quote: str) -> str:
    return hashlib.sha1(" ".join(quote.casefold().split()).encode()).hexdigest()


def _words_in(query: str | None, *columns: Any) -> list[ColumnElement[bool]]:
    """Each word of ``query`` must appear (case-insensitively) in one of ``columns``."""
    return [or_(*(c.icontains(w, autoescape=True) for c in columns)) for w in (query or "").split()]


def _lease_free(model: type[Feed] | type[Article], now: datetime) -> ColumnElement[bool]:
    return or_(model.lease_until.is_(None), model.lease_until < now)


def _feed_row(f: Feed) -> FeedRow:
    return FeedRow(
        id=f.id, url=f.url, name=f.name, title=f.title, etag=f.etag, last_modified=f.last_modified,
        interval=f.interval, next_poll_at=f.next_poll_at, failures=f.failures, last_error=f.last_error,
        last_error_kind=f.last_error_kind, last_success_at=f.last_success_at, last_polled_at=f.last_polled_at,
        enabled=f.enabled, created_at=f.created_at,
    )


def _article_row(a: Article) -> ArticleRow:
    return ArticleRow(
        id=a.id, feed_id=a.feed_id, title=a.title, url=a.canonical_url or a.url, source=a.source,
        published=a.published, summary=a.summary, relevance=a.relevance, relevant=a.relevant, announce=a.announce,
        stored_at=a.created_at,
    )


def _quote_row(q: QuoteRecord, a: Article, speaker: str | None) -> QuoteRow:
    return QuoteRow(
        text=q.text, kind=q.kind, cue=q.cue, speaker=speaker or q.speaker_text, person_id=q.person_id,
        published=q.published, article_id=a.id, article_title=a.title, url=a.canonical_url or a.url,
        source=a.source,
    )


def _figure_row(f: FigureRecord, a: Article) -> FigureRow:
    return FigureRow(
        text=f.text, value=f.value, unit=f.unit, counts=f.counts, qualifier=f.qualifier, sentence=f.sentence,
        article_id=a.id, article_title=a.title, url=a.canonical_url or a.url, source=a.source,
        published=a.published,
    )


def _people_of(ex: Extraction) -> list[Official]:
    """Officials and other people of one extraction, once each (an official's entry wins)."""
    seen: dict[str, Official] = {}
    for o in (*ex.officials, *ex.people):
        seen.setdefault(normalise(o.name), o)
    return list(seen.values())


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._sqlite = db.is_sqlite(engine)
        self._write_lock = asyncio.Lock()
        self._file: db.SqliteFileWatch | None = None  # set by open(): the SQLite file this store writes to

    @classmethod
    async def open(cls, url: str, migrate: bool = True) -> Store:
        engine = db.make_engine(url)
        if migrate:
            await db.migrate(engine)
        store = cls(engine)
        store._file = db.watch_sqlite_file(engine)
        return store

    def database_problem(self) -> db.DatabaseLost | None:
        """Whether the SQLite file was deleted or replaced since it was opened (None: fine, or PostgreSQL)."""
        return self._file.problem() if self._file is not None else None

    async def close(self) -> None:
        await self.engine.dispose()
        if self._file is not None:
            self._file.close()

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncSession]:
        """A session in a transaction, committed on success; SQLite writers take turns. Nothing is written
        into a SQLite file that was deleted or replaced (DatabaseLost): it would be lost without a word."""
        if self._file is not None:
            self._file.check()
        if self._sqlite:
            async with self._write_lock, self._sessions() as s, s.begin():
                yield s
        else:
            async with self._sessions() as s, s.begin():
                yield s

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as s:
            yield s

    def _insert_ignoring_duplicates(self, model: type[Any], rows: list[dict[str, Any]]) -> Any:
        insert = sqlite_insert if self._sqlite else pg_insert
        return insert(model).values(rows).on_conflict_do_nothing()

    # --- feeds -----------------------------------------------------------------------------------

    async def sync_feeds(self, feeds: Sequence[FeedConfig]) -> None:
        """Make the configured feeds exist with their configured name and interval; poll state stays."""
        if not feeds:
            return
        async with self._write() as s:
            # workers starting together insert the same feeds: the first one wins, the others skip
            await s.execute(self._insert_ignoring_duplicates(
                Feed, [{"url": c.url, "name": c.name, "interval": c.interval} for c in feeds]))
            existing = {f.url: f for f in await s.scalars(select(Feed).where(Feed.url.in_([c.url for c in feeds])))}
            for c in feeds:
                f = existing[c.url]
                f.name, f.interval = c.name, c.interval

    async def add_feed(self, url: str, name: str | None = None, interval: int | None = None) -> FeedRow:
        """Add a feed, or update the name/interval of the one already at ``url``."""
        async with self._write() as s:
            f = await s.scalar(select(Feed).where(Feed.url == url))
            if f is None:
                f = Feed(url=url, name=name, interval=interval, failures=0, enabled=True, created_at=utcnow())
                s.add(f)
            else:
                f.name = name if name is not None else f.name
                f.interval = interval if interval is not None else f.interval
            await s.flush()
            return _feed_row(f)

    async def remove_feed(self, feed_id: int) -> bool:
        """Forget a feed; its articles stay (with no feed)."""
        async with self._write() as s:
            result = cast(CursorResult[Any], await s.execute(delete(Feed).where(Feed.id == feed_id)))
            return bool(result.rowcount)

    async def list_feeds(self) -> list[FeedRow]:
        async with self._read() as s:
            return [_feed_row(f) for f in await s.scalars(select(Feed).order_by(Feed.id))]

    async def due_feeds(self, now: datetime, limit: int) -> list[FeedRow]:
        """Enabled feeds whose next poll time has come (never-polled ones first)."""
        stmt = (
            select(Feed)
            .where(Feed.enabled.is_(True), or_(Feed.next_poll_at.is_(None), Feed.next_poll_at <= now))
            .order_by(Feed.next_poll_at.asc().nulls_first(), Feed.id)
            .limit(limit)
        )
        async with self._read() as s:
            return [_feed_row(f) for f in await s.scalars(stmt)]

    async def lease_due_feeds(
        self, owner: str, now: datetime, limit: int, lease_seconds: float, *, force: bool = False
    ) -> list[FeedRow]:
        """Take up to ``limit`` enabled feeds that are due (every feed with ``force``) and that no worker
        holds, for ``owner`` until ``now + lease_seconds``; never-polled ones first. Recording the poll's
        outcome releases a feed."""
        wanted = [Feed.enabled.is_(True), _lease_free(Feed, now)]
        if not force:
            wanted.append(or_(Feed.next_poll_at.is_(None), Feed.next_poll_at <= now))
        order = (Feed.next_poll_at.asc().nulls_first(), Feed.id)
        taken: list[Feed] = await self._lease(Feed, wanted, order, limit, owner, now + timedelta(seconds=lease_seconds))
        taken.sort(key=lambda f: (f.next_poll_at is not None, f.next_poll_at or now, f.id))
        return [_feed_row(f) for f in taken]

    async def _lease(
        self, model: Any, wanted: Sequence[ColumnElement[bool]], order: Sequence[Any], limit: int, owner: str,
        until: datetime,
    ) -> list[Any]:
        """Stamp up to ``limit`` rows of ``model`` matching ``wanted`` (first by ``order``) as ``owner``'s."""
        pick = select(model.id).where(*wanted).order_by(*order).limit(limit)
        async with self._write() as s:
            if self._sqlite:  # one writer: a single statement takes the rows atomically
                chosen = model.id.in_(pick)
            else:
                # Lock the rows first, skipping those other workers are taking. (One UPDATE … WHERE id IN
                # (SELECT … LIMIT n FOR UPDATE SKIP LOCKED) may take more than n rows on PostgreSQL.)
                ids = list(await s.scalars(pick.with_for_update(skip_locked=True)))
                if not ids:
                    return []
                chosen = model.id.in_(ids)
            take = (
                update(model).where(chosen, *wanted).values(lease_owner=owner, lease_until=until)
                .returning(model).execution_options(synchronize_session=False)
            )
            return list(await s.scalars(take))

    async def renew_leases(
        self, kind: Literal["feeds", "articles"], owner: str, ids: Sequence[int], until: datetime
    ) -> None:
        """Extend ``owner``'s leases on feeds or articles (``kind``) it is still working on."""
        model = {"feeds": Feed, "articles": Article}[kind]
        if not ids:
            return
        async with self._write() as s:
            await s.execute(
                update(model).where(model.id.in_(list(ids)), model.lease_owner == owner).values(lease_until=until)
            )

    async def record_feed_success(
        self, feed_id: int, *, etag: str | None, last_modified: str | None, next_poll_at: datetime,
        title: str | None = None, now: datetime,
    ) -> None:
        values: dict[str, Any] = {
            "etag": etag, "last_modified": last_modified, "next_poll_at": next_poll_at, "failures": 0,
            "last_error": None, "last_error_kind": None, "last_success_at": now, "last_polled_at": now,
            "lease_owner": None, "lease_until": None,
        }
        if title:
            values["title"] = title
        async with self._write() as s:
            await s.execute(update(Feed).where(Feed.id == feed_id).values(**values))

    async def record_feed_failure(
        self, feed_id: int, *, error: str, error_kind: str, next_poll_at: datetime, now: datetime
    ) -> None:
        async with self._write() as s:
            await s.execute(
                update(Feed)
                .where(Feed.id == feed_id)
                .values(
                    failures=Feed.failures + 1, last_error=error[:2000], last_error_kind=error_kind,
                    next_poll_at=next_poll_at, last_polled_at=now, lease_owner=None, lease_until=None,
                )
            )

    # --- articles --------------------------------------------------------------------------------

    @staticmethod
    def _duplicate_of(
        feed_id: int | None, guid: str | None, canonical_url: str | None, content_hash: str | None
    ) -> Select[int] | None:
        conds: list[ColumnElement[bool]] = []
        if feed_id is not None and guid:
            conds.append(and_(Article.feed_id == feed_id, Article.guid == guid))
        if canonical_url:
            conds.append(Article.canonical_url == canonical_url)
        if content_hash:
            conds.append(Article.content_hash == content_hash)
        return select(Article.id).where(or_(*conds)).limit(1) if conds else None

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
        async with self.engine.connect() as conn:  # a plain connection: no ORM session for three columns
            rows = (await conn.execute(select(Article.feed_id, Article.guid, Article.canonical_url)
                                       .where(or_(*conds)))).all()
        wanted_urls = set(canonical_urls)
        return ({g for f, g, _ in rows if g is not None and f == feed_id and feed_id is not None},
                {u for _, _, u in rows if u is not None and u in wanted_urls})

    async def add_article(
        self, item: FeedItem, *, feed_id: int | None, text: str, canonical_url: str | None, content_hash: str | None,
        announce: bool, now: datetime | None = None,
    ) -> int | None:
        """Store a new article and return its id; None when it duplicates one by (feed, guid), canonical
        URL or content hash. An item without a date is dated when first seen."""
        now = now or utcnow()
        dup = self._duplicate_of(feed_id, item.guid, canonical_url or None, content_hash or None)
        article = Article(
            feed_id=feed_id, guid=item.guid, url=item.url, canonical_url=canonical_url or None,
            content_hash=content_hash or None, title=item.title or "", published=item.published or now,
            source=item.source, text=text, summary=item.summary or "", announce=announce, created_at=now,
        )
        try:
            async with self._write() as s:
                if dup is not None and await s.scalar(dup) is not None:
                    return None
                s.add(article)
        except IntegrityError:
            # Lost a race to a concurrent insert of the same article, or a genuine error: tell them apart.
            async with self._read() as s:
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
        wanted = [Article.extracted_at.is_(None), _lease_free(Article, now)]
        leased: list[Article] = await self._lease(
            Article, wanted, (Article.id,), limit, owner, now + timedelta(seconds=lease_seconds))
        taken = sorted(leased, key=lambda a: a.id)
        return [
            StoredArticle(
                id=a.id, feed_id=a.feed_id, guid=a.guid, url=a.url, canonical_url=a.canonical_url,
                title=a.title, published=a.published, source=a.source, text=a.text,
            )
            for a in taken
        ]

    async def save_extraction_error(self, article_id: int, error: str, now: datetime | None = None) -> None:
        """Mark an article as failed, so it leaves the pending queue with the reason kept."""
        async with self._write() as s:
            await s.execute(
                update(Article)
                .where(Article.id == article_id)
                .values(
                    extraction_error=error[:2000], extracted_at=now or utcnow(), extractions=Article.extractions + 1,
                    lease_owner=None, lease_until=None,
                )
            )

    async def save_extraction(self, article_id: int, ex: Extraction, now: datetime | None = None) -> None:
        """Store what the extractor found in one article, replacing any earlier result for it."""
        now = now or utcnow()
        async with self._write() as s:
            article = await s.get(Article, article_id)
            if article is None:
                raise KeyError(f"no article {article_id}")
            if not self._sqlite:
                await s.execute(sql_text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PEOPLE_LOCK})
            for table in (QuoteRecord, FigureRecord, MentionRecord):
                await s.execute(delete(table).where(table.article_id == article_id))
            article.relevant, article.relevance = ex.relevant, ex.relevance
            article.summary = ex.summary or article.summary
            article.extracted_at, article.extraction_error = now, None
            article.extractions = Article.extractions + 1  # type: ignore[assignment]  # counted in SQL
            article.lease_owner, article.lease_until = None, None

            when = article.published
            people = _people_of(ex)
            names = [o.name for o in people]
            mentions: dict[int, tuple[str | None, bool]] = {}
            local: dict[int, Person] = {}
            for o in people:
                if not looks_like_name(o.name):
                    continue
                mention = Mention(o.name, o.title, tuple(o.aliases), tuple(n for n in names if n != o.name))
                person = await resolve_person(s, mention, when=when)
                if person is None:
                    continue
                local[person.id] = person
                title, official = mentions.get(person.id, (None, False))
                mentions[person.id] = (title or o.title, official or o.is_official)

            seen_quotes: set[str] = set()
            for q in ex.quotes:
                digest = quote_hash(q.text)
                if not q.text.strip() or digest in seen_quotes:
                    continue
                seen_quotes.add(digest)
                person_id = await self._speaker_id(s, q.speaker, q.speaker_is_org, local, names, when)
                if person_id is not None:
                    mentions.setdefault(person_id, (None, False))
                s.add(
                    QuoteRecord(
                        article_id=article_id, person_id=person_id, speaker_text=(q.speaker or None),
                        text=q.text, text_hash=digest, kind=q.kind, cue=q.cue, paragraph=q.paragraph,
                        published=when,
                    )
                )
            for f in ex.figures:
                s.add(
                    FigureRecord(
                        article_id=article_id, text=f.text[:200], value=f.value, unit=f.unit, counts=f.counts,
                        sentence=f.sentence, qualifier=f.qualifier,
                    )
                )
            for person_id, (title, official) in mentions.items():
                s.add(MentionRecord(person_id=person_id, article_id=article_id, title_at_time=title, official=official,
                                    published=when))
        log.debug("store.extraction_saved", article_id=article_id, quotes=len(seen_quotes), people=len(mentions))

    @staticmethod
    async def _speaker_id(
        s: AsyncSession, speaker: str | None, is_org: bool, local: dict[int, Person], names: list[str],
        when: datetime,
    ) -> int | None:
        """The person behind a quote: someone this article names first, then anyone known, else new."""
        if is_org or not looks_like_name(speaker):
            return None
        assert speaker is not None
        here = resolve(Mention(speaker), [to_known(p) for p in local.values()])
        if here.person_id is not None:
            return here.person_id
        person = await resolve_person(s, Mention(speaker, co_mentions=tuple(names)), when=when)
        if person is None:
            return None
        local[person.id] = person
        return person.id

    # --- queries ---------------------------------------------------------------------------------

    @staticmethod
    async def _load_people(s: AsyncSession, stmt: Select[Any]) -> list[KnownPerson]:
        return [
            KnownPerson(
                id=pid, name=name, title=title, aliases=tuple(aliases or ()),
                titles=tuple((ctx or {}).get("titles", ())), co_mentions=tuple((ctx or {}).get("co", ())),
            )
            for pid, name, title, aliases, ctx in await s.execute(stmt)
        ]

    async def _find_person(self, s: AsyncSession, query: str) -> tuple[SearchResult, list[KnownPerson]]:
        """Who ``query`` names, and the people it was matched against. Every name of a person shares its
        surname, so an exact match (score 100) among the query's namesakes — one lookup on the surname
        index — is what matching everyone would find too, unless a stranger's name scores within 5 of a
        perfect match. Anything less (typos, a given name alone, a title, nobody) is matched against the
        people the trigram index finds nearest."""
        if (parts := parse_name(query)) is not None:
            namesakes = await self._load_people(
                s, select(*_KNOWN_COLS).where(Person.surname_key == parts.surname).order_by(Person.id))
            found = search(query, namesakes)
            if found.score >= 100:
                return found, namesakes
        stmt = search_index.person_candidates(self.engine.dialect.name, query, _KNOWN_COLS)
        nearest = await self._load_people(s, stmt) if stmt is not None else []
        return search(query, nearest), nearest

    async def _mention_stats(
        self, s: AsyncSession, person_ids: Sequence[int]
    ) -> dict[int, tuple[int, datetime | None]]:
        """(articles naming them, counted up to MENTIONS_COUNTED; the latest one's date) per person, from
        the (person_id, published) index: bounded work however often the news names someone."""
        m = aliased(MentionRecord)
        first = select(m.id).where(m.person_id == Person.id).limit(MENTIONS_COUNTED).correlate(Person).subquery()
        count = select(func.count()).select_from(first).scalar_subquery()
        last = select(func.max(m.published)).where(m.person_id == Person.id).correlate(Person).scalar_subquery()
        stmt = select(Person.id, count, last).where(Person.id.in_(person_ids))
        return {pid: (n, last) for pid, n, last in await s.execute(stmt) if n}

    async def whosaid(self, name: str, since: datetime | None = None, limit: int = 10) -> WhoSaidResult:
        """What one person said (direct and reported speech), newest first; candidates when the name
        fits several people, suggestions when it fits nobody."""
        result = WhoSaidResult(query=name)
        async with self._read() as s:
            found, known = await self._find_person(s, name)
            result.suggestions = found.suggestions
            if found.candidates:
                stats = await self._mention_stats(s, [m.person_id for m in found.candidates])
                by_id = {p.id: p for p in known}
                result.candidates = sorted(
                    (
                        PersonMatch(
                            id=m.person_id, name=m.name, title=by_id[m.person_id].title,
                            mentions=stats.get(m.person_id, (0, None))[0],
                            last_seen=stats.get(m.person_id, (0, None))[1], score=m.score,
                        )
                        for m in found.candidates
                    ),
                    key=lambda c: (-c.score, -c.mentions, c.name),
                )
                return result
            if found.person_id is None:
                return result
            person = next(p for p in known if p.id == found.person_id)
            result.person = PersonRow(id=person.id, name=person.name, title=person.title, aliases=list(person.aliases))
            q, a = QuoteRecord, Article
            stmt = (  # plain columns, not ORM objects: this is the hot path of /whosaid
                select(q.text, q.kind, q.cue, q.published, q.article_id, a.title,
                       func.coalesce(func.nullif(a.canonical_url, ""), a.url), a.source)
                .join(a, a.id == q.article_id)
                .where(q.person_id == person.id)
                .order_by(q.published.desc(), q.article_id.desc(), q.paragraph)
                .limit(limit)
            )
            if since is not None:
                stmt = stmt.where(q.published >= since)
            result.quotes = [
                QuoteRow(text=text, kind=kind, cue=cue, speaker=person.name, person_id=person.id, published=published,
                         article_id=article_id, article_title=title, url=url, source=source)
                for text, kind, cue, published, article_id, title, url, source in await s.execute(stmt)
            ]
        return result

    async def officials(self, query: str | None, since: datetime | None = None, limit: int = 20) -> list[OfficialRow]:
        """Officials by how many articles name them; ``query`` matches names (fuzzily) or titles."""
        stmt = (
            select(Person, func.count(MentionRecord.article_id), func.max(MentionRecord.published))
            .join(MentionRecord, MentionRecord.person_id == Person.id)
            .where(MentionRecord.official.is_(True))
            .group_by(Person.id)
            .order_by(func.count(MentionRecord.article_id).desc(), func.max(MentionRecord.published).desc(), Person.id)
            .limit(limit)
        )
        if since is not None:
            stmt = stmt.where(MentionRecord.published >= since)
        async with self._read() as s:
            if query and query.strip():
                found, _ = await self._find_person(s, query)
                ids = [found.person_id] if found.person_id is not None else [m.person_id for m in found.candidates]
                stmt = stmt.where(or_(Person.id.in_(ids), and_(*_words_in(query, Person.title))))
            rows = await s.execute(stmt)
            return [
                OfficialRow(
                    person_id=p.id, name=p.canonical_name, title=p.title, mentions=n, last_seen=last,
                    aliases=list(p.aliases or []),
                )
                for p, n, last in rows
            ]

    async def figures(
        self, query: str | None, since: datetime | None = None, limit: int = 20, relevant_only: bool = True
    ) -> list[FigureRow]:
        """Figures newest first; every word of ``query`` must appear in what it counts or its sentence."""
        stmt = (
            select(FigureRecord, Article)
            .join(Article, Article.id == FigureRecord.article_id)
            .where(*_words_in(query, FigureRecord.counts, FigureRecord.sentence, FigureRecord.unit))
            .order_by(Article.published.desc(), FigureRecord.id)
            .limit(limit)
        )
        if relevant_only:
            stmt = stmt.where(Article.relevant.is_(True))
        if since is not None:
            stmt = stmt.where(Article.published >= since)
        async with self._read() as s:
            return [_figure_row(f, a) for f, a in await s.execute(stmt)]

    async def news(
        self, query: str | None, since: datetime | None = None, limit: int = 10, relevant_only: bool = True
    ) -> list[ArticleRow]:
        """Articles newest first, with their quotes, officials and figures."""
        stmt = select(Article).order_by(Article.published.desc(), Article.id.desc()).limit(limit)
        if (matching := search_index.articles_matching(self.engine.dialect.name, query or "")) is not None:
            stmt = stmt.where(matching)
        if relevant_only:
            stmt = stmt.where(Article.relevant.is_(True))
        if since is not None:
            stmt = stmt.where(Article.published >= since)
        return await self._articles(stmt)

    async def articles_since(
        self, since: datetime, relevant_only: bool = True, announced_only: bool = True
    ) -> list[ArticleRow]:
        """Articles published since ``since`` for a digest, with their facts attached. Articles of a
        feed's first fetch (announce False) are left out unless ``announced_only`` is False."""
        stmt = select(Article).where(Article.published >= since).order_by(Article.published.desc(), Article.id.desc())
        if relevant_only:
            stmt = stmt.where(Article.relevant.is_(True))
        if announced_only:
            stmt = stmt.where(Article.announce.is_(True))
        return await self._articles(stmt)

    async def _articles(self, stmt: Select[Article]) -> list[ArticleRow]:
        async with self._read() as s:
            articles = list(await s.scalars(stmt))
            rows = {a.id: _article_row(a) for a in articles}
            if not rows:
                return []
            ids = list(rows)
            by_id = {a.id: a for a in articles}
            quotes = await s.execute(
                select(QuoteRecord, Person.canonical_name)
                .outerjoin(Person, Person.id == QuoteRecord.person_id)
                .where(QuoteRecord.article_id.in_(ids))
                .order_by(QuoteRecord.article_id, QuoteRecord.paragraph, QuoteRecord.id)
            )
            for q, speaker in quotes:
                rows[q.article_id].quotes.append(_quote_row(q, by_id[q.article_id], speaker))
            figures = await s.scalars(
                select(FigureRecord).where(FigureRecord.article_id.in_(ids)).order_by(FigureRecord.id)
            )
            for f in figures:
                rows[f.article_id].figures.append(_figure_row(f, by_id[f.article_id]))
            officials = await s.execute(
                select(MentionRecord, Person)
                .join(Person, Person.id == MentionRecord.person_id)
                .where(MentionRecord.article_id.in_(ids), MentionRecord.official.is_(True))
                .order_by(MentionRecord.id)
            )
            for m, p in officials:
                rows[m.article_id].officials.append(
                    OfficialRow(
                        person_id=p.id, name=p.canonical_name, title=m.title_at_time or p.title, mentions=1,
                        last_seen=by_id[m.article_id].published, aliases=list(p.aliases or []),
                    )
                )
        return [rows[a.id] for a in articles]

    async def known_names(self, prefix: str, limit: int = 25) -> list[str]:
        """Canonical names for autocomplete: the prefix may start the name, any word of it, or an alias.
        The index finds people with a word starting like the prefix; the names are then checked here."""
        want = normalise(prefix)
        if not want:
            return await self._most_mentioned(limit)
        async with self._read() as s:
            nearby = await self._load_people(s, select(*_KNOWN_COLS).where(
                search_index.people_with_word_prefix(self.engine.dialect.name, prefix)))
            hits = [
                p for p in nearby
                if any(
                    normalise(n).startswith(want) or any(w.startswith(want) for w in normalise(n).split())
                    for n in p.names()
                )
            ]
            stats = await self._mention_stats(s, [p.id for p in hits]) if hits else {}
        hits.sort(key=lambda p: (-stats.get(p.id, (0, None))[0], p.name.casefold()))
        return [p.name for p in hits[:limit]]

    async def _most_mentioned(self, limit: int, days: int = 30) -> list[str]:
        """Who the news of the last ``days`` names most: autocomplete before anything is typed."""
        stmt = (
            select(Person.canonical_name)
            .join(MentionRecord, MentionRecord.person_id == Person.id)
            .where(MentionRecord.published >= datetime.now(UTC) - timedelta(days=days))
            .group_by(Person.id, Person.canonical_name)
            .order_by(func.count(MentionRecord.article_id).desc(), Person.canonical_name)
            .limit(limit)
        )
        async with self._read() as s:
            return list(await s.scalars(stmt))

    async def get_person(self, person_id: int) -> PersonRow | None:
        async with self._read() as s:
            p = await s.get(Person, person_id)
            return PersonRow(id=p.id, name=p.canonical_name, title=p.title, aliases=list(p.aliases or [])) if p else None

    # --- channels, watches -----------------------------------------------------------------------

    @staticmethod
    def _channel_row(c: Channel) -> ChannelRow:
        return ChannelRow(
            id=c.id, platform=c.platform, external_id=c.external_id, name=c.name, schedule=c.schedule,
            last_digest_at=c.last_digest_at,
        )

    async def ensure_channel(
        self, platform: str, external_id: str, name: str | None = None, schedule: str | None = None
    ) -> ChannelRow:
        """The channel row for (platform, external id), created on first use; name/schedule updated if given."""
        for _ in range(2):  # a concurrent first use may win the insert; then read theirs
            try:
                async with self._write() as s:
                    c = await s.scalar(
                        select(Channel).where(Channel.platform == platform, Channel.external_id == external_id)
                    )
                    if c is None:
                        c = Channel(platform=platform, external_id=external_id, created_at=utcnow())
                        s.add(c)
                    c.name = name if name is not None else c.name
                    c.schedule = schedule if schedule is not None else c.schedule
                    await s.flush()
                    return self._channel_row(c)
            except IntegrityError:
                continue
        raise RuntimeError(f"could not create channel {platform}:{external_id}")

    async def list_channels(self, platform: str | None = None) -> list[ChannelRow]:
        stmt = select(Channel).order_by(Channel.id)
        if platform:
            stmt = stmt.where(Channel.platform == platform)
        async with self._read() as s:
            return [self._channel_row(c) for c in await s.scalars(stmt)]

    async def lease_digest(
        self, channel_id: int, last_digest_at: datetime | None, now: datetime, seconds: float
    ) -> bool:
        """Take the right to post a channel's due digest, for ``seconds``: False when another worker holds
        it or has posted one since ``last_digest_at`` (the value the caller saw). ``mark_digest`` ends it."""
        async with self._write() as s:
            taken = cast(CursorResult[Any], await s.execute(
                update(Channel)
                .where(Channel.id == channel_id, Channel.last_digest_at.is_not_distinct_from(last_digest_at),
                       or_(Channel.digest_lease_until.is_(None), Channel.digest_lease_until < now))
                .values(digest_lease_until=now + timedelta(seconds=seconds))
            ))
            return taken.rowcount == 1

    async def mark_digest(self, channel_id: int, at: datetime) -> None:
        async with self._write() as s:
            await s.execute(
                update(Channel).where(Channel.id == channel_id).values(last_digest_at=at, digest_lease_until=None))

    async def add_watch(self, channel_id: int, kind: str, value: str) -> bool:
        """Watch a person or keyword in a channel; False when already watched."""
        value = value.strip()
        async with self._write() as s:
            exists = await s.scalar(
                select(Watch.id).where(Watch.channel_id == channel_id, Watch.kind == kind, Watch.value == value)
            )
            if exists is None:
                s.add(Watch(channel_id=channel_id, kind=kind, value=value, created_at=utcnow()))
        return exists is None

    async def remove_watch(self, channel_id: int, kind: str, value: str) -> bool:
        async with self._write() as s:
            result = cast(
                CursorResult[Any],
                await s.execute(
                    delete(Watch).where(Watch.channel_id == channel_id, Watch.kind == kind, Watch.value == value.strip())
                ),
            )
            return bool(result.rowcount)

    async def list_watches(self, channel_id: int | None = None) -> list[WatchRow]:
        stmt = select(Watch).order_by(Watch.id)
        if channel_id is not None:
            stmt = stmt.where(Watch.channel_id == channel_id)
        async with self._read() as s:
            return [WatchRow(id=w.id, channel_id=w.channel_id, kind=w.kind, value=w.value) for w in await s.scalars(stmt)]

    # --- stories, posts --------------------------------------------------------------------------

    async def save_story(self, key: str, headline: str, article_ids: Sequence[int], now: datetime | None = None) -> StoryRow:
        """Create or update the story ``key`` and add articles to it."""
        now = now or utcnow()
        async with self._write() as s:
            # workers grouping the same news save the same story at once: the first insert wins
            await s.execute(self._insert_ignoring_duplicates(
                Story, [{"key": key, "headline": headline, "first_seen": now, "updated_at": now}]))
            story = (await s.scalars(select(Story).where(Story.key == key))).one()
            story.headline, story.updated_at = headline, now
            if article_ids:
                await s.execute(self._insert_ignoring_duplicates(
                    StoryArticle, [{"story_id": story.id, "article_id": a} for a in dict.fromkeys(article_ids)]))
            await s.flush()
            ids = sorted(await s.scalars(select(StoryArticle.article_id).where(StoryArticle.story_id == story.id)))
            return StoryRow(
                id=story.id, key=story.key, headline=story.headline, first_seen=story.first_seen,
                updated_at=story.updated_at, article_ids=ids,
            )

    async def story_keys(self, article_ids: Sequence[int]) -> dict[int, str]:
        """The key of the story each article belongs to, for articles already in one."""
        if not article_ids:
            return {}
        stmt = (
            select(StoryArticle.article_id, Story.key)
            .join(Story, Story.id == StoryArticle.story_id)
            .where(StoryArticle.article_id.in_(list(article_ids)))
            .order_by(Story.id)
        )
        async with self._read() as s:
            keys: dict[int, str] = {}
            for article_id, key in await s.execute(stmt):
                keys.setdefault(article_id, key)  # the oldest story wins if an article is in two
            return keys

    async def stories(self, *, keys: Sequence[str] = (), ids: Sequence[int] = ()) -> list[StoryRow]:
        """Stories by key or id, with their article ids."""
        if not keys and not ids:
            return []
        stmt = select(Story).where(or_(Story.key.in_(list(keys)), Story.id.in_(list(ids)))).order_by(Story.id)
        async with self._read() as s:
            found = list(await s.scalars(stmt))
            members: dict[int, list[int]] = {st.id: [] for st in found}
            if found:
                rows = await s.execute(
                    select(StoryArticle.story_id, StoryArticle.article_id)
                    .where(StoryArticle.story_id.in_(list(members)))
                    .order_by(StoryArticle.article_id)
                )
                for story_id, article_id in rows:
                    members[story_id].append(article_id)
        return [
            StoryRow(id=st.id, key=st.key, headline=st.headline, first_seen=st.first_seen, updated_at=st.updated_at,
                     article_ids=members[st.id])
            for st in found
        ]

    @staticmethod
    def _post_row(p: Post) -> PostRow:
        return PostRow(
            id=p.id, channel_id=p.channel_id, kind=p.kind, story_id=p.story_id, parent_post_id=p.parent_post_id,
            newest_article_id=p.newest_article_id, chart_week=p.chart_week, state=p.state,
            external_id=p.external_id, thread_ref=p.thread_ref, created_at=p.created_at, sent_at=p.sent_at,
        )

    async def _claim(
        self, post: Post, claimed: Select[tuple[int]], article_ids: Sequence[int], budget: AlertBudget | None = None
    ) -> int | None:
        """Insert ``post`` as an intent with the reports it shows, unless ``claimed`` finds it already
        there (written by this or another worker): then None, and the caller must not send. With a
        ``budget``, raise BudgetSpent instead of claiming past it."""
        try:
            async with self._write() as s:
                if await s.scalar(claimed) is not None:
                    return None
                if budget is not None:
                    await self._check_budget(s, post.channel_id, budget)
                s.add(post)
                await s.flush()
                if article_ids:
                    await s.execute(self._insert_ignoring_duplicates(
                        PostArticle, [{"post_id": post.id, "article_id": a} for a in dict.fromkeys(article_ids)]))
        except IntegrityError:
            async with self._read() as s:
                if await s.scalar(claimed) is not None:
                    return None
            raise
        return post.id

    async def _check_budget(self, s: AsyncSession, channel_id: int, budget: AlertBudget) -> None:
        # Writing the channel row first makes workers claiming alerts for it count one after another: a
        # row lock on PostgreSQL, the database's write lock on SQLite.
        await s.execute(update(Channel).where(Channel.id == channel_id).values(id=Channel.id))
        sent = await s.scalar(select(func.count(Post.id)).where(
            Post.channel_id == channel_id, Post.kind == "alert", Post.created_at >= budget.since))
        if (sent or 0) >= budget.limit:
            raise BudgetSpent(f"channel {channel_id} had {sent} alerts since {budget.since:%Y-%m-%d %H:%M}")

    async def claim_post(
        self, channel_id: int, story_id: int, now: datetime | None = None, *, kind: str = "story",
        article_ids: Sequence[int] = (), budget: AlertBudget | None = None,
    ) -> int | None:
        """Record the intent to post a story (``kind`` story, in a digest, or alert) showing ``article_ids``
        to a channel before sending it. Returns the post id, or None when the story was already claimed
        for that channel (by this or another worker): do not send. ``budget`` caps the channel's alerts:
        past it, BudgetSpent is raised and nothing is claimed."""
        claimed = select(Post.id).where(Post.channel_id == channel_id, Post.story_id == story_id)
        post = Post(channel_id=channel_id, kind=kind, story_id=story_id, state="intent", created_at=now or utcnow())
        return await self._claim(post, claimed, article_ids, budget)

    async def claim_update(
        self, channel_id: int, parent_post_id: int, article_ids: Sequence[int], now: datetime | None = None
    ) -> int | None:
        """Record the intent to post an update showing ``article_ids`` in the thread of ``parent_post_id``;
        None when that update (the same newest report) is already claimed."""
        newest = max(article_ids)
        claimed = select(Post.id).where(Post.parent_post_id == parent_post_id, Post.newest_article_id == newest)
        post = Post(channel_id=channel_id, kind="update", parent_post_id=parent_post_id, newest_article_id=newest,
                    state="intent", created_at=now or utcnow())
        return await self._claim(post, claimed, article_ids)

    async def claim_chart(self, channel_id: int, week: str, now: datetime | None = None) -> int | None:
        """Record the intent to post the chart of ISO ``week`` (e.g. 2026-W48); None when already claimed."""
        claimed = select(Post.id).where(Post.channel_id == channel_id, Post.chart_week == week)
        post = Post(channel_id=channel_id, kind="chart", chart_week=week, state="intent", created_at=now or utcnow())
        return await self._claim(post, claimed, ())

    async def add_post_articles(self, post_id: int, article_ids: Sequence[int]) -> None:
        """Count reports as shown by a post without posting them (nothing worth an update in them)."""
        if article_ids:
            async with self._write() as s:
                await s.execute(self._insert_ignoring_duplicates(
                    PostArticle, [{"post_id": post_id, "article_id": a} for a in dict.fromkeys(article_ids)]))

    async def shown_articles(self, post_ids: Sequence[int]) -> dict[int, set[int]]:
        """For each of ``post_ids``, the reports it and the updates in its thread have shown (posts that
        recorded none are left out)."""
        if not post_ids:
            return {}
        root = func.coalesce(Post.parent_post_id, Post.id)
        stmt = (
            select(root, PostArticle.article_id)
            .join(Post, Post.id == PostArticle.post_id)
            .where(or_(Post.id.in_(list(post_ids)), Post.parent_post_id.in_(list(post_ids))))
        )
        shown: dict[int, set[int]] = {}
        async with self._read() as s:
            for post_id, article_id in await s.execute(stmt):
                shown.setdefault(post_id, set()).add(article_id)
        return shown

    async def mark_post_sent(
        self, post_id: int, external_id: str | None, thread_ref: str | None = None, now: datetime | None = None
    ) -> None:
        async with self._write() as s:
            await s.execute(
                update(Post)
                .where(Post.id == post_id)
                .values(state="sent", external_id=external_id, thread_ref=thread_ref, sent_at=now or utcnow())
            )

    async def release_post(self, post_id: int) -> None:
        """Drop a claim whose send failed for sure, so it can be posted later (its reports count as unseen)."""
        async with self._write() as s:
            await s.execute(delete(Post).where(Post.id == post_id, Post.state == "intent"))

    async def posts(self, channel_id: int, state: str | None = None) -> list[PostRow]:
        stmt = select(Post).where(Post.channel_id == channel_id).order_by(Post.id)
        if state:
            stmt = stmt.where(Post.state == state)
        async with self._read() as s:
            return [self._post_row(p) for p in await s.scalars(stmt)]

    # --- named leases: a job one worker at a time does (the Discord gateway; see bot.coordination.leadership) ---------

    async def acquire_lease(self, name: str, owner: str, seconds: float, now: datetime | None = None) -> bool:
        """Take the lease ``name`` for ``owner`` until ``now + seconds``, or renew it when ``owner`` holds it:
        True. False while another owner's lease has not run out. One upsert whose update applies only to an
        expired or own row, so of workers racing for it exactly one wins, on SQLite and PostgreSQL alike."""
        now = now or utcnow()
        insert = sqlite_insert if self._sqlite else pg_insert
        stmt = insert(NamedLease).values(name=name, owner=owner, until=now + timedelta(seconds=seconds),
                                         acquired_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[NamedLease.name],
            set_={
                "owner": stmt.excluded.owner,
                "until": stmt.excluded.until,
                # a renewal keeps the time the owner took it
                "acquired_at": case((NamedLease.owner == stmt.excluded.owner, NamedLease.acquired_at),
                                    else_=stmt.excluded.acquired_at),
            },
            where=or_(NamedLease.owner == owner, NamedLease.until < now),
        ).returning(NamedLease.owner)
        async with self._write() as s:
            return (await s.execute(stmt)).scalar_one_or_none() == owner

    async def release_lease(self, name: str, owner: str) -> bool:
        """Give up ``owner``'s lease ``name`` (a clean stop), so another worker takes it on its next try
        instead of waiting for it to run out. False when ``owner`` did not hold it (any more)."""
        async with self._write() as s:
            result = cast(CursorResult[Any], await s.execute(
                delete(NamedLease).where(NamedLease.name == name, NamedLease.owner == owner)))
            return bool(result.rowcount)

    async def lease_holder(self, name: str, now: datetime | None = None) -> str | None:
        """The owner of the lease ``name`` while it lasts; None when nobody holds it or it has run out."""
        stmt = select(NamedLease.owner).where(NamedLease.name == name, NamedLease.until >= (now or utcnow()))
        async with self._read() as s:
            return await s.scalar(stmt)
