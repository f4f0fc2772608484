"""Plain results of commands: the core answers with these, each platform renders them its own way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.commands import requests as rq
from bot.commands.export import ExportFile
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
    suggestions: list[str] = field(default_factory=list)  # unknown or fuzzily matched name: "Did you mean"
    since: timedelta | None = None
    record: RecordLink | None = None  # the person's page, when web.base_url is set
    total: int = 0  # statements in the record (one per statement, however many outlets carried it)
    page: int = 1
    limit: int = rq.DEFAULT_LIMIT
    about: str | None = None
    export: ExportFile | None = None  # the whole record as CSV, when asked for with "export"

    @property
    def first(self) -> int:
        """1-based position of this page's first statement."""
        return (self.page - 1) * self.limit + 1

    @property
    def has_more(self) -> bool:
        return self.page * self.limit < self.total

    def request(self, page: int | None = None, name: str | None = None) -> rq.WhoSaid:
        """The request that asks this again: for another page, or for a suggested name (page 1)."""
        return rq.WhoSaid(name or self.query, self.since, self.limit, page or (1 if name else self.page), self.about)

    def next_command(self) -> str | None:
        """The /whosaid text of the next page (a "More" button's value), None on the last page."""
        return self.request(self.page + 1).command_text() if self.has_more else None

    def counted(self) -> str:
        """ "5 of 23 statements, newest first" (or "21–25 of 1,234 …" on a later page): the whole record counted."""
        n = len(self.quotes)
        shown = f"{n}" if self.page == 1 else f"{self.first:,}–{self.first + n - 1:,}"
        count = max(self.total, self.first + n - 1)
        noun = "statement" if count == 1 else "statements"
        about = f" about “{self.about}”" if self.about else ""
        return f"{shown} of {count:,} {noun}{about}, newest first"

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
    suggestions: list[str] = field(default_factory=list)  # nobody matched: names the query is near

    def buttons(self) -> list[tuple[str, str]]:
        """(label, command) of each suggested name: /officials for that person."""
        return [(n, f"/officials {rq.quote_word(n)}") for n in self.suggestions]

    def did_you_mean(self) -> str:
        return f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""


@dataclass(slots=True)
class FiguresAnswer:
    query: str | None
    figures: list[FigureRow]
    page_url: str | None = None  # the figures page for the same words, when pages are on

    @property
    def page_text(self) -> str:
        """The page link's words: "All figures for “deportations”: table and chart →"."""
        return f"All figures{f' for “{self.query}”' if self.query else ''}: table and chart →"


@dataclass(slots=True)
class NewsAnswer:
    query: str
    articles: list[ArticleRow]
    story_pages: dict[int, str] = field(default_factory=dict)  # article id → its story's page, when stored

    def page_of(self, article: ArticleRow) -> str | None:
        return self.story_pages.get(article.id)


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
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (label, command text to run, with its slash)


@dataclass(slots=True)
class UsageAnswer:
    message: str
    usage: str | None


Result = (
    WhoSaidAnswer | OfficialsAnswer | FiguresAnswer | NewsAnswer | DigestAnswer | FeedsAnswer
    | FeedPreview | FiltersAnswer | FileAnswer | HelpAnswer | Notice | UsageAnswer
)
