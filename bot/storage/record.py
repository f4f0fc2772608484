"""Read-only queries behind the record pages (``/people/<slug>``, ``/stories/<key>``, ``/figures``).

Functions over an AsyncEngine (``Store.engine``), returning plain dataclasses; they never write. Every
list is bounded (a page, or a fixed cap), so a person the news names a hundred thousand times costs one
index range per query, not a scan of their whole record.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, func, null, select
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
#
# A person page is one connection and few statements: the person with what their summary depends on, then
# (unless the summary is cached) titles, outlets and weekly counts, then one page of statements with their
# count, then the stories of the articles shown. Every statement is built once per shape with bound
# parameters: SQLAlchemy then reuses its compiled form and cache key, where building a statement of 26
# weekly counts anew for each request cost more CPU than the database spent answering it.


@dataclass(frozen=True, slots=True)
class _Shape:
    """Which filters a statement query has (their values are bound parameters)."""

    words: bool = False
    outlet: bool = False
    kind: bool = False
    since: bool = False
    until: bool = False

    @property
    def filtered(self) -> bool:
        """Filters nothing indexes per person: searched within the newest SCAN_WINDOW statements."""
        return self.words or self.outlet or self.kind


def _shape_of(dialect: str, person_id: int, f: StatementFilter) -> tuple[_Shape, dict[str, Any]]:
    """The shape of ``f``'s statement query and the values of its parameters."""
    values: dict[str, Any] = {"person_id": person_id}
    if f.words and (words := search_index.article_words(dialect, f.words)) is not None:
        values["words"] = words
    if f.outlet:
        values["outlet"] = f.outlet
    if f.kind in KINDS:
        values["kind"] = f.kind
    if f.since is not None:
        values["since"] = datetime(f.since.year, f.since.month, f.since.day, tzinfo=UTC)
    if f.until is not None:  # inclusive: up to the start of the next day
        values["until"] = datetime(f.until.year, f.until.month, f.until.day, tzinfo=UTC) + timedelta(days=1)
    shape = _Shape(*(name in values for name in ("words", "outlet", "kind", "since", "until")))
    return shape, values


def _in_range(shape: _Shape) -> list[ColumnElement[bool]]:
    """The person and the date range: conditions the (person_id, published) index answers."""
    q = QuoteRecord
    out = [q.person_id == bindparam("person_id")]
    if shape.since:
        out.append(q.published >= bindparam("since"))
    if shape.until:
        out.append(q.published < bindparam("until"))
    return out


def _matching(dialect: str, shape: _Shape, kind: Any = None) -> list[Any]:
    """The filters that need the statement's row or its article (words, outlet, kind); ``kind`` is the
    statement's kind column (the quotes table's unless given)."""
    out: list[Any] = []
    if shape.words:
        out.append(search_index.article_words_match(dialect))
    if shape.outlet:
        out.append(Article.source == bindparam("outlet"))
    if shape.kind:
        out.append((QuoteRecord.kind if kind is None else kind) == bindparam("kind"))
    return out


def _newest_first() -> tuple[ColumnElement[Any], ...]:
    # (published, id) is the (person_id, published, id, kind, article_id) index's own order (migration
    # 0010): a page is read off the index instead of sorting the whole record
    return QuoteRecord.published.desc(), QuoteRecord.id.desc()


def _in_range_ids(shape: _Shape) -> Select[Any]:
    """The person's statement ids in the date range, newest first, straight off the index."""
    return select(QuoteRecord.id).where(*_in_range(shape)).order_by(*_newest_first()).correlate(None)


@lru_cache(maxsize=64)
def _beyond_window(shape: _Shape) -> Select[Any]:
    """A statement id past the newest SCAN_WINDOW of the range: the filters did not search them all."""
    return _in_range_ids(shape).offset(bindparam("window")).limit(1)


def _window(shape: _Shape) -> Any:
    """The newest ``window`` statements of the range and one more, with what the filters and the order
    need (the rest of a row is read for the page's rows only): ``rn`` numbers them newest first, ``seen``
    counts them (``window`` + 1: some were left out of the search). Every column it reads is in the
    quotes (person_id, published, id, kind, article_id) index: the window is read from the index alone."""
    q = QuoteRecord
    newest = (
        select(q.id, q.published, q.kind, q.article_id)
        .where(*_in_range(shape))
        .order_by(*_newest_first())
        .limit(bindparam("window_and_one"))
        .subquery("newest")
    )
    c = newest.c
    numbered = func.row_number().over(order_by=(c.published.desc(), c.id.desc()))
    return select(*c, numbered.label("rn"), func.count().over().label("seen")).subquery("window")


