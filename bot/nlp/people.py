"""People named in one article: mentions, titles, and resolution of surnames, roles and pronouns.

STUB: to be written (issue 3). ``find_people`` must return an object with ``officials()`` and ``all()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.models import Official
from bot.nlp.document import ArticleDoc


@dataclass
class PeopleIndex:
    people: list[Official] = field(default_factory=list)

    def officials(self) -> list[Official]:
        return [p for p in self.people if p.is_official]

    def all(self) -> list[Official]:
        return list(self.people)


def find_people(adoc: ArticleDoc) -> PeopleIndex:
    return PeopleIndex()
