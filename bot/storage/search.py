"""Indexed name and text look-ups: pg_trgm and full-text search on PostgreSQL, FTS5 on SQLite.

People carry ``search_names``, each word of their names, aliases and title wrapped in bars
("|tom| |homan| |border| |czar|"). The bars give every word start and end a trigram of its own, so a
typo keeps the trigrams that anchor the word ("homna" shares "|ho" and "hom" with "homan", while
"thomas" only shares "hom"). PostgreSQL ranks people by pg_trgm word similarity through a GiST index;
SQLite by BM25 over the same trigrams in an FTS5 ``trigram`` table. Either way the index only
proposes candidates: ``bot.people.registry.search`` scores them as before.

Articles are matched word by word (stemmed: "shelter" finds "shelters") through an expression GIN
index on PostgreSQL and an external-content FTS5 table on SQLite. Migration 0003 creates all of this;
triggers keep the FTS5 tables in step with their content tables, so writers need not know about them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, column, select, table
from sqlalchemy import text as sql_text

from bot.people.registry import normalise, surname_parts
from bot.storage.tables import Article, Person

CANDIDATES = 50  # people proposed by the index for fuzzy scoring: far more than a query ever fits
_BAR = "|"  # normalise() never leaves one, so it can only be our word boundary

# The same SQL text is indexed (migration 0003) and queried, so PostgreSQL can use the index. The first
# 100,000 characters keep to_tsvector well inside its 1 MB limit whatever a page holds.
ARTICLE_TSVECTOR = (
    "to_tsvector('english'::regconfig, articles.title || ' ' || articles.summary || ' ' || "
    "left(articles.text, 100000))"
)

# Objects migration 0003 makes outside tables.py (FTS5 tables and their shadows, expression indexes):
# schema comparison and autogenerate leave them alone.
SEARCH_TABLE_PREFIXES = ("articles_fts", "people_fts")
SEARCH_INDEXES = frozenset({"ix_articles_search", "ix_people_search_names_trgm"})


# The FTS5 tables, as SQLAlchemy sees them. A column named like its table is FTS5's handle on the whole row.
_PEOPLE_FTS = table("people_fts", column("rowid"), column("rank"), column("search_names"), column("people_fts"))
_ARTICLES_FTS = table("articles_fts", column("rowid"), column("articles_fts"))


def search_names(name: str, aliases: Iterable[str] = (), title: str | None = None) -> str:
    """The text indexed for finding a person: each distinct word of every name and the title, barred; a
    hyphenated word also as its parts ("|ybarra-lund| |ybarra| |lund|"), which a query may name alone."""
    words: list[str] = []
    for text in (name, *aliases, title or ""):
        for w in normalise(text).split():
            for part in (w, *surname_parts(w)):
                if part not in words:
                    words.append(part)
    return " ".join(f"{_BAR}{w}{_BAR}" for w in words)


def trigrams(query: str) -> list[str]:
    """The query's barred-word trigrams, in order and without repeats."""
    out: list[str] = []
    for w in normalise(query).split():
        barred = f"{_BAR}{w}{_BAR}"
        for i in range(len(barred) - 2):
            if (g := barred[i:i + 3]) not in out:
                out.append(g)
    return out


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def person_candidates(dialect: str, query: str, columns: Iterable[Any], limit: int = CANDIDATES) -> Select[Any] | None:
    """People whose names or title look most like ``query``, best first; None when it has no letters."""
    grams = trigrams(query)
    if not grams:
        return None
    stmt = select(*columns)
    if dialect == "postgresql":
        # <<-> is 1 - word_similarity(query, search_names): the GiST index walks people nearest first.
        q = " ".join(normalise(query).split())
        return stmt.order_by(sql_text(":q <<-> people.search_names").bindparams(q=q)).limit(limit)
    fts = _PEOPLE_FTS.c
    return (
        stmt.join(_PEOPLE_FTS, fts.rowid == Person.id)
        .where(fts.people_fts.match(" OR ".join(_fts_phrase(g) for g in grams)))
        .order_by(fts.rank)  # BM25: the rarer the shared trigrams, the nearer
        .limit(limit)
    )


def people_with_word_prefix(dialect: str, prefix: str) -> ColumnElement[bool]:
    """People one of whose words (of names or title) starts with ``prefix``'s first word. Both indexes
    serve LIKE; without an ESCAPE clause FTS5 can, so LIKE's own wildcards are dropped instead."""
    words = normalise(prefix).replace("_", "").split()
    pattern = f"{_BAR}{words[0] if words else ''}"
    if dialect == "postgresql":
        return Person.search_names.contains(pattern)
    return Person.id.in_(select(_PEOPLE_FTS.c.rowid).where(_PEOPLE_FTS.c.search_names.contains(pattern)))


def articles_matching(dialect: str, query: str) -> ColumnElement[bool] | TextClause | None:
    """Articles containing every word of ``query`` (stemmed) in title, summary or text; None for no words."""
    words = normalise(query).split()
    if not words:
        return None
    if dialect == "postgresql":
        return sql_text(f"{ARTICLE_TSVECTOR} @@ plainto_tsquery('english'::regconfig, :words)").bindparams(
            words=" ".join(words))
    match = " ".join(_fts_phrase(w) for w in words)  # FTS5: space-separated phrases must all match
    return Article.id.in_(select(_ARTICLES_FTS.c.rowid).where(_ARTICLES_FTS.c.articles_fts.match(match)))


def is_search_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic ``include_object`` hook: False for the search objects migration 0003 manages by hand."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(SEARCH_TABLE_PREFIXES)
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True
