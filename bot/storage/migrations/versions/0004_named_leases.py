"""Named leases: jobs only one worker may do at a time.

- ``leases`` holds one row per job (``name``, e.g. ``discord.gateway``): the worker doing it (``owner``),
  until when (``until``, renewed while it works) and since when (``acquired_at``). A worker takes a job
  whose row is missing or has run out (``Store.acquire_lease``), so a killed worker's job moves on once
  its lease expires; a worker stopping cleanly deletes its row (``Store.release_lease``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table('leases',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('until', _TS, nullable=False),
    sa.Column('acquired_at', _TS, nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_leases'))
    )


def downgrade() -> None:
    op.drop_table('leases')
