"""Offline story grouping: articles in JSON Lines through the real extraction and the real grouping.

``newsbot stories --jsonl IN`` uses it so grouping can be scored against hand-labelled events
(``{"id", "story"}`` per article) without a database: the same ``Extractor`` the poller runs, then the
same ``group`` the digest runs; with ``--incremental``, the poster's kept grouping (``LiveStories``), one article
per round in publication order (``arrivals``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.models import ArticleInput, Figure, Official, Quote
from bot.publishing.frames import Framer
from bot.publishing.poster_loop import LOOKBACK
from bot.publishing.stories import A, LiveStories, Story, group

if TYPE_CHECKING:
    from bot.nlp.extract import Extractor

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(slots=True)
class LineArticle:
    """An input line with its extraction, shaped as the grouping expects a stored article."""

    id: int
    key: str  # the id the input gave
    title: str
    url: str | None
    source: str | None
    published: datetime | None
    summary: str | None = ""
    relevance: float | None = None
    relevant: bool | None = None
    quotes: list[Quote] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    event_frame: dict[str, Any] | None = None  # read at extraction (bot.publishing.frames)


def _published(value: Any) -> datetime | None:
    """The line's date as UTC; a missing or unreadable one is unknown (grouping treats it as far apart)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def read_lines(lines: Iterable[str]) -> Iterator[tuple[LineArticle, ArticleInput]]:
    """Articles of JSON lines (``id``, ``title``, ``text``, ``published``, ``outlet``, ``url``); blank lines skipped."""
    n = 0
    for raw in lines:
        if not raw.strip():
            continue
        d = json.loads(raw)
        key = str(d.get("id", n))
        art = LineArticle(
            id=n,
            key=key,
            title=str(d.get("title") or ""),
            url=d.get("url"),
            source=d.get("outlet") or d.get("source"),
            published=_published(d.get("published")),
        )
        yield (
            art,
            ArticleInput(
                text=str(d.get("text") or ""), title=art.title or None, url=art.url, published=art.published, id=key
            ),
        )
        n += 1


def extract_all(extractor: Extractor, pairs: list[tuple[LineArticle, ArticleInput]]) -> list[LineArticle]:
    """The articles with their extraction filled in (an article that fails keeps only its title)."""
    out = []
    for (art, _), res in zip(pairs, extractor.extract_many([inp for _, inp in pairs]), strict=True):
        if not isinstance(res, Exception):
            art.summary, art.relevance, art.relevant = res.summary, res.relevance, res.relevant
            art.quotes, art.officials, art.figures = res.quotes, res.officials, res.figures
            art.event_frame = res.frame
        out.append(art)
    return out


def story_lines(stories: Iterable[Story[LineArticle]]) -> list[dict[str, str]]:
    """One ``{"id", "story"}`` per article, in input order."""
    rows = [(a.id, {"id": a.key, "story": s.key}) for s in stories for a in s.articles]
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def group_lines(extractor: Extractor, lines: Iterable[str], incremental: bool = False) -> list[dict[str, str]]:
    """Extract and group the articles of ``lines``: all at once (``group``, as ``/digest`` does), or
    ``incremental`` as the poster does (``arrivals``)."""
    articles = extract_all(extractor, list(read_lines(lines)))
    return story_lines(arrivals(articles) if incremental else group(articles))


def arrivals(articles: Sequence[A], lookback: timedelta = LOOKBACK, framer: Framer | None = None) -> list[Story[A]]:
    """The stories the poster gives when ``articles`` come one per round in publication order, its window the
    ``lookback`` before the newest (nothing posted, so nothing stored). An article is in the story it had in the
    last round it was in the window, with the articles that story had then."""
    live: LiveStories[A] = LiveStories(framer)
    ordered = sorted(articles, key=lambda a: (a.published or _EPOCH, a.id))
    last: dict[int, list[int]] = {}  # article id → its story's articles in the last round it was in
    for n, a in enumerate(ordered):
        oldest = (a.published or _EPOCH) - lookback
        window = [b for b in ordered[: n + 1] if b.published is None or b.published >= oldest]
        for story in live.update(window):
            last.update(dict.fromkeys(story.article_ids, story.article_ids))
    root = {a.id: a.id for a in ordered}

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for aid, together in last.items():
        for other in together:
            root[find(other)] = find(aid)
    members: dict[int, list[A]] = {}
    for a in ordered:
        members.setdefault(find(a.id), []).append(a)
    return [Story(f"a{group_of[0].id}", group_of) for group_of in members.values()]
