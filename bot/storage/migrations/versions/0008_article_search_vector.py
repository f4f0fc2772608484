"""PostgreSQL keeps each article's search vector in a stored column, for filtering rows already found.

A person page's word filter tests the articles of a person's newest statements (up to two thousand)
against the words. Through the expression index of migration 0003 PostgreSQL either asks the GIN index
for every article holding the word (tens of thousands: far more than the page needs) or, as the planner
prefers, computes ``to_tsvector`` over each article's text once per row, which costs more the longer the
article. ``articles.search_vector`` holds the same vector computed once when the row is written, so the
test per row is a look-up. SQLite's FTS5 table needs nothing of the kind.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from bot.storage.search import ARTICLE_TSVECTOR, ARTICLE_VECTOR_COLUMN

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        vector = ARTICLE_TSVECTOR.replace('articles.', '')  # a generated column names its own table's columns
        op.execute(f"ALTER TABLE articles ADD COLUMN {ARTICLE_VECTOR_COLUMN} tsvector "
                   f"GENERATED ALWAYS AS ({vector}) STORED")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"ALTER TABLE articles DROP COLUMN IF EXISTS {ARTICLE_VECTOR_COLUMN}")
