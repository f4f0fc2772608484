"""Read-side records: what the store returns and command results carry (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class PersonRef:
    name: str
    title: str | None = None
    aliases: tuple[str, ...] = ()
    id: int | None = None


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    text: str
    kind: str  # "direct" | "indirect"
    speaker: str | None
    cue: str | None
    published: datetime | None
    outlet: str | None
    url: str | None
    article_title: str | None
    article_id: int | None = None


@dataclass(frozen=True, slots=True)
class OfficialRecord:
    name: str
    title: str | None
    mentions: int
    last_seen: datetime | None


@dataclass(frozen=True, slots=True)
class FigureRecord:
    text: str
    value: float
    unit: str | None
    counts: str
    sentence: str
    outlet: str | None
    url: str | None
    published: datetime | None


@dataclass(frozen=True, slots=True)
class FeedRecord:
    id: int
    url: str
    name: str | None
    failures: int = 0
    last_error: str | None = None
    next_poll_at: datetime | None = None
    last_success_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    id: int
    title: str
    url: str | None
    source: str | None
    published: datetime | None
    summary: str | None
    relevance: float
    quotes: tuple[QuoteRecord, ...] = ()
    officials: tuple[OfficialRecord, ...] = ()
    figures: tuple[FigureRecord, ...] = ()
    announce: bool = True


@dataclass(slots=True)
class WhoSaidRecord:
    """A /whosaid lookup: the person found (or None), their quotes, or the candidates when ambiguous."""

    person: PersonRef | None
    quotes: list[QuoteRecord] = field(default_factory=list)
    candidates: list[PersonRef] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
