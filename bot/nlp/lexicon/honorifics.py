"""Courtesy titles written before a name ("Mr.", "Dr."), by the gender they show; lowercase.

Office titles that also stand before a name ("Mayor Adams") are title nouns (``titles``); the registry's
list of words to strip before a name is built from both here, so each word is written once.
"""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

from bot.nlp.lexicon.titles import NAME_PREFIX_TITLES, TENURE_MODIFIERS

MALE_HONORIFICS: frozenset[str] = frozenset("mr mr. sir".split())
FEMALE_HONORIFICS: frozenset[str] = frozenset("ms ms. mrs mrs. miss madam".split())
NEUTRAL_HONORIFICS: frozenset[str] = frozenset("dr dr. prof prof. rev rev. hon hon. mx mx.".split())
# any of them: "Dr." before a name is not part of the name
HONORIFICS: frozenset[str] = MALE_HONORIFICS | FEMALE_HONORIFICS | NEUTRAL_HONORIFICS

# Words that precede a name without being part of it ("Mayor Adams", "Sen. Padilla", "Dame Ann"), compared
# with a name's first word without its period: courtesy titles, office titles, tenure words ("former") and
# a few abbreviations and parts of titles that are no title noun by themselves.
NAME_PREFIXES: frozenset[str] = (
    frozenset("mr mrs ms miss mx dr prof sir dame rev".split())
    | NAME_PREFIX_TITLES
    | TENURE_MODIFIERS
    | frozenset("gen ltgov vice vp vice-president-elect border".split())
)
