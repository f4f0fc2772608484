"""Words around place names: what shows that a capitalised name is a place, not a person; lowercase."""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

# Prepositions of place: "in Elmira Falls", "into Elmira Falls" (not "from", "by" or "of": "a letter from Ana
# Ruiz", "the office of Ana Ruiz" name people).
LOCATIVE_PREPS: frozenset[str] = frozenset("in into near across outside inside throughout".split())

# Words after a name that make it a place's: "Elmira Falls Police", "Elmira Falls County", "Elmira Falls residents".
PLACE_FOLLOWERS: frozenset[str] = frozenset(
    """
    police county city township village town borough parish district residents officials council schools
    sheriff mayor airport harbor harbour port
    """.split()
)
