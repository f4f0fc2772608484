"""One statement, every source: the quotes of one person merged when outlets carried the same words.

Outlets rewording a wire story, or the same article stored twice under another headline, give a person's
record several rows for one statement. ``group_statements`` merges them: rows whose normalised text is the
same are one statement; so are rows a few days apart whose wording is nearly the same (rapidfuzz ratio at
or above ``NEAR_DUPLICATE``) or where one outlet printed only part of the other's quotation. Each merged
statement lists every article that carried it.

``about`` narrows a record to statements containing given words, stemmed crudely ("sanctuaries" finds
"sanctuary"); the database's full-text index has already narrowed the articles, this checks the words are
in the statement itself and not elsewhere in its article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from rapidfuzz import fuzz

from bot.people.registry import normalise
from bot.storage.rows import QuoteRow, QuoteSource

NEAR_DUPLICATE = 90.0  # rapidfuzz ratio of two normalised texts that are one statement reworded
NEAR_WINDOW = timedelta(days=3)  # outlets carry a statement within days of each other
NEAR_LOOKBACK = 40  # statements compared for likeness per row: bounds the work when someone speaks daily
MIN_PART = 40  # characters: a shorter quotation inside another is a common phrase, not the same statement
_SUFFIXES = ("ies", "ing", "ed", "es", "s", "y", "e")


def statement_key(text: str) -> str:
    """What makes two texts the same words: case, accents, punctuation and spacing do not count."""
    return normalise(text)


def stem(word: str) -> str:
    """A crude English stem, enough to match a search word to its plural or tense ("sanctuaries" ~ "sanctuary")."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def about_words(query: str | None) -> list[str]:
    """The stems a statement must all contain for ``about:query``."""
    return [stem(w) for w in normalise(query or "").split()]


def mentions(text: str, stems: Sequence[str]) -> bool:
    """Whether every stem is the stem of some word of ``text`` (or starts one: "deport" finds "deportation")."""
    words = {stem(w) for w in normalise(text).split()}
    return all(any(w == s or w.startswith(s) for w in words) for s in stems)


@dataclass(slots=True)
class _Group:
    key: str
    numbers: list[str]
    rows: list[QuoteRow] = field(default_factory=list)

    @property
    def latest(self) -> datetime:
        return self.rows[0].published

    @property
    def earliest(self) -> datetime:
        return self.rows[-1].published


def _numbers(text: str) -> list[str]:
    return [w for w in text.split() if any(c.isdigit() for c in w)]


def _same_statement(a: str, b: str) -> bool:
    """Nearly the same words, or one quotation printed in part by another outlet (both long enough to
    be more than a common phrase; the caller has checked their numbers agree)."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < MIN_PART:
        return False
    return short in long_ or fuzz.ratio(a, b, score_cutoff=NEAR_DUPLICATE) > 0


def _sources(rows: Iterable[QuoteRow]) -> tuple[QuoteSource, ...]:
    """Each article once, by link (or outlet and headline when it has none), newest first."""
    seen: dict[tuple[str | None, ...], QuoteSource] = {}
    for r in rows:
        key = (r.url,) if r.url else (r.source, r.article_title)
        seen.setdefault(key, QuoteSource(r.article_id, r.article_title, r.source, r.url, r.published))
    return tuple(seen.values())


def _statement(group: _Group) -> QuoteRow:
    """One row for the group: the fullest wording (a whole clause beats a fragment), dated by its latest source."""
    best = max(group.rows, key=lambda r: (len(r.text), r.kind == "direct"))
    newest = group.rows[0]
    return replace(
        best,
        published=newest.published,
        article_id=newest.article_id,
        article_title=newest.article_title,
        url=newest.url,
        source=newest.source,
        sources=_sources(group.rows),
    )


def group_statements(rows: Sequence[QuoteRow]) -> list[QuoteRow]:
    """Rows (newest first) merged into statements, newest first. Near-duplicates are only sought among
    statements within NEAR_WINDOW (the latest NEAR_LOOKBACK of them), so the work stays linear however long
    the record. Texts whose numbers differ ("Statement 1 stands" / "Statement 5 stands") are never merged
    by likeness."""
    groups: list[_Group] = []
    by_key: dict[str, _Group] = {}
    for row in rows:
        key = statement_key(row.text)
        group = by_key.get(key)
        numbers = _numbers(key)
        if group is None and len(key) >= MIN_PART:
            for g in reversed(groups[-NEAR_LOOKBACK:]):
                if g.earliest - row.published > NEAR_WINDOW:
                    break
                if g.numbers == numbers and _same_statement(key, g.key):
                    group = g
                    break
        if group is None:
            group = _Group(key, numbers)
            groups.append(group)
        by_key.setdefault(key, group)
        group.rows.append(row)
    return [_statement(g) for g in groups]