@lru_cache(maxsize=256)
def _listing(dialect: str, shape: _Shape) -> Select[Any]:
    """A page of the person's statements (``offset``, ``limit``) with, on each row, how many match
    (``total``: up to ``count_limit`` unfiltered, within the window filtered) and, filtered, how many
    statements the window held (``seen``: past ``window``, some were not searched). Without word, outlet
    or kind filters the (person_id, published) index gives the rows in order; with them, only the newest
    ``window`` statements of the date range are searched: nothing indexes those filters per person, and a
    filter nothing matches would otherwise read a whole record (a hundred thousand rows for the most
    quoted people)."""
    q, a = QuoteRecord, Article
    if not shape.filtered:
        counted = select(q.id).where(*_in_range(shape)).limit(bindparam("count_limit")).subquery()
        total = select(func.count()).select_from(counted).correlate(None).scalar_subquery()
        columns = (q.text, q.kind, q.cue, q.published, q.article_id, a.title, _url(), a.source, q.paragraph)
        return (
            select(*columns, total.label("total"), null().label("seen"))
            .join(a, a.id == q.article_id)
            .where(*_in_range(shape))
            .order_by(*_newest_first())
            .offset(bindparam("offset"))
            .limit(bindparam("limit"))
        )
    window = _window(shape)
    w = window.c
    matched = select(w.id, w.published, w.seen, func.count().over().label("total")).select_from(window)
    if shape.words or shape.outlet:
        matched = matched.join(a, a.id == w.article_id)
    page = (
        matched.where(w.rn <= bindparam("window"), *_matching(dialect, shape, w.kind))
        .order_by(w.published.desc(), w.id.desc())
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
        .subquery("matched")
    )
    m = page.c
    columns = (q.text, q.kind, q.cue, q.published, q.article_id, a.title, _url(), a.source, q.paragraph)
    return (
        select(*columns, m.total, m.seen)
        .select_from(page)
        .join(q, q.id == m.id)
        .join(a, a.id == q.article_id)
        .order_by(m.published.desc(), m.id.desc())
    )


async def statements(
    engine: AsyncEngine, person_id: int, f: StatementFilter, page: int = 1, per_page: int = PAGE_SIZE
) -> StatementPage:
    """One page of the person's statements under ``f``, newest first, with the count that match."""
    async with engine.connect() as conn:
        return await _statements(conn, person_id, f, page, per_page)


async def _statements(
    conn: AsyncConnection, person_id: int, f: StatementFilter, page: int, per_page: int
) -> StatementPage:
    page = max(1, min(page, MAX_PAGE))
    shape, values = _shape_of(conn.dialect.name, person_id, f)
    params = {**values, "window": SCAN_WINDOW, "window_and_one": SCAN_WINDOW + 1, "count_limit": COUNT_CAP + 1}
    listing = _listing(conn.dialect.name, shape)
    rows = list(await conn.execute(listing, {**params, "offset": (page - 1) * per_page, "limit": per_page + 1}))
    counted, seen = (rows[0].total, rows[0].seen) if rows else (0, None)
    if not rows and page > 1:  # past the last page: the count from the first
        first = (await conn.execute(listing, {**params, "offset": 0, "limit": 1})).first()
        counted, seen = (first.total, first.seen) if first else (0, None)
    windowed = shape.filtered and (seen or 0) > SCAN_WINDOW
    if shape.filtered and counted == 0:  # nothing matched: were statements left unsearched?
        windowed = await conn.scalar(_beyond_window(shape), params) is not None
    last = len(rows) <= per_page and (bool(rows) or page == 1)
    total = (page - 1) * per_page + len(rows) if last else int(counted or 0)
    keys = await _story_keys(conn, {r.article_id for r in rows[:per_page]})
    # within one article, in the order it reports them (the index order above gives the reverse)
    shown = sorted(rows[:per_page], key=lambda r: (-r.published.timestamp(), -r.article_id, r.paragraph))
    found = [
        Statement(r.text, r.kind, r.cue, r.published, r.article_id, r.title, r[6], r.source, keys.get(r.article_id))
        for r in shown
    ]
    return StatementPage(found, page, len(rows) > per_page, min(total, COUNT_CAP), total > COUNT_CAP, windowed)


