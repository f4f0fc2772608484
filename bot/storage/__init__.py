"""Persistence: SQLAlchemy 2 async over SQLite or PostgreSQL, migrated by Alembic.

Callers use ``Store`` and the plain rows of ``bot.storage.rows``; nothing else here is public.
"""

from bot.storage.db import make_engine, migrate, upgrade
from bot.storage.repo import Store
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

__all__ = [
    "AlertBudget", "ArticleRow", "BudgetSpent", "ChannelRow", "FeedRow", "FigureRow", "OfficialRow", "PersonMatch", "PersonRow", "PostRow",
    "QuoteRow", "Store", "StoredArticle", "StoryRow", "WatchRow", "WhoSaidResult", "make_engine", "migrate",
    "upgrade",
]
