"""Reported content other than a clause hung on the verb: the addressee and infinitive of a directive ("ordered
the agency to release them"), the infinitive of a promise ("vowed to close"), the object of "called for", and the
complement of "was" in a pseudo-cleft ("What X said was that …").

``RULES`` is this group's part of ``reported.RULES``, in order.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.speech.clause import Clause, Rule
from bot.nlp.speech.trim import trim

_DIRECTIVES = lx.DIRECTIVE_VERBS | sx.DEMAND_VERBS


def directive_object_infinitive(verb: Token, mask: list[bool]) -> list[Clause]:
    """``directive_object_infinitive``: "warned leaders to cooperate", "ordered the agency to release
    them", "called on landlords to freeze rents" — the addressee and what they were told to do.

    Example: "Judge Nora Platt ordered the agency to release them." → "the agency to release them"."""
    if verb.lemma_.lower() not in _DIRECTIVES:
        return []
    obj = [c for c in verb.children if c.dep_ in {"dobj", "dative"} and c.i > verb.i]
    if not obj:  # "called on landlords to …"
        obj = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "on" and p.i > verb.i]
    xcomp = [
        c
        for c in verb.children
        if c.dep_ == "xcomp" and c.i > verb.i and any(x.dep_ == "aux" and x.lower_ == "to" for x in c.children)
    ]
    if not obj or not xcomp:  # "ordered him removed": an outcome, not an instruction in words
        return []
    lo = obj[0].left_edge.i if obj[0].dep_ != "prep" else obj[0].i + 1
    clause = trim(verb, lo, xcomp[0].right_edge.i + 1, mask, "directive_object_infinitive")
    return [clause] if clause else []


def directive_object_against_gerund(verb: Token, mask: list[bool]) -> list[Clause]:
    """``directive_object_against_gerund``: "warned riders against trusting touts", "cautioned tenants from signing
    the lease" — the addressee and what they were told not to do.

    Example: "Mayor Ada Krell warned any riders against trusting touts." → "any riders against trusting touts"."""
    if verb.lemma_.lower() not in _DIRECTIVES | sx.WARNING_VERBS:
        return []
    obj = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    prep = [
        p
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ in sx.DISSUADING_PREPOSITIONS and obj and p.i > obj[0].i
        if any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in p.children)
    ]
    if not obj or not prep:
        return []
    clause = trim(verb, obj[0].left_edge.i, prep[0].right_edge.i + 1, mask, "directive_object_against_gerund")
    return [clause] if clause else []


def commitment_verb_infinitive(verb: Token, mask: list[bool]) -> list[Clause]:
    """``commitment_verb_infinitive``: "vowed to close the camps", "pledged to hire 40 nurses" — the
    undertaking, from "to" on. Only verbs of promise (``RULING``-free list ``COMMITMENT_VERBS``); "wants
    to", "plans to" are wishes and plans, not speech.

    Example: "Governor Ilse Marant vowed to close the last two camps by spring." → "to close the last two
    camps by spring"."""
    if verb.lemma_.lower() not in sx.COMMITMENT_VERBS:
        return []
    if any(c.dep_ in {"dobj", "dative"} for c in verb.children):
        return []
    xcomp = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and c.pos_ in deps.VERB_POS]
    if not xcomp:
        return []
    clause = trim(verb, xcomp[0].left_edge.i, xcomp[0].right_edge.i + 1, mask, "commitment_verb_infinitive")
    return [clause] if clause else []


def call_for_object(verb: Token, mask: list[bool]) -> list[Clause]:
    """``call_for_object``: "called for a full inquiry into the fire" — what was demanded, a noun phrase.

    Example: "Ava Lund called for a full inquiry into the fire." → "a full inquiry into the fire"."""
    if verb.lemma_.lower() != "call":
        return []
    prep = [p for p in verb.children if p.dep_ == "prep" and p.lower_ == "for" and p.i == verb.i + 1]
    if not prep:
        return []
    pobj = [c for c in prep[0].children if c.dep_ == "pobj"]
    if not pobj:
        return []
    clause = trim(verb, pobj[0].left_edge.i, pobj[0].right_edge.i + 1, mask, "call_for_object")
    return [clause] if clause else []


def pseudo_cleft_what_said(verb: Token, mask: list[bool]) -> list[Clause]:
    """``pseudo_cleft_what_said``: "What Mayor Karen Holt said was that the pier would reopen" — the
    speech verb's object is "what", and what was said is the complement of the "was" it is subject of.

    Example: "What Mayor Karen Holt said was that the pier would reopen in May." → "the pier would reopen
    in May"."""
    be = verb.head
    if verb.dep_ != "csubj" or be.lemma_ != "be" or not any(c.lower_ == "what" and c.i < verb.i for c in verb.children):
        return []
    comp = [c for c in be.children if c.dep_ in {"ccomp", "attr", "acomp", "xcomp"} and c.i > be.i]
    if not comp:
        return []
    clause = trim(verb, comp[0].left_edge.i, comp[0].right_edge.i + 1, mask, "pseudo_cleft_what_said")
    return [clause] if clause else []


RULES: list[Rule] = [
    directive_object_infinitive,
    directive_object_against_gerund,
    commitment_verb_infinitive,
    call_for_object,
    pseudo_cleft_what_said,
]
