"""The topic's own nouns for people ("migrant"), set for one extraction: they name people as the general
``PEOPLE`` list does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from bot.nlp.lexicon.quantities import PEOPLE

# The topic's own nouns for people ("migrant"), set for one extraction by ``topic_people``: read deep in the
# phrase rules, so they travel with the call rather than through every signature.
_TOPIC_PEOPLE: ContextVar[frozenset[str]] = ContextVar("topic_people", default=frozenset())


@contextmanager
def topic_people(words: frozenset[str]) -> Iterator[None]:
    """Within this block, ``words`` (a topic's ``people_nouns``) name people as ``PEOPLE`` does."""
    token = _TOPIC_PEOPLE.set(words)
    try:
        yield
    finally:
        _TOPIC_PEOPLE.reset(token)


def is_people_noun(lemma: str) -> bool:
    """A lemma naming people, in general English ("residents") or in the current topic ("migrants")."""
    return lemma in PEOPLE or lemma in _TOPIC_PEOPLE.get()
