"""Plain results of commands: the core answers with these, each platform renders them its own way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.commands.parse import CommandSpec
from bot.infra.clock import utcnow
from bot.publishing.digest import Digest, DigestItem
from bot.storage.rows import ArticleRow, FeedRow, FigureRow, FilterRow, OfficialRow, PersonMatch, PersonRow, QuoteRow
from bot.web_links import RecordLink


@dataclass(slots=True)
class WhoSaidAnswer:
    query: str
    person: PersonRow | None
    quotes: list[QuoteRow] = field(default_factory=list)
    candidates: list[PersonMatch] = field(default_factory=list)  # ambiguous name: choose one
    suggestions: list[str] = field(default_factory=list)  # unknown name: closest known names
    since: timedelta | None = None
    record: RecordLink | None = None  # the person's page, when web.base_url is set

    @property
    def direct(self) -> list[QuoteRow]:
        return [q for q in self.quotes if q.kind == "direct"]

    @property
    def paraphrased(self) -> list[QuoteRow]:
        return [q for q in self.quotes if q.kind != "direct"]


@dataclass(slots=True)
class OfficialsAnswer:
    query: str | None
    officials: list[OfficialRow]


@dataclass(slots=True)
class FiguresAnswer:
    query: str | None
    figures: list[FigureRow]


@dataclass(slots=True)
class NewsAnswer:
    query: str
    articles: list[ArticleRow]


@dataclass(slots=True)
class DigestAnswer:
    digest: Digest


@dataclass(slots=True)
class FeedsAnswer:
    feeds: list[FeedRow]
    channel: bool = False  # one channel's feeds (its subscriptions and the shared ones), not every feed


def feed_status(feed: FeedRow, now: datetime | None = None) -> str:
    """A feed's health in words, for lists and notices: "ok, last success 2 h ago" or "failing (6 in a row):
    connection refused"."""
    if feed.failures:
        reason = " ".join((feed.last_error or feed.last_error_kind or "unknown error").split())[:200]
        return f"failing ({feed.failures} in a row): {reason}"
    if feed.last_success_at is None:
        return "not polled yet"
    ago = (now or utcnow()) - feed.last_success_at
    return f"ok, last success {_ago(ago)}"


def _ago(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // (24 * 60)} days ago"


@dataclass(slots=True)
class FeedPreview:
    """What ``/feeds add`` found on its one fetch: the feed, its items, how many are on the topic, and the
    newest relevant one as the channel's digest will show it."""

    feed: FeedRow
    items: int
    relevant: int
    newest: DigestItem | None
    note: str  # "Subscribed this channel to …" / "Test of feed …"
    public: bool = False  # /feeds test: shown to the channel, not only to who asked


@dataclass(slots=True)
class FiltersAnswer:
    filters: list[FilterRow]


@dataclass(slots=True)
class FileAnswer:
    """A file to upload to the channel (``/feeds export``), with a line saying what it is."""

    filename: str
    content: bytes
    text: str


@dataclass(slots=True)
class HelpAnswer:
    commands: list[CommandSpec]
    command: str | None = None


@dataclass(slots=True)
class Notice:
    """A short confirmation or refusal ("Digest schedule set …", "Only admins can …")."""

    text: str
    ok: bool = True


@dataclass(slots=True)
class UsageAnswer:
    message: str
    usage: str | None


Result = (
    WhoSaidAnswer | OfficialsAnswer | FiguresAnswer | NewsAnswer | DigestAnswer | FeedsAnswer
    | FeedPreview | FiltersAnswer | FileAnswer | HelpAnswer | Notice | UsageAnswer
)
