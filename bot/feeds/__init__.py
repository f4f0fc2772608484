"""Feed fetching and parsing, independent of storage: the poller joins these to the database."""

from bot.feeds.backoff import next_poll_delay, parse_retry_after
from bot.feeds.guard import BlockedAddress, check_public_url, is_public_address
from bot.feeds.http import FeedFetcher, FeedState, FetchResult
from bot.feeds.parse import FeedParseError, ParsedFeed, parse_feed
from bot.feeds.urls import canonical_url, content_hash, item_key

__all__ = [
    "BlockedAddress",
    "FeedFetcher",
    "FeedParseError",
    "FeedState",
    "FetchResult",
    "ParsedFeed",
    "canonical_url",
    "check_public_url",
    "content_hash",
    "is_public_address",
    "item_key",
    "next_poll_delay",
    "parse_feed",
    "parse_retry_after",
]
