"""Initial schema: feeds, articles, people, quotes, figures, mentions, channels, watches, stories, posts.

Timestamps are timestamptz on PostgreSQL; on SQLite the application stores naive UTC (see tables.UTCDateTime).

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table('channels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('schedule', sa.String(length=100), nullable=True),
    sa.Column('last_digest_at', _TS, nullable=True),
    sa.Column('created_at', _TS, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channels')),
    sa.UniqueConstraint('platform', 'external_id', name='uq_channels_platform_external_id')
    )
    op.create_table('feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('etag', sa.String(length=500), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('interval', sa.Integer(), nullable=True),
    sa.Column('next_poll_at', _TS, nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_error_kind', sa.String(length=50), nullable=True),
    sa.Column('last_success_at', _TS, nullable=True),
    sa.Column('last_polled_at', _TS, nullable=True),
    sa.Column('created_at', _TS, nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feeds')),
    sa.UniqueConstraint('url', name=op.f('uq_feeds_url'))
    )
    op.create_index(op.f('ix_feeds_next_poll_at'), 'feeds', ['next_poll_at'], unique=False)
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('canonical_name', sa.String(length=200), nullable=False),
    sa.Column('surname_key', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('title_updated_at', _TS, nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('created_at', _TS, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people'))
    )
    op.create_index(op.f('ix_people_canonical_name'), 'people', ['canonical_name'], unique=False)
    op.create_index(op.f('ix_people_surname_key'), 'people', ['surname_key'], unique=False)
    op.create_table('stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('headline', sa.Text(), nullable=False),
    sa.Column('first_seen', _TS, nullable=False),
    sa.Column('updated_at', _TS, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stories')),
    sa.UniqueConstraint('key', name=op.f('uq_stories_key'))
    )
    op.create_index(op.f('ix_stories_updated_at'), 'stories', ['updated_at'], unique=False)
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=True),
    sa.Column('guid', sa.String(length=2048), nullable=True),
    sa.Column('url', sa.String(length=2048), nullable=True),
    sa.Column('canonical_url', sa.String(length=2048), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('published', _TS, nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('relevance', sa.Float(), nullable=True),
    sa.Column('relevant', sa.Boolean(), nullable=True),
    sa.Column('announce', sa.Boolean(), nullable=False),
    sa.Column('extracted_at', _TS, nullable=True),
    sa.Column('extraction_error', sa.Text(), nullable=True),
    sa.Column('created_at', _TS, nullable=False),
    sa.ForeignKeyConstraint(['feed_id'], ['feeds.id'], name=op.f('fk_articles_feed_id_feeds'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('canonical_url', name=op.f('uq_articles_canonical_url')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_articles_content_hash')),
    sa.UniqueConstraint('feed_id', 'guid', name='uq_articles_feed_id_guid')
    )
    op.create_index(op.f('ix_articles_extracted_at'), 'articles', ['extracted_at'], unique=False)
    op.create_index(op.f('ix_articles_published'), 'articles', ['published'], unique=False)
    op.create_table('posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=True),
    sa.Column('thread_ref', sa.String(length=100), nullable=True),
    sa.Column('created_at', _TS, nullable=False),
    sa.Column('sent_at', _TS, nullable=True),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_posts_channel_id_channels'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_posts_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posts')),
    sa.UniqueConstraint('channel_id', 'story_id', name='uq_posts_channel_id_story_id')
    )
    op.create_table('watches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('created_at', _TS, nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['channels.id'], name=op.f('fk_watches_channel_id_channels'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watches')),
    sa.UniqueConstraint('channel_id', 'kind', 'value', name='uq_watches_channel_id_kind_value')
    )
    op.create_table('figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=50), nullable=True),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('qualifier', sa.String(length=50), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_figures_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figures'))
    )
    op.create_index(op.f('ix_figures_article_id'), 'figures', ['article_id'], unique=False)
    op.create_table('mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('title_at_time', sa.String(length=500), nullable=True),
    sa.Column('official', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_mentions_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_mentions_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentions')),
    sa.UniqueConstraint('person_id', 'article_id', name='uq_mentions_person_id_article_id')
    )
    op.create_index(op.f('ix_mentions_article_id'), 'mentions', ['article_id'], unique=False)
    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('speaker_text', sa.String(length=300), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_hash', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('cue', sa.String(length=100), nullable=True),
    sa.Column('paragraph', sa.Integer(), nullable=False),
    sa.Column('published', _TS, nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_quotes_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_quotes_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes')),
    sa.UniqueConstraint('article_id', 'text_hash', name='uq_quotes_article_id_text_hash')
    )
    op.create_index(op.f('ix_quotes_person_id_published'), 'quotes', ['person_id', 'published'], unique=False)
    op.create_table('story_articles',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_story_articles_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_articles_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('story_id', 'article_id', name=op.f('pk_story_articles'))
    )


def downgrade() -> None:
    op.drop_table('story_articles')
    op.drop_index(op.f('ix_quotes_person_id_published'), table_name='quotes')
    op.drop_table('quotes')
    op.drop_index(op.f('ix_mentions_article_id'), table_name='mentions')
    op.drop_table('mentions')
    op.drop_index(op.f('ix_figures_article_id'), table_name='figures')
    op.drop_table('figures')
    op.drop_table('watches')
    op.drop_table('posts')
    op.drop_index(op.f('ix_articles_published'), table_name='articles')
    op.drop_index(op.f('ix_articles_extracted_at'), table_name='articles')
    op.drop_table('articles')
    op.drop_index(op.f('ix_stories_updated_at'), table_name='stories')
    op.drop_table('stories')
    op.drop_index(op.f('ix_people_surname_key'), table_name='people')
    op.drop_index(op.f('ix_people_canonical_name'), table_name='people')
    op.drop_table('people')
    op.drop_index(op.f('ix_feeds_next_poll_at'), table_name='feeds')
    op.drop_table('feeds')
    op.drop_table('channels')
