"""Nouns and pronouns for people who hold no office: who is described as a person, who may speak; lowercase."""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

# Heads of non-official roles: a person described only by these is not an official.
NON_OFFICIAL_NOUNS: frozenset[str] = frozenset(
    """
    analyst player forward guard quarterback coach economist strategist investor trader activist student
    resident neighbor neighbour migrant immigrant victim witness author writer reporter correspondent columnist
    editor photographer contributor actor singer artist
    """.split()
)

# Nouns that describe a person ("X, a nurse,"): evidence that a name the tagger missed is a person's.
PERSON_NOUNS: frozenset[str] = (
    frozenset(
        """
        man woman mother father son daughter wife husband parent grandmother grandfather sister brother
        owner worker employee nurse teacher farmer driver doctor physician lawyer pastor priest rabbi imam
        volunteer organizer organiser retiree veteran refugee professor scientist researcher
        """.split()
    )
    | NON_OFFICIAL_NOUNS
)

# Epithets a writer uses for a person already named ("“…,” the billionaire said"): never a new speaker of their
# own, so "the billionaire" is the person named last as a subject just before; never part of a name
# ("Billionaire Oskar Delmont" opening a sentence).
EPITHET_NOUNS: frozenset[str] = frozenset(
    ["billionaire", "millionaire", "mogul", "tycoon", "magnate", "businessman", "businesswoman", "entrepreneur"]
)

# Who may report speech in a reported clause: people, organisations and groups of them.
SPEAKER_NOUNS: frozenset[str] = frozenset(
    """
    official advocate critic expert lawmaker legislator resident forecaster activist analyst economist
    researcher scientist source witness police authority family parent student worker employer voter member
    leader spokesperson spokesman spokeswoman representative aide staff officer agent attorney lawyer prosecutor
    judge court organizer organiser supporter opponent protester republican democrat administration government
    agency department office ministry city county state committee commission council company group coalition
    campaign union association
    investigator bystander onlooker eyewitness ranger firefighter rescuer paramedic trooper demonstrator
    neighbor neighbour survivor relative passenger crowd
    """.split()
)

# Nouns of a person's relation to another ("Krell ally Councilman Omar Tell"): never part of a title.
RELATION_NOUNS: frozenset[str] = frozenset("ally allies rival rivals friend confidant protege protégé foe".split())

MALE_PRONOUNS: frozenset[str] = frozenset("he him his himself".split())
FEMALE_PRONOUNS: frozenset[str] = frozenset("she her hers herself".split())
