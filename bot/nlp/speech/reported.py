"""What a reporting verb reports: the span of its reported content, by construction.

Each rule is one construction of English, in the group module it belongs to (``that_clauses``, ``fronted``,
``complements``). ``clauses`` tries them in order (``RULES``: each group's ordered list in turn) and the first
that applies gives the verb's clauses; a verb that none fits reports nothing here. A rule sees the verb
and the quotation mask of its paragraph (True for tokens inside quotation marks) and returns token spans
``[lo, hi)`` of the same Doc (``clause.Clause``), with the rule's name so tests and logs can say why a span
was taken.

The spans keep a partial direct quotation that closes inside them ("said the plan was “dead on
arrival” in the chamber": the whole clause); a clause that opens inside quotation marks is a direct
quotation, not reported speech, and gives nothing (``trim``).
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.lexicon import deps
from bot.nlp.speech import complements, fronted, that_clauses
from bot.nlp.speech.clause import Clause, Rule, is_reporting_verb


def in_reported_clause(doc_start: Token, end: int, mask: list[bool]) -> Token | None:
    """``partial_quote_in_reported_clause``: the reporting verb whose reported clause holds the quoted words
    starting at ``doc_start`` (up to token ``end``): a verb outside the marks above them, reached through a
    complement. "Senator Orla Finch said the plan was “dead on arrival” in the chamber" → "said"."""
    doc = doc_start.doc
    for t in doc[doc_start.i : end]:
        child = t
        for depth, a in enumerate(t.ancestors):
            if depth > 8:
                break
            if child.dep_ in deps.COMPLEMENT_DEPS and not mask[a.i] and is_reporting_verb(a):
                return a
            child = a
    return None


RULES: list[Rule] = [*that_clauses.RULES, *fronted.RULES, *complements.RULES]


def clauses(verb: Token, mask: list[bool]) -> list[Clause]:
    """The reported content of ``verb``: the clauses of the first rule in ``RULES`` that applies."""
    for rule in RULES:
        found = rule(verb, mask)
        if found:
            return found
    return []

