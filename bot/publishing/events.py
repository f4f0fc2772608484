"""Grouping reports by event: what happened, who, where and when must agree.

Evidence for two reports being one event (``pair_score``):

- their headline and lede read alike: TF-IDF cosine, with document frequencies over the reports grouped
  together (a word every story uses weighs little);
- a distinctive figure both give ("8,412 arrests"), and the people both name — but a shared person
  counts only when the two say the same thing happened (same main verb or same object): one official
  at two events is not one event;
- reports that read only moderately alike (below ``STRONG``) count only when something beyond words ties
  them: a person (as above), a distinctive figure, a place or the day of the event;
- time: the score decays with the hours between the reports and is zero beyond ``WINDOW``.

Conflicts veto a merge, whatever the other evidence (unless the two read almost the same):

- *places*: both ledes say where, and no place of one lies in or contains a place of the other (a
  meeting in New York and a tour of the Texas border are two events, even with one official in both);
- *dates*: both ledes date their event ("on Monday") and the days are more than a day apart.

Reports join stories one at a time, oldest first (average link: a report joins the story whose members
it matches best on average, when that average reaches ``THRESHOLD`` and no member conflicts with it), so a
new report costs a look at the stories sharing a rare word with it, not at every story. A report that
shares a story's people and topic but is another event opens a new story that records the one it follows
(``follows``): a new development, linked back.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from bot.publishing.frames import EventFrame, dates_conflict, places_conflict

WINDOW = timedelta(hours=72)  # reports further apart than this are different events
THRESHOLD = 0.18  # average evidence at which a report joins a story
DECAY_HOURS = 96.0  # evidence falls to 1/e over this many hours between two reports
STRONG = 0.40  # text cosine at which two reports are one event on their words alone
OVERRIDE = 0.6  # text cosine at which two reports are one event whatever the frames say (near-identical copy)
RELATED = 0.10  # topic-and-actors cosine at which a story a new report does not join is the one it follows
DISTINCTIVE = 1000  # figures below this ("two", "nine", "150") recur across unrelated stories
LEDE_CHARS = 300
MAX_MEMBERS = 12  # a story's newest members a report is compared with (bounded cost for huge stories)
MAX_DF = 0.2  # a word in more than this share of the window's reports does not find candidates (speed only)
SEARCH_TERMS = 15  # a report's rarest words that look for candidate stories
MAX_CANDIDATES = 8  # stories a new report is scored against: those sharing the most rare-word weight with it
MIN_POSTINGS = 200  # ... unless the window is small: then every shared word finds them
COMPACT_MIN = 256  # emptied stories kept (indices stable) before ``compact`` renumbers the rest
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@cache
def _analyzer() -> Callable[[str], list[str]]:
    """scikit-learn's word analyzer (English stop words, accents stripped, lower case), shared by all."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        stop_words="english",
        strip_accents="unicode",
        token_pattern=r"(?u)\b\w\w+\b",
    ).build_analyzer()


_POSSESSIVE = re.compile(r"['’]s\b")


def terms(
    title: str,
    lede: str,
    people: frozenset[str] = frozenset(),
    figures: frozenset[str] = frozenset(),
) -> dict[str, float]:
    """Sublinear term frequencies of a headline and lede, plus one token per person named (``@name``) and
    per distinctive figure (``#8_412``): a rare shared name or number weighs much, a name in every story
    little (IDF)."""
    counts = Counter(_analyzer()(_POSSESSIVE.sub("", f"{title}. {lede[:LEDE_CHARS]}")))
    out = {t: 1.0 + math.log(n) for t, n in counts.items()}
    out.update({"@" + p: 1.0 for p in people})
    out.update({"#" + re.sub(r"\W+", "_", f): 1.0 for f in figures})
    return out


def _without_people(words: dict[str, float]) -> dict[str, float]:
    return {t: v for t, v in words.items() if not t.startswith("@")}


@dataclass(slots=True)
class Report:
    """A report as grouping sees it."""

    index: int
    when: datetime
    terms: dict[str, float]
    frame: EventFrame
    figures: frozenset[str]
    story: int = -1


@dataclass(slots=True)
class EventStory:
    index: int
    members: list[Report] = field(default_factory=list)
    newest: datetime = _EPOCH
    follows: int | None = None  # the story this one is a new development of


@dataclass(frozen=True, slots=True)
class Evidence:
    score: float
    text: float
    veto: str | None  # "places" | "dates" | "time" | None
    related: float = 0.0  # cosine with the people both name always counted: same topic and actors


