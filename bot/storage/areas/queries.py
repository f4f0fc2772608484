"""Queries: what the commands ask of the news (who said what, the news itself, officials, figures, names
for autocomplete). Read-only; people are found through the name index (``bot.storage.search``) and scored
by the people registry."""

from __future__ import annotations

from collections.abc import Sequence
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
from bot.storage.tables import Article, FigureRecord, MentionRecord, Person, QuoteRecord

MENTIONS_COUNTED = 1000  # enough to rank namesakes by; counting further would scan a celebrity's every mention


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


RECORD_SCAN = 500  # quotes of one person read per answer: pages and totals come from these, newest first (a
# longer record says "500+"; grouping them is the cost of an answer, so this bounds its latency)


def _quotes_of(
    dialect: str, person_id: int, since: datetime | None, limit: int, about: str | None = None
) -> Select[*tuple[Any, ...]]:
    """The newest quotes of one person, as plain columns, not ORM objects: this is the hot path of /whosaid.
    ``about`` keeps quotes whose article matches it in the full-text index (the statement's own words are
    checked afterwards, ``statements.mentions``)."""
    q, a = QuoteRecord, Article
    stmt = (
        select(
            q.text,
            q.kind,
            q.cue,
            q.published,
            q.article_id,
            a.title,
            func.coalesce(func.nullif(a.canonical_url, ""), a.url),
            a.source,
        )
        .join(a, a.id == q.article_id)
        .where(q.person_id == person_id)
        .order_by(q.published.desc(), q.article_id.desc(), q.paragraph)
        .limit(limit)
    )
    if about and (matching := search_index.articles_matching(dialect, about)) is not None:
        stmt = stmt.where(matching)
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
            rows = [
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
                for text, kind, cue, published, article_id, title, url, source in await s.execute(
                    _quotes_of(self.db.dialect, person.id, since, RECORD_SCAN + 1, about)
                )
            ]
        result.complete = len(rows) <= RECORD_SCAN
        rows = rows[:RECORD_SCAN]
        if stems := statements.about_words(about):
            rows = [r for r in rows if statements.mentions(r.text, stems)]
        groups = statements.group_rows(rows)
        result.total = len(groups)
        start = (page - 1) * limit
        result.quotes = [statements.statement(g) for g in groups[start : start + limit]]
        return result

    async def quotes(self, since: datetime | None = None, limit: int = 100_000) -> list[QuoteRow]:
        """Every attributed quote (newest first, at most ``limit`` rows) merged per person into statements
        with every outlet that carried them: ``newsbot export quotes`` without --person."""
        q, a = QuoteRecord, Article
        stmt = (
            select(q, a, Person.canonical_name)
            .join(a, a.id == q.article_id)
            .join(Person, Person.id == q.person_id)
            .order_by(q.published.desc(), q.article_id.desc(), q.paragraph)
            .limit(limit)
        )
        if since is not None:
            stmt = stmt.where(q.published >= since)
        by_person: dict[int, list[QuoteRow]] = {}
        async with self.db.read() as s:
            for quote, article, speaker in await s.execute(stmt):
                by_person.setdefault(quote.person_id or 0, []).append(quote_row(quote, article, speaker))
        merged = [m for rows in by_person.values() for m in statements.group_statements(rows)]
        return sorted(merged, key=lambda r: r.published, reverse=True)

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
