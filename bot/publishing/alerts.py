"""Watches: which fresh stories a channel's ``/watch`` entries fire on, and how often a channel may be alerted
(the store counts a channel's alerts across workers: ``Store.claim_post(budget=…)``).

A person watch fires on a story with a new quote by that person (the store names speakers by their
canonical name, and so does the watch); a keyword watch on a story whose new reports use the word in
their title or summary. Relevance and deduplication against the digest are the dispatcher's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.publishing.digest import is_news
from bot.publishing.stories import A, Story, StoryArticle

ALERT_WINDOW = timedelta(hours=12)  # only reports this recent set off an alert
MAX_ALERTS = 5  # per channel ...
PER = timedelta(hours=1)  # ... in this long; the rest wait for a later round (or the digest)


def _fresh(story: Story[A], since: datetime) -> list[A]:
    return [a for a in story.articles if is_news(a, since, announced_only=True)]


def _said_by(article: StoryArticle, name: str) -> bool:
    want = name.casefold()
    return any((q.speaker or "").casefold() == want for q in article.quotes)


def _mentions(article: StoryArticle, keyword: str) -> bool:
    pattern = re.compile(rf"(?<!\w){re.escape(keyword)}(?!\w)", re.I)
    return bool(pattern.search(article.title) or pattern.search(article.summary or ""))


def fires(watch: Any, articles: Sequence[StoryArticle]) -> bool:
    """Whether ``watch`` (.kind "person" | "keyword", .value) fires on these reports."""
    if watch.kind == "person":
        return any(_said_by(a, watch.value) for a in articles)
    return any(_mentions(a, watch.value) for a in articles)


def matches(stories: Sequence[Story[A]], watches: Sequence[Any], since: datetime) -> Iterator[tuple[Story[A], Any]]:
    """(story, the first watch it fires) for stories with reports since ``since``, newest news first."""
    ordered = sorted(stories, key=lambda s: s.newest or since, reverse=True)
    for story in ordered:
        fresh = _fresh(story, since)
        if not fresh:
            continue
        for watch in watches:
            if fires(watch, fresh):
                yield story, watch
                break


def reason(watch: Any) -> str:
    return f"new quote by {watch.value}" if watch.kind == "person" else f"“{watch.value}” in the news"
