"""One fetch of a feed before a channel subscribes to it (``/feeds add``, ``/feeds test``): through the
poller's own ``FeedFetcher`` (address guard, size cap, timeouts), nothing stored. It answers how many items
the feed has, how many look on the topic, and the newest of those as a digest item; or why it cannot be
read, in words.

The topic count is a lexical estimate (topic terms in an item's title and summary): the full relevance
score needs the spaCy pipeline, too slow for a command that answers within seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.feeds.http import FeedFetcher, FeedState, FetchResult
from bot.feeds.text import html_to_text
from bot.models import FeedItem
from bot.nlp.relevance import Topic
from bot.publishing.digest import DigestItem, item_of
from bot.publishing.stories import Story
from bot.storage.rows import ArticleRow
from config.settings import Settings

# What each kind of fetch failure means to someone who typed the URL (bot.feeds.http.FetchResult kinds).
_REASONS = {
    "dns": "its host name does not resolve (DNS failure)",
    "connection": "the connection failed (refused or reset)",
    "tls": "its TLS certificate was not accepted",
    "timeout": "the server did not answer in time",
    "too_large": "the feed is larger than http.max_body_bytes allows",
    "parse": "what the server sent is not a feed (RSS, Atom or JSON Feed)",
    "blocked_address": "it points at a private or local address",
    "redirect_loop": "its redirects go round in a loop",
    "too_many_redirects": "it redirects too many times",
    "invalid_url": "the URL is not valid",
    "rate_limited": "the server refuses: too many requests (HTTP 429)",
}


def reason_in_words(result: FetchResult) -> str:
    """Why a fetch failed, for the channel: "the server answered HTTP 404", "… does not resolve (DNS failure)"."""
    kind = result.error_kind or "internal"
    if kind in ("http_4xx", "http_5xx") and result.http_status:
        return f"the server answered HTTP {result.http_status}"
    words = _REASONS.get(kind, "it could not be read")
    detail = " ".join((result.error or "").split())[:160]
    return f"{words} ({detail})" if detail and kind not in ("rate_limited",) else words


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w-]+", " ", text.casefold()) + " "


def looks_on_topic(item: FeedItem, topic: Topic) -> bool:
    """An item whose title and summary name one of the topic's strong terms, or two of its terms."""
    text = _words(f"{item.title} {html_to_text(item.summary or item.content or '')}")
    terms = [*topic.terms.items(), *topic.acronyms.items()]
    found = [w for term, w in terms if any(f" {term.casefold()}{end} " in text for end in ("", "s", "es"))]
    return len(found) >= 2 or any(w >= topic.strong_weight for w in found)


def as_digest_item(item: FeedItem, feed_id: int, source: str | None) -> DigestItem:
    """The item as a channel's digest shows a one-report story (``bot.publishing.digest.item_of``)."""
    summary = html_to_text(item.content or item.summary or "")
    row = ArticleRow(
        id=0,
        feed_id=feed_id,
        title=item.title,
        url=item.url,
        source=source or item.source,
        published=item.published or datetime.now(UTC),
        summary=summary,
        relevance=None,
        relevant=True,
        announce=True,
    )
    return item_of(Story(key=f"preview:{feed_id}:{item.guid or item.url or item.title}", articles=[row]))


@dataclass(frozen=True, slots=True)
class Preview:
    ok: bool
    items: int = 0
    relevant: int = 0
    newest: FeedItem | None = None  # the newest on-topic item (the newest item when none is)
    title: str | None = None
    reason: str = ""  # why not, when not ok


async def preview_feed(url: str, settings: Settings, topic: Topic, fetcher: FeedFetcher | None = None) -> Preview:
    """Fetch ``url`` once as the poller would (a fresh fetcher when none is given) and sum it up."""
    if fetcher is None:
        async with FeedFetcher(settings.http) as own:
            result = await own.fetch_feed(FeedState(url=url))
    else:
        result = await fetcher.fetch_feed(FeedState(url=url))
    if result.status != "ok":
        return Preview(ok=False, reason=reason_in_words(result))
    on_topic = [i for i in result.items if looks_on_topic(i, topic)]
    oldest = datetime.min.replace(tzinfo=UTC)
    pool = on_topic or result.items
    # by date; undated or equal, the first listed (feeds list their newest first)
    ranked = sorted(enumerate(pool), key=lambda p: (p[1].published or oldest, -p[0]), reverse=True)
    newest = ranked[0][1] if ranked else None
    return Preview(ok=True, items=len(result.items), relevant=len(on_topic), newest=newest, title=result.feed_title)
