"""Sets of spaCy labels the rules ask about: dependency labels (ClearNLP scheme, as the English pipelines use)
and entity labels (OntoNotes)."""

# ruff: noqa: SIM905 - word lists are written as spaCy writes them (lang/en/stop_words.py): one string, split

from __future__ import annotations

# The subject of a clause, active or passive: "Reyes said", "Reyes was elected".
SUBJECT_DEPS: frozenset[str] = frozenset("nsubj nsubjpass".split())
# What marks a passive verb: its subject or its auxiliary ("victims were found").
PASSIVE_DEPS: frozenset[str] = frozenset("nsubjpass auxpass".split())

# Objects of a verb or preposition: "pressed him", "gave him", "to him".
OBJECT_DEPS: frozenset[str] = frozenset("dobj dative pobj".split())

# Modifiers before a noun that may be part of a title: "lieutenant governor", "acting director".
PRENOMINAL_DEPS: frozenset[str] = frozenset("compound amod".split())

# A noun phrase's own modifiers before and after its noun, and a verb phrase's after its verb (counts phrases).
NP_LEFT: frozenset[str] = frozenset("amod compound nmod poss npadvmod".split())
NP_RIGHT: frozenset[str] = frozenset("prep relcl acl amod npadvmod advmod".split())
VP_RIGHT: frozenset[str] = frozenset("prt dobj dative acomp oprd agent prep xcomp npadvmod advmod advcl".split())
ARGUMENTS: frozenset[str] = frozenset("dobj pobj attr oprd acomp xcomp ccomp pcomp dative agent".split())

# Entity labels of numbers that label rather than count: dates, times, ordinals, laws.
LABEL_ENTS: frozenset[str] = frozenset("DATE TIME ORDINAL LAW".split())

# Any subject of a verb, also a clause standing as subject: "Reyes said", "What she said was …".
CLAUSE_SUBJECT_DEPS: frozenset[str] = SUBJECT_DEPS | frozenset(["csubj"])

# Dependencies inside a noun phrase, walked up to reach its head: "the city's Office of Emergency Management".
NP_INSIDE_DEPS: frozenset[str] = frozenset("pobj prep compound poss case amod nmod flat".split())

# Entity labels of when, not who: "… said Wednesday".
WHEN_ENTS: frozenset[str] = frozenset("DATE TIME".split())

# Words hung on a name's head that may carry the name itself: "Mayor Daniel Reyes", "the director, Ellen Marsh".
NAME_PART_DEPS: frozenset[str] = frozenset("compound appos nmod".split())

# Clausal complements of a verb: "said he would", "promised to go".
COMPLEMENT_DEPS: frozenset[str] = frozenset("ccomp xcomp".split())

# Conjunctions and markers left at a clause's edge: "and", "that".
CONNECTIVE_DEPS: frozenset[str] = frozenset("cc mark".split())

# Parts of speech of a verb, main or auxiliary, and of a noun, common or proper.
VERB_POS: frozenset[str] = frozenset("VERB AUX".split())
NOUN_POS: frozenset[str] = frozenset("NOUN PROPN".split())
