"""Poll results written in batches: many feeds' new items and outcomes in one transaction.

A poller hands over each feed's new items together with its outcome (``PolledFeed``); ``record_polls``
writes a batch of them at once: one look-up of the dedupe keys already stored, one multi-row INSERT of
the articles that are new (also against each other: the same story in two feeds of one batch is stored
once), one UPDATE per kind of outcome. A feed's validators (ETag, Last-Modified) are committed with its
items or not at all, so a crash before the commit leaves the feed to be read again in full, and the
dedupe keys keep that second read from storing anything twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.infra.clock import utcnow
from bot.storage.database import Database
from bot.storage.rows import FeedFailure, FeedSuccess, NewArticle, PolledFeed
from bot.storage.tables import Article, Feed

LOOKUP_CHUNK = 300  # articles whose keys are looked up in one query (three IN (…) lists of this size at most)


@dataclass
class SeenKeys:
    """The dedupe keys of the articles stored, or about to be: an article matching any of them is a duplicate."""

    guids: set[tuple[int, str]] = field(default_factory=set)  # (feed id, GUID): GUIDs are the feed's own
    urls: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)

    def holds(self, a: NewArticle) -> bool:
        return (
            (a.feed_id is not None and a.guid is not None and (a.feed_id, a.guid) in self.guids)
            or (a.canonical_url is not None and a.canonical_url in self.urls)
            or a.content_hash in self.hashes
        )

    def add(self, feed_id: int | None, guid: str | None, url: str | None, digest: str | None) -> None:
        if feed_id is not None and guid is not None:
            self.guids.add((feed_id, guid))
        if url is not None:
            self.urls.add(url)
        if digest is not None:
            self.hashes.add(digest)


def article_values(a: NewArticle, now: datetime) -> dict[str, Any]:
    """The row of a new article; an item without a date is dated when first seen."""
    return {
        "feed_id": a.feed_id, "guid": a.guid, "url": a.url, "canonical_url": a.canonical_url,
        "content_hash": a.content_hash, "title": a.title, "published": a.published or now, "source": a.source,
        "text": a.text, "summary": a.summary, "announce": a.announce, "created_at": now, "extractions": 0,
    }


def stored_keys_query(chunk: Sequence[NewArticle]) -> Any:
    """The stored articles sharing a key with any of ``chunk``: a superset by (feed ids × GUIDs), which
    ``SeenKeys`` narrows to exact pairs; ``(feed_id, guid)`` is indexed by its unique constraint."""
    conds: list[ColumnElement[bool]] = [Article.content_hash.in_({a.content_hash for a in chunk})]
    if urls := {a.canonical_url for a in chunk if a.canonical_url}:
        conds.append(Article.canonical_url.in_(urls))
    pairs = {(a.feed_id, a.guid) for a in chunk if a.feed_id is not None and a.guid}
    if pairs:
        conds.append(Article.feed_id.in_({f for f, _ in pairs}) & Article.guid.in_({g for _, g in pairs}))
    return select(Article.feed_id, Article.guid, Article.canonical_url, Article.content_hash).where(or_(*conds))


_SUCCESS = (
    update(Feed)
    .where(Feed.id == bindparam("b_id"))
    .values(
        etag=bindparam("b_etag"), last_modified=bindparam("b_last_modified"), next_poll_at=bindparam("b_next"),
        failures=0, last_error=None, last_error_kind=None, last_success_at=bindparam("b_now"),
        last_polled_at=bindparam("b_now"), lease_owner=None, lease_until=None,
        title=func.coalesce(bindparam("b_title"), Feed.title),
    )
)
_FAILURE = (
    update(Feed)
    .where(Feed.id == bindparam("b_id"))
    .values(
        failures=Feed.failures + 1, last_error=bindparam("b_error"), last_error_kind=bindparam("b_kind"),
        next_poll_at=bindparam("b_next"), last_polled_at=bindparam("b_now"), lease_owner=None, lease_until=None,
    )
)


def success_params(feed_id: int, s: FeedSuccess) -> dict[str, Any]:
    return {"b_id": feed_id, "b_etag": s.etag, "b_last_modified": s.last_modified, "b_next": s.next_poll_at,
            "b_now": s.now, "b_title": s.title or None}


def failure_params(feed_id: int, f: FeedFailure) -> dict[str, Any]:
    return {"b_id": feed_id, "b_error": f.error[:2000], "b_kind": f.error_kind, "b_next": f.next_poll_at,
            "b_now": f.now}


class Polls:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record_polls(self, polled: Sequence[PolledFeed], now: datetime | None = None) -> list[list[int | None]]:
        """Store the feeds' new articles and record their outcomes, all in one transaction. Returns, for
        each feed, each article's new id, or None where it duplicates one stored before or earlier in
        ``polled`` (by feed and GUID, canonical URL or content hash)."""
        now = now or utcnow()
        articles = [a for p in polled for a in p.articles]
        async with self.db.write_connection() as conn:
            ids = await self._store(conn, articles, now)
            await self._record_outcomes(conn, polled)
        found = iter(ids)
        return [[next(found) for _ in p.articles] for p in polled]

    async def add_articles(self, articles: Sequence[NewArticle], now: datetime | None = None) -> list[int | None]:
        """Store articles that come from no poll (a bulk import) in one transaction, deduplicated as
        ``record_polls`` does; each one's new id, or None for a duplicate."""
        async with self.db.write_connection() as conn:
            return await self._store(conn, articles, now or utcnow())

    async def _store(self, conn: AsyncConnection, articles: Sequence[NewArticle], now: datetime) -> list[int | None]:
        fresh = await self._fresh(conn, articles)
        ids = await self._insert(conn, fresh, now)
        return [ids.get(a.content_hash) if k else None for a, k in zip(articles, self._kept(articles, fresh), strict=True)]

    @staticmethod
    def _kept(articles: Sequence[NewArticle], fresh: Sequence[NewArticle]) -> Iterable[bool]:
        """For each article, whether it is one of ``fresh`` (the same objects, in the same order)."""
        kept = {id(a) for a in fresh}
        return (id(a) in kept for a in articles)

    async def _fresh(self, conn: AsyncConnection, articles: Sequence[NewArticle]) -> list[NewArticle]:
        """The articles that duplicate neither a stored one nor one before them in ``articles``."""
        seen = SeenKeys()
        for start in range(0, len(articles), LOOKUP_CHUNK):
            for row in await conn.execute(stored_keys_query(articles[start : start + LOOKUP_CHUNK])):
                seen.add(*row)
        fresh = []
        for a in articles:
            if not seen.holds(a):
                fresh.append(a)
                seen.add(a.feed_id, a.guid, a.canonical_url, a.content_hash)
        return fresh

    async def _insert(self, conn: AsyncConnection, fresh: Sequence[NewArticle], now: datetime) -> dict[str, int]:
        """Insert the new articles; their ids by content hash. ON CONFLICT DO NOTHING: an article another
        worker stored meanwhile (PostgreSQL) is skipped, and counts as a duplicate."""
        if not fresh:
            return {}
        stmt = self.db.insert(Article).on_conflict_do_nothing().returning(Article.id, Article.content_hash)
        rows = await conn.execute(stmt, [article_values(a, now) for a in fresh])
        return {digest: article_id for article_id, digest in rows}

    async def _record_outcomes(self, conn: AsyncConnection, polled: Sequence[PolledFeed]) -> None:
        """Each finished feed's outcome: validators and next poll, or the failure; its lease ends."""
        ok = [success_params(p.feed_id, p.outcome) for p in polled if isinstance(p.outcome, FeedSuccess)]
        failed = [failure_params(p.feed_id, p.outcome) for p in polled if isinstance(p.outcome, FeedFailure)]
        if ok:
            await conn.execute(_SUCCESS, ok)
        if failed:
            await conn.execute(_FAILURE, failed)
