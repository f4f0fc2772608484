"""Storing an item once: the bounds and dedupe keys of every article, whether ``newsbot ingest`` stores it
(``add_item``) or the poller (``new_article``, written in batches by ``bot.ingest.batching``)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.feeds.limits import bound_item
from bot.feeds.urls import canonical_url, content_hash
from bot.models import FeedItem
from bot.storage.repo import Store
from bot.storage.rows import NewArticle


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


def new_article(item: FeedItem, text: str, *, feed_id: int | None, announce: bool) -> NewArticle:
    """The article to store for ``item`` and its ``text``, bounded, with its dedupe keys (as ``add_item``),
    for the poller's batched writes (``Store.record_polls``)."""
    item, bounded = bound_item(item, text)
    text = bounded or ""
    return NewArticle(
        feed_id=feed_id, guid=item.guid, url=item.url, canonical_url=(canonical_url(item.url) or None) if item.url else None,
        content_hash=content_hash(item.title, text), title=item.title or "", published=item.published,
        source=item.source, text=text, summary=item.summary or "", announce=announce,
    )


async def ingest_texts(store: Store, items: Sequence[tuple[FeedItem, str]], announce: bool = True) -> list[int | None]:
    """Store ready-made articles (``newsbot ingest``) through the same dedupe rules as the poller."""
    return [await add_item(store, item, text, feed_id=None, announce=announce) for item, text in items]
