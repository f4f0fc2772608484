"""Terminal rendering of command results and digests (rich); plain text when not on a terminal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import assert_never

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.commands import attribution
from bot.commands import results as rs
from bot.publishing.digest import Digest
from bot.storage.rows import QuoteRow
from bot.web_links import STORY_LINK_TEXT


def _date(d: datetime | None) -> str:
    return f"{d:%Y-%m-%d}" if d else "undated"


def _quote_line(q: QuoteRow) -> Text:
    """One statement (a paraphrase as a sentence with its speaker and verb) and every outlet that carried it."""
    t = Text()
    if q.kind == "direct":
        t.append(f"“{attribution.direct_words(q.text)}”")
    else:
        t.append(attribution.paraphrase(q), style="italic")
    for src in q.all_sources():
        t.append(f"\n    {_date(src.published)} · {src.source or 'unknown outlet'}", style="dim")
        if src.url:
            t.append(f" · {src.url}", style="dim")
    return t


def _no_one(a: rs.WhoSaidAnswer) -> str:
    """The answer to a name nobody exactly has: never a guess, at most the names it might be."""
    msg = f"No one called “{a.query}” in the news I have."
    if a.suggestions:
        msg += " Did you mean: " + ", ".join(a.suggestions) + "?"
    return msg


def render_whosaid(a: rs.WhoSaidAnswer) -> RenderableType:
    if a.person is None and a.candidates:
        lines = [Text(f"“{a.query}” matches several people; which one?", style="bold")]
        lines += [Text(f"  • {p.name}" + (f" — {p.title}" if p.title else "")) for p in a.candidates]
        return Group(*lines)
    if a.person is None:
        return Text(_no_one(a))
    head = a.person.name + (f" — {a.person.title}" if a.person.title else "")
    if not a.quotes:
        about = f" about “{a.about}”" if a.about else ""
        where = " on that page" if a.page > 1 and a.total else " in that window" if a.since else ""
        return Text(f"{head}: no statements found{about}{where}.")
    parts: list[RenderableType] = [Text(a.counted() + ":", style="dim")]
    if a.direct:
        parts.append(Text("Said:", style="bold"))
        parts += [_quote_line(q) for q in a.direct]
    if a.paraphrased:
        parts.append(Text("Paraphrased (reported speech):", style="bold"))
        parts += [_quote_line(q) for q in a.paraphrased]
    if (more := a.next_command()) is not None:
        parts.append(Text(f"More: /whosaid {more}", style="bold"))
    if a.export is not None and (too_large := a.export.too_large_note(a.person.name)):
        parts.append(Text(too_large, style="dim"))
    elif a.export is not None:
        parts.append(Text(f"Export: {a.export.statements} statements as {a.export.filename} "
                          "(here, write it with: newsbot export quotes --person NAME)", style="dim"))
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
            body.append(f"\n{STORY_LINK_TEXT} {item.page_url}", style="bold")
        parts.append(Panel(body, title=f"{n}. {escape(item.headline)}", title_align="left"))
    header = Text(f"{d.title} — {len(d.items)} stories since {d.since:%Y-%m-%d %H:%M} UTC", style="bold")
    return Group(header, *parts)


def _officials(a: rs.OfficialsAnswer) -> RenderableType:
    if not a.officials:
        return Text("No officials found" + (f" for “{a.query}”." if a.query else ".") + a.did_you_mean())
    t = Table("Official", "Title", "Mentions", "Last seen", title="Officials in the news")
    for o in a.officials:
        t.add_row(o.name, o.title or "", str(o.mentions), _date(o.last_seen))
    return t


def _figures(a: rs.FiguresAnswer) -> RenderableType:
    if not a.figures:
        return Text("No figures found" + (f" for “{a.query}”." if a.query else "."))
    t = Table("Figure", "Counts", "Source", "Date", title="Figures in the news")
    for f in a.figures:
        t.add_row(f.text, f.counts, f.source or "", _date(f.published))
    return Group(t, Text(f"{a.page_text} {a.page_url}", style="bold")) if a.page_url else t


def render(result: rs.Result) -> RenderableType:
    """A command result for the terminal; a Result type without a case here fails the type check."""
    match result:
        case rs.WhoSaidAnswer():
            return render_whosaid(result)
        case rs.DigestAnswer(digest):
            return render_digest(digest)
        case rs.OfficialsAnswer():
            return _officials(result)
        case rs.FiguresAnswer():
            return _figures(result)
        case rs.NewsAnswer():
            return _news(result)
        case rs.FeedsAnswer():
            return _feeds(result)
        case rs.FeedPreview():
            return _preview(result)
        case rs.FiltersAnswer():
            return _filters(result)
        case rs.FileAnswer(filename, content, text):
            return Group(Text(f"{text} ({filename})"), Text(content.decode("utf-8")))
        case rs.HelpAnswer():
            return _help(result)
        case rs.Notice(text, ok, buttons):
            tries = "".join(f"\n  {label}: {command}" for label, command in buttons)
            return Text(text + tries, style="" if ok or buttons else "bold red")
        case rs.UsageAnswer(message, usage):
            return Text(message + (f"\nusage: {usage}" if usage else ""), style="yellow")
        case _:
            assert_never(result)


def _news(a: rs.NewsAnswer) -> RenderableType:
    if not a.articles:
        return Text(f"No recent stories about “{a.query}”.")
    return Group(
        *(
            Text.assemble(
                (x.title, "bold"),
                f"\n  {x.source or ''} · {_date(x.published)} · {x.url or ''}",
                (f"\n  {STORY_LINK_TEXT} {page}", "bold") if (page := a.page_of(x)) else "",
            )
            for x in a.articles
        )
    )


def _feeds(a: rs.FeedsAnswer) -> Table:
    t = Table("ID", "Name", "URL", "Failures", "Last error", "Status", title="Feeds")
    for feed in a.feeds:
        t.add_row(str(feed.id), feed.name or "", feed.url, str(feed.failures), feed.last_error or "",
                  rs.feed_status(feed))
    return t


def _preview(a: rs.FeedPreview) -> RenderableType:
    head = Text(f"{a.note} {a.items} items found, {a.relevant} on the topic.")
    if a.newest is None:
        return head
    when = a.newest.updated or datetime.now(UTC)
    return Group(head, render_digest(Digest(since=when, generated_at=when, items=[a.newest], title="Newest")))


def _filters(a: rs.FiltersAnswer) -> Table:
    t = Table("ID", "Filter", title="This channel's filters")
    for rule in a.filters:
        t.add_row(str(rule.id), f"{rule.kind}:{rule.value}")
    return t


def _help(a: rs.HelpAnswer) -> Table:
    t = Table("Command", "What it does", title="newsbot commands")
    for c in a.commands:
        t.add_row(c.usage, c.summary + (" (admins)" if c.admin else ""))
    return t


def print_result(result: rs.Result, console: Console | None = None) -> None:
    (console or Console()).print(render(result))