_STORY_KEYS = (
    select(StoryArticle.article_id, Story.key)
    .join(Story, Story.id == StoryArticle.story_id)
    .where(StoryArticle.article_id.in_(bindparam("ids", expanding=True)))
    .order_by(Story.id)
)


async def _story_keys(conn: AsyncConnection, article_ids: set[int]) -> dict[int, str]:
    """The story each article belongs to (the oldest, if several), for linking to its page."""
    if not article_ids:
        return {}
    keys: dict[int, str] = {}
    for article_id, key in await conn.execute(_STORY_KEYS, {"ids": sorted(article_ids)}):
        keys.setdefault(article_id, key)
    return keys


_STATEMENT_COUNT = select(func.count()).select_from(
    select(QuoteRecord.id).where(QuoteRecord.person_id == bindparam("person_id")).limit(bindparam("cap")).subquery()
)


async def statement_count(engine: AsyncEngine, person_id: int) -> int:
    """How many statements are recorded for the person, counted up to COUNT_CAP (for "Full record: N")."""
    async with engine.connect() as conn:
        return int((await conn.execute(_STATEMENT_COUNT, {"person_id": person_id, "cap": COUNT_CAP})).scalar_one())


async def person(engine: AsyncEngine, person_id: int) -> PersonHead | None:
    async with engine.connect() as conn:
        row = (await conn.execute(_HEAD, {"person_id": person_id})).first()
    return PersonHead(row[0], row[1], row[2], list(row[3] or [])) if row else None


# The person, when they were last named, and the newest quote and mention ids of the whole store: any
# extraction saved since adds rows with higher ids, so a cached summary is good while these are unchanged.
_HEAD = select(
    Person.id,
    Person.canonical_name,
    Person.title,
    Person.aliases,
    select(func.max(MentionRecord.published)).where(MentionRecord.person_id == Person.id).scalar_subquery(),
    select(func.max(QuoteRecord.id)).correlate(None).scalar_subquery(),
    select(func.max(MentionRecord.id)).correlate(None).scalar_subquery(),
).where(Person.id == bindparam("person_id"))


@dataclass(frozen=True, slots=True)
class _Summary:
    titles: list[TitleSpan]
    outlets: list[tuple[str, int]]
    weeks: list[WeekCount]


@dataclass(slots=True)
class SummaryCache:
    """People's titles, outlets and weekly counts, kept between requests by one web process. An entry is
    used while nothing was stored since it was read (the store's newest quote and mention ids and the
    person's latest mention are unchanged), for at most ``ttl`` seconds: a record corrected without new
    rows (an extraction redone with fewer quotes) shows within that time. The ``kept`` most recently used
    people are kept."""

    kept: int = 512
    ttl: float = 60.0
    _entries: OrderedDict[tuple[Any, ...], tuple[float, _Summary]] = field(default_factory=OrderedDict)

    def get(self, key: tuple[Any, ...]) -> _Summary | None:
        found = self._entries.get(key)
        if found is None or time.monotonic() - found[0] > self.ttl:
            return None
        self._entries.move_to_end(key)
        return found[1]

    def put(self, key: tuple[Any, ...], summary: _Summary) -> None:
        self._entries[key] = (time.monotonic(), summary)
        self._entries.move_to_end(key)
        while len(self._entries) > self.kept:
            self._entries.popitem(last=False)


async def person_record(
    engine: AsyncEngine, person_id: int, now: datetime, cache: SummaryCache | None = None
) -> PersonRecord | None:
    """The person with the titles they held and the outlets quoting them (read from their newest
    SUMMARY_ROWS mentions and statements: bounded work for the most quoted people), and their mentions per
    week (the CHART_WEEKS weeks up to their latest mention, or to ``now``)."""
    async with engine.connect() as conn:
        return await _person_record(conn, person_id, now, cache)


async def person_page(
    engine: AsyncEngine,
    person_id: int,
    f: StatementFilter,
    now: datetime,
    page: int = 1,
    per_page: int = PAGE_SIZE,
    cache: SummaryCache | None = None,
) -> tuple[PersonRecord, StatementPage] | None:
    """What ``/people/<slug>`` shows: ``person_record`` and a page of ``statements``, on one connection."""
    async with engine.connect() as conn:
        found = await _person_record(conn, person_id, now, cache)
        if found is None:
            return None
        return found, await _statements(conn, person_id, f, page, per_page)


