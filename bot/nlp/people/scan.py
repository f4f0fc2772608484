"""One article's people, built up by the ordered ``PEOPLE_STEPS`` over a ``PeopleScan``: names collected
and grouped by surname, mentions read for titles, gender and party, titles tidied, role nouns and pronouns
resolved; ``find_people`` runs them.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.nlp.document import ArticleDoc
from bot.nlp.people.collection import collect_names, places_not_people, platforms_not_people
from bot.nlp.people.index import PeopleIndex
from bot.nlp.people.mentions import private_sector_heads, read_mentions, roles_of_titles, tidy_titles
from bot.nlp.people.name_lists import shared_titles
from bot.nlp.people.references import pronoun_gender, role_noun_mentions
from bot.nlp.people.roster import PeopleScan
from bot.nlp.people.surnames import group_by_surname, known_surnames, mention_names

# In this order: each step reads what the earlier ones built.
PEOPLE_STEPS: tuple[Callable[[PeopleScan], None], ...] = (
    collect_names,
    places_not_people,
    platforms_not_people,
    group_by_surname,
    mention_names,
    known_surnames,
    read_mentions,
    tidy_titles,
    private_sector_heads,
    roles_of_titles,
    shared_titles,
    role_noun_mentions,
    pronoun_gender,
)


def find_people(adoc: ArticleDoc) -> PeopleIndex:
    """Everyone the article names, with their mentions, titles and what refers to them (``PEOPLE_STEPS``)."""
    scan = PeopleScan.of(adoc)
    for step in PEOPLE_STEPS:
        step(scan)
    assert scan.index is not None
    return scan.index
