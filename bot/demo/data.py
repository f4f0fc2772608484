"""The demo's bundled outlets, articles and cast, loaded from ``bot/demo/samples/``.

Articles store an age (``offset_hours``) rather than a date, so the demo always looks like the last
three days' news: absolute times are computed from an anchor (the server's start) at serve time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"

FeedFormat = Literal["rss", "atom", "json"]


@dataclass(frozen=True, slots=True)
class Outlet:
    id: str
    name: str
    homepage: str  # path on the demo server
    description: str
    feed_format: FeedFormat
    feed_path: str
    full_text: bool  # False: the feed carries only summaries, the poller must fetch the page


@dataclass(frozen=True, slots=True)
class SampleQuote:
    """A gold label: a direct quotation exactly as it appears in the text, and who said it."""

    speaker: str
    text: str
    kind: Literal["direct", "indirect"] = "direct"
    speaker_is_org: bool = False


@dataclass(frozen=True, slots=True)
class SampleArticle:
    id: str
    outlet: str
    title: str
    path: str
    offset_hours: float
    byline: str | None
    summary: str
    text: str  # paragraphs separated by blank lines
    tags: tuple[str, ...]
    relevant: bool  # on the immigration-policy topic
    story: str | None  # shared by the articles of two outlets about the same event
    quotes: tuple[SampleQuote, ...]

    def published(self, anchor: datetime) -> datetime:
        return anchor - timedelta(hours=self.offset_hours)

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str
    official: bool


@dataclass(frozen=True, slots=True)
class Cast:
    """Everyone the sample articles name: all invented."""

    people: tuple[Person, ...]
    organisations: tuple[str, ...]

    def knows(self, name: str) -> bool:
        return name in self.organisations or any(p.name == name for p in self.people)


def _read(name: str) -> Any:
    """A bundled sample file: a JSON list of objects."""
    return json.loads((SAMPLES_DIR / name).read_text(encoding="utf-8"))


@cache
def load_outlets() -> tuple[Outlet, ...]:
    return tuple(Outlet(**o) for o in _read("outlets.json"))


@cache
def load_articles() -> tuple[SampleArticle, ...]:
    articles = []
    for a in _read("articles.json"):
        quotes = tuple(SampleQuote(**q) for q in a.pop("quotes"))
        articles.append(SampleArticle(**{**a, "tags": tuple(a["tags"]), "quotes": quotes}))
    # Newest first, the order feeds list their items in.
    return tuple(sorted(articles, key=lambda a: a.offset_hours))


@cache
def load_cast() -> Cast:
    data = _read("people.json")
    people = tuple(Person(**p) for p in data["people"])
    return Cast(people=people, organisations=tuple(data["organisations"]))


def articles_of(outlet_id: str) -> list[SampleArticle]:
    return [a for a in load_articles() if a.outlet == outlet_id]
