"""What one channel sees: the reports of the feeds it follows (its subscriptions and the shared feeds), less
what its filters leave out. The poller fetches each feed once; each channel's digest and alerts are cut from
the same stories here.

>>> from types import SimpleNamespace as A
>>> view = ChannelView(feed_ids={1}, filters=[FilterRow(1, 1, "exclude", "sports")])
>>> view.admits(A(feed_id=1, title="Asylum rules change", summary="", source="Wire", relevance=0.9))
True
>>> view.admits(A(feed_id=1, title="Sports visas", summary="", source="Wire", relevance=0.9))
False
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.publishing.stories import Story
from bot.storage.rows import FilterRow


def _mentions(a: Any, word: str) -> bool:
    """The report's title or summary contains ``word`` (case-insensitive)."""
    return word.casefold() in f"{a.title or ''}\n{a.summary or ''}".casefold()


@dataclass(frozen=True, slots=True)
class ChannelView:
    """``feed_ids``: the feeds the channel draws on (None: every feed, as outside a channel); ``filters``: its
    /filter rules. Reports stored without a feed (bulk ingest) are for every channel."""

    feed_ids: Collection[int] | None = None
    filters: Sequence[FilterRow] = field(default_factory=tuple)

    def follows(self, a: Any) -> bool:
        return self.feed_ids is None or a.feed_id is None or a.feed_id in self.feed_ids

    def admits(self, a: Any) -> bool:
        """The report from a followed feed passes every filter: one of the keywords (if any), none of the
        excluded words, one of the outlets (if any), at least the minimum relevance."""
        return self.follows(a) and self.passes(a)

    def passes(self, a: Any) -> bool:
        by_kind: dict[str, list[str]] = {}
        for f in self.filters:
            by_kind.setdefault(f.kind, []).append(f.value)
        if (words := by_kind.get("keyword")) and not any(_mentions(a, w) for w in words):
            return False
        if any(_mentions(a, w) for w in by_kind.get("exclude", ())):
            return False
        outlets = by_kind.get("outlet")
        if outlets and not any(o.casefold() in (a.source or "").casefold() for o in outlets):
            return False
        floor = max((float(v) for v in by_kind.get("min_relevance", ())), default=None)
        return floor is None or (a.relevance is not None and a.relevance >= floor)

    def stories(self, stories: Sequence[Story[Any]]) -> tuple[list[Story[Any]], list[Story[Any]]]:
        """The stories as this channel sees them (each with only its admitted reports; a story with none is
        gone), and the stories of its feeds that the filters left out entirely."""
        if self.feed_ids is None and not self.filters:
            return list(stories), []
        seen: list[Story[Any]] = []
        left_out: list[Story[Any]] = []
        for story in stories:
            followed = [a for a in story.articles if self.follows(a)]
            kept = [a for a in followed if self.passes(a)]
            if kept:
                seen.append(Story(key=story.key, articles=kept))
            elif followed:
                left_out.append(Story(key=story.key, articles=followed))
        return seen, left_out
