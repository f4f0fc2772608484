"""Bounds on each field of one article, applied where items come in (feed parsing, then storing, which
``newsbot ingest`` shares), so nothing further on — full-text fetches, the database, the extractor —
ever holds an unbounded value.

A feed is bounded as a whole by ``http.max_body_bytes``, but one field could still be most of it, and the
extractor's memory grows with a text's length: a 990,000-character title cost 2.5 GB and 32 s there.
Each limit follows what the field is for and, where one stores it, the database column's size (a longer
value would fail the insert on PostgreSQL). A capped field logs one line.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from bot.infra.log import get_logger
from bot.models import FeedItem

log = get_logger(__name__)

TITLE_MAX_CHARS = 1_000  # a headline; long real ones are a few hundred characters
FEED_TITLE_MAX_CHARS = 500  # feeds.title
TEXT_MAX_CHARS = 100_000  # what the extractor reads of an article (bot.nlp.document); more is never read
SUMMARY_MAX_CHARS = TEXT_MAX_CHARS  # feeds that carry the whole article in <description> still fit
AUTHOR_MAX_CHARS = 200
SOURCE_MAX_CHARS = 200  # articles.source
URL_MAX_CHARS = 2_048  # articles.url and canonical_url
GUID_MAX_CHARS = 2_048  # articles.guid

_TEXT_LIMITS = {"title": TITLE_MAX_CHARS, "summary": SUMMARY_MAX_CHARS, "content": TEXT_MAX_CHARS,
                "author": AUTHOR_MAX_CHARS, "source": SOURCE_MAX_CHARS}


def cut(value: str, limit: int) -> str:
    """``value`` in at most ``limit`` characters: cut at a word break when one is near the end, marked "…"."""
    if len(value) <= limit:
        return value
    head = value[: limit - 1]
    space = head.rfind(" ")
    if space > limit * 0.8:
        head = head[:space]
    return head.rstrip() + "\u2026"


def _bounded_fields(item: FeedItem) -> tuple[dict[str, Any], dict[str, int]]:
    """(new field values, {field: original length}) for the fields of ``item`` over their limit."""
    changes: dict[str, Any] = {}
    lengths: dict[str, int] = {}
    for name, limit in _TEXT_LIMITS.items():
        value = getattr(item, name)
        if value is not None and len(value) > limit:
            changes[name], lengths[name] = cut(value, limit), len(value)
    if item.url is not None and len(item.url) > URL_MAX_CHARS:
        # A cut link leads elsewhere: the item keeps its text and GUID, without a link.
        changes["url"], lengths["url"] = None, len(item.url)
    if item.guid is not None and len(item.guid) > GUID_MAX_CHARS:
        # Stable across polls, so the item is still recognised when it comes round again.
        changes["guid"] = "sha256:" + hashlib.sha256(item.guid.encode("utf-8", "replace")).hexdigest()
        lengths["guid"] = len(item.guid)
    return changes, lengths


def bound_item(item: FeedItem, text: str | None = None) -> tuple[FeedItem, str | None]:
    """``item`` (and its article ``text``) within the limits above; one log line names what was cut."""
    changes, lengths = _bounded_fields(item)
    if text is not None and len(text) > TEXT_MAX_CHARS:
        lengths["text"] = len(text)
        text = cut(text, TEXT_MAX_CHARS)
    if lengths:
        log.warning("item.capped", feed=item.feed_url[:200], guid=(changes.get("guid") or item.guid or "")[:200],
                    chars=lengths)
    return (dataclasses.replace(item, **changes) if changes else item), text