class Idf:
    """Document frequencies of the reports seen, for TF-IDF weights that follow the news of the window.

    Weights are cached and refreshed once a twentieth as many reports as were counted have been added or removed
    since (a word's weight then moves by well under a percent), so a new report costs a few dictionary look-ups
    per word.
    """

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        self._weights: dict[str, float] = {}
        self._norms: dict[int, float] = {}
        self._stamp = 0
        self._changes = 0  # reports added or removed since the weights were refreshed

    def add(self, words: dict[str, float]) -> None:
        self.df.update(words.keys())
        self.n += 1
        self._refresh()

    def remove(self, words: dict[str, float]) -> None:
        """Forget a report's words (its norm too: the id of its dict may be reused by a later report's)."""
        for t in words:
            left = self.df[t] - 1
            if left > 0:
                self.df[t] = left
            else:
                del self.df[t]
        self._norms.pop(id(words), None)
        self.n -= 1
        self._refresh()

    def _refresh(self) -> None:
        # counted in changes, not in size: a moving window (as many reports leave as come) changes its weights too
        self._changes += 1
        if self._changes * 20 > self._stamp:
            self._weights.clear()
            self._norms.clear()
            self._stamp = self.n
            self._changes = 0

    def weight(self, word: str) -> float:
        """Smoothed IDF, as scikit-learn's TfidfVectorizer computes it."""
        w = self._weights.get(word)
        if w is None:
            w = self._weights[word] = math.log((1 + self.n) / (1 + self.df.get(word, 0))) + 1.0
        return w

    def norm(self, words: dict[str, float], cached: bool = True) -> float:
        """The TF-IDF vector's length; ``cached`` only for a report's own term dict (kept alive by the report)."""
        n = self._norms.get(id(words)) if cached else None
        if n is None:
            n = math.sqrt(sum((v * self.weight(t)) ** 2 for t, v in words.items()))
            if cached:
                self._norms[id(words)] = n
        return n

    def cosine(self, a: dict[str, float], b: dict[str, float], cached: bool = True) -> float:
        small, big = (a, b) if len(a) <= len(b) else (b, a)
        dot = sum(v * big[t] * self.weight(t) ** 2 for t, v in small.items() if t in big)
        if not dot:
            return 0.0
        na, nb = self.norm(a, cached), self.norm(b, cached)
        return dot / (na * nb) if na and nb else 0.0


def same_happening(x: EventFrame, y: EventFrame) -> bool:
    """The two main clauses agree on what happened: a main verb or an object in common, or one of them
    says too little to tell."""
    ax, ay = x.main_actions, y.main_actions
    if not ax or not ay:
        return True
    return bool(ax & ay) or bool(x.targets & y.targets)


def pair_score(x: Report, y: Report, idf: Idf) -> Evidence:
    """How strongly two reports are one event (see the module's docstring)."""
    hours = abs((x.when - y.when).total_seconds()) / 3600
    if hours > WINDOW.total_seconds() / 3600:
        return Evidence(0.0, 0.0, "time")
    # a shared person is evidence only when the two agree on what happened
    related = idf.cosine(x.terms, y.terms)
    if related < THRESHOLD / 2:  # too little in common to matter either way: skip the frame checks
        return Evidence(0.0, related, None, related)
    if same_happening(x.frame, y.frame):
        text = related
    else:
        text = idf.cosine(_without_people(x.terms), _without_people(y.terms), cached=False)
    veto = None
    if text < OVERRIDE:
        if places_conflict(x.frame, y.frame):
            veto = "places"
        elif dates_conflict(x.frame, y.frame):
            veto = "dates"
    if text < STRONG and not corroborated(x, y):
        text = 0.0
    return Evidence(text * math.exp(-hours / DECAY_HOURS), text, veto, related)


def corroborated(x: Report, y: Report) -> bool:
    """Something beyond common words ties the two: a person named in both (when they agree on what happened),
    a distinctive figure, a place or the day of the event."""
    fx, fy = x.frame, y.frame
    if fx.people & fy.people and same_happening(fx, fy):
        return True
    if x.figures & y.figures or fx.dates & fy.dates or fx.place_names & fy.place_names:
        return True
    local_x = [p for p in fx.places if p[0].admin1]
    local_y = [p for p in fy.places if p[0].admin1]
    return any(p[0] == q[0] for p in local_x for q in local_y)


