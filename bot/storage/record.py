"""Read-only queries behind the record pages (``/people/<slug>``, ``/stories/<key>``, ``/figures``).

Functions over an AsyncEngine (``Store.engine``), returning plain dataclasses; they never write. Every
list is bounded (a page, or a fixed cap), so a person the news names a hundred thousand times costs one
index range per query, not a scan of their whole record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage import search as search_index
from bot.storage.tables import Article, FigureRecord, MentionRecord, Person, QuoteRecord, Story, StoryArticle

PAGE_SIZE = 25
MAX_PAGE = 400  # deeper pages cost an OFFSET scan; a reader that far in narrows the filters instead
COUNT_CAP = 1_000  # statements counted for "N statements": past this the page says "1,000+"
SCAN_WINDOW = 2_000  # word, outlet and kind filters search the newest this many statements of the date range
SUMMARY_ROWS = 1_000  # titles and outlets are read from the person's newest this many mentions / statements
TITLES_SHOWN = 20
OUTLETS_SHOWN = 20
CHART_WEEKS = 26
STORY_ARTICLES = 200
FIGURES_SHOWN = 200
KINDS = ("direct", "indirect")


def _url(a: type[Article] = Article) -> ColumnElement[Any]:
    return func.coalesce(func.nullif(a.canonical_url, ""), a.url)


@dataclass(frozen=True, slots=True)
class PersonHead:
    id: int
    name: str
    title: str | None
    aliases: list[str]


@dataclass(frozen=True, slots=True)
class Statement:
    text: str
    kind: str  # direct | indirect
    cue: str | None
    published: datetime
    article_id: int
    article_title: str
    url: str | None
    source: str | None
    story_key: str | None = None


@dataclass(frozen=True, slots=True)
class StatementFilter:
    """What a reader narrowed a person's statements to; every field optional."""

    words: str = ""  # every word (stemmed) in the statement's article, through the full-text index
    outlet: str = ""
    kind: str = ""  # direct | indirect | "" for both
    since: date | None = None
    until: date | None = None  # inclusive


@dataclass(slots=True)
class StatementPage:
    statements: list[Statement]
    page: int
    has_next: bool
    total: int  # matching statements, counted up to COUNT_CAP
    capped: bool  # total stopped at COUNT_CAP: "1,000+"
    windowed: bool = False  # filters searched only the newest SCAN_WINDOW statements of the date range


@dataclass(frozen=True, slots=True)
class TitleSpan:
    title: str
    first: datetime
    last: datetime
    articles: int


@dataclass(frozen=True, slots=True)
class WeekCount:
    week: date  # the Monday
    mentions: int


@dataclass(slots=True)
class PersonRecord:
    person: PersonHead
    titles: list[TitleSpan] = field(default_factory=list)  # most recently held first
    outlets: list[tuple[str, int]] = field(default_factory=list)  # outlets quoting them, most quotes first
    weeks: list[WeekCount] = field(default_factory=list)  # oldest first, CHART_WEEKS of them


@dataclass(frozen=True, slots=True)
class StoryOfficial:
    person_id: int
    name: str
    title: str | None
    articles: int


@dataclass(frozen=True, slots=True)
class StoryQuote:
    text: str
    kind: str
    speaker: str | None
    person_id: int | None
    article_id: int
    source: str | None


@dataclass(frozen=True, slots=True)
class StoryFigure:
    text: str
    counts: str
    sentence: str
    article_id: int
    source: str | None


@dataclass(frozen=True, slots=True)
class StoryArticleRow:
    id: int
    title: str
    url: str | None
    source: str | None
    published: datetime


@dataclass(slots=True)
class StoryRecord:
    key: str
    headline: str
    first_seen: datetime
    updated_at: datetime
    articles: list[StoryArticleRow] = field(default_factory=list)  # oldest first
    officials: list[StoryOfficial] = field(default_factory=list)
    quotes: list[StoryQuote] = field(default_factory=list)
    figures: list[StoryFigure] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FigureEntry:
    text: str
    value: float | None
    unit: str | None
    counts: str
    qualifier: str | None
    sentence: str
    published: datetime
    article_id: int
    article_title: str
    url: str | None
    source: str | None


