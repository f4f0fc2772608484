"""Word lists the NLP rules share, one data module per kind (as spaCy keeps ``lang/en/stop_words.py``
apart from its algorithms), re-exported here so that rules read ``lx.TITLE_NOUNS``:

- ``titles``: title nouns, their modifiers, rank, role, party and gendered titles;
- ``honorifics``: courtesy titles, and the words the people registry strips before a name;
- ``persons``: nouns for people who hold no office, speaker nouns, pronouns;
- ``organisations``: organisation nouns, words of agency and company names, bodies;
- ``speech_verbs``: verbs and document nouns that report speech;
- ``name_suffixes``: suffixes and particles around surnames;
- ``dates``: date words;
- ``abbreviations``: short words written with a period that end no sentence;
- ``deps``: dependency-label sets;
- ``quantities``: measure, change and level words of what a figure counts, and figure label words.

These are general English news conventions, not tuned to any article; words of one topic (migrants,
asylum) live in ``config/topics/*.toml``. Lookups are on lowercase lemmas (verbs) or lowercase words
(titles), so every entry is lowercase. The functions below are the lookups the rules share.
"""

from __future__ import annotations

from functools import lru_cache

from bot.nlp.lexicon.abbreviations import ABBREVIATIONS
from bot.nlp.lexicon.dates import DATE_WORDS
from bot.nlp.lexicon.honorifics import FEMALE_HONORIFICS, HONORIFICS, MALE_HONORIFICS, NAME_PREFIXES, NEUTRAL_HONORIFICS
from bot.nlp.lexicon.name_suffixes import GENERATIONAL_SUFFIXES, NAME_PARTICLES, NAME_SUFFIXES
from bot.nlp.lexicon.organisations import (
    BODY_NOUNS,
    COMPANY_WORDS,
    CORPORATE_TITLES,
    DISEASE_NAMES,
    INTERNATIONAL_NGO_WORDS,
    NATIONAL_PUBLIC_BODY_WORDS,
    NGO_WORDS,
    ORG_CLASSES,
    ORG_NAME_WORDS,
    ORG_NOUNS,
    ORG_OR_PLACE_WORDS,
    OUTLET_NAME_WORDS,
    OUTLET_NOUNS,
    PRIVATE_BODY_WORDS,
    PUBLIC_BODY_WORDS,
)
from bot.nlp.lexicon.persons import (
    EPITHET_NOUNS,
    FEMALE_PRONOUNS,
    MALE_PRONOUNS,
    NON_OFFICIAL_NOUNS,
    PERSON_NOUNS,
    RELATION_NOUNS,
    SPEAKER_NOUNS,
)
from bot.nlp.lexicon.places import LOCATIVE_PREPS, PLACE_FOLLOWERS
from bot.nlp.lexicon.speech_verbs import (
    ADJACENT_CUE_VERBS,
    CHARACTERISE_VERBS,
    DIRECTIVE_VERBS,
    DOCUMENT_NOUNS,
    ISSUED_DOCUMENTS,
    PERSONAL_WRITINGS,
    SPEECH_VERBS,
    STATEMENT_VERBS,
)
from bot.nlp.lexicon.titles import (
    GENDERED_TITLES,
    JUDGE_TITLES,
    MODIFIED_TITLES,
    NAME_PREFIX_TITLES,
    NOT_OFFICE_OBJECTS,
    OCCUPATION_MODIFIERS,
    OFFICE_VERBS,
    PARTY_NOUNS,
    PERIOD_ONLY_TITLES,
    RANK_QUALIFIERS,
    RANKING_HEADS,
    RANKING_WORD,
    ROLE_CLASSES,
    ROLE_OF,
    TENURE_MODIFIERS,
    TITLE_MODIFIERS,
    TITLE_NOUNS,
    TITLE_PREPS,
)

__all__ = [
    "ABBREVIATIONS",
    "ADJACENT_CUE_VERBS",
    "BODY_NOUNS",
    "CHARACTERISE_VERBS",
    "COMPANY_WORDS",
    "CORPORATE_TITLES",
    "DATE_WORDS",
    "DIRECTIVE_VERBS",
    "DISEASE_NAMES",
    "DOCUMENT_NOUNS",
    "ISSUED_DOCUMENTS",
    "PERSONAL_WRITINGS",
    "NOT_OFFICE_OBJECTS",
    "FEMALE_HONORIFICS",
    "FEMALE_PRONOUNS",
    "GENDERED_TITLES",
    "JUDGE_TITLES",
    "GENERATIONAL_SUFFIXES",
    "HONORIFICS",
    "LOCATIVE_PREPS",
    "MALE_HONORIFICS",
    "MALE_PRONOUNS",
    "MODIFIED_TITLES",
    "NAME_PARTICLES",
    "NAME_PREFIXES",
    "NAME_PREFIX_TITLES",
    "NAME_SUFFIXES",
    "NEUTRAL_HONORIFICS",
    "INTERNATIONAL_NGO_WORDS",
    "NATIONAL_PUBLIC_BODY_WORDS",
    "NGO_WORDS",
    "RELATION_NOUNS",
    "PUBLIC_BODY_WORDS",
    "NON_OFFICIAL_NOUNS",
    "OCCUPATION_MODIFIERS",
    "OFFICE_VERBS",
    "ORG_CLASSES",
    "ORG_NAME_WORDS",
    "ORG_NOUNS",
    "ORG_OR_PLACE_WORDS",
    "OUTLET_NAME_WORDS",
    "OUTLET_NOUNS",
    "PARTY_NOUNS",
    "PERIOD_ONLY_TITLES",
    "EPITHET_NOUNS",
    "PERSON_NOUNS",
    "PLACE_FOLLOWERS",
    "PRIVATE_BODY_WORDS",
    "RANK_QUALIFIERS",
    "RANKING_HEADS",
    "RANKING_WORD",
    "ROLE_CLASSES",
    "ROLE_OF",
    "SPEAKER_NOUNS",
    "SPEECH_VERBS",
    "STATEMENT_VERBS",
    "TENURE_MODIFIERS",
    "TITLE_MODIFIERS",
    "TITLE_NOUNS",
    "TITLE_PREPS",
    "is_title_word",
    "role_of",
    "singular",
]


@lru_cache(maxsize=1 << 16)  # asked of most nouns of every paragraph; the answer depends on the word alone
def singular(word: str) -> str:
    """Fold a plural title noun to its singular ("Senators" → "senator") for lexicon lookups."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3 and w[:-1] in TITLE_NOUNS:
        return w[:-1]
    return w


@lru_cache(maxsize=1 << 16)  # asked of most capitalised words; the answer depends on the word alone
def is_title_word(word: str) -> bool:
    """A title noun, singular or plural, with or without its abbreviation period ("Gov.", "Senators")."""
    bare = word.rstrip(".")
    if bare.lower() in PERIOD_ONLY_TITLES:
        return word.endswith(".")
    return singular(bare) in TITLE_NOUNS


def role_of(word: str) -> str:
    """The role noun a title word answers to: "Gov." and "governor" → "governor"."""
    w = singular(word.rstrip("."))
    return ROLE_OF.get(w, w)
