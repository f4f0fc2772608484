"""Articles keep their event frame: what happened, who, where and when, read once at extraction.

``articles.event_frame`` holds the JSON of ``bot.publishing.frames.frame_to_json`` (with the version of the
rules and a key of the headline and lede it was read from). NULL for articles extracted before this revision:
grouping reads their frame when it first needs it and stores it then (``Store.save_frames``).

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('event_frame', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('articles') as batch:
        batch.drop_column('event_frame')
