"""Plain data passed between the core's stages (feed → article → extraction → store).

These are the boundaries between modules, so they are frozen-ish dataclasses with no behaviour
beyond small conveniences; storage rows and platform payloads are built from them elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal


@dataclass(slots=True)
class FeedItem:
    """One entry of a parsed feed, before deduplication."""

    feed_url: str
    guid: str | None
    url: str | None
    title: str
    summary: str = ""
    content: str = ""  # full text when the feed carries it (content:encoded, JSON Feed content_text)
    published: datetime | None = None
    author: str | None = None
    source: str | None = None  # the outlet's name (feed title or configured name)


@dataclass(slots=True)
class ArticleInput:
    """The text the extractor reads, with what it may use of its context."""

    text: str
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    id: str | None = None


@dataclass(slots=True)
class Official:
    name: str
    title: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: int = 1
    is_official: bool = True  # False for people named without any public role


QuoteKind = Literal["direct", "indirect"]


@dataclass(slots=True)
class Quote:
    text: str
    speaker: str | None
    kind: QuoteKind
    cue: str | None = None
    speaker_is_org: bool = False
    paragraph: int = 0  # index of the paragraph the quote starts in


@dataclass(slots=True)
class Figure:
    text: str  # the number as written: "225,000", "two dozen", "$1.5 billion"
    value: float
    counts: str  # what it counts: "migrants arrived since 2022"
    unit: str | None = None  # people, dollars, percent, ...
    sentence: str = ""
    qualifier: str | None = None  # "more than", "about", ...


@dataclass(slots=True)
class Extraction:
    relevant: bool
    relevance: float
    officials: list[Official] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    summary: str = ""
    people: list[Official] = field(default_factory=list)  # every person named, officials or not
    # the event frame of the headline and lede (bot.publishing.frames, as stored JSON), read from this parse
    frame: dict[str, Any] | None = None

    def to_schema(self, doc_id: str | None) -> dict:
        """The JSON object of ``newsbot extract`` (see README, "Extraction output")."""
        return {
            "id": doc_id,
            "relevant": self.relevant,
            "relevance": round(self.relevance, 3),
            "officials": [
                {"name": o.name, "title": o.title, "aliases": o.aliases} for o in self.officials
            ],
            "figures": [
                {
                    "text": f.text,
                    "value": f.value,
                    "counts": f.counts,
                    "unit": f.unit,
                    "sentence": f.sentence,
                }
                for f in self.figures
            ],
            "quotes": [
                {"text": q.text, "speaker": q.speaker, "kind": q.kind, "cue": q.cue} for q in self.quotes
            ],
            "summary": self.summary,
        }
