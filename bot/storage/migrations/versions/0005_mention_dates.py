"""Mentions carry their article's date, indexed with the person: who was named when, without a join.

``Store.whosaid`` lists namesakes with how often and how lately the news named each; with
``mentions.published`` and the (person_id, published) index, the latest date is one index probe and
the count an index range, however often a person is in the news.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('mentions') as batch:
        batch.add_column(sa.Column('published', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE mentions SET published = (SELECT articles.published FROM articles "
               "WHERE articles.id = mentions.article_id)")
    # Nothing points at mentions, so SQLite may rebuild it to make the column NOT NULL.
    with op.batch_alter_table('mentions') as batch:
        batch.alter_column('published', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.create_index('ix_mentions_person_id_published', ['person_id', 'published'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('mentions') as batch:
        batch.drop_index('ix_mentions_person_id_published')
        batch.drop_column('published')
