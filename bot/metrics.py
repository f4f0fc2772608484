"""Prometheus metrics, shared by every process (served on the web process's /metrics)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

FEEDS_POLLED = Counter("newsbot_feeds_polled_total", "Feed polls, by outcome", ["status"])
FETCH_ERRORS = Counter("newsbot_fetch_errors_total", "Feed fetch errors, by kind", ["kind"])
ARTICLES = Counter("newsbot_articles_total", "Articles seen, by outcome", ["outcome"])  # stored | duplicate
EXTRACTION_SECONDS = Histogram(
    "newsbot_extraction_seconds", "Seconds to extract one batch of articles",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
EXTRACTED = Counter("newsbot_extracted_total", "Articles extracted, by outcome", ["outcome"])  # ok | error
POSTS = Counter("newsbot_posts_total", "Messages posted, by platform and kind", ["platform", "kind"])
COMMAND_LATENCY = Histogram(
    "newsbot_command_seconds", "Seconds to answer a command", ["platform", "command"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5),
)
