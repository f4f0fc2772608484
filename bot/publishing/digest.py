"""Digests: stories (articles about one event, merged across outlets; ``bot.publishing.stories``), ranked and summarised.

The Digest is plain data; handlers render it for Slack, Discord, the terminal or Markdown.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.publishing.stories import DISTINCTIVE, A, Story, StoryArticle, group

DigestArticle = StoryArticle  # what the digest needs of a stored article


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
    story_key: str  # stable across runs (see bot.publishing.stories)
    headline: str
    summary: str  # one or two sentences
    officials: list[tuple[str, str | None]] = field(default_factory=list)  # (name, title)
    figures: list[tuple[str, str]] = field(default_factory=list)  # (number as written, what it counts)
    quote: DigestQuote | None = None
    sources: list[DigestSource] = field(default_factory=list)
    score: float = 0.0
    updated: datetime | None = None
    article_ids: list[int] = field(default_factory=list)  # what this item reports, for updates later
    page_url: str | None = None  # the story's record page, when web.base_url is set and the story is stored


@dataclass(slots=True)
class Digest:
    since: datetime
    generated_at: datetime
    items: list[DigestItem]
    title: str = "News digest"  # the topic's ``digest_title`` (config/topics/*.toml) where one is configured
    filtered: int = 0  # stories of the channel's feeds that its /filter rules left out

    @property
    def empty(self) -> bool:
        return not self.items

    @property
    def filtered_note(self) -> str:
        """Said in the digest when the channel's filters left stories out, so nobody wonders where they went."""
        if not self.filtered:
            return ""
        n = self.filtered
        return f"{n} stor{'y' if n == 1 else 'ies'} left out by this channel's filters (/filter list)."

    @property
    def empty_message(self) -> str:
        base = f"Nothing new since {self.since:%Y-%m-%d %H:%M} UTC."
        return f"{base} {self.filtered_note}" if self.filtered else base


SUMMARY_CHARS = 360  # the extractor's summaries are one or two sentences of up to about 300 characters
MAX_OFFICIALS = 4
MAX_FIGURES = 3
RECENCY_HOURS = 48.0  # a story's score falls to a third after two days without news
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s")


