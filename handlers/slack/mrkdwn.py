"""Slack mrkdwn text: escaping, links and cutting to a length.

Slack reads ``<…>`` as links and mentions (``<!channel>``, ``<@U123>``) and ``&`` as an entity, so any
text that did not come from us is escaped before it goes into a block; then an article can never ping
a channel.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

ELLIPSIS = "…"
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,4}$")


def escape(text: str) -> str:
    """Escape the three characters Slack gives meaning to; formatting marks (*, _) are left alone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cut(text: str, limit: int) -> str:
    """``text`` if it fits, else its longest prefix ending at a word boundary plus an ellipsis.

    Works on already-escaped text: a cut never splits an entity such as ``&amp;``.
    """
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    head = text[: room + 1]
    space = head.rfind(" ")
    # a word longer than a third of the room is cut inside rather than dropping most of the text
    head = head[:space] if space > room * 2 // 3 else text[:room]
    # trailing punctuation goes, but not a ";" that closes an entity
    head = _PARTIAL_ENTITY.sub("", head.rstrip(" ,:.-\u2013\u2014"))
    return head + ELLIPSIS


def safe_url(url: str | None) -> str | None:
    """An http(s) URL with the characters that would end a Slack link percent-encoded, or None."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return quote(url.strip(), safe="/:?#[]@!$&'()*+,;=%~-._")


def link(url: str | None, title: str, limit: int = 300) -> str:
    """``<url|title>`` with the title escaped and cut, or just the escaped title when the URL is unusable."""
    label = cut(escape(" ".join(title.split()) or url or ""), limit)
    target = safe_url(url)
    if target is None:
        return label
    # "|" and ">" in the label would end the link early; &gt; is already escaped, "|" is not special later
    return f"<{target}|{label.replace('|', '¦')}>"