class EventGrouper:
    """Reports grouped into event stories, one report at a time (oldest first for the best results).

    A report leaves with ``remove`` (the poster's window moves on): its story loses it, its words stop
    finding candidates; a story left empty stays in ``stories`` (indices are stable) until ``compact``.
    """

    def __init__(self, idf: Idf | None = None) -> None:
        self.idf = idf or Idf()
        self.reports: dict[int, Report] = {}  # index → report, while it is grouped
        self.stories: list[EventStory] = []
        self._postings: dict[str, list[int]] = {}  # word → reports using it (in arrival order)
        self._own_idf = idf is None
        self._next = 0  # index of the next report (never reused)
        self._empty = 0  # stories emptied by ``remove``

    def add(
        self,
        when: datetime | None,
        words: dict[str, float],
        frame: EventFrame,
        figures: frozenset[str] = frozenset(),
        *,
        join: EventStory | None = None,
        alone: bool = False,
        avoid: Collection[int] = (),
    ) -> Report:
        """Place one report in a story (a new one when none fits) and return it. ``join`` places it in that
        story and ``alone`` in a new one, whatever the evidence (a placement stored earlier); it never joins
        the stories ``avoid`` names (their indices)."""
        report = Report(self._next, when or _EPOCH, words, frame, figures)
        self._next += 1
        if self._own_idf:
            self.idf.add(words)
        if join is not None:
            best = join
        elif alone:
            best = self._new_story()
        else:
            best = self._best(report, avoid)
        best.members.append(report)
        best.newest = max(best.newest, report.when)
        report.story = best.index
        self.reports[report.index] = report
        for t in words:
            self._postings.setdefault(t, []).append(report.index)
        return report

    def _best(self, report: Report, avoid: Collection[int] = ()) -> EventStory:
        """The story ``report`` joins, or a new one (appended) recording the story it follows."""
        best, best_score, follows, follows_score = None, THRESHOLD, None, RELATED
        for story in self._candidates(report):
            if story.index in avoid:
                continue
            scores = [pair_score(report, m, self.idf) for m in story.members[-MAX_MEMBERS:]]
            average = sum(s.score for s in scores) / len(scores)
            related = sum(s.related for s in scores) / len(scores)
            if related >= follows_score and report.frame.people & _people(story):
                follows, follows_score = story, related  # the same actors and topic: what a new report follows
            if average >= best_score and not any(s.veto for s in scores):
                best, best_score = story, average
        if best is None:
            follow = follows.index if follows is not None and follows.newest <= report.when else None
            best = self._new_story(follow)
        return best

    def _new_story(self, follows: int | None = None) -> EventStory:
        story = EventStory(len(self.stories), follows=follows)
        self.stories.append(story)
        return story

    def remove(self, report: Report) -> None:
        """Take ``report`` out of its story and out of the candidate search (and the IDF, when it is ours)."""
        if self.reports.pop(report.index, None) is None:
            return
        story = self.stories[report.story]
        story.members = [m for m in story.members if m is not report]
        story.newest = max((m.when for m in story.members), default=_EPOCH)
        if not story.members:
            self._empty += 1
        for t in report.terms:
            posting = self._postings.get(t)
            if posting is not None:
                posting.remove(report.index)  # the oldest leave first: found near the front
                if not posting:
                    del self._postings[t]
        if self._own_idf:
            self.idf.remove(report.terms)
        if self._empty > max(COMPACT_MIN, len(self.stories) // 2):
            self.compact()

    def compact(self) -> None:
        """Drop the stories ``remove`` emptied, renumbering the rest (a ``follows`` to a dropped one is cleared)."""
        kept = [s for s in self.stories if s.members]
        number = {s.index: n for n, s in enumerate(kept)}
        for n, s in enumerate(kept):
            s.index = n
            s.follows = number.get(s.follows) if s.follows is not None else None
            for m in s.members:
                m.story = n
        self.stories = kept
        self._empty = 0

    def _candidates(self, report: Report) -> list[EventStory]:
        """The ``MAX_CANDIDATES`` stories within the window that share the most rare-word weight with ``report``."""
        limit = max(MIN_POSTINGS, MAX_DF * self.idf.n)
        oldest = report.when - WINDOW
        weight: dict[int, float] = {}
        # the report's rarest words that others use name its event; common ones would only cost time
        shared = [t for t in report.terms if t in self._postings and len(self._postings[t]) <= limit]
        for t in sorted(shared, key=lambda t: len(self._postings[t]))[:SEARCH_TERMS]:
            posting = self._postings[t]
            w = self.idf.weight(t)
            for i in reversed(posting):
                other = self.reports[i]
                if other.when < oldest - WINDOW:  # postings are in arrival order, roughly time order
                    break
                weight[other.story] = weight.get(other.story, 0.0) + w
        ranked = sorted(weight, key=weight.__getitem__, reverse=True)[: MAX_CANDIDATES * 2]
        best = [self.stories[i] for i in ranked]
        return [s for s in best if s.members and s.newest >= oldest][:MAX_CANDIDATES]


def _people(story: EventStory) -> frozenset[str]:
    return frozenset().union(*(m.frame.people for m in story.members))


def group_reports(
    whens: Sequence[datetime | None],
    texts: Sequence[tuple[str, str]],
    frames: Sequence[EventFrame],
    figures: Sequence[frozenset[str]],
) -> EventGrouper:
    """Group reports given in time order; document frequencies are those of all of them (as a batch)."""
    words = [terms(t, lede, f.people, figs) for (t, lede), f, figs in zip(texts, frames, figures, strict=True)]
    idf = Idf()
    for w in words:
        idf.add(w)
    grouper = EventGrouper(idf)
    for when, w, frame, figs in zip(whens, words, frames, figures, strict=True):
        grouper.add(when, w, frame, figs)
    return grouper
