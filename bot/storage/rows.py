"""Plain rows the Store returns (callers never hold ORM objects or sessions), and what they pass in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.models import ArticleInput


@dataclass(frozen=True, slots=True)
class FeedRow:
    id: int
    url: str
    name: str | None
    title: str | None
    etag: str | None
    last_modified: str | None
    interval: int | None
    next_poll_at: datetime | None
    failures: int
    last_error: str | None
    last_error_kind: str | None
    last_success_at: datetime | None
    last_polled_at: datetime | None
    enabled: bool
    created_at: datetime
    shared: bool = False  # for every channel (configured); otherwise for its subscribed channels only


@dataclass(frozen=True, slots=True)
class FeedNotice:
    """A feed-health notice a channel is owed: its subscribed feed is ``failing`` (after ``feeds`` alert_after
    failures in a row) or has ``recovered`` after a failing notice."""

    channel_id: int
    feed: FeedRow
    kind: str  # failing | recovered


@dataclass(frozen=True, slots=True)
class FilterRow:
    """One of a channel's filters: ``keyword`` (must mention), ``exclude`` (must not mention), ``outlet``
    (only these outlets), ``min_relevance`` (a score from 0 to 1)."""

    id: int
    channel_id: int
    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article waiting for (or past) extraction."""

    id: int
    feed_id: int | None
    guid: str | None
    url: str | None
    canonical_url: str | None
    title: str
    published: datetime
    source: str | None
    text: str

    def to_input(self) -> ArticleInput:
        return ArticleInput(
            text=self.text,
            title=self.title,
            url=self.canonical_url or self.url,
            published=self.published,
            id=str(self.id),
        )


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    name: str
    title: str | None
    aliases: list[str]


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """One of several people a query could mean, with what tells them apart."""

    id: int
    name: str
    title: str | None
    mentions: int
    last_seen: datetime | None
    score: float


@dataclass(frozen=True, slots=True)
class QuoteSource:
    """One article that carried a statement: outlet, date and link."""

    article_id: int
    title: str
    source: str | None
    url: str | None
    published: datetime


@dataclass(frozen=True, slots=True)
class QuoteRow:
    text: str
    kind: str  # direct | indirect
    cue: str | None
    speaker: str | None  # the person's canonical name, else the speaker as written
    person_id: int | None
    published: datetime
    article_id: int
    article_title: str
    url: str | None
    source: str | None
    # every article that carried these words (this one first): one statement, every source
    sources: tuple[QuoteSource, ...] = ()

    def all_sources(self) -> tuple[QuoteSource, ...]:
        """Every outlet that carried the statement; a row read without grouping has only its own."""
        if self.sources:
            return self.sources
        return (QuoteSource(self.article_id, self.article_title, self.source, self.url, self.published),)


@dataclass(slots=True)
class WhoSaidResult:
    query: str
    person: PersonRow | None = None
    quotes: list[QuoteRow] = field(default_factory=list)  # one page of statements, newest first
    candidates: list[PersonMatch] = field(default_factory=list)  # when the name is ambiguous
    suggestions: list[str] = field(default_factory=list)  # closest known names when it is unknown or fuzzy
    total: int = 0  # statements in the record (after merging outlets), at least this many when not complete
    complete: bool = True  # False when the record is longer than one scan reads (total is a lower bound)
    page: int = 1
    per_page: int = 10

    @property
    def has_more(self) -> bool:
        return self.page * self.per_page < self.total or (not self.complete and bool(self.quotes))


@dataclass(frozen=True, slots=True)
class OfficialRow:
    person_id: int
    name: str
    title: str | None
    mentions: int  # articles naming them
    last_seen: datetime | None
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FigureRow:
    text: str
    value: float | None
    unit: str | None
    counts: str
    qualifier: str | None
    sentence: str
    article_id: int
    article_title: str
    url: str | None
    source: str | None
    published: datetime


@dataclass(slots=True)
class ArticleRow:
    id: int
    feed_id: int | None
    title: str
    url: str | None
    source: str | None
    published: datetime
    summary: str
    relevance: float | None
    relevant: bool | None
    announce: bool
    stored_at: datetime | None = None  # when newsbot stored it (``published`` is the outlet's date)
    quotes: list[QuoteRow] = field(default_factory=list)
    officials: list[OfficialRow] = field(default_factory=list)  # mentions = 1: counted in this article
    figures: list[FigureRow] = field(default_factory=list)
    event_frame: dict[str, Any] | None = None  # as extraction read it (bot.publishing.frames' JSON)


@dataclass(frozen=True, slots=True)
class ChannelRow:
    id: int
    platform: str
    external_id: str
    name: str | None
    schedule: str | None
    last_digest_at: datetime | None


@dataclass(frozen=True, slots=True)
class WatchRow:
    id: int
    channel_id: int
    kind: str  # person | keyword
    value: str


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: int
    key: str
    headline: str
    first_seen: datetime
    updated_at: datetime
    article_ids: list[int]


@dataclass(frozen=True, slots=True)
class PostRow:
    id: int
    channel_id: int
    kind: str  # story | alert | update | chart
    story_id: int | None  # story, alert
    parent_post_id: int | None  # update: the post whose thread it answers
    newest_article_id: int | None  # update: the newest report it shows
    chart_week: str | None  # chart: ISO week
    state: str  # intent | sent
    external_id: str | None
    thread_ref: str | None
    created_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class AlertBudget:
    """At most ``limit`` alerts to a channel created since ``since``, counted across every worker."""

    limit: int
    since: datetime


class BudgetSpent(Exception):
    """The channel has had its alerts for now: nothing was claimed."""


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An item ready to store, with its dedupe keys: (feed, GUID), canonical URL, content hash."""

    feed_id: int | None
    guid: str | None
    url: str | None
    canonical_url: str | None
    content_hash: str  # of the title and text: every article has one
    title: str
    published: datetime | None  # None: dated when stored
    source: str | None
    text: str
    summary: str
    announce: bool


@dataclass(frozen=True, slots=True)
class FeedSuccess:
    """A poll that went through: the validators to keep (written with the feed's items) and the next poll."""

    etag: str | None
    last_modified: str | None
    next_poll_at: datetime
    title: str | None
    now: datetime


@dataclass(frozen=True, slots=True)
class FeedFailure:
    """A poll that failed: why, and when to try again."""

    error: str
    error_kind: str
    next_poll_at: datetime
    now: datetime


@dataclass(frozen=True, slots=True)
class PolledFeed:
    """One feed's share of a batched write: its new items and, once its poll is over, its outcome (which
    ends its lease). Written in one transaction, so validators never outlive the items they vouch for."""

    feed_id: int
    articles: tuple[NewArticle, ...] = ()
    outcome: FeedSuccess | FeedFailure | None = None
