"""Leases for several workers, and dispatch bookkeeping in tables of its own.

- feeds and articles get ``lease_owner``/``lease_until``: one worker polls a feed, one extracts an article,
  and a dead worker's share is taken over when its lease runs out; articles count saved ``extractions``;
  channels get ``digest_lease_until``: one worker posts a channel's due digest.
- posts get a ``kind`` (story | alert | update | chart), ``parent_post_id`` and ``newest_article_id`` for
  thread updates, and ``chart_week`` for the weekly chart, each kind guarded by its own unique key;
  ``post_articles`` holds the reports each post showed. Revision 0001's dispatcher kept these as stories
  with a colon in the key (``seen:<channel>:<story>``, ``update:<story>:<article>``, ``chart:<week>``):
  they are moved over and deleted.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Only columns are added to feeds and articles: SQLite must not rebuild a table other tables point at.
    for table in ('feeds', 'articles'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('lease_owner', sa.String(length=200), nullable=True))
            batch.add_column(sa.Column('lease_until', _TS, nullable=True))
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('extractions', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('channels') as batch:
        batch.add_column(sa.Column('digest_lease_until', _TS, nullable=True))
    op.execute("UPDATE articles SET extractions = 1 WHERE extracted_at IS NOT NULL")

    with op.batch_alter_table('posts') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=10), nullable=False, server_default='story'))
        batch.add_column(sa.Column('parent_post_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('newest_article_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('chart_week', sa.String(length=10), nullable=True))
        batch.alter_column('story_id', existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key(op.f('fk_posts_parent_post_id_posts'), 'posts', ['parent_post_id'], ['id'],
                                 ondelete='CASCADE')
        batch.create_foreign_key(op.f('fk_posts_newest_article_id_articles'), 'articles', ['newest_article_id'],
                                 ['id'], ondelete='CASCADE')
        batch.create_unique_constraint('uq_posts_parent_post_id_newest_article_id',
                                       ['parent_post_id', 'newest_article_id'])
        batch.create_unique_constraint('uq_posts_channel_id_chart_week', ['channel_id', 'chart_week'])
    op.create_table('post_articles',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_post_articles_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_articles_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'article_id', name=op.f('pk_post_articles'))
    )
    _move_bookkeeping(op.get_bind())


def _move_bookkeeping(conn: sa.Connection) -> None:
    """Turn 0001's colon-keyed story rows into post kinds and post_articles rows, then drop them."""
    stories = {key: sid for sid, key in conn.execute(sa.text("SELECT id, key FROM stories"))}
    if not any(":" in key for key in stories):
        return
    members: dict[int, list[int]] = {}
    for sid, aid in conn.execute(sa.text("SELECT story_id, article_id FROM story_articles")):
        members.setdefault(sid, []).append(aid)
    posts = list(conn.execute(sa.text("SELECT p.id, p.channel_id, s.key FROM posts p JOIN stories s ON s.id = p.story_id")))
    story_post = {(channel, key): pid for pid, channel, key in posts if ":" not in key}
    articles = {aid for (aid,) in conn.execute(sa.text("SELECT id FROM articles"))}
    for pid, channel, key in posts:
        kind, _, rest = key.partition(":")
        if kind == "chart":
            conn.execute(sa.text("UPDATE posts SET kind = 'chart', chart_week = :w, story_id = NULL WHERE id = :p"),
                         {"w": rest[:10], "p": pid})
        elif kind == "update":
            story_key, _, newest = rest.rpartition(":")
            parent = story_post.get((channel, story_key))
            if parent is None or not newest.isdigit() or int(newest) not in articles:
                conn.execute(sa.text("DELETE FROM posts WHERE id = :p"), {"p": pid})
                continue
            conn.execute(sa.text("UPDATE posts SET kind = 'update', parent_post_id = :parent, newest_article_id = :a, "
                                 "story_id = NULL WHERE id = :p"), {"parent": parent, "a": int(newest), "p": pid})
    for key, sid in stories.items():
        kind, _, rest = key.partition(":")
        channel, _, story_key = rest.partition(":")
        if kind != "seen" or not channel.isdigit() or (post := story_post.get((int(channel), story_key))) is None:
            continue
        for aid in members.get(sid, []):
            conn.execute(sa.text("INSERT INTO post_articles (post_id, article_id) VALUES (:p, :a)"),
                         {"p": post, "a": aid})
    colon = [sid for key, sid in stories.items() if ":" in key]
    conn.execute(sa.text("DELETE FROM story_articles WHERE story_id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
                 {"ids": colon})
    conn.execute(sa.text("UPDATE posts SET story_id = NULL WHERE story_id IN :ids").bindparams(
        sa.bindparam("ids", expanding=True)), {"ids": colon})
    conn.execute(sa.text("DELETE FROM stories WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
                 {"ids": colon})


def downgrade() -> None:
    op.drop_table('post_articles')
    op.execute("DELETE FROM posts WHERE kind <> 'story' AND kind <> 'alert'")
    with op.batch_alter_table('posts') as batch:
        batch.drop_constraint('uq_posts_channel_id_chart_week', type_='unique')
        batch.drop_constraint('uq_posts_parent_post_id_newest_article_id', type_='unique')
        batch.drop_constraint(op.f('fk_posts_newest_article_id_articles'), type_='foreignkey')
        batch.drop_constraint(op.f('fk_posts_parent_post_id_posts'), type_='foreignkey')
        batch.alter_column('story_id', existing_type=sa.Integer(), nullable=False)
        batch.drop_column('chart_week')
        batch.drop_column('newest_article_id')
        batch.drop_column('parent_post_id')
        batch.drop_column('kind')
    # Dropped in place: rebuilding a table others point at would, on SQLite, cascade its deletion to them.
    with op.batch_alter_table('articles', recreate='never') as batch:
        batch.drop_column('extractions')
    with op.batch_alter_table('channels', recreate='never') as batch:
        batch.drop_column('digest_lease_until')
    for table in ('articles', 'feeds'):
        with op.batch_alter_table(table, recreate='never') as batch:
            batch.drop_column('lease_until')
            batch.drop_column('lease_owner')
