"""Stories: articles about one event, from any number of outlets, merged into one.

Two articles are one story when they are close in time and their title + lede read alike (TF-IDF cosine,
scikit-learn). The officials they name and the distinctive figures they give enter the same vectors as
extra tokens, so a rare shared name or number ("8,412", "$42 million") pulls two reports together while
an official who is in every story (IDF) does not. Pairs that are only moderately alike must also share
such a name or number. Linked articles form a story by union-find (single link).

A story's key is stable: the key already stored for any of its articles (``Store.story_keys``), else
``a<id>`` of its first article. So a story that grows with new outlets, or whose first report has left
the digest window, keeps the key under which it was posted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


class StoryArticle(Protocol):
    """What grouping needs of an article (``bot.storage.rows.ArticleRow`` satisfies it)."""

    id: int
    title: str
    url: str | None
    source: str | None
    published: datetime | None
    summary: str | None
    relevance: float | None
    quotes: Sequence[Any]  # .speaker, .text, .kind
    officials: Sequence[Any]  # .name, .title
    figures: Sequence[Any]  # .text, .counts, .value


A = TypeVar("A", bound=StoryArticle)

WINDOW = timedelta(hours=72)  # reports further apart than this are different events
STRONG = 0.40  # cosine at which two reports are one story on their words alone
WEAK = 0.20  # cosine at which they are one story if they also share an official or a distinctive figure
LEDE_CHARS = 200  # the lede says what happened; later sentences drift into background shared by many stories
DISTINCTIVE = 1000  # figures below this ("two", "nine", "150") recur across unrelated stories
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TOKEN = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class Story(Generic[A]):
    key: str
    articles: list[A]  # oldest first

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(a.source or "" for a in self.articles))

    @property
    def newest(self) -> datetime | None:
        return max((a.published for a in self.articles if a.published), default=None)

    @property
    def article_ids(self) -> list[int]:
        return [a.id for a in self.articles]


def _entity(prefix: str, text: str) -> str:
    return prefix + _TOKEN.sub("_", text.casefold()).strip("_")


def entities(a: StoryArticle) -> set[str]:
    """The officials and distinctive figures of an article, as tokens."""
    names = {_entity("p_", o.name) for o in a.officials}
    figures = {_entity("f_", f.text) for f in a.figures if abs(getattr(f, "value", None) or 0) >= DISTINCTIVE}
    return names | figures


def _document(a: StoryArticle) -> str:
    return f"{a.title}. {(a.summary or '')[:LEDE_CHARS]} " + " ".join(sorted(entities(a)))


def _when(a: StoryArticle) -> datetime:
    return a.published or _EPOCH


def links(articles: Sequence[StoryArticle]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of articles that report the same event."""
    if len(articles) < 2:
        return []
    vectors = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, strip_accents="unicode", token_pattern=r"(?u)\b\w\w+\b",
    ).fit_transform([_document(a) for a in articles])
    sim = (vectors @ vectors.T).toarray()
    ents = [entities(a) for a in articles]
    pairs = []
    # only pairs over the weak threshold are worth a look (a handful among thousands)
    for i, j in np.argwhere(np.triu(sim >= WEAK, 1)):
        if abs(_when(articles[i]) - _when(articles[j])) > WINDOW:
            continue
        if sim[i, j] >= STRONG or ents[i] & ents[j]:
            pairs.append((int(i), int(j)))
    return pairs


def cluster(articles: Sequence[A]) -> list[list[A]]:
    """Articles grouped into stories (each oldest first), stories in order of their first report."""
    ordered = sorted(articles, key=lambda a: (_when(a), a.id))
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in links(ordered):
        ri, rj = root(i), root(j)
        parent[max(ri, rj)] = min(ri, rj)  # the older article's group absorbs the newer
    groups: dict[int, list[A]] = {}
    for i, a in enumerate(ordered):
        groups.setdefault(root(i), []).append(a)
    return list(groups.values())


def group(articles: Sequence[A], known: Mapping[int, str] | None = None) -> list[Story[A]]:
    """Stories with stable keys: ``known`` maps article ids to the keys of stories already stored."""
    known = known or {}
    stories: list[Story[A]] = []
    used: set[str] = set()
    for members in cluster(articles):
        # when two stored stories turn out to be one, the one reported first keeps its key; a stored story
        # that now splits keeps its key for its first part only
        keys = [k for k in (known.get(a.id) for a in members) if k and k not in used]
        key = keys[0] if keys else f"a{members[0].id}"
        used.add(key)
        stories.append(Story(key=key, articles=members))
    return stories
