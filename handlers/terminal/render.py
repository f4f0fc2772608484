"""Terminal rendering of command results and digests (rich); plain text when not on a terminal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import assert_never

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.commands import results as rs
from bot.publishing.digest import Digest
from bot.storage.rows import QuoteRow


def _date(d: datetime | None) -> str:
    return f"{d:%Y-%m-%d}" if d else "undated"


def _quote_line(q: QuoteRow, label_paraphrase: bool) -> Text:
    t = Text()
    if q.kind == "direct":
        t.append(f"“{q.text}”")
    else:
        t.append("(paraphrase) " if label_paraphrase else "", style="italic")
        t.append(q.text, style="italic")
    t.append(f"\n    {_date(q.published)} · {q.source or 'unknown outlet'}", style="dim")
    if q.url:
        t.append(f" · {q.url}", style="dim")
    return t


def render_whosaid(a: rs.WhoSaidAnswer) -> RenderableType:
    if a.person is None and a.candidates:
        lines = [Text(f"“{a.query}” matches several people; which one?", style="bold")]
        lines += [Text(f"  • {p.name}" + (f" — {p.title}" if p.title else "")) for p in a.candidates]
        return Group(*lines)
    if a.person is None:
        msg = f"No one called “{a.query}” in the news I have."
        if a.suggestions:
            msg += " Closest known names: " + ", ".join(a.suggestions) + "."
        return Text(msg)
    head = a.person.name + (f" — {a.person.title}" if a.person.title else "")
    if not a.quotes:
        return Text(f"{head}: no statements found" + (" in that window." if a.since else "."))
    parts: list[RenderableType] = []
    if a.direct:
        parts.append(Text("Said:", style="bold"))
        parts += [_quote_line(q, False) for q in a.direct]
    if a.paraphrased:
        parts.append(Text("Paraphrased (reported speech):", style="bold"))
        parts += [_quote_line(q, True) for q in a.paraphrased]
    if a.record:  # the person's page (web.base_url set)
        parts.append(Text(f"{a.record.text} {a.record.url}", style="bold"))
    return Panel(Group(*parts), title=escape(head), title_align="left")


def render_digest(d: Digest) -> RenderableType:
    if d.empty:
        return Text(d.empty_message)
    parts: list[RenderableType] = []
    for n, item in enumerate(d.items, 1):
        body = Text()
        body.append(item.summary + "\n")
        if item.officials:
            body.append("Officials: ", style="bold")
            body.append("; ".join(f"{n_} ({t})" if t else n_ for n_, t in item.officials) + "\n")
        if item.figures:
            body.append("Figures: ", style="bold")
            body.append("; ".join(f"{txt} {counts}".strip() for txt, counts in item.figures) + "\n")
        if item.quote:
            q = item.quote
            words = f"“{q.text}”" if q.kind == "direct" else f"(paraphrase) {q.text}"
            body.append("Quote: ", style="bold")
            body.append(f"{words} — {q.speaker}\n", style="italic")
        body.append("Sources: ", style="bold")
        body.append(" | ".join(f"{s.outlet}: {s.url or s.title}" for s in item.sources), style="dim")
        if item.page_url:
            body.append(f"\nFull story: {item.page_url}", style="bold")
        parts.append(Panel(body, title=f"{n}. {escape(item.headline)}", title_align="left"))
    header = Text(f"{d.title} — {len(d.items)} stories since {d.since:%Y-%m-%d %H:%M} UTC", style="bold")
    return Group(header, *parts)


def render(result: rs.Result) -> RenderableType:
    """A command result for the terminal; a Result type without a case here fails the type check."""
    match result:
        case rs.WhoSaidAnswer():
            return render_whosaid(result)
        case rs.DigestAnswer(digest):
            return render_digest(digest)
        case rs.OfficialsAnswer(query, officials):
            if not officials:
                return Text("No officials found" + (f" for “{query}”." if query else "."))
            t = Table("Official", "Title", "Mentions", "Last seen", title="Officials in the news")
            for o in officials:
                t.add_row(o.name, o.title or "", str(o.mentions), _date(o.last_seen))
            return t
        case rs.FiguresAnswer(query, figures):
            if not figures:
                return Text("No figures found" + (f" for “{query}”." if query else "."))
            t = Table("Figure", "Counts", "Source", "Date", title="Figures in the news")
            for f in figures:
                t.add_row(f.text, f.counts, f.source or "", _date(f.published))
            return t
        case rs.NewsAnswer(query, articles):
            if not articles:
                return Text(f"No recent stories about “{query}”.")
            return Group(
                *(
                    Text.assemble((a.title, "bold"), f"\n  {a.source or ''} · {_date(a.published)} · {a.url or ''}")
                    for a in articles
                )
            )
        case rs.FeedsAnswer(feeds):
            t = Table("ID", "Name", "URL", "Failures", "Last error", "Status", title="Feeds")
            for feed in feeds:
                t.add_row(
                    str(feed.id),
                    feed.name or "",
                    feed.url,
                    str(feed.failures),
                    feed.last_error or "",
                    rs.feed_status(feed),
                )
            return t
        case rs.FeedPreview(_, items, relevant, newest, note):
            head = Text(f"{note} {items} items found, {relevant} on the topic.")
            if newest is None:
                return head
            when = newest.updated or datetime.now(UTC)
            return Group(head, render_digest(Digest(since=when, generated_at=when, items=[newest], title="Newest")))
        case rs.FiltersAnswer(filters):
            t = Table("ID", "Filter", title="This channel's filters")
            for rule in filters:
                t.add_row(str(rule.id), f"{rule.kind}:{rule.value}")
            return t
        case rs.FileAnswer(filename, content, text):
            return Group(Text(f"{text} ({filename})"), Text(content.decode("utf-8")))
        case rs.HelpAnswer(commands):
            t = Table("Command", "What it does", title="newsbot commands")
            for c in commands:
                t.add_row(c.usage, c.summary + (" (admins)" if c.admin else ""))
            return t
        case rs.Notice(text, ok):
            return Text(text, style="" if ok else "bold red")
        case rs.UsageAnswer(message, usage):
            return Text(message + (f"\nusage: {usage}" if usage else ""), style="yellow")
        case _:
            assert_never(result)


def print_result(result: rs.Result, console: Console | None = None) -> None:
    (console or Console()).print(render(result))
