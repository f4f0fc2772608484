"""Digests as Markdown (CommonMark): for docs, e-mail, or any chat that reads Markdown.

Outside text is escaped so a headline cannot open a link, a heading or emphasis of its own.
"""

from __future__ import annotations

import re

from bot.publishing.digest import Digest, DigestItem

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
        people = "; ".join(f"{escape(name)} — {escape(title)}" if title else escape(name) for name, title in item.officials)
        lines.append(f"- **Officials:** {people}")
    if item.figures:
        lines.append("- **Figures:** " + "; ".join(f"**{escape(t)}** {escape(c)}" for t, c in item.figures))
    if item.quote:
        q = item.quote
        words = f"“{escape(q.text)}”" if q.kind == "direct" else f"*(paraphrase)* {escape(q.text)}"
        lines.append(f"- **Quote:** {words} — {escape(q.speaker)}" + (f", {link(q.outlet, q.url)}" if q.outlet else ""))
    if item.sources:
        sources = " · ".join(
            link(s.outlet or s.title, s.url) + (f" ({s.published:%Y-%m-%d})" if s.published else "") for s in item.sources
        )
        lines.append(f"- **Sources ({len(item.sources)}):** {sources}")
    return "\n".join(lines)


def render_digest(digest: Digest) -> str:
    head = f"# {escape(digest.title)}\n\n"
    if digest.empty:
        return head + escape(digest.empty_message, line_start=True) + "\n"
    n = len(digest.items)
    head += f"*{n} stor{'y' if n == 1 else 'ies'} since {digest.since:%Y-%m-%d %H:%M} UTC*\n\n"
    return head + "\n\n".join(render_item(i, item) for i, item in enumerate(digest.items, 1)) + "\n"
