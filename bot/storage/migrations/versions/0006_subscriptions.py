"""Channels own their news: subscriptions, per-channel filters, and configured feeds seeded once.

- ``subscriptions``: a channel follows a feed (one feed row, polled once, however many channels follow it);
  ``failure_notified`` remembers that the channel was told the feed is failing, so it hears once, and once
  more on recovery.
- ``channel_filters``: keyword / exclude / outlet / min_relevance filters on a channel's digests and alerts.
- ``feeds.shared``: the feed is for every channel (configured, or added outside a channel). Every feed that
  exists before this revision was global, so all are marked shared.
- ``feed_seeds``: configured URLs already put in the database; a removed configured feed stays removed.
  The URLs of the feeds that exist now are recorded as seeded.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table('feeds') as batch:
        batch.add_column(sa.Column('shared', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(sa.text("UPDATE feeds SET shared = :yes").bindparams(yes=True))
    op.create_table('feed_seeds',
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('seeded_at', _TS, nullable=False),
    sa.PrimaryKeyConstraint('url', name=op.f('pk_feed_seeds'))
    )
    op.execute("INSERT INTO feed_seeds (url, seeded_at) SELECT url, created_at FROM feeds")
    op.create_table('subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=False),
    sa.Column('failure_notified', sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column('created_at', _TS, nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_subscriptions_channel_id_channels'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['feed_id'], ['feeds.id'], name=op.f('fk_subscriptions_feed_id_feeds'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscriptions')),
    sa.UniqueConstraint('channel_id', 'feed_id', name='uq_subscriptions_channel_id_feed_id')
    )
    op.create_index(op.f('ix_subscriptions_feed_id'), 'subscriptions', ['feed_id'], unique=False)
    op.create_table('channel_filters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('created_at', _TS, nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_channel_filters_channel_id_channels'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_filters')),
    sa.UniqueConstraint('channel_id', 'kind', 'value', name='uq_channel_filters_channel_id_kind_value')
    )


def downgrade() -> None:
    op.drop_table('channel_filters')
    op.drop_index(op.f('ix_subscriptions_feed_id'), table_name='subscriptions')
    op.drop_table('subscriptions')
    op.drop_table('feed_seeds')
    with op.batch_alter_table('feeds') as batch:
        batch.drop_column('shared')
