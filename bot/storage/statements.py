"""One statement, every source: the quotes of one person merged when outlets carried the same words.

Outlets rewording a wire story, or the same article stored twice under another headline, give a person's
record several rows for one statement. Rows whose normalised text (``statement_key``) is the same are one
statement; so are rows a few days apart whose wording is nearly the same (rapidfuzz ratio at or above
``NEAR_DUPLICATE``) and whose numbers are the same. Ingest places each quote in its statement as it is
stored (``bot.storage.placing.place_quotes``, the ``statements`` table); migration 0007 grouped the
quotes stored before it with ``group_items``. ``statement`` makes one row of a statement's rows, listing
every article that carried it.
/whosaid's ``about:`` goes through the statements' full-text index (``bot.storage.search``).
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from rapidfuzz import fuzz, process

from bot.storage.rows import QuoteRow, QuoteSource

NEAR_DUPLICATE = 90.0  # rapidfuzz ratio of two normalised texts that are one statement reworded
NEAR_WINDOW = timedelta(days=3)  # outlets carry a statement within days of each other
NEAR_LOOKBACK = 40  # statements compared for likeness per row: bounds the work when someone speaks daily
MIN_PART = 40  # characters: a shorter quotation inside another is a common phrase, not the same statement


_NUMBER = re.compile(r"\d+")
_PUNCTUATION = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u2018\u2019\u201c\u201d\u2013\u2014\u2026"})


def statement_key(text: str) -> str:
    """What makes two texts the same words: case, punctuation and spacing do not count. (``str.translate``,
    not ``normalise``: this runs for every quote stored and every statement it is compared with.)"""
    return " ".join(text.casefold().translate(_PUNCTUATION).split())


@dataclass(slots=True)
class _Group:
    key: str
    members: list[int] = field(default_factory=list)  # indexes of its items, newest first
    earliest: datetime = datetime.max.replace(tzinfo=UTC)


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def key_hash(key: str) -> str:
    """The indexed form of a ``statement_key`` (``statements.key_hash``)."""
    return hashlib.sha1(key.encode()).hexdigest()


def near(key: str, keys: Sequence[str]) -> int | None:
    """Which of ``keys`` (statements said within days) ``key`` rewords: rapidfuzz ratio ≥ NEAR_DUPLICATE,
    one C call over them all, and the same numbers ("Statement 1 stands" is not "Statement 5 stands").
    None when it rewords none of them, or is too short to tell a statement from a common phrase."""
    if not keys or len(key) < MIN_PART:
        return None
    found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE)
    if found is None:
        return None
    return found[2] if _numbers(keys[found[2]]) == _numbers(key) else None


def fullest(texts: Iterable[tuple[str, str]]) -> int:
    """Which (text, kind) of a statement's wordings it is shown as: the longest (a whole clause beats a
    fragment), a direct quote before a paraphrase of the same length."""
    return max(enumerate(texts), key=lambda t: (len(t[1][0]), t[1][1] == "direct"))[0]


def _sources(rows: Iterable[QuoteRow]) -> tuple[QuoteSource, ...]:
    """Each article once, by link (or outlet and headline when it has none), newest first."""
    seen: dict[tuple[str | None, ...], QuoteSource] = {}
    for r in rows:
        key = (r.url,) if r.url else (r.source, r.article_title)
        seen.setdefault(key, QuoteSource(r.article_id, r.article_title, r.source, r.url, r.published))
    return tuple(seen.values())


def statement(rows: Sequence[QuoteRow]) -> QuoteRow:
    """One row for a statement's rows (newest first): the fullest wording (a whole clause beats a fragment),
    dated by its latest source, listing every source."""
    best = rows[fullest((r.text, r.kind) for r in rows)]
    newest = rows[0]
    return replace(
        best,
        published=newest.published,
        article_id=newest.article_id,
        article_title=newest.article_title,
        url=newest.url,
        source=newest.source,
        sources=_sources(rows),
    )


def group_statements(rows: Sequence[QuoteRow]) -> list[QuoteRow]:
    """Rows (newest first) merged into statements, newest first (``statement`` of each ``group_rows`` group)."""
    return [statement(g) for g in group_rows(rows)]


def group_rows(rows: Sequence[QuoteRow]) -> list[list[QuoteRow]]:
    """Rows (newest first) grouped by statement, newest first (``group_items``). A caller showing one page
    makes rows of that page's groups only (``statement``)."""
    return [[rows[i] for i in g] for g in group_items([(r.text, r.published) for r in rows])]


def group_items(items: Sequence[tuple[str, datetime]]) -> list[list[int]]:
    """(text, published) items, newest first, grouped by statement: the indexes of each group, newest
    first. The same ``statement_key`` is one statement whenever it was said; near-duplicates are only
    sought among statements within NEAR_WINDOW (the latest NEAR_LOOKBACK of them), so the work stays linear
    however long the record. Texts whose numbers differ ("Statement 1 stands" / "Statement 5 stands") are
    never merged by likeness. Migration 0007 groups the stored record with this; ingest then places each
    new quote the same way (``bot.storage.areas.articles``)."""
    groups: list[_Group] = []
    by_key: dict[str, _Group] = {}
    recent: deque[_Group] = deque(maxlen=NEAR_LOOKBACK)  # the latest statements within NEAR_WINDOW
    for i, (text, published) in enumerate(items):
        key = statement_key(text)
        group = by_key.get(key)
        if group is None:
            while recent and recent[0].earliest - published > NEAR_WINDOW:
                recent.popleft()
            found = near(key, [g.key for g in recent])
            group = recent[found] if found is not None else None
        if group is None:
            group = _Group(key)
            groups.append(group)
            recent.append(group)
        by_key.setdefault(key, group)
        group.members.append(i)
        group.earliest = published
    return [g.members for g in groups]
