"""Posts: what newsbot sent or is about to send to a channel (a story, an update in its thread, a chart),
and which reports each showed. Exactly once: a post is claimed as an intent before it is sent, and a
claim that exists already (by this or another worker) means "do not send"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.infra.clock import utcnow
from bot.storage.database import Database
from bot.storage.rows import AlertBudget, BudgetSpent, PostRow
from bot.storage.tables import Channel, Post, PostArticle


def post_row(p: Post) -> PostRow:
    return PostRow(
        id=p.id,
        channel_id=p.channel_id,
        kind=p.kind,
        story_id=p.story_id,
        parent_post_id=p.parent_post_id,
        newest_article_id=p.newest_article_id,
        chart_week=p.chart_week,
        state=p.state,
        external_id=p.external_id,
        thread_ref=p.thread_ref,
        created_at=p.created_at,
        sent_at=p.sent_at,
    )


async def check_budget(s: AsyncSession, channel_id: int, budget: AlertBudget) -> None:
    """Raise BudgetSpent when the channel has had ``budget.limit`` alerts since ``budget.since``."""
    # Writing the channel row first makes workers claiming alerts for it count one after another: a
    # row lock on PostgreSQL, the database's write lock on SQLite.
    await s.execute(update(Channel).where(Channel.id == channel_id).values(id=Channel.id))
    sent = await s.scalar(
        select(func.count(Post.id)).where(
            Post.channel_id == channel_id, Post.kind == "alert", Post.created_at >= budget.since
        )
    )
    if (sent or 0) >= budget.limit:
        raise BudgetSpent(f"channel {channel_id} had {sent} alerts since {budget.since:%Y-%m-%d %H:%M}")


class Posts:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def _claim(
        self, post: Post, claimed: Select[int], article_ids: Sequence[int], budget: AlertBudget | None = None
    ) -> int | None:
        """Insert ``post`` as an intent with the reports it shows, unless ``claimed`` finds it already
        there (written by this or another worker): then None, and the caller must not send. With a
        ``budget``, raise BudgetSpent instead of claiming past it."""
        try:
            async with self.db.write() as s:
                if await s.scalar(claimed) is not None:
                    return None
                if budget is not None:
                    await check_budget(s, post.channel_id, budget)
                s.add(post)
                await s.flush()
                if article_ids:
                    await s.execute(
                        self.db.insert_ignoring_duplicates(
                            PostArticle, [{"post_id": post.id, "article_id": a} for a in dict.fromkeys(article_ids)]
                        )
                    )
        except IntegrityError:
            async with self.db.read() as s:
                if await s.scalar(claimed) is not None:
                    return None
            raise
        return post.id

    async def claim_post(
        self,
        channel_id: int,
        story_id: int,
        now: datetime | None = None,
        *,
        kind: str = "story",
        article_ids: Sequence[int] = (),
        budget: AlertBudget | None = None,
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
        post = Post(
            channel_id=channel_id,
            kind="update",
            parent_post_id=parent_post_id,
            newest_article_id=newest,
            state="intent",
            created_at=now or utcnow(),
        )
        return await self._claim(post, claimed, article_ids)

    async def claim_chart(self, channel_id: int, week: str, now: datetime | None = None) -> int | None:
        """Record the intent to post the chart of ISO ``week`` (e.g. 2026-W48); None when already claimed."""
        claimed = select(Post.id).where(Post.channel_id == channel_id, Post.chart_week == week)
        post = Post(channel_id=channel_id, kind="chart", chart_week=week, state="intent", created_at=now or utcnow())
        return await self._claim(post, claimed, ())

    async def add_post_articles(self, post_id: int, article_ids: Sequence[int]) -> None:
        """Count reports as shown by a post without posting them (nothing worth an update in them)."""
        if article_ids:
            async with self.db.write() as s:
                await s.execute(
                    self.db.insert_ignoring_duplicates(
                        PostArticle, [{"post_id": post_id, "article_id": a} for a in dict.fromkeys(article_ids)]
                    )
                )

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
        async with self.db.read() as s:
            for post_id, article_id in await s.execute(stmt):
                shown.setdefault(post_id, set()).add(article_id)
        return shown

    async def mark_post_sent(
        self, post_id: int, external_id: str | None, thread_ref: str | None = None, now: datetime | None = None
    ) -> None:
        """The platform accepted the post: keep its id there (and its thread) for updates and edits."""
        async with self.db.write() as s:
            await s.execute(
                update(Post)
                .where(Post.id == post_id)
                .values(state="sent", external_id=external_id, thread_ref=thread_ref, sent_at=now or utcnow())
            )

    async def release_post(self, post_id: int) -> None:
        """Drop a claim whose send failed for sure, so it can be posted later (its reports count as unseen)."""
        async with self.db.write() as s:
            await s.execute(delete(Post).where(Post.id == post_id, Post.state == "intent"))

    async def posts(self, channel_id: int, state: str | None = None) -> list[PostRow]:
        stmt = select(Post).where(Post.channel_id == channel_id).order_by(Post.id)
        if state:
            stmt = stmt.where(Post.state == state)
        async with self.db.read() as s:
            return [post_row(p) for p in await s.scalars(stmt)]
