"""Direct and reported speech with their speakers. STUB: to be written (issue 3)."""

from __future__ import annotations

from bot.models import Quote
from bot.nlp.document import ArticleDoc
from bot.nlp.people import PeopleIndex


def find_quotes(adoc: ArticleDoc, people: PeopleIndex) -> list[Quote]:
    return []
