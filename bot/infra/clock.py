"""The one clock of the core: aware UTC datetimes. Components take a ``clock`` argument defaulting to
``utcnow``, so tests can move time by hand."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
