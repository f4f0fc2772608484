"""Command results and digests as Markdown (CommonMark): for docs, e-mail, or any chat that reads Markdown
(``newsbot digest --format markdown``, ``newsbot ask --format markdown``).

Outside text is escaped so a headline cannot open a link, a heading or emphasis of its own.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import assert_never

from bot.commands import attribution
from bot.commands import results as rs
from bot.publishing.digest import Digest, DigestItem
from bot.storage.rows import QuoteRow
from bot.web_links import STORY_LINK_TEXT

WHEN_UNKNOWN = datetime(1970, 1, 1, tzinfo=UTC)  # a preview item without a date
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
_LINE_START = re.compile(r"^(\s*)([-=]|\d+[.)])")  # would start a list item or a setext heading


def escape(text: str, line_start: bool = False) -> str:
    """Outside text on one line, inert; ``line_start`` when it begins a line (a list marker must not act)."""
    out = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(r"\1\\\2", out) if line_start else out


def link(text: str, url: str | None) -> str:
    if not url or not url.startswith(("http://", "https://")):
        return escape(text)
    return f"[{escape(text)}](<{url.replace('<', '%3C').replace('>', '%3E')}>)"


def render_item(n: int, item: DigestItem) -> str:
    first = next((s.url for s in item.sources if s.url), None)
    lines = [f"### {n}. {link(item.headline, first)}", ""]
    if item.summary:
        lines += [escape(item.summary, line_start=True), ""]
    if item.officials:
        people = "; ".join(
            f"{escape(name)} — {escape(title)}" if title else escape(name) for name, title in item.officials
        )
        lines.append(f"- **Officials:** {people}")
    if item.figures:
        lines.append("- **Figures:** " + "; ".join(f"**{escape(t)}** {escape(c)}" for t, c in item.figures))
    if item.quote:
        q = item.quote
        words = f"“{escape(q.text)}”" if q.kind == "direct" else f"*(paraphrase)* {escape(q.text)}"
        lines.append(f"- **Quote:** {words} — {escape(q.speaker)}" + (f", {link(q.outlet, q.url)}" if q.outlet else ""))
    if item.sources:
        sources = " · ".join(
            link(s.outlet or s.title, s.url) + (f" ({s.published:%Y-%m-%d})" if s.published else "")
            for s in item.sources
        )
        lines.append(f"- **Sources ({len(item.sources)}):** {sources}")
    if item.page_url:
        lines.append(f"- **Record:** {link(STORY_LINK_TEXT, item.page_url)}")
    return "\n".join(lines)


def render_digest(digest: Digest) -> str:
    head = f"# {escape(digest.title)}\n\n"
    if digest.empty:
        return head + escape(digest.empty_message, line_start=True) + "\n"
    n = len(digest.items)
    head += f"*{n} stor{'y' if n == 1 else 'ies'} since {digest.since:%Y-%m-%d %H:%M} UTC*\n\n"
    return head + "\n\n".join(render_item(i, item) for i, item in enumerate(digest.items, 1)) + "\n"


def _date(when: datetime | None) -> str:
    return f"{when:%Y-%m-%d}" if when else "undated"


def _quote(q: QuoteRow) -> str:
    """A statement (paraphrase as a sentence with speaker and verb) and every outlet that carried it."""
    if q.kind == "direct":
        words = f"“{escape(attribution.direct_words(q.text))}”"
    else:
        words = f"*(paraphrase)* {escape(attribution.paraphrase(q))}"
    sources = " · ".join(f"{link(s.source or 'source', s.url)}, {_date(s.published)}" for s in q.all_sources())
    return f"- {words} — {sources}"


def _whosaid(a: rs.WhoSaidAnswer) -> str:
    if a.person is None and a.candidates:
        people = [f"- {escape(p.name)}" + (f" — {escape(p.title)}" if p.title else "") for p in a.candidates]
        return "\n".join([f"“{escape(a.query)}” matches several people; which one?", "", *people])
    if a.person is None:
        closest = f" Did you mean: {escape(', '.join(a.suggestions))}?" if a.suggestions else ""
        return f"No one called “{escape(a.query)}” in the news I have.{closest}"
    head = f"## What {escape(a.person.name)} said" + (f" — {escape(a.person.title)}" if a.person.title else "")
    if not a.quotes:
        return f"{head}\n\nNo statements found."
    lines = [head, "", f"*{escape(a.counted())}*", "", *(_quote(q) for q in a.quotes)]
    if (more := a.next_command()) is not None:
        lines += ["", f"More: `/whosaid {more}`"]
    if a.export is not None and (too_large := a.export.too_large_note(a.person.name)):
        lines += ["", escape(too_large)]
    elif a.export is not None:
        lines += ["", f"Export: {a.export.statements} statements as `{a.export.filename}` (`newsbot export quotes`)"]
    return "\n".join(lines)


def _list(title: str, query: str | None, lines: list[str], empty: str) -> str:
    about = f": {escape(query)}" if query else ""
    if not lines:
        return empty + (f" for “{escape(query)}”." if query else ".")
    return "\n".join([f"## {title}{about}", "", *lines])


def _figures(a: rs.FiguresAnswer) -> str:
    lines = [
        f"- **{escape(f.text)}** {escape(f.counts)} — {link(f.source or 'source', f.url)}, {_date(f.published)}"
        for f in a.figures
    ]
    text = _list("Figures in the news", a.query, lines, "No figures found")
    return text + (f"\n\n{link(a.page_text, a.page_url)}" if a.page_url else "")


def _news(a: rs.NewsAnswer) -> str:
    if not a.articles:
        return f"No recent stories about “{escape(a.query)}”."
    lines = [
        f"- {link(x.title, x.url)} — {escape(x.source or 'unknown outlet')}, {_date(x.published)}"
        + (f" · {link(STORY_LINK_TEXT, page)}" if (page := a.page_of(x)) else "")
        for x in a.articles
    ]
    return _list("News", a.query, lines, "No recent stories")


def render(result: rs.Result) -> str:
    """A command result as Markdown; a Result type without a case here fails the type check."""
    match result:
        case rs.WhoSaidAnswer():
            text = _whosaid(result)
        case rs.OfficialsAnswer(query, officials) if not officials and result.suggestions:
            text = f"No officials found for “{escape(query or '')}”.{escape(result.did_you_mean())}"
        case rs.OfficialsAnswer(query, officials):
            text = _list(
                "Officials in the news",
                query,
                [
                    f"- **{escape(o.name)}** — {escape(o.title) if o.title else 'no title seen'} · {o.mentions} "
                    f"mention{'s' if o.mentions != 1 else ''} · last seen {_date(o.last_seen)}"
                    for o in officials
                ],
                "No officials found",
            )
        case rs.FiguresAnswer():
            text = _figures(result)
        case rs.NewsAnswer():
            text = _news(result)
        case rs.DigestAnswer(digest):
            return render_digest(digest)
        case rs.FeedsAnswer(feeds):
            lines = [
                f"- `{f.id}` {link(f.name or f.url, f.url)}"
                + (f" — failing ({f.failures}×): {escape(f.last_error or '')}" if f.failures else "")
                for f in feeds
            ]
            text = "\n".join(["## Feeds", "", *lines]) if lines else "No feeds yet."
        case rs.FeedPreview(_, items, relevant, newest, note):
            text = escape(f"{note} {items} items found, {relevant} on the topic.", line_start=True)
            if newest is not None:
                text += "\n\n" + render_digest(
                    Digest(
                        since=newest.updated or WHEN_UNKNOWN,
                        generated_at=newest.updated or WHEN_UNKNOWN,
                        items=[newest],
                        title="Newest item",
                    )
                ).rstrip("\n")
        case rs.FiltersAnswer(filters):
            lines = [f"- `{f.id}` {escape(f.kind)}:{escape(f.value)}" for f in filters]
            text = "\n".join(["## Filters", "", *lines]) if lines else "No filters."
        case rs.FileAnswer(filename, content, note):
            text = f"{escape(note, line_start=True)} (`{filename}`)\n\n```xml\n{content.decode('utf-8')}```"
        case rs.HelpAnswer(commands):
            lines = [f"- `{c.usage}` — {escape(c.summary)}" + (" (admins)" if c.admin else "") for c in commands]
            text = "\n".join(["## newsbot commands", "", *lines])
        case rs.Notice(notice, ok, buttons):
            text = escape(notice, line_start=True) if ok else f"**{escape(notice)}**"
            text += "".join(f"\n- {escape(label)}: `{command}`" for label, command in buttons)
        case rs.UsageAnswer(message, usage):
            text = escape(message, line_start=True) + (f"\n\nUsage: `{usage}`" if usage else "")
        case _:
            assert_never(result)
    return text + "\n"