# --- people -------------------------------------------------------------------------------------------


async def person(engine: AsyncEngine, person_id: int) -> PersonHead | None:
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(Person.id, Person.canonical_name, Person.title, Person.aliases).where(Person.id == person_id)
            )
        ).first()
    return PersonHead(row[0], row[1], row[2], list(row[3] or [])) if row else None


def _in_range(f: StatementFilter) -> list[ColumnElement[bool]]:
    """The date range of ``f`` as conditions the (person_id, published) index answers."""
    q, out = QuoteRecord, []
    if f.since is not None:
        out.append(q.published >= datetime(f.since.year, f.since.month, f.since.day, tzinfo=UTC))
    if f.until is not None:
        out.append(q.published < datetime(f.until.year, f.until.month, f.until.day, tzinfo=UTC) + timedelta(days=1))
    return out


def _matching(dialect: str, f: StatementFilter) -> list[Any]:
    """The filters of ``f`` that need the statement's row or its article (words, outlet, kind)."""
    out: list[Any] = []
    if f.words and (words := search_index.articles_matching(dialect, f.words)) is not None:
        out.append(words)
    if f.outlet:
        out.append(Article.source == f.outlet)
    if f.kind in KINDS:
        out.append(QuoteRecord.kind == f.kind)
    return out


def _in_range_ids(person_id: int, f: StatementFilter) -> Select[Any]:
    """The person's statement ids in ``f``'s date range, newest first, straight off the index."""
    q = QuoteRecord
    return select(q.id).where(q.person_id == person_id, *_in_range(f)).order_by(q.published.desc(), q.id.desc())


def _statement_query(dialect: str, person_id: int, f: StatementFilter) -> Select[Any]:
    """The person's statements under ``f``, unordered. Without word, outlet or kind filters the (person_id,
    published) index gives them in order; with them, only the newest SCAN_WINDOW statements of the date
    range are searched: nothing indexes those filters per person, and a filter nothing matches would
    otherwise read a whole record (a hundred thousand rows for the most quoted people)."""
    q, a = QuoteRecord, Article
    columns = (q.text, q.kind, q.cue, q.published, q.article_id, a.title, _url(), a.source, q.paragraph)
    matching = _matching(dialect, f)
    if not matching:
        return select(*columns).join(a, a.id == q.article_id).where(q.person_id == person_id, *_in_range(f))
    window = _in_range_ids(person_id, f).limit(SCAN_WINDOW).subquery()
    return (
        select(*columns).select_from(window).join(q, q.id == window.c.id).join(a, a.id == q.article_id).where(*matching)
    )


