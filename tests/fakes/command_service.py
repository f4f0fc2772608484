"""A stand-in for CommandService (the real parser and admin rule, canned answers, recorded calls) and canned rows."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.commands import requests as rq
from bot.commands import results as rs
from bot.commands.parse import UsageError, parse_command
from bot.commands.service import TERMINAL, CommandContext
from bot.publishing.digest import Digest, DigestItem, DigestQuote, DigestSource
from bot.storage.rows import PersonMatch, PersonRow, QuoteRow

Answer = rs.Result | Callable[[rq.Request], rs.Result]

COMMAND_OF: dict[type, str] = {  # the command each request comes from, which picks the canned answer
    rq.WhoSaid: "whosaid",
    rq.Officials: "officials",
    rq.Figures: "figures",
    rq.News: "news",
    rq.DigestNow: "digest",
    rq.DigestSchedule: "digest",
    rq.DigestOff: "digest",
    rq.Watch: "watch",
    rq.Unwatch: "unwatch",
    rq.FeedsAdd: "feeds",
    rq.FeedsRemove: "feeds",
    rq.FeedsList: "feeds",
    rq.Help: "newsbot",
}


@dataclass
class CannedService:
    answers: dict[str, Answer] = field(default_factory=dict)  # command name (no slash) → answer
    delay: float = 0.0  # seconds each answer takes
    calls: list[tuple[rq.Request, CommandContext]] = field(default_factory=list)  # the typed requests answered
    names: list[str] = field(default_factory=list)  # known people, for autocomplete

    async def answer(self, request: rq.Request, ctx: CommandContext = TERMINAL) -> rs.Result:
        self.calls.append((request, ctx))
        if isinstance(request, rq.ADMIN_REQUESTS) and not ctx.is_admin:
            return rs.Notice("Only workspace admins can change feeds.", ok=False)
        if self.delay:
            await asyncio.sleep(self.delay)
        answer = self.answers[COMMAND_OF[type(request)]]
        return answer(request) if callable(answer) else answer

    async def handle(self, text: str, command: str | None = None, ctx: CommandContext = TERMINAL) -> rs.Result:
        """Text in, as ``CommandService.handle``: parsed by the real parser, then ``answer``."""
        try:
            request = parse_command(text, command)
        except UsageError as e:
            return rs.UsageAnswer(str(e), e.usage)
        return await self.answer(request, ctx)

    async def complete_names(self, prefix: str, limit: int = 25) -> list[str]:
        want = prefix.casefold()
        return [n for n in self.names if any(w.casefold().startswith(want) for w in [n, *n.split()])][:limit]


# ---- canned rows ----------------------------------------------------------------------------------

WHEN = datetime(2024, 12, 12, 15, 0, tzinfo=UTC)


def quote(text: str, kind: str = "direct", speaker: str = "Tom Homan", n: int = 1) -> QuoteRow:
    return QuoteRow(
        text=text,
        kind=kind,
        cue="said",
        speaker=speaker,
        person_id=1,
        published=WHEN,
        article_id=n,
        article_title=f"Story {n} <b> & more",
        url=f"https://news.example/{n}?a=1&b=2",
        source="Example News",
    )


def person(name: str = "Tom Homan", title: str | None = "border czar", pid: int = 1) -> PersonRow:
    return PersonRow(id=pid, name=name, title=title, aliases=[])


def match(name: str, title: str | None, pid: int) -> PersonMatch:
    return PersonMatch(id=pid, name=name, title=title, mentions=3, last_seen=WHEN, score=90.0)


def digest_item(n: int, summary: str = "A summary.", quote_text: str = "We will act.") -> DigestItem:
    return DigestItem(
        story_key=f"a{n}",
        headline=f"Headline {n}",
        summary=summary,
        officials=[("Tom Homan", "border czar"), ("Eric Adams", "mayor")],
        figures=[("1,200", "people in shelters")],
        quote=DigestQuote("Tom Homan", quote_text, "direct", "Example News", f"https://news.example/{n}"),
        sources=[DigestSource("Example News", f"Headline {n}", f"https://news.example/{n}", WHEN)],
        score=1.0 / n,
        updated=WHEN,
    )


def digest(items: list[DigestItem]) -> Digest:
    return Digest(since=WHEN - timedelta(days=1), generated_at=WHEN, items=items)
