"""A person's statement window read from the index alone: quotes (person_id, published, id, kind, article_id).

A filtered person page (``bot.storage.record``) walks the newest 2,000 statements of a person's date range
and needs, for each, its id, date, kind and article: with the index on (person_id, published) alone each
of those 2,000 entries cost a read of its table row. The index keeps its name and its leading columns (so
every query it served, in the same order, it still serves) and now carries the rest of the window: the
id (so the order ``published DESC, id DESC`` is the index's own on both backends), the kind (the kind
filter) and the article (the word and outlet filters' join, the person summary's outlets).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME = 'ix_quotes_person_id_published'


def upgrade() -> None:
    op.drop_index(_NAME, table_name='quotes')
    op.create_index(_NAME, 'quotes', ['person_id', 'published', 'id', 'kind', 'article_id'], unique=False)


def downgrade() -> None:
    op.drop_index(_NAME, table_name='quotes')
    op.create_index(_NAME, 'quotes', ['person_id', 'published'], unique=False)
