"""Topic relevance from a weighted lexicon. STUB: to be written (issue 3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.nlp.document import ArticleDoc


@dataclass
class Topic:
    name: str
    terms: dict[str, float] = field(default_factory=dict)


def load_topic(name: str) -> Topic:
    return Topic(name=name)


def score(adoc: ArticleDoc, topic: Topic) -> float:
    return 0.0
