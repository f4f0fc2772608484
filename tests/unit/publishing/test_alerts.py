"""Watches: what fires on which story, and the per-channel rate limit."""

from __future__ import annotations

from datetime import timedelta

from bot.publishing.alerts import matches, reason
from bot.publishing.stories import group
from bot.storage.rows import WatchRow
from tests.builders import NOW, art


def watch(kind: str, value: str) -> WatchRow:
    return WatchRow(id=1, channel_id=1, kind=kind, value=value)


def test_person_watch_fires_on_a_fresh_quote_only() -> None:
    old = art(1, "Shelter budget passes", "A", hours_ago=30, quotes=[("Lena Park", "Old words.", "direct")])
    fresh = art(2, "Court backlog grows", "B", hours_ago=1, quotes=[("Ana Ruiz", "New words.", "direct")])
    stories = group([old, fresh])
    since = NOW - timedelta(hours=12)
    assert list(matches(stories, [watch("person", "Lena Park")], since)) == []
    ((story, w),) = matches(stories, [watch("person", "ana ruiz")], since)
    assert story.articles == [fresh] and reason(w) == "new quote by ana ruiz"


def test_keyword_watch_matches_whole_words_in_title_or_summary() -> None:
    a = art(1, "County expands detention center", "A", hours_ago=1)
    b = art(2, "Detentions fall at the border", "B", hours_ago=1, summary="Numbers fell.")
    hits = [s.articles[0].id for s, _ in matches(group([a, b]), [watch("keyword", "detention")], NOW - timedelta(hours=12))]
    assert hits == [1]
