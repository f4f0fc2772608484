"""Numbers with what they count. STUB: to be written (issue 3)."""

from __future__ import annotations

from bot.models import Figure
from bot.nlp.document import ArticleDoc


def find_figures(adoc: ArticleDoc) -> list[Figure]:
    return []
