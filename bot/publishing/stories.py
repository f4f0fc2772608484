"""Stories: articles about one event, from any number of outlets, merged into one.

Two articles are one story when they report the same event: what happened, who, where and when agree
(``bot.publishing.events``, over the frames of ``bot.publishing.frames``). Shared officials and words are
evidence, never enough alone: one official at two events in one week makes two stories, the later one
recording the earlier as the story it follows (``Story.follows``).

A story's key is stable: the key already stored for any of its articles (``Store.story_keys``), else
``a<id>`` of its first article. So a story that grows with new outlets, or whose first report has left
the digest window, keeps the key under which it was posted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from bot.publishing.events import group_reports, terms
from bot.publishing.frames import Framer, default_framer

if TYPE_CHECKING:
    from bot.publishing.events import EventGrouper


class StoryArticle(Protocol):
    """What grouping needs of an article (``bot.storage.rows.ArticleRow`` satisfies it). Read-only members,
    so frozen rows and plain dataclasses both qualify."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def published(self) -> datetime | None: ...
    @property
    def summary(self) -> str | None: ...
    @property
    def relevance(self) -> float | None: ...
    @property
    def quotes(self) -> Sequence[Any]: ...  # .speaker, .text, .kind
    @property
    def officials(self) -> Sequence[Any]: ...  # .name, .title
    @property
    def figures(self) -> Sequence[Any]: ...  # .text, .counts, .value


A = TypeVar("A", bound=StoryArticle)

WINDOW = timedelta(hours=72)  # reports further apart than this are different events (bot.publishing.events)
DISTINCTIVE = 1000  # figures below this ("two", "nine", "150") recur across unrelated stories
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(slots=True)
class Story(Generic[A]):
    key: str
    articles: list[A]  # oldest first
    follows: str | None = None  # key of the story this one is a new development of
    follows_title: str | None = None  # that story's headline, for "follow-up to …"

    @property
    def lead(self) -> A:
        """The representative report: the one whose headline and lede the story is shown with — the report
        most like the others (most headline and lede words in common with them), the earliest on a tie."""
        return representative(self.articles)

    @property
    def headline(self) -> str:
        return self.lead.title

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(a.source or "" for a in self.articles))

    @property
    def newest(self) -> datetime | None:
        return max((a.published for a in self.articles if a.published), default=None)

    @property
    def article_ids(self) -> list[int]:
        return [a.id for a in self.articles]


def representative(articles: Sequence[A]) -> A:
    """The report that best stands for all: most words and names in common with the others (a report with
    a lede beats a bare headline), the earliest on a tie."""
    if len(articles) <= 2:
        return max(articles, key=lambda a: (bool(a.summary), -_when(a).timestamp(), -a.id))
    bags = [terms(a.title, a.summary or "") for a in articles]

    def shared(i: int) -> float:
        return sum(len(bags[i].keys() & bags[j].keys()) for j in range(len(bags)) if j != i)

    best = max(
        range(len(articles)),
        key=lambda i: (bool(articles[i].summary), shared(i), -_when(articles[i]).timestamp(), -articles[i].id),
    )
    return articles[best]


def _when(a: StoryArticle) -> datetime:
    return a.published or _EPOCH


# a distinctive number as headlines and ledes write it: "8,412", "$42 million", "1.5 billion"
_BIG_NUMBER = re.compile(
    r"\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?|\$?\d+(?:\.\d+)?\s+(?:thousand|million|billion|trillion)\b", re.IGNORECASE
)


def _figures(a: StoryArticle) -> frozenset[str]:
    """The distinctive figures of an article: those the extraction found, and big numbers its headline and
    lede write ("$42 million" in a headline ties two reports even where the extraction gave it no count)."""
    extracted = {f.text for f in a.figures if abs(getattr(f, "value", None) or 0) >= DISTINCTIVE}
    written = {m.group(0) for m in _BIG_NUMBER.finditer(f"{a.title} {a.summary or ''}")}
    return frozenset(" ".join(t.casefold().split()) for t in extracted | written)


def grouping(articles: Sequence[A], framer: Framer | None = None) -> tuple[list[A], EventGrouper]:
    """The articles oldest first, and their grouping into events."""
    ordered = sorted(articles, key=lambda a: (_when(a), a.id))
    frames = (framer or default_framer()).frames(ordered) if ordered else []
    grouper = group_reports(
        [a.published for a in ordered],
        [(a.title, a.summary or "") for a in ordered],
        frames,
        [_figures(a) for a in ordered],
    )
    return ordered, grouper


def cluster(articles: Sequence[A], framer: Framer | None = None) -> list[list[A]]:
    """Articles grouped into stories (each oldest first), stories in order of their first report."""
    ordered, grouper = grouping(articles, framer)
    return [[ordered[m.index] for m in s.members] for s in grouper.stories]


def group(
    articles: Sequence[A], known: Mapping[int, str] | None = None, framer: Framer | None = None
) -> list[Story[A]]:
    """Stories with stable keys: ``known`` maps article ids to the keys of stories already stored. A story
    that is a new development of an earlier one in ``articles`` names it in ``follows``."""
    known = known or {}
    stories: list[Story[A]] = []
    used: set[str] = set()
    ordered, grouper = grouping(articles, framer)
    for event in grouper.stories:
        members = [ordered[m.index] for m in event.members]
        # when two stored stories turn out to be one, the one reported first keeps its key; a stored story
        # that now splits keeps its key for its first part only
        keys = [k for k in (known.get(a.id) for a in members) if k and k not in used]
        key = keys[0] if keys else f"a{members[0].id}"
        used.add(key)
        earlier = stories[event.follows] if event.follows is not None else None
        stories.append(
            Story(
                key=key,
                articles=members,
                follows=earlier.key if earlier else None,
                follows_title=earlier.headline if earlier else None,
            )
        )
    return stories
