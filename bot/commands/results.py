"""Plain results of commands: the core answers with these, each platform renders them its own way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.commands.parse import CommandSpec
from bot.publishing.digest import Digest
from bot.storage.rows import ArticleRow, FeedRow, FigureRow, OfficialRow, PersonMatch, PersonRow, QuoteRow
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
    | HelpAnswer | Notice | UsageAnswer
)