async def _count(conn: AsyncConnection, person_id: int, f: StatementFilter) -> int:
    """How many statements match ``f`` (within the search window when filtered), up to COUNT_CAP."""
    stmt = _statement_query(conn.dialect.name, person_id, f).with_only_columns(QuoteRecord.id).limit(COUNT_CAP + 1)
    return int(await conn.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


async def statements(
    engine: AsyncEngine, person_id: int, f: StatementFilter, page: int = 1, per_page: int = PAGE_SIZE
) -> StatementPage:
    """One page of the person's statements under ``f``, newest first, with the count that match."""
    page = max(1, min(page, MAX_PAGE))
    listing = (
        # (published, id) is the (person_id, published) index's own order on SQLite (the rowid ends every
        # index): an unfiltered page is read off the index instead of sorting the whole record
        _statement_query(engine.dialect.name, person_id, f)
        .order_by(QuoteRecord.published.desc(), QuoteRecord.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    )
    async with engine.connect() as conn:
        rows = list(await conn.execute(listing))
        if len(rows) <= per_page and (rows or page == 1):
            total = (page - 1) * per_page + len(rows)  # the last page: the whole count
        else:
            total = await _count(conn, person_id, f)
        windowed = bool(_matching(engine.dialect.name, f)) and (
            await conn.scalar(select(_in_range_ids(person_id, f).offset(SCAN_WINDOW).limit(1).subquery().c.id))
            is not None
        )
        keys = await _story_keys(conn, {r[4] for r in rows[:per_page]})
    # within one article, in the order it reports them (the index order above gives the reverse)
    shown = sorted(rows[:per_page], key=lambda r: (-r.published.timestamp(), -r.article_id, r.paragraph))
    found = [
        Statement(text, kind, cue, published, article_id, title, url, source, keys.get(article_id))
        for text, kind, cue, published, article_id, title, url, source, _ in shown
    ]
    return StatementPage(found, page, len(rows) > per_page, min(total, COUNT_CAP), total > COUNT_CAP, windowed)


async def _story_keys(conn: AsyncConnection, article_ids: set[int]) -> dict[int, str]:
    """The story each article belongs to (the oldest, if several), for linking to its page."""
    if not article_ids:
        return {}
    rows = await conn.execute(
        select(StoryArticle.article_id, Story.key)
        .join(Story, Story.id == StoryArticle.story_id)
        .where(StoryArticle.article_id.in_(sorted(article_ids)))
        .order_by(Story.id)
    )
    keys: dict[int, str] = {}
    for article_id, key in rows:
        keys.setdefault(article_id, key)
    return keys


async def statement_count(engine: AsyncEngine, person_id: int) -> int:
    """How many statements are recorded for the person, counted up to COUNT_CAP (for "Full record: N")."""
    ids = select(QuoteRecord.id).where(QuoteRecord.person_id == person_id).limit(COUNT_CAP).subquery()
    async with engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(ids))).scalar_one())


async def person_record(engine: AsyncEngine, person_id: int, now: datetime) -> PersonRecord | None:
    """The person with the titles they held and the outlets quoting them (read from their newest
    SUMMARY_ROWS mentions and statements: bounded work for the most quoted people), and their mentions per
    week (the CHART_WEEKS weeks up to their latest mention, or to ``now``)."""
    head = await person(engine, person_id)
    if head is None:
        return None
    m, q, a = MentionRecord, QuoteRecord, Article
    newest_mentions = (
        select(m.title_at_time, m.published)
        .where(m.person_id == person_id)
        .order_by(m.published.desc())
        .limit(SUMMARY_ROWS)
        .subquery()
    )
    t = newest_mentions.c
    titles = (
        select(t.title_at_time, func.min(t.published), func.max(t.published), func.count())
        .where(t.title_at_time.is_not(None), t.title_at_time != "")
        .group_by(t.title_at_time)
        .order_by(func.max(t.published).desc())
        .limit(TITLES_SHOWN)
    )
    newest_quotes = (
        select(q.article_id).where(q.person_id == person_id).order_by(q.published.desc()).limit(SUMMARY_ROWS).subquery()
    )
    outlets = (
        select(a.source, func.count())
        .select_from(newest_quotes)
        .join(a, a.id == newest_quotes.c.article_id)
        .where(a.source.is_not(None))
        .group_by(a.source)
        .order_by(func.count().desc(), a.source)
        .limit(OUTLETS_SHOWN)
    )
    async with engine.connect() as conn:
        # the chart ends at their latest mention: someone out of the news a year still shows their last months
        latest = await conn.scalar(select(func.max(m.published)).where(m.person_id == person_id))
        weeks = _week_starts(min(latest or now, now))
        record = PersonRecord(head)
        record.titles = [TitleSpan(*row) for row in await conn.execute(titles)]
        record.outlets = [(source or "", n) for source, n in await conn.execute(outlets)]  # NULLs filtered above
        counts = (await conn.execute(_weekly_counts(person_id, weeks))).one()
    record.weeks = [WeekCount(w.date(), int(n or 0)) for w, n in zip(weeks, counts, strict=True)]
    return record


def _week_starts(last: datetime) -> list[datetime]:
    """The Mondays (00:00 UTC) of the CHART_WEEKS weeks ending with the week of ``last``."""
    monday = _monday(last.date())
    first = datetime(monday.year, monday.month, monday.day, tzinfo=UTC) - timedelta(weeks=CHART_WEEKS - 1)
    return [first + timedelta(weeks=i) for i in range(CHART_WEEKS)]


