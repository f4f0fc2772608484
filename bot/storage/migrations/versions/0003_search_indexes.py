"""Indexes for name and text look-ups (see ``bot.storage.search``).

- people get ``search_names``, filled here for the people already stored;
- PostgreSQL: the pg_trgm extension, a GiST trigram index on ``people.search_names`` and a GIN index on
  the articles' tsvector expression;
- SQLite: FTS5 tables over ``people.search_names`` (trigram tokenizer) and over the articles' title,
  summary and text (porter stemming), external-content tables kept in step by triggers.

A later batch migration that rebuilds ``people`` or ``articles`` on SQLite drops their triggers: it must
make them again (``_sqlite_fts``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import sqlalchemy as sa
from alembic import op

from bot.storage.search import ARTICLE_TSVECTOR, search_names

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, FTS5 table, indexed columns, tokenizer)
_FTS = (
    ('people', 'people_fts', ('search_names',), 'trigram'),
    ('articles', 'articles_fts', ('title', 'summary', 'text'), 'porter unicode61 remove_diacritics 2'),
)


def upgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.add_column(sa.Column('search_names', sa.Text(), nullable=False, server_default=''))
    conn = op.get_bind()
    rows = conn.execute(sa.select(
        sa.column('id', sa.Integer()), sa.column('canonical_name', sa.Text()), sa.column('aliases', sa.JSON()),
        sa.column('title', sa.Text()),
    ).select_from(sa.table('people'))).all()
    for row in rows:
        pid, name, aliases, title = row.tuple()
        conn.execute(sa.text("UPDATE people SET search_names = :s WHERE id = :id"),
                     {"s": search_names(name, cast("list[str]", aliases or []), title), "id": pid})
    if conn.dialect.name == 'postgresql':
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_people_search_names_trgm ON people USING gist (search_names gist_trgm_ops)")
        op.execute(f"CREATE INDEX ix_articles_search ON articles USING gin ({ARTICLE_TSVECTOR})")
    else:
        _sqlite_fts()


def _sqlite_fts() -> None:
    for table, fts, columns, tokenizer in _FTS:
        cols = ', '.join(columns)
        new = ', '.join(f'new.{c}' for c in columns)
        old = ', '.join(f'old.{c}' for c in columns)
        forget = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
        learn = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
        op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
                   f"tokenize='{tokenizer}')")
        op.execute(f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {learn} END")
        op.execute(f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {forget} END")
        op.execute(f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {cols} ON {table} BEGIN {forget} {learn} END")
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
        op.execute("DROP INDEX IF EXISTS ix_people_search_names_trgm")
    else:
        for _, fts, _, _ in _FTS:
            for event in ('insert', 'delete', 'update'):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{event}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    op.execute("ALTER TABLE people DROP COLUMN search_names")  # in place: a batch copy would rebuild people