async def _person_record(
    conn: AsyncConnection, person_id: int, now: datetime, cache: SummaryCache | None
) -> PersonRecord | None:
    row = (await conn.execute(_HEAD, {"person_id": person_id})).first()
    if row is None:
        return None
    head = PersonHead(row[0], row[1], row[2], list(row[3] or []))
    latest: datetime | None = row[4]
    # the chart ends at their latest mention: someone out of the news a year still shows their last months
    weeks = _week_starts(min(latest or now, now))
    key = (id(conn.engine), person_id, row[5], row[6], latest, weeks[0])
    summary = cache.get(key) if cache is not None else None
    if summary is None:
        summary = await _summary(conn, person_id, weeks)
        if cache is not None:
            cache.put(key, summary)
    return PersonRecord(head, summary.titles, summary.outlets, summary.weeks)


def _newest_mentions() -> Any:
    m = MentionRecord
    return (
        select(m.title_at_time, m.published)
        .where(m.person_id == bindparam("person_id"))
        .order_by(m.published.desc())
        .limit(bindparam("rows"))
        .subquery()
    )


def _titles_stmt() -> Select[Any]:
    t = _newest_mentions().c
    return (
        select(t.title_at_time, func.min(t.published), func.max(t.published), func.count())
        .where(t.title_at_time.is_not(None), t.title_at_time != "")
        .group_by(t.title_at_time)
        .order_by(func.max(t.published).desc())
        .limit(bindparam("shown"))
    )


_TITLES = _titles_stmt()

_NEWEST_QUOTES = (
    select(QuoteRecord.article_id)
    .where(QuoteRecord.person_id == bindparam("person_id"))
    .order_by(QuoteRecord.published.desc())
    .limit(bindparam("rows"))
    .subquery()
)

_OUTLETS = (
    select(Article.source, func.count())
    .select_from(_NEWEST_QUOTES)
    .join(Article, Article.id == _NEWEST_QUOTES.c.article_id)
    .where(Article.source.is_not(None))
    .group_by(Article.source)
    .order_by(func.count().desc(), Article.source)
    .limit(bindparam("shown"))
)


def _weekly_counts_stmt() -> Select[Any]:
    """One row: the person's mentions in each week (``w0`` to ``w{CHART_WEEKS}`` bound the weeks), each a
    count over one range of the (person_id, published) index. Stepping through index entries is all the
    database does: no value is computed per row, which at a hundred thousand mentions a year is what
    decides the cost."""
    m = MentionRecord
    return select(
        *(
            select(func.count())
            .where(m.person_id == bindparam("person_id"), m.published >= bindparam(f"w{i}"), m.published < bindparam(f"w{i + 1}"))
            .scalar_subquery()
            for i in range(CHART_WEEKS)
        )
    )


_WEEKLY_COUNTS = _weekly_counts_stmt()


async def _summary(conn: AsyncConnection, person_id: int, weeks: list[datetime]) -> _Summary:
    """Titles, outlets and weekly counts of the person (the weeks starting on ``weeks``)."""
    params = {"person_id": person_id, "rows": SUMMARY_ROWS}
    titles = [TitleSpan(*row) for row in await conn.execute(_TITLES, {**params, "shown": TITLES_SHOWN})]
    outlets = [(source or "", n) for source, n in await conn.execute(_OUTLETS, {**params, "shown": OUTLETS_SHOWN})]
    bounds = {f"w{i}": w for i, w in enumerate([*weeks, weeks[-1] + timedelta(weeks=1)])}
    counts = (await conn.execute(_WEEKLY_COUNTS, {"person_id": person_id, **bounds})).one()
    return _Summary(titles, outlets, [WeekCount(w.date(), int(n or 0)) for w, n in zip(weeks, counts, strict=True)])


def _week_starts(last: datetime) -> list[datetime]:
    """The Mondays (00:00 UTC) of the CHART_WEEKS weeks ending with the week of ``last``."""
    monday = _monday(last.date())
    first = datetime(monday.year, monday.month, monday.day, tzinfo=UTC) - timedelta(weeks=CHART_WEEKS - 1)
    return [first + timedelta(weeks=i) for i in range(CHART_WEEKS)]


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
