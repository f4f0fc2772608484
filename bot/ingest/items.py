"""Storing an item once: the one path by which the poller and ``newsbot ingest`` add articles."""

from __future__ import annotations

from collections.abc import Sequence

from bot.feeds.limits import bound_item
from bot.feeds.urls import canonical_url, content_hash
from bot.models import FeedItem
from bot.storage.repo import Store


async def add_item(store: Store, item: FeedItem, text: str, *, feed_id: int | None, announce: bool) -> int | None:
    """Store one item with its dedupe keys (canonical URL, content hash); None when it is a duplicate.
    Every field is bounded first (bot.limits): the full text fetched for it, a title given to ``ingest``."""
    item, bounded = bound_item(item, text)
    text = bounded or ""
    return await store.add_article(
        item, feed_id=feed_id, text=text,
        canonical_url=canonical_url(item.url) if item.url else None,
        content_hash=content_hash(item.title, text), announce=announce,
    )


async def ingest_texts(store: Store, items: Sequence[tuple[FeedItem, str]], announce: bool = True) -> list[int | None]:
    """Store ready-made articles (``newsbot ingest``) through the same dedupe rules as the poller."""
    return [await add_item(store, item, text, feed_id=None, announce=announce) for item, text in items]
