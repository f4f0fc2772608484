"""Stories: reports of the same news grouped under a stable key, which digests and alerts post as one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select

from bot.infra.clock import utcnow
from bot.storage.database import Database
from bot.storage.rows import StoryRow
from bot.storage.tables import Story, StoryArticle


class Stories:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save_story(
        self, key: str, headline: str, article_ids: Sequence[int], now: datetime | None = None
    ) -> StoryRow:
        """Create or update the story ``key`` and add articles to it."""
        now = now or utcnow()
        async with self.db.write() as s:
            # workers grouping the same news save the same story at once: the first insert wins
            await s.execute(
                self.db.insert_ignoring_duplicates(
                    Story, [{"key": key, "headline": headline, "first_seen": now, "updated_at": now}]
                )
            )
            story = (await s.scalars(select(Story).where(Story.key == key))).one()
            story.headline, story.updated_at = headline, now
            if article_ids:
                await s.execute(
                    self.db.insert_ignoring_duplicates(
                        StoryArticle, [{"story_id": story.id, "article_id": a} for a in dict.fromkeys(article_ids)]
                    )
                )
            await s.flush()
            ids = sorted(await s.scalars(select(StoryArticle.article_id).where(StoryArticle.story_id == story.id)))
            return StoryRow(
                id=story.id,
                key=story.key,
                headline=story.headline,
                first_seen=story.first_seen,
                updated_at=story.updated_at,
                article_ids=ids,
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
        async with self.db.read() as s:
            keys: dict[int, str] = {}
            for article_id, key in await s.execute(stmt):
                keys.setdefault(article_id, key)  # the oldest story wins if an article is in two
            return keys

    async def stories(self, *, keys: Sequence[str] = (), ids: Sequence[int] = ()) -> list[StoryRow]:
        """Stories by key or id, with their article ids."""
        if not keys and not ids:
            return []
        stmt = select(Story).where(or_(Story.key.in_(list(keys)), Story.id.in_(list(ids)))).order_by(Story.id)
        async with self.db.read() as s:
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
            StoryRow(
                id=st.id,
                key=st.key,
                headline=st.headline,
                first_seen=st.first_seen,
                updated_at=st.updated_at,
                article_ids=members[st.id],
            )
            for st in found
        ]
