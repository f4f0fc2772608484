"""Queries: what the commands ask of the news (who said what, the news itself, officials, figures, names
for autocomplete). Read-only; people are found through the name index (``bot.storage.search``) and scored
by the people registry."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.people.registry import KnownPerson, SearchResult, normalise, parse_name, search
from bot.storage import search as search_index
from bot.storage import statements
from bot.storage.database import Database
from bot.storage.people import KNOWN_COLUMNS, load_known
from bot.storage.rows import ArticleRow, FigureRow, OfficialRow, PersonMatch, PersonRow, QuoteRow, WhoSaidResult
from bot.storage.tables import Article, FigureRecord, MentionRecord, Person, QuoteRecord, StatementRecord

MENTIONS_COUNTED = 1000  # enough to rank namesakes by; counting further would scan a celebrity's every mention
EXPORT_BATCH = 500  # statements read at a time for an export: what one batch holds in memory


def words_in(query: str | None, *columns: Any) -> list[ColumnElement[bool]]:
    """Each word of ``query`` must appear (case-insensitively) in one of ``columns``."""
    return [or_(*(c.icontains(w, autoescape=True) for c in columns)) for w in (query or "").split()]


def article_row(a: Article) -> ArticleRow:
    return ArticleRow(
        id=a.id,
        feed_id=a.feed_id,
        title=a.title,
        url=a.canonical_url or a.url,
        source=a.source,
        published=a.published,
        summary=a.summary,
        relevance=a.relevance,
        relevant=a.relevant,
        announce=a.announce,
        stored_at=a.created_at,
        event_frame=a.event_frame,
    )


def quote_row(q: QuoteRecord, a: Article, speaker: str | None) -> QuoteRow:
    return QuoteRow(
        text=q.text,
        kind=q.kind,
        cue=q.cue,
        speaker=speaker or q.speaker_text,
        person_id=q.person_id,
        published=q.published,
        article_id=a.id,
        article_title=a.title,
        url=a.canonical_url or a.url,
        source=a.source,
    )


def figure_row(f: FigureRecord, a: Article) -> FigureRow:
    return FigureRow(
        text=f.text,
        value=f.value,
        unit=f.unit,
        counts=f.counts,
        qualifier=f.qualifier,
        sentence=f.sentence,
        article_id=a.id,
        article_title=a.title,
        url=a.canonical_url or a.url,
        source=a.source,
        published=a.published,
    )


def official_row(p: Person, mentions: int, last_seen: datetime | None, title: str | None) -> OfficialRow:
    return OfficialRow(
        person_id=p.id,
        name=p.canonical_name,
        title=title,
        mentions=mentions,
        last_seen=last_seen,
        aliases=list(p.aliases or []),
    )


def person_row(p: KnownPerson | Person) -> PersonRow:
    if isinstance(p, KnownPerson):
        return PersonRow(id=p.id, name=p.name, title=p.title, aliases=list(p.aliases))
    return PersonRow(id=p.id, name=p.canonical_name, title=p.title, aliases=list(p.aliases or []))


async def mention_stats(s: AsyncSession, person_ids: Sequence[int]) -> dict[int, tuple[int, datetime | None]]:
    """(articles naming them, counted up to MENTIONS_COUNTED; the latest one's date) per person, from
    the (person_id, published) index: bounded work however often the news names someone."""
    m = aliased(MentionRecord)
    first = select(m.id).where(m.person_id == Person.id).limit(MENTIONS_COUNTED).correlate(Person).subquery()
    count = select(func.count()).select_from(first).scalar_subquery()
    last = select(func.max(m.published)).where(m.person_id == Person.id).correlate(Person).scalar_subquery()
    stmt = select(Person.id, count, last).where(Person.id.in_(person_ids))
    return {pid: (n, last) for pid, n, last in await s.execute(stmt) if n}


def _statements_of(
    dialect: str, person_id: int, since: datetime | None, about: str | None
) -> Select[*tuple[Any, ...]]:
    """The ids of one person's statements, unordered: said since ``since`` (their latest source), and with
    ``about`` containing its words (through the statements' full-text index)."""
    st = StatementRecord
    stmt = select(st.id).where(st.person_id == person_id)
    if about and (matching := search_index.statements_matching(dialect, about, person_id)) is not None:
        stmt = stmt.where(matching)
    return stmt.where(st.latest >= since) if since is not None else stmt


def _record_page_query(chosen: Select[Any], since: datetime | None, limit: int, offset: int) -> Select[Any]:
    """One page of the ``chosen`` statements, newest first, each with every source (quote and article) since
    ``since``, and on every row how many statements were chosen: an answer is one round trip. The count
    is a subquery of its own (counted once, over the person's index range), not a window: a window would
    read and sort the whole record before the page is cut."""
    st, q, a = StatementRecord, QuoteRecord, Article
    total = select(func.count()).select_from(chosen.subquery()).scalar_subquery().correlate(None)
    page = (
        chosen.add_columns(st.latest, total.label("total"))
        .order_by(st.latest.desc(), st.id)
        .offset(offset)
        .limit(limit)
        .subquery()
    )
    on_quote = q.statement_id == page.c.id
    stmt = (
        select(
            page.c.total,
            page.c.id,
            q.text,
            q.kind,
            q.cue,
            q.published,
            q.article_id,
            a.title,
            func.coalesce(func.nullif(a.canonical_url, ""), a.url),
            a.source,
        )
        .select_from(page)
        .join(q, and_(on_quote, q.published >= since) if since is not None else on_quote)
        .join(a, a.id == q.article_id)
        .order_by(page.c.latest.desc(), page.c.id, q.published.desc(), q.article_id.desc(), q.paragraph)
    )
    return stmt


def _batch_query(chosen: Select[Any], after: tuple[datetime, int] | None, batch: int) -> Select[Any]:
    """The next ``batch`` of the ``chosen`` statements (ids and dates) after ``after`` (the last one's
    date and id), in the record's order (newest first, then by id): a keyset walk over the (person_id,
    latest) index, each batch as cheap as the first however deep into the record it is."""
    st = StatementRecord
    stmt = chosen.add_columns(st.latest)
    if after is not None:
        latest, sid = after
        # ``latest <= …`` on its own, so the index range starts at the last batch's end, not at the newest
        stmt = stmt.where(st.latest <= latest, or_(st.latest < latest, st.id > sid))
    return stmt.order_by(st.latest.desc(), st.id).limit(batch)


def _sources_query(ids: Sequence[int], since: datetime | None) -> Select[Any]:
    """Every source (quote and article, since ``since``) of the statements ``ids``, newest first each."""
    q, a = QuoteRecord, Article
    url = func.coalesce(func.nullif(a.canonical_url, ""), a.url)
    columns: tuple[Any, ...] = (q.statement_id, q.text, q.kind, q.cue, q.published, q.article_id, a.title, url, a.source)
    stmt = (
        select(*columns)
        .join(a, a.id == q.article_id)
        .where(q.statement_id.in_(ids))
        .order_by(q.statement_id, q.published.desc(), q.article_id.desc(), q.paragraph)
    )
    return stmt.where(q.published >= since) if since is not None else stmt


def _exact(found: SearchResult) -> bool:
    """An answer a newsroom can rely on: the name, an alias or a surname as written (score 100), not a
    fuzzy or title match."""
    return found.score >= 100


def _fuzzy_names(query: str, found: SearchResult, known: Sequence[KnownPerson]) -> list[str]:
    """The names a non-exact match offers as "Did you mean": the matched people first, then the nearest.
    A single word that only a title holds ("border", "Texas") suggests nobody through that title."""
    by_id = {p.id: p.name for p in known}
    names = [by_id[found.person_id]] if found.person_id is not None else []
    names += [m.name for m in found.candidates]
    if found.score == 0 and len(normalise(query).split()) < 2:
        names = []
    out: list[str] = []
    for n in [*names, *found.suggestions]:
        if n not in out:
            out.append(n)
    return out[:SUGGESTIONS]


SUGGESTIONS = 5


class Queries:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def _find_person(self, s: AsyncSession, query: str) -> tuple[SearchResult, list[KnownPerson]]:
        """Who ``query`` names, and the people it was matched against. Every name of a person shares its
        surname, so an exact match (score 100) among the query's namesakes — one lookup on the surname
        index — is what matching everyone would find too, unless a stranger's name scores within 5 of a
        perfect match. Anything less (typos, a given name alone, a title, nobody) is matched against the
        people the trigram index finds nearest."""
        if (parts := parse_name(query)) is not None:
            namesakes = await load_known(
                s, select(*KNOWN_COLUMNS).where(Person.surname_key == parts.surname).order_by(Person.id)
            )
            found = search(query, namesakes)
            if found.score >= 100:
                return found, namesakes
        stmt = search_index.person_candidates(self.db.dialect, query, KNOWN_COLUMNS)
        nearest = await load_known(s, stmt) if stmt is not None else []
        return search(query, nearest), nearest

    async def whosaid(
        self,
        name: str,
        since: datetime | None = None,
        limit: int = 10,
        page: int = 1,
        about: str | None = None,
    ) -> WhoSaidResult:
        """One page of what one person said (direct and reported speech), one entry per statement with
        every outlet that carried it, newest first. Only an exact name, alias or surname answers; a name
        matched fuzzily or through a title answers with suggestions, several exact matches with candidates."""
        result = WhoSaidResult(query=name, page=page, per_page=limit)
        async with self.db.read() as s:
            found, known = await self._find_person(s, name)
            if not _exact(found):
                result.suggestions = _fuzzy_names(name, found, known)
                return result
            if found.candidates:
                result.candidates = await self._candidates(s, found, known)
                return result
            if found.person_id is None:  # pragma: no cover - an exact match names someone
                return result
            person = next(p for p in known if p.id == found.person_id)
            result.person = person_row(person)
            result.total, result.quotes = await self._record_page(s, person, since, limit, page, about)
        return result

    async def _record_page(
        self, s: AsyncSession, person: KnownPerson, since: datetime | None, limit: int, page: int, about: str | None
    ) -> tuple[int, list[QuoteRow]]:
        """How many statements the person's record holds (under ``since`` and ``about``) and one page of
        them, newest first, each with every source, off the (person_id, latest) index. A page past the end
        costs a second query, for the count."""
        chosen = _statements_of(self.db.dialect, person.id, since, about)
        total = 0
        by_statement: dict[int, list[QuoteRow]] = {}
        for n, sid, text, kind, cue, published, article_id, title, url, source in await s.execute(
            _record_page_query(chosen, since, limit, (page - 1) * limit)
        ):
            total = n
            by_statement.setdefault(sid, []).append(
                QuoteRow(
                    text=text,
                    kind=kind,
                    cue=cue,
                    speaker=person.name,
                    person_id=person.id,
                    published=published,
                    article_id=article_id,
                    article_title=title,
                    url=url,
                    source=source,
                )
            )
        if not by_statement and page > 1:
            total = int(await s.scalar(select(func.count()).select_from(chosen.subquery())) or 0)
        return total, [statements.statement(rows) for rows in by_statement.values()]

    async def record_batches(
        self, person: PersonRow, since: datetime | None = None, about: str | None = None, batch: int = EXPORT_BATCH
    ) -> AsyncGenerator[list[QuoteRow], None]:
        """The person's whole record (under ``since`` and ``about``), newest first, ``batch`` statements at a
        time, each with every source: what an export writes. Each batch is its own short read (two queries:
        the next statements off the (person_id, latest) index, then their sources), so memory holds one
        batch and no read stays open while the caller writes. A statement that gains a source while the
        walk goes on may move ahead of it and be left out; the next export has it."""
        chosen = _statements_of(self.db.dialect, person.id, since, about)
        after: tuple[datetime, int] | None = None
        while True:
            async with self.db.read() as s:
                page = (await s.execute(_batch_query(chosen, after, batch))).all()
                if not page:
                    return
                by_statement: dict[int, list[QuoteRow]] = {}
                for sid, text, kind, cue, published, article_id, title, url, source in await s.execute(
                    _sources_query([sid for sid, _ in page], since)
                ):
                    by_statement.setdefault(sid, []).append(
                        QuoteRow(text, kind, cue, person.name, person.id, published, article_id, title, url, source)
                    )
            yield [statements.statement(by_statement[sid]) for sid, _ in page if sid in by_statement]
            if len(page) < batch:
                return
            after = (page[-1][1], page[-1][0])

    async def everyone_batches(
        self, since: datetime | None = None, batch: int = EXPORT_BATCH
    ) -> AsyncGenerator[list[QuoteRow], None]:
        """Every person's record (``record_batches``), one person after another by name, each newest first:
        ``newsbot export quotes`` without --person, however large the store, a batch at a time."""
        said = select(StatementRecord.id).where(StatementRecord.person_id == Person.id).exists()
        async with self.db.read() as s:
            people = (
                await s.execute(
                    select(Person.id, Person.canonical_name, Person.title)
                    .where(said)
                    .order_by(Person.canonical_name, Person.id)
                )
            ).all()
        for person_id, name, title in people:
            async for found in self.record_batches(PersonRow(person_id, name, title, []), since, batch=batch):
                yield found

    @staticmethod
    async def _candidates(s: AsyncSession, found: SearchResult, known: list[KnownPerson]) -> list[PersonMatch]:
        """The people a name fits equally well, best match first, then the most and latest named."""
        stats = await mention_stats(s, [m.person_id for m in found.candidates])
        by_id = {p.id: p for p in known}
        return sorted(
            (
                PersonMatch(
                    id=m.person_id,
                    name=m.name,
                    title=by_id[m.person_id].title,
                    mentions=stats.get(m.person_id, (0, None))[0],
                    last_seen=stats.get(m.person_id, (0, None))[1],
                    score=m.score,
                )
                for m in found.candidates
            ),
            key=lambda c: (-c.score, -c.mentions, c.name),
        )

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
        async with self.db.read() as s:
            if query and query.strip():
                found, _ = await self._find_person(s, query)
                ids: list[int] = []
                if _exact(found):  # a fuzzy name match is no answer; the title words below still are
                    ids = [found.person_id] if found.person_id is not None else [m.person_id for m in found.candidates]
                stmt = stmt.where(or_(Person.id.in_(ids), and_(*words_in(query, Person.title))))
            return [official_row(p, n, last, p.title) for p, n, last in await s.execute(stmt)]

    async def figures(
        self, query: str | None, since: datetime | None = None, limit: int = 20, relevant_only: bool = True
    ) -> list[FigureRow]:
        """Figures newest first; every word of ``query`` must appear in what it counts or its sentence."""
        stmt = (
            select(FigureRecord, Article)
            .join(Article, Article.id == FigureRecord.article_id)
            .where(*words_in(query, FigureRecord.counts, FigureRecord.sentence, FigureRecord.unit))
            .order_by(Article.published.desc(), FigureRecord.id)
            .limit(limit)
        )
        if relevant_only:
            stmt = stmt.where(Article.relevant.is_(True))
        if since is not None:
            stmt = stmt.where(Article.published >= since)
        async with self.db.read() as s:
            return [figure_row(f, a) for f, a in await s.execute(stmt)]

    async def news(
        self, query: str | None, since: datetime | None = None, limit: int = 10, relevant_only: bool = True
    ) -> list[ArticleRow]:
        """Articles newest first, with their quotes, officials and figures."""
        stmt = select(Article).order_by(Article.published.desc(), Article.id.desc()).limit(limit)
        if (matching := search_index.articles_matching(self.db.dialect, query or "")) is not None:
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
        """The articles ``stmt`` selects, each with its quotes, figures and officials (three more queries)."""
        async with self.db.read() as s:
            articles = list(await s.scalars(stmt))
            rows = {a.id: article_row(a) for a in articles}
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
                rows[q.article_id].quotes.append(quote_row(q, by_id[q.article_id], speaker))
            figures = await s.scalars(
                select(FigureRecord).where(FigureRecord.article_id.in_(ids)).order_by(FigureRecord.id)
            )
            for f in figures:
                rows[f.article_id].figures.append(figure_row(f, by_id[f.article_id]))
            officials = await s.execute(
                select(MentionRecord, Person)
                .join(Person, Person.id == MentionRecord.person_id)
                .where(MentionRecord.article_id.in_(ids), MentionRecord.official.is_(True))
                .order_by(MentionRecord.id)
            )
            for m, p in officials:
                rows[m.article_id].officials.append(
                    official_row(p, 1, by_id[m.article_id].published, m.title_at_time or p.title)
                )
        return [rows[a.id] for a in articles]

    async def known_names(self, prefix: str, limit: int = 25) -> list[str]:
        """Canonical names for autocomplete: the prefix may start the name, any word of it, or an alias.
        The index finds people with a word starting like the prefix; the names are then checked here."""
        want = normalise(prefix)
        if not want:
            return await self._most_mentioned(limit)
        async with self.db.read() as s:
            nearby = await load_known(
                s, select(*KNOWN_COLUMNS).where(search_index.people_with_word_prefix(self.db.dialect, prefix))
            )
            hits = [
                p
                for p in nearby
                if any(
                    normalise(n).startswith(want) or any(w.startswith(want) for w in normalise(n).split())
                    for n in p.names()
                )
            ]
            stats = await mention_stats(s, [p.id for p in hits]) if hits else {}
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
        async with self.db.read() as s:
            return list(await s.scalars(stmt))

    async def get_person(self, person_id: int) -> PersonRow | None:
        async with self.db.read() as s:
            p = await s.get(Person, person_id)
            return person_row(p) if p else None
