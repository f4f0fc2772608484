"""``second_coordinated_clause``: "said A and that B", "A, she said, and B" report two things; the second
clause is cut off the first, or found past a mid-sentence attribution.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.lexicon import deps
from bot.nlp.speech.clause import Clause
from bot.nlp.speech.trim import trim


def split_second_clause(verb: Token, clause: Clause, mask: list[bool]) -> list[Clause]:
    """``second_coordinated_clause``: "said A and that B" reports two things. The second conjunct of the
    complement, when it opens with its own "that", is a clause of its own.

    Example: "Lena Tarrow said the fares would rise and that the buses would run later." → "the fares would
    rise", "the buses would run later"."""
    comp = [c for c in verb.children if c.dep_ == "ccomp" and clause.lo <= c.i < clause.hi]
    if not comp:
        return [clause]
    second = [
        c
        for c in comp[0].children
        if c.dep_ == "conj" and c.i > comp[0].i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
    ]
    hi = clause.hi
    if second:
        cut = second[0].left_edge.i
    else:
        found = _and_that(verb, clause, mask)
        if found is None:
            return [clause]
        cut, hi = found
    out = [x for x in (trim(verb, clause.lo, cut, mask, clause.rule), trim(verb, cut, hi, mask, clause.rule)) if x]
    return [Clause(x.lo, x.hi, "second_coordinated_clause") if k else x for k, x in enumerate(out)] or [clause]


def _and_that(verb: Token, clause: Clause, mask: list[bool]) -> tuple[int, int] | None:
    """Where "… and that B" opens inside a reported clause the parser did not split (it may hang B anywhere):
    the "that", and the end of B's own clause (past a quotation the first clause was cut at)."""
    doc = verb.doc
    for k in range(clause.lo + 2, min(clause.hi + 2, verb.sent.end - 1)):
        if (
            doc[k].lower_ == "that"
            and doc[k].dep_ == "mark"
            and doc[k - 1].lower_ in {"and", "but"}
            and not mask[k]
            and doc[k].head.i > k
        ):
            return k, min(max(clause.hi, doc[k].head.right_edge.i + 1), verb.sent.end)
    return None


def second_clause_after(verb: Token, mask: list[bool]) -> list[Clause]:
    """``second_coordinated_clause`` after a mid-sentence attribution: in "A, she said, and B" (or "but B")
    B goes on reporting her when it is a clause with its own subject joined right after the attribution,
    to the verb or to A."""
    doc = verb.doc
    sent = verb.sent
    own = {t.i for c in verb.children if c.i > verb.i and c.dep_ not in {"conj", "cc"} for t in c.subtree}
    after = verb.i + 1
    while after < sent.end and after in own:
        after += 1
    while after < sent.end and doc[after].text == ",":
        after += 1
    if after >= sent.end or doc[after].dep_ != "cc":
        return []
    second = [
        c
        for c in (*verb.children, *verb.head.children)
        if c.dep_ == "conj"
        and c.i > after
        and c.left_edge.i > after
        and any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS for x in c.children)
    ]
    if not second:
        return []
    x = trim(verb, after + 1, second[0].right_edge.i + 1, mask, "second_coordinated_clause")
    return [x] if x is not None else []

