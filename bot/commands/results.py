"""Plain results of commands: the core answers with these, each platform renders them its own way."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.commands import requests as rq
from bot.commands.export import ExportFile
from bot.commands.parse import CommandSpec
from bot.publishing.digest import Digest
from bot.storage.rows import ArticleRow, FeedRow, FigureRow, OfficialRow, PersonMatch, PersonRow, QuoteRow


@dataclass(slots=True)
class WhoSaidAnswer:
    query: str
    person: PersonRow | None
    quotes: list[QuoteRow] = field(default_factory=list)
    candidates: list[PersonMatch] = field(default_factory=list)  # ambiguous name: choose one
    suggestions: list[str] = field(default_factory=list)  # unknown or fuzzily matched name: "Did you mean"
    since: timedelta | None = None
    total: int = 0  # statements in the record (one per statement, however many outlets carried it)
    complete: bool = True  # False: the record is longer than was read, ``total`` is a lower bound
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
        return self.page * self.limit < self.total or (not self.complete and len(self.quotes) == self.limit)

    def request(self, page: int | None = None, name: str | None = None) -> rq.WhoSaid:
        """The request that asks this again: for another page, or for a suggested name (page 1)."""
        return rq.WhoSaid(name or self.query, self.since, self.limit, page or (1 if name else self.page), self.about)

    def next_command(self) -> str | None:
        """The /whosaid text of the next page (a "More" button's value), None on the last page."""
        return self.request(self.page + 1).command_text() if self.has_more else None

    def counted(self) -> str:
        """ "5 of 23 statements, newest first" (or "21–25 of 1000+ …" on a later page of a long record)."""
        n = len(self.quotes)
        shown = f"{n}" if self.page == 1 else f"{self.first}–{self.first + n - 1}"
        count = max(self.total, self.first + n - 1)
        total = f"{count}" + ("" if self.complete else "+")
        noun = "statement" if count == 1 and self.complete else "statements"
        about = f" about “{self.about}”" if self.about else ""
        return f"{shown} of {total} {noun}{about}, newest first"

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
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (label, command text to run, with its slash)


@dataclass(slots=True)
class UsageAnswer:
    message: str
    usage: str | None


Result = (
    WhoSaidAnswer | OfficialsAnswer | FiguresAnswer | NewsAnswer | DigestAnswer | FeedsAnswer
    | HelpAnswer | Notice | UsageAnswer
)
