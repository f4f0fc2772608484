"""Digests: stories (articles about one event, merged across outlets), ranked and summarised.

The Digest is plain data; handlers render it for Slack, Discord, the terminal or Markdown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from rapidfuzz import fuzz


class DigestArticle(Protocol):
    """What the digest needs of a stored article (``bot.storage`` rows satisfy it)."""

    id: int
    title: str
    url: str | None
    source: str | None
    published: datetime | None
    summary: str | None
    relevance: float | None
    quotes: Sequence[Any]  # .speaker, .text, .kind
    officials: Sequence[Any]  # .name, .title
    figures: Sequence[Any]  # .text, .counts


@dataclass(frozen=True, slots=True)
class DigestSource:
    outlet: str
    title: str
    url: str | None
    published: datetime | None


@dataclass(frozen=True, slots=True)
class DigestQuote:
    speaker: str
    text: str
    kind: str
    outlet: str
    url: str | None


@dataclass(slots=True)
class DigestItem:
    story_key: str  # stable across runs: the id of the story's first article
    headline: str
    summary: str
    officials: list[tuple[str, str | None]] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)
    quote: DigestQuote | None = None
    sources: list[DigestSource] = field(default_factory=list)
    score: float = 0.0
    updated: datetime | None = None


@dataclass(slots=True)
class Digest:
    since: datetime
    generated_at: datetime
    items: list[DigestItem]
    title: str = "Immigration policy digest"

    @property
    def empty(self) -> bool:
        return not self.items

    @property
    def empty_message(self) -> str:
        return f"Nothing new since {self.since:%Y-%m-%d %H:%M} UTC."


# Two articles are one story when their titles are this similar (token-set ratio, 0..100) ...
TITLE_SIMILARITY = 62
# ... or when they share a named official and their ledes are this similar.
LEDE_SIMILARITY = 45
STORY_WINDOW = timedelta(hours=72)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _lede(a: DigestArticle) -> str:
    return (a.summary or "")[:300]


def _same_story(a: DigestArticle, b: DigestArticle) -> bool:
    if a.published and b.published and abs(a.published - b.published) > STORY_WINDOW:
        return False
    if fuzz.token_set_ratio(a.title.lower(), b.title.lower()) >= TITLE_SIMILARITY:
        return True
    names_a = {o.name for o in a.officials}
    shared = names_a & {o.name for o in b.officials}
    return bool(shared) and fuzz.token_set_ratio(_lede(a).lower(), _lede(b).lower()) >= LEDE_SIMILARITY


def group_stories(articles: Sequence[DigestArticle]) -> list[list[DigestArticle]]:
    """Greedy single-link grouping, oldest first, so a story's key is its first article."""
    ordered = sorted(articles, key=lambda a: (a.published or _EPOCH, a.id))
    stories: list[list[DigestArticle]] = []
    for art in ordered:
        for story in stories:
            if any(_same_story(art, other) for other in story):
                story.append(art)
                break
        else:
            stories.append([art])
    return stories


def _best_quote(story: Sequence[DigestArticle]) -> DigestQuote | None:
    best, best_score = None, -1.0
    for art in story:
        for q in art.quotes:
            if not q.speaker or not q.text:
                continue
            n = len(q.text)
            # direct words beat paraphrase; a quote of one to three sentences reads best
            s = (2.0 if q.kind == "direct" else 1.0) + (1.0 if 60 <= n <= 320 else 0.0)
            if s > best_score:
                best_score = s
                best = DigestQuote(q.speaker, q.text, q.kind, art.source or "", art.url)
    return best


def _score(story: Sequence[DigestArticle], now: datetime) -> float:
    newest = max((a.published for a in story if a.published), default=now)
    age_h = max(0.0, (now - newest).total_seconds() / 3600)
    relevance = max(a.relevance or 0.0 for a in story)
    outlets = len({a.source for a in story})
    officials = len({o.name for a in story for o in a.officials})
    return relevance * math.exp(-age_h / 48) * (1 + 0.35 * (outlets - 1)) * (1 + 0.05 * min(officials, 6))


def build_digest(articles: Sequence[DigestArticle], since: datetime, now: datetime, size: int = 10) -> Digest:
    items = []
    for story in group_stories(articles):
        lead = max(story, key=lambda a: (len(a.summary or ""), -a.id))
        officials: dict[str, str | None] = {}
        figures: dict[str, str] = {}
        for art in story:
            for o in art.officials:
                if o.title or o.name not in officials:
                    officials[o.name] = o.title or officials.get(o.name)
            for f in art.figures:
                figures.setdefault(f.text, f.counts)
        items.append(DigestItem(
            story_key=f"a{story[0].id}",
            headline=story[0].title,
            summary=lead.summary or "",
            officials=list(officials.items())[:4],
            figures=list(figures.items())[:3],
            quote=_best_quote(story),
            sources=[DigestSource(a.source or "", a.title, a.url, a.published) for a in story],
            score=_score(story, now),
            updated=max((a.published for a in story if a.published), default=None),
        ))
    items.sort(key=lambda i: i.score, reverse=True)
    return Digest(since=since, generated_at=now, items=items[:size])
