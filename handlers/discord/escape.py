"""Make outside text safe to show in Discord: no pings, no markdown that breaks the layout.

Article text comes from feeds we do not control, so it is escaped before it reaches an embed;
AllowedMentions.none() on every send is the second guard against pings.
"""

from __future__ import annotations

import re

from discord.utils import escape_markdown, escape_mentions

ELLIPSIS = "…"
_SPACE = re.compile(r"\s+")


def escape(text: str) -> str:
    """Escape markdown and neutralise @everyone, @here, user and role mentions."""
    return escape_mentions(escape_markdown(text))


def one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def safe_url(url: str | None) -> str | None:
    """An http(s) URL that cannot close a masked link early, or None."""
    if not url or not url.startswith(("http://", "https://")) or len(url) > 512:
        return None
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def link(text: str, url: str | None) -> str:
    """A masked link ``[text](url)``; escaped plain text when there is no usable URL."""
    # Square brackets would end the label early; round ones read the same and are safe there.
    label = clip(escape(one_line(text).replace("[", "(").replace("]", ")")), 200)
    target = safe_url(url)
    return f"[{label}]({target})" if target else label


def clip(text: str, limit: int, url: str | None = None) -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary, ending with an ellipsis and the link.

    Cutting at whitespace keeps escapes (``\\*``) whole. Clip escaped plain text, not text that already
    holds masked links (their labels contain spaces); build those from clipped parts instead.
    """
    if len(text) <= limit:
        return text
    target = safe_url(url)
    tail = f"{ELLIPSIS} [more]({target})" if target and len(target) + 12 < limit // 2 else ELLIPSIS
    room = limit - len(tail)
    cut = text.rfind(" ", 0, room + 1)
    newline = text.rfind("\n", 0, room + 1)
    cut = max(cut, newline)
    if cut <= 0:  # one enormous word: nothing sensible to keep
        return tail if len(tail) <= limit else ELLIPSIS
    return text[:cut].rstrip() + tail
