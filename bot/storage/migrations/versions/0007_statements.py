"""Statements: a person's quotes carrying the same words (or rewording them within days) are one statement.

- ``statements``: one row per statement of a person, dated by its sources (``latest``, ``earliest``) and
  indexed by (person_id, latest), so /whosaid counts and pages a record in SQL; ``key_hash`` finds the
  statement of the same words at ingest;
- ``quotes.statement_id``: the statement each quote with a speaker is a source of;
- ``about:`` searches statements: a GIN index on their tsvector on PostgreSQL, an external-content FTS5
  table over (text, person_id) on SQLite (the person's id is a token, so one match finds a person's
  statements containing a word without listing everyone's).

The quotes stored before this revision are grouped as /whosaid grouped them when it was asked
(``bot.storage.statements.group_items``, per person, newest first).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.storage.search import STATEMENT_TSVECTOR
from bot.storage.statements import fullest, group_items, key_hash, statement_key

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)
_FTS_COLUMNS = 'text, person_id'
_BATCH = 5_000


def upgrade() -> None:
    op.create_table('statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('latest', _TS, nullable=False),
    sa.Column('earliest', _TS, nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_statements_person_id_people'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statements'))
    )
    op.create_index('ix_statements_person_id_latest', 'statements', ['person_id', 'latest'], unique=False)
    op.create_index('ix_statements_key_hash', 'statements', ['key_hash'], unique=False)
    with op.batch_alter_table('quotes') as batch:
        batch.add_column(sa.Column('statement_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_quotes_statement_id_statements'), 'statements', ['statement_id'], ['id'],
                                 ondelete='SET NULL')
        batch.create_index(op.f('ix_quotes_statement_id'), ['statement_id'], unique=False)
    _backfill(op.get_bind())
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f"CREATE INDEX ix_statements_search ON statements USING gin ({STATEMENT_TSVECTOR})")
    else:
        _sqlite_fts()


def _backfill(conn: sa.Connection) -> None:
    """Group each person's stored quotes into statements, newest first, as /whosaid did when asked."""
    q = sa.table('quotes', sa.column('id', sa.Integer()), sa.column('person_id', sa.Integer()),
                 sa.column('text', sa.Text()), sa.column('kind', sa.String()), sa.column('published', _TS),
                 sa.column('article_id', sa.Integer()), sa.column('paragraph', sa.Integer()),
                 sa.column('statement_id', sa.Integer()))
    st = sa.table('statements', sa.column('id', sa.Integer()), sa.column('person_id', sa.Integer()),
                  sa.column('key_hash', sa.String()), sa.column('text', sa.Text()), sa.column('latest', _TS),
                  sa.column('earliest', _TS))
    people = conn.execute(sa.select(q.c.person_id).where(q.c.person_id.is_not(None)).distinct()).scalars().all()
    next_id = 1
    statements: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for person_id in sorted(people):
        rows = conn.execute(
            sa.select(q.c.id, q.c.text, q.c.kind, q.c.published)
            .where(q.c.person_id == person_id)
            .order_by(q.c.published.desc(), q.c.article_id.desc(), q.c.paragraph)
        ).all()
        for members in group_items([(r.text, r.published) for r in rows]):
            group = [rows[i] for i in members]
            statements.append({
                'id': next_id, 'person_id': person_id, 'key_hash': key_hash(statement_key(group[0].text)),
                'text': group[fullest((r.text, r.kind) for r in group)].text,
                'latest': group[0].published, 'earliest': group[-1].published,
            })
            links += [{'qid': r.id, 'sid': next_id} for r in group]
            next_id += 1
        if len(links) >= _BATCH:
            _write(conn, st, q, statements, links)
            statements, links = [], []
    _write(conn, st, q, statements, links)
    if conn.dialect.name == 'postgresql' and next_id > 1:  # ids were given: the sequence goes on from them
        conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('statements', 'id'), :n)"), {'n': next_id - 1})


def _write(conn: sa.Connection, st: sa.TableClause, q: sa.TableClause, statements: list[dict[str, Any]],
           links: list[dict[str, Any]]) -> None:
    if statements:
        conn.execute(sa.insert(st), statements)
    if links:
        conn.execute(sa.update(q).where(q.c.id == sa.bindparam('qid')).values(statement_id=sa.bindparam('sid')), links)


def _sqlite_fts() -> None:
    new = ', '.join(f'new.{c}' for c in _FTS_COLUMNS.split(', '))
    old = ', '.join(f'old.{c}' for c in _FTS_COLUMNS.split(', '))
    forget = f"INSERT INTO statements_fts(statements_fts, rowid, {_FTS_COLUMNS}) VALUES ('delete', old.id, {old});"
    learn = f"INSERT INTO statements_fts(rowid, {_FTS_COLUMNS}) VALUES (new.id, {new});"
    op.execute(f"CREATE VIRTUAL TABLE statements_fts USING fts5({_FTS_COLUMNS}, content='statements', "
               "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')")
    op.execute(f"CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN {learn} END")
    op.execute(f"CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN {forget} END")
    op.execute(f"CREATE TRIGGER statements_fts_update AFTER UPDATE OF {_FTS_COLUMNS} ON statements "
               f"BEGIN {forget} {learn} END")
    op.execute("INSERT INTO statements_fts(statements_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_statements_search")
    else:
        for event in ('insert', 'delete', 'update'):
            op.execute(f"DROP TRIGGER IF EXISTS statements_fts_{event}")
        op.execute("DROP TABLE IF EXISTS statements_fts")
    with op.batch_alter_table('quotes') as batch:
        batch.drop_index(op.f('ix_quotes_statement_id'))
        batch.drop_constraint(op.f('fk_quotes_statement_id_statements'), type_='foreignkey')
        batch.drop_column('statement_id')
    op.drop_index('ix_statements_key_hash', table_name='statements')
    op.drop_index('ix_statements_person_id_latest', table_name='statements')
    op.drop_table('statements')