def short_summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """``text`` on one line; when too long (a feed's teaser), its whole sentences that fit, else its words."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    ends = [m.end() - 1 for m in _SENTENCE_END.finditer(text, 0, limit + 1) if m.end() - 1 >= 40]
    if ends:
        return text[: ends[-1]]
    cut = text.rfind(" ", 0, limit)
    return (text[:cut] if cut > 0 else text[: limit - 1]) + "…"


def _quote_score(q: object, officials: Collection[str]) -> float:
    n = len(getattr(q, "text", ""))
    # direct words beat paraphrase; one to three sentences read best; an official's words beat a bystander's
    return ((2.0 if getattr(q, "kind", "") == "direct" else 1.0) + (1.0 if 60 <= n <= 320 else 0.0)
            + (0.5 if getattr(q, "speaker", None) in officials else 0.0))


def best_quote(articles: Sequence[StoryArticle]) -> DigestQuote | None:
    officials = {o.name for a in articles for o in a.officials}
    best, best_score = None, -1.0
    for art in articles:
        for q in art.quotes:
            if not q.speaker or not q.text:
                continue
            s = _quote_score(q, officials)
            if s > best_score:
                best_score = s
                # a quotation cut at its attribution keeps the comma before "he said": drop it
                best = DigestQuote(q.speaker, q.text.strip().rstrip(",;:").strip(), q.kind, art.source or "", art.url)
    return best


def _officials(articles: Sequence[StoryArticle], prominence: Mapping[str, int]) -> list[tuple[str, str | None]]:
    titles: dict[str, str | None] = {}
    counts: Counter[str] = Counter()
    for art in articles:
        for o in art.officials:
            titles[o.name] = titles.get(o.name) or o.title
            counts[o.name] += 1
    # named by more of the story's outlets first, then by how much they are in the news overall
    ranked = sorted(titles, key=lambda n: (-counts[n], -prominence.get(n, 0), n))
    return [(n, titles[n]) for n in ranked[:MAX_OFFICIALS]]


def _figures(articles: Sequence[StoryArticle]) -> list[tuple[str, str]]:
    figures: dict[str, str] = {}
    for art in articles:
        for f in art.figures:
            if f.counts:
                figures.setdefault(f.text, f.counts)
    # large, specific numbers are the story's headline figures; "two" and "nine" rarely are
    value = {f.text: abs(f.value or 0) for a in articles for f in a.figures}
    ranked = sorted(figures, key=lambda t: value.get(t, 0) < DISTINCTIVE)
    return [(t, figures[t]) for t in ranked[:MAX_FIGURES]]


def is_relevant(story: Story[A]) -> bool:
    """On topic when any of its reports is (one outlet's piece may score low on its own)."""
    return any(getattr(a, "relevant", True) is not False for a in story.articles)


def score(story: Story[A], now: datetime, prominence: Mapping[str, int], old_figures: Collection[str]) -> float:
    arts = story.articles
    newest = story.newest or now
    age_h = max(0.0, (now - newest).total_seconds() / 3600)
    relevance = max(a.relevance or 0.0 for a in arts)
    outlets = len(story.outlets)
    names = {o.name for a in arts for o in a.officials}
    prominent = max((prominence.get(n, 0) for n in names), default=0)
    new_figures = {f.text for a in arts for f in a.figures if abs(f.value or 0) >= DISTINCTIVE} - set(old_figures)
    return (relevance * math.exp(-age_h / RECENCY_HOURS) * (1 + 0.35 * (outlets - 1))
            * (1 + 0.1 * math.log1p(prominent)) * (1 + 0.05 * min(len(new_figures), 4)))


def sources_of(articles: Sequence[StoryArticle], lead: StoryArticle | None = None) -> list[DigestSource]:
    """Each outlet once, with its first report of the story (the lead's outlet with the lead), in report order."""
    chosen: dict[str, StoryArticle] = {}
    for a in articles:
        outlet = a.source or ""
        if outlet not in chosen or a is lead:
            chosen[outlet] = a
    return [DigestSource(o, a.title, a.url, a.published) for o, a in chosen.items()]


def follow_up_note(story: Story[A]) -> str:
    """"Follow-up to “…”." for a story that is a new development of an earlier one, else ""."""
    return f"Follow-up to “{story.follows_title}”." if story.follows and story.follows_title else ""


def item_of(story: Story[A], score_: float = 0.0, prominence: Mapping[str, int] | None = None) -> DigestItem:
    """A story's digest item. Every part comes from the story's own reports, and the headline and summary from
    one of them (``Story.lead``), so a headline is never shown over another report's lede."""
    arts = story.articles
    lead = story.lead
    summary = short_summary(lead.summary or "")
    if note := follow_up_note(story):
        summary = f"{note} {summary}".strip()
    return DigestItem(
        story_key=story.key,
        headline=lead.title,
        summary=summary,
        officials=_officials(arts, prominence or {}),
        figures=_figures(arts),
        quote=best_quote(arts),
        sources=sources_of(arts, lead),
        score=score_,
        updated=story.newest,
        article_ids=story.article_ids,
    )


def is_news(a: StoryArticle, since: datetime, announced_only: bool = False) -> bool:
    """Published since ``since`` (and, with ``announced_only``, not from a feed's first fetch)."""
    if announced_only and getattr(a, "announce", True) is False:
        return False
    return a.published is None or a.published >= since


def is_stored_news(a: StoryArticle, stored_since: datetime, oldest: datetime) -> bool:
    """News for a channel whose digests have taken what newsbot stored before ``stored_since``: stored since
    then, whatever date its outlet gives it (a report dated before the last digest but polled after it is
    news still), not from a feed's first fetch (history), and published no earlier than ``oldest`` (the
    catch-up cap: old items a feed brings up late are not news)."""
    if getattr(a, "announce", True) is False:
        return False
    stored = getattr(a, "stored_at", None) or a.published
    return (stored is None or stored >= stored_since) and (a.published is None or a.published >= oldest)


def rank(
    stories: Sequence[Story[A]], since: datetime, now: datetime, *, exclude: Collection[str] = (),
    announced_only: bool = False, fresh: Callable[[A], bool] | None = None,
) -> list[DigestItem]:
    """Digest items for the relevant stories with news (not in ``exclude``), best first. News is what
    ``fresh`` says it is; by default, reports published since ``since`` (see ``is_news``)."""
    if fresh is None:
        def fresh(a: StoryArticle) -> bool:
            return is_news(a, since, announced_only)

    arts = [a for s in stories for a in s.articles]
    prominence = Counter(o.name for a in arts for o in {o.name: o for o in a.officials}.values())
    old_figures = {f.text for a in arts if not fresh(a) for f in a.figures}
    items = []
    for story in stories:
        if any(fresh(a) for a in story.articles) and story.key not in exclude and is_relevant(story):
            items.append(item_of(story, score(story, now, prominence, old_figures), prominence))
    items.sort(key=lambda i: i.score, reverse=True)
    return items


def build_digest(
    articles: Sequence[StoryArticle], since: datetime, now: datetime, size: int = 10, *,
    known: Mapping[int, str] | None = None, exclude: Collection[str] = (), title: str = "News digest",
) -> Digest:
    """The ``size`` best stories among ``articles`` with news since ``since``, headed ``title`` (the topic's).

    ``known`` maps article ids to stored story keys; stories keyed in ``exclude`` (already posted) are left out.
    """
    items = rank(group(articles, known), since, now, exclude=exclude)
    return Digest(since=since, generated_at=now, items=items[:size], title=title)
