"""Capitalised date words (lowercase here) that start a sentence or date a title but are never part of one."""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

DATE_WORDS: frozenset[str] = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep.
    sept sept. oct oct. nov nov. dec dec. today yesterday
    """.split()
)
