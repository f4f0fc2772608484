"""Placing one article's quotes in their speakers' statements as it is stored (the ``statements`` table).

A quote joins the statement of its speaker with the same words whenever said, else one it rewords among
those said within ``statements.NEAR_WINDOW`` (the ``NEAR_LOOKBACK`` latest), else a new one — as
``statements.group_items`` groups a stored record. The lookups are made per article, not per quote: one
query for the same words of every quote, one per speaker for the recent statements, one insert for the new
statements (a bulk import stores thousands of quotes a minute).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage import statements
from bot.storage.tables import QuoteRecord, StatementRecord


@dataclass(slots=True)
class _Said:
    """One quote to place: its speaker, words and their key."""

    person_id: int
    text: str
    key: str
    digest: str


async def place_quotes(
    s: AsyncConnection, said: Sequence[tuple[int, str] | None], when: datetime
) -> tuple[list[int | None], set[int]]:
    """The statement of each (speaker, words) of one article said at ``when`` (None stays None), and the
    statements whose dates and words must be refreshed (``refresh_statements``) because they existed before
    or were made here for more than one quote."""
    quotes = [_said(x) if x is not None else None for x in said]
    same = await _same_words(s, [q for q in quotes if q is not None])
    recent: dict[int, list[tuple[int, str]]] = {}
    made_for: dict[int, list[tuple[_Made, str]]] = {}  # newest first
    chosen: list[int | _Made | None] = []
    made: dict[tuple[int, str], _Made] = {}
    for q in quotes:
        if q is None:
            chosen.append(None)
            continue
        found = made.get((q.person_id, q.digest)) or same.get((q.person_id, q.digest))
        if found is None and len(q.key) >= statements.MIN_PART:
            if q.person_id not in recent:
                recent[q.person_id] = await _recent(s, q.person_id, when)
            keys: list[tuple[int | _Made, str]] = [*made_for.get(q.person_id, []), *recent[q.person_id]]
            keys = keys[: statements.NEAR_LOOKBACK]
            if (i := statements.near(q.key, [k for _, k in keys])) is not None:
                found = keys[i][0]
        if found is None:
            found = made[(q.person_id, q.digest)] = _Made(q)
            made_for.setdefault(q.person_id, []).insert(0, (found, q.key))  # the latest: compared first
        chosen.append(found)
    await _insert_made(s, list(made.values()), when)
    ids = [(c.id if isinstance(c, _Made) else c) for c in chosen]
    counts = Counter(sid for sid in ids if sid is not None)
    new_ids = {m.id for m in made.values()}
    return ids, {sid for sid, n in counts.items() if sid not in new_ids or n > 1}


@dataclass(slots=True)
class _Made:
    """A statement made for a quote of this article; its id once inserted."""

    said: _Said
    id: int = 0


async def _insert_made(s: AsyncConnection, made: list[_Made], when: datetime) -> None:
    """The new statements in one insert; their ids read back by (speaker, key hash), which is one of them
    each (the order RETURNING gives rows in is not defined)."""
    if not made:
        return
    st = StatementRecord
    rows = [
        {"person_id": m.said.person_id, "key_hash": m.said.digest, "text": m.said.text, "latest": when, "earliest": when}
        for m in made
    ]
    result = await s.execute(insert(st).returning(st.id, st.person_id, st.key_hash), rows)
    ids = {(pid, digest): sid for sid, pid, digest in result}
    for m in made:
        m.id = ids[(m.said.person_id, m.said.digest)]


def _said(x: tuple[int, str]) -> _Said:
    key = statements.statement_key(x[1])
    return _Said(x[0], x[1], key, statements.key_hash(key))


async def _same_words(s: AsyncConnection, quotes: Sequence[_Said]) -> dict[tuple[int, str], int]:
    """The latest statement of each (speaker, key hash) among ``quotes`` that already exists, in one query."""
    if not quotes:
        return {}
    st = StatementRecord
    rows = await s.execute(
        select(st.id, st.person_id, st.key_hash)
        .where(st.person_id.in_({q.person_id for q in quotes}), st.key_hash.in_({q.digest for q in quotes}))
        .order_by(st.latest.desc())
    )
    found: dict[tuple[int, str], int] = {}
    for sid, pid, digest in rows:
        found.setdefault((pid, digest), sid)
    return found


async def _recent(s: AsyncConnection, person_id: int, when: datetime) -> list[tuple[int, str]]:
    """The NEAR_LOOKBACK latest statements of ``person_id`` said within NEAR_WINDOW of ``when``, with keys."""
    st, window = StatementRecord, statements.NEAR_WINDOW
    rows = await s.execute(
        select(st.id, st.text)
        .where(st.person_id == person_id, st.latest >= when - window, st.earliest <= when + window)
        .order_by(st.latest.desc())
        .limit(statements.NEAR_LOOKBACK)
    )
    return [(sid, statements.statement_key(text)) for sid, text in rows]


async def refresh_statements(s: AsyncConnection, ids: Iterable[int]) -> None:
    """Bring statements in step with their quotes after quotes came or went: dates span their sources,
    the text is the fullest wording, and a statement left without a quote is deleted. At most four
    statements whatever their number (a wire story copied by many outlets touches one per quote)."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    st, q = StatementRecord, QuoteRecord
    sources: dict[int, list[tuple[str, str, datetime]]] = {}
    shown: dict[int, str] = {}
    # each statement's quotes in the order they were stored (``fullest`` keeps the first of equals)
    for sid, text, kind, when, current in await s.execute(
        select(q.statement_id, q.text, q.kind, q.published, st.text)
        .join(st, st.id == q.statement_id)
        .where(q.statement_id.in_(wanted))
        .order_by(q.statement_id, q.id)
    ):
        if sid is not None:  # in the IN list: never None; the column may be
            sources.setdefault(sid, []).append((text, kind, when))
            shown[sid] = current
    if gone := [sid for sid in wanted if sid not in sources]:
        await s.execute(delete(st).where(st.id.in_(gone)))
    if not sources:
        return
    same_text: list[dict[str, object]] = []
    new_text: list[dict[str, object]] = []
    for sid, rows in sources.items():
        text = rows[statements.fullest((t, k) for t, k, _ in rows)][0]
        values: dict[str, object] = {"b_id": sid, "b_latest": max(r[2] for r in rows), "b_earliest": min(r[2] for r in rows)}
        if shown.get(sid) == text:
            same_text.append(values)  # not written: the full-text index re-indexes a row whose text is written
        else:
            new_text.append({**values, "b_text": text})
    for stmt, changes in ((_DATES, same_text), (_DATES_AND_TEXT, new_text)):
        if changes:
            await s.execute(stmt, changes)  # one UPDATE by primary key for all rows of that shape


_DATES = (
    update(StatementRecord)
    .where(StatementRecord.id == bindparam("b_id"))
    .values(latest=bindparam("b_latest"), earliest=bindparam("b_earliest"))
)
_DATES_AND_TEXT = _DATES.values(text=bindparam("b_text"))
