"""Reported clauses before their verb: fronted ("CLAUSE, X said.") or around an attribution inserted between
commas ("A, she said, and B"; "If A, she said, B").

``RULES`` is this group's part of ``reported.RULES``, in order.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.speech.clause import Clause, Rule, is_reporting_verb
from bot.nlp.speech.coordination import second_clause_after
from bot.nlp.speech.trim import trim


def with_fronted_clause(verb: Token, clause: Clause, mask: list[bool]) -> Clause:
    """``fronted_clause_with_attribution``: "If the bills come back, Lena Hart said, the governor may sign them." — an
    adverbial clause opening the sentence before "X said," belongs to what was said, as it does when the parser
    makes the attribution an aside (``parenthetical_attribution``): the whole sentence, less the attribution."""
    doc = verb.doc
    sent = verb.sent
    front = [c for c in verb.children if c.dep_ == "advcl" and c.left_edge.i == sent.start and c.i < verb.i]
    if not front or clause.lo != verb.i + 2 or doc[verb.i + 1].text != "," or mask[sent.start]:
        return clause
    comma = front[0].right_edge.i + 1
    if comma >= verb.i or doc[comma].text != ",":
        return clause
    if any(t.dep_ not in deps.CLAUSE_SUBJECT_DEPS | deps.NP_INSIDE_DEPS for t in doc[comma + 1 : verb.i]):
        return clause  # only the speaker stands between the fronted clause and the verb
    whole = trim(verb, sent.start, clause.hi, mask, "fronted_clause_with_attribution")
    if whole is None or whole.lo != sent.start:
        return clause
    return Clause(whole.lo, whole.hi, whole.rule, skip=(comma, verb.i + 2))


def clause_before_verb(verb: Token, mask: list[bool]) -> list[Clause]:
    """``clause_before_verb``: "CLAUSE, X said." / "CLAUSE, said X." — a fronted complement, taken only
    when nothing but the subject and punctuation stands between it and the verb and it opens the sentence.

    Example: "The ferry will run again in May, Mira Holt said." → "The ferry will run again in May". When the
    fronted clause is itself someone's report ("Mayor Karen Holt said the shelters were full, the Associated
    Press reported") the outlet only carries it: the inner verb reports, with its own speaker; ``thing_not_reporter``:
    not when the inner verb's subject is a thing ("That describes the bills he vetoed, Lena Hart added.")."""
    doc = verb.doc
    comp = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    if not comp:
        return []
    c = comp[0]
    if (
        is_reporting_verb(c)
        and any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS and x.lower_ not in sx.THING_PRONOUNS for x in c.children)
        and not any(x.dep_ == "neg" for x in c.children)
        and not _passive(c)
    ):
        return []  # ``outlet_reporting_named_speech``: "X said …, the AP reported" quotes X, not the AP
    lo, hi = c.left_edge.i, c.right_edge.i + 1
    subj = {t.i for s in verb.children if s.dep_ in deps.CLAUSE_SUBJECT_DEPS for t in s.subtree}
    if (
        verb.i < hi
        or any(not doc[i].is_punct and i not in subj for i in range(hi, verb.i))
        or any(not doc[i].is_punct for i in range(verb.sent.start, lo))
    ):
        return []
    clause = trim(verb, lo, hi, mask, "clause_before_verb")
    return [clause, *second_clause_after(verb, mask)] if clause else []


def _passive(verb: Token) -> bool:
    """``passive_is_no_report``: "Two hikers were found alive near the ridge, rangers said." — "were found" is what
    happened to the hikers, not someone's finding; a passive verb reports nobody's words."""
    return any(c.dep_ in deps.PASSIVE_DEPS for c in verb.children)


def parenthetical_attribution(verb: Token, mask: list[bool]) -> list[Clause]:
    """``parenthetical_attribution``: "A, she said, and B" — the verb set off by commas inside the
    sentence it reports (the parser makes it a parataxis of A's verb). A is the words before the first
    comma; ``second_coordinated_clause``: B, a second clause joined by "and"/"but" after the second comma
    with its own subject, is reported too.

    Example: "Ferry traffic fell sharply in March, she said, and the port lost two of its routes." →
    "Ferry traffic fell sharply in March", "the port lost two of its routes". Inserted inside one clause
    ("After the storm destroyed the pier, she said, the ferry stopped running") the whole sentence is
    reported, less the inserted attribution."""
    doc = verb.doc
    if verb.dep_ not in {"parataxis", "ccomp"} or verb.head.i == verb.i:
        return []
    left = verb.left_edge.i
    front = [c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i and c.left_edge.i == verb.sent.start]
    if front and verb.head.i > verb.i:  # ``fronted_clause_with_attribution``: "If A, she said, B" hangs A on "said"
        left = front[0].right_edge.i + 1
    if left == 0 or doc[left].text != "," and doc[left - 1].text != ",":
        return []
    if not any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS for c in verb.children) or any(
        c.dep_ in {"ccomp", "dobj", "xcomp"} for c in verb.children
    ):
        return []
    comma = left if doc[left].text == "," else left - 1
    sent = verb.sent
    if verb.head.i > verb.i:  # "After the storm hit, she said, the ferry stopped": the clause around the verb
        right = verb.right_edge.i + 1
        if comma <= sent.start or right >= sent.end or doc[right - 1].text != ",":
            return []
        whole = trim(verb, sent.start, sent.end, mask, "parenthetical_attribution")
        if whole is None or not whole.lo < comma < right < whole.hi:
            return []
        return [Clause(whole.lo, whole.hi, whole.rule, skip=(comma, right))]
    out = []
    first = trim(verb, sent.start, comma, mask, "parenthetical_attribution")
    if first is not None:
        out.append(first)
    out.extend(second_clause_after(verb, mask))
    return out


RULES: list[Rule] = [
    clause_before_verb,
    parenthetical_attribution,
]
