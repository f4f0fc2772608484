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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from bot.publishing.events import LEDE_CHARS, EventGrouper, EventStory, Idf, Report, group_reports, terms
from bot.publishing.frames import Framer, default_framer


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
# rounds after which a report alone in its story is placed again (the poster's rounds: a minute or so each)
REVISIT_ROUNDS = 3


@dataclass(slots=True)
class Story(Generic[A]):
    key: str
    articles: list[A]  # oldest first
    follows: str | None = None  # key of the story this one is a new development of
    earlier: Story[A] | None = field(default=None, repr=False, compare=False)  # the story it follows, when given

    @property
    def follows_title(self) -> str | None:
        """The headline of the story this one follows, for "follow-up to …" (read when shown, not per round)."""
        return self.earlier.headline if self.earlier is not None else None

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
    ordered, grouper = grouping(articles, framer)
    return keyed(grouper.stories, lambda m: ordered[m.index], known or {})


def keyed(
    events: Sequence[EventStory], article_of: Callable[[Report], A], known: Mapping[int, str]
) -> list[Story[A]]:
    """The grouper's stories (in the order they were opened; empty ones skipped) as ``Story``, with their keys."""
    stories: list[Story[A]] = []
    by_event: dict[int, Story[A]] = {}
    used: set[str] = set()
    for event in events:
        if not event.members:
            continue
        members = sorted((article_of(m) for m in event.members), key=lambda a: (_when(a), a.id))
        # when two stored stories turn out to be one, the one reported first keeps its key; a stored story
        # that now splits keeps its key for its first part only
        keys = [k for k in (known.get(a.id) for a in members) if k and k not in used]
        key = keys[0] if keys else f"a{members[0].id}"
        used.add(key)
        earlier = by_event.get(event.follows) if event.follows is not None else None
        story = Story(
            key=key,
            articles=members,
            follows=earlier.key if earlier else None,
            earlier=earlier,
        )
        by_event[event.index] = story
        stories.append(story)
    return stories


def _signature(a: StoryArticle) -> tuple[Any, ...]:
    """What grouping reads of an article: when it changes (extracted again, summary rewritten), it is placed again."""
    return (a.title, (a.summary or "")[:LEDE_CHARS], a.published, tuple(o.name for o in a.officials),
            tuple(f.text for f in a.figures))


class LiveStories(Generic[A]):
    """The stories of a moving window, kept across rounds (the poster's): each ``update`` places only the
    articles not seen before, takes out those that left the window, and places again those whose headline,
    lede, date, officials or figures changed; the others keep their story.

    The articles of one update are ordered by publication and counted in the document frequencies before any
    is placed, as ``group`` does with all of them: so the first update (a poster's start) groups exactly as
    ``group`` does. An article that ``known`` already puts in a stored story (a poster restarted, another
    worker's post) joins that story's articles here, or, the first of its story here, joins no other stored
    story: a stored story keeps its articles and key across restarts.
    """

    def __init__(self, framer: Framer | None = None, revisit: int = REVISIT_ROUNDS) -> None:
        self.framer = framer or default_framer()
        self.grouper = EventGrouper(Idf())
        self.revisit = revisit
        self._reports: dict[int, Report] = {}  # article id → its report
        self._articles: dict[int, A] = {}  # report index → the article, as last given
        self._seen: dict[int, tuple[Any, ...]] = {}  # article id → what grouping read of it
        self._alone: dict[int, int] = {}  # article id → the round it opened a story of its own in
        self._round = 0
        self.placed = 0  # articles placed (new, or placed again after a change), since the start
        self.removed = 0  # articles taken out (left the window, or changed)
        self.revisited = 0  # articles alone in their story tried again in a later round

    def __len__(self) -> int:
        return len(self._reports)

    def update(self, articles: Sequence[A], known: Mapping[int, str] | None = None) -> list[Story[A]]:
        """The stories of ``articles`` (the whole window, as stored now), with stable keys (``group``)."""
        known = known or {}
        now = {a.id: a for a in articles}
        for aid in [aid for aid in self._reports if aid not in now or _signature(now[aid]) != self._seen[aid]]:
            self._remove(aid)
        for aid, report in self._reports.items():
            self._articles[report.index] = now[aid]  # the latest row: quotes, relevance, ...
        self._round += 1
        self._place([a for a in articles if a.id not in self._reports], known)
        self._revisit(known)
        return keyed(self.grouper.stories, lambda m: self._articles[m.index], known)

    def _remove(self, aid: int) -> None:
        report = self._reports.pop(aid)
        self.grouper.remove(report)
        self.grouper.idf.remove(report.terms)
        del self._articles[report.index], self._seen[aid]
        self._alone.pop(aid, None)
        self.removed += 1

    def _place(self, new: Sequence[A], known: Mapping[int, str]) -> None:
        ordered = sorted(new, key=lambda a: (_when(a), a.id))
        if not ordered:
            return
        frames = self.framer.frames(ordered)
        figures = [_figures(a) for a in ordered]
        words = [terms(a.title, a.summary or "", f.people, figs) for a, f, figs in zip(ordered, frames, figures,
                                                                                        strict=True)]
        for w in words:
            self.grouper.idf.add(w)
        stored = self._stored_stories(known) if any(a.id in known for a in ordered) else {}
        later = bool(self._reports)  # the first round places all with all counted: nothing to try again
        for a, w, frame, figs in zip(ordered, words, frames, figures, strict=True):
            key = known.get(a.id)
            into = stored.get(key) if key else None
            # a stored article joins its story here; the first of a story not here yet joins no other stored one
            avoid = {s.index for s in stored.values()} if key and into is None else ()
            report = self.grouper.add(a.published, w, frame, figs, join=into, avoid=avoid)
            if key:
                stored.setdefault(key, self.grouper.stories[report.story])
            elif later and len(self.grouper.stories[report.story].members) == 1:
                self._alone[a.id] = self._round
            self._reports[a.id], self._articles[report.index], self._seen[a.id] = report, a, _signature(a)
            self.placed += 1

    def _revisit(self, known: Mapping[int, str]) -> None:
        """Reports that opened a story of their own in the last ``revisit`` rounds (before this one), none
        stored, are placed again: the reports that came since may show what they belong to (a batch grouping
        would see those too). One that joins a story, or is stored, or has waited ``revisit`` rounds, stays."""
        due = [aid for aid, r in self._alone.items() if r < self._round]
        for aid in sorted(due, key=lambda aid: (self._reports[aid].when, aid)):
            report = self._reports[aid]
            if (aid in known or len(self.grouper.stories[report.story].members) > 1
                    or self._round - self._alone[aid] > self.revisit):
                del self._alone[aid]
                continue
            article = self._articles.pop(report.index)
            self.grouper.remove(report)  # its words stay counted: it is still in the window
            again = self.grouper.add(article.published, report.terms, report.frame, report.figures)
            self._reports[aid], self._articles[again.index] = again, article
            self.revisited += 1
            if len(self.grouper.stories[again.story].members) > 1:
                del self._alone[aid]

    def _stored_stories(self, known: Mapping[int, str]) -> dict[str, EventStory]:
        """Stored story key → the story here holding an article of it."""
        return {
            key: self.grouper.stories[r.story]
            for aid, r in self._reports.items()
            if (key := known.get(aid)) is not None
        }