def _weekly_counts(person_id: int, weeks: list[datetime]) -> Select[Any]:
    """One row: the person's mentions in each week, each a count over one range of the (person_id,
    published) index. Stepping through index entries is all the database does: no value is computed per
    row, which at a hundred thousand mentions a year is what decides the cost."""
    m = MentionRecord
    ends = [*weeks[1:], weeks[-1] + timedelta(weeks=1)]
    return select(
        *(
            select(func.count()).where(m.person_id == person_id, m.published >= lo, m.published < hi).scalar_subquery()
            for lo, hi in zip(weeks, ends, strict=True)
        )
    )


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


# --- stories ------------------------------------------------------------------------------------------


async def story(engine: AsyncEngine, key: str) -> StoryRecord | None:
    """The story ``key``: its articles oldest first, the officials they name, their quotes and figures."""
    async with engine.connect() as conn:
        head = (
            await conn.execute(
                select(Story.id, Story.key, Story.headline, Story.first_seen, Story.updated_at).where(Story.key == key)
            )
        ).first()
        if head is None:
            return None
        record = StoryRecord(head[1], head[2], head[3], head[4])
        members = select(StoryArticle.article_id).where(StoryArticle.story_id == head[0])
        articles = await conn.execute(
            select(Article.id, Article.title, _url(), Article.source, Article.published)
            .where(Article.id.in_(members))
            .order_by(Article.published, Article.id)
            .limit(STORY_ARTICLES)
        )
        record.articles = [StoryArticleRow(*row) for row in articles]
        ids = [r.id for r in record.articles]
        if not ids:
            return record
        m = MentionRecord
        officials = await conn.execute(
            select(Person.id, Person.canonical_name, func.max(m.title_at_time), func.count())
            .select_from(m)
            .join(Person, Person.id == m.person_id)
            .where(m.article_id.in_(ids), m.official.is_(True))
            .group_by(Person.id, Person.canonical_name)
            .order_by(func.count().desc(), Person.canonical_name)
        )
        record.officials = [StoryOfficial(*row) for row in officials]
        quotes = await conn.execute(
            select(
                QuoteRecord.text,
                QuoteRecord.kind,
                func.coalesce(Person.canonical_name, QuoteRecord.speaker_text),
                QuoteRecord.person_id,
                QuoteRecord.article_id,
                Article.source,
            )
            .join(Article, Article.id == QuoteRecord.article_id)
            .outerjoin(Person, Person.id == QuoteRecord.person_id)
            .where(QuoteRecord.article_id.in_(ids))
            .order_by(Article.published, QuoteRecord.article_id, QuoteRecord.paragraph, QuoteRecord.id)
        )
        record.quotes = [StoryQuote(*row) for row in quotes]
        figures = await conn.execute(
            select(
                FigureRecord.text, FigureRecord.counts, FigureRecord.sentence, FigureRecord.article_id, Article.source
            )
            .join(Article, Article.id == FigureRecord.article_id)
            .where(FigureRecord.article_id.in_(ids))
            .order_by(Article.published, FigureRecord.id)
        )
        record.figures = [StoryFigure(*row) for row in figures]
    return record


# --- figures ------------------------------------------------------------------------------------------


async def figures(engine: AsyncEngine, query: str, limit: int = FIGURES_SHOWN) -> list[FigureEntry]:
    """Figures whose count, unit or sentence holds every word of ``query``, newest first; relevant
    articles only, as in ``/figures``."""
    f, a = FigureRecord, Article
    stmt = (
        select(f.text, f.value, f.unit, f.counts, f.qualifier, f.sentence, a.published, a.id, a.title, _url(), a.source)
        .join(a, a.id == f.article_id)
        .where(a.relevant.is_(True))
        .order_by(a.published.desc(), f.id)
        .limit(limit)
    )
    for word in query.split():
        stmt = stmt.where(
            f.counts.icontains(word, autoescape=True)
            | f.sentence.icontains(word, autoescape=True)
            | f.unit.icontains(word, autoescape=True)
        )
    async with engine.connect() as conn:
        return [FigureEntry(*row) for row in await conn.execute(stmt)]
