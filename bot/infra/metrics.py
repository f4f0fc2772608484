"""Prometheus metrics. Each process counts its own and serves them on /metrics (the web process on $PORT,
the worker on ``metrics_port``). Several web processes (``web_processes``) write theirs to files in
PROMETHEUS_MULTIPROC_DIR, set before this module is first imported, and any of them serves the sum."""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

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


def exposition() -> bytes:
    """The text /metrics serves: this process's metrics, or every web process's added up."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest()
