"""The ends of a reported clause: punctuation, "that" and a trailing conjunction trimmed, quotations settled.

A clause that opens inside quotation marks is a direct quotation, not reported speech, and gives nothing; a
partial quotation that closes inside the clause (or with its sentence) stays in it.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.lexicon import deps
from bot.nlp.speech.clause import Clause


def _quote_end(mask: list[bool], i: int) -> int:
    """One past the last token of the quotation holding token ``i``."""
    while i < len(mask) and mask[i]:
        i += 1
    return i


def _complementiser(tok: Token) -> bool:
    """ "that" opening a reported clause. ``complementiser_parsed_as_object``: "said in a speech that the bridge
    would reopen" — the parser may take it for the object of the clause's verb, though it stands before that
    verb's own subject; an object never does."""
    if tok.lower_ != "that":
        return False
    if tok.dep_ == "mark":
        return True
    return tok.dep_ == "dobj" and any(
        c.dep_ in deps.CLAUSE_SUBJECT_DEPS and c.i > tok.i for c in tok.head.children if c.i < tok.head.i
    )


def trim(verb: Token, lo: int, hi: int, mask: list[bool], rule: str) -> Clause | None:
    """The span with punctuation, "that" and a trailing conjunction trimmed, and quotations settled.

    ``partial_quote_in_reported_clause``: a quotation that opens inside the clause stays in it when it
    closes inside the clause or by the end of the sentence ("said the court had “rogue judges.”"); one
    that runs on past the sentence cuts the clause where it opens.

    ``quoted_predicate_past_sentence``: but when the clause's predicate is inside that quotation ("said his city
    “will not be intimidated by the threat. We have each other's backs.”") the clause runs through the quoted
    words to the end of its sentence, not cut down to its subject and dropped.

    ``quoted_predicate_before_attribution``: "Mayor Ada Moss, a former teacher, “has been working on the budget
    all week,” spokesman Leo Hart said" — a quotation that closes just past the fronted clause, with only its
    comma and closing mark there, before the verb, is the clause's quoted predicate: the clause keeps it."""
    doc = verb.doc
    while lo < hi and (
        doc[lo].is_punct and not doc[lo].is_quote or _complementiser(doc[lo]) and lo < hi - 1
    ):
        lo += 1
    while lo < hi and doc[lo].is_quote and not mask[lo]:
        if lo + 1 < len(mask) and mask[lo + 1]:
            break  # an opening mark: the quotation it opens decides below
        lo += 1
    first = lo + 1 if lo < hi and doc[lo].is_quote and not mask[lo] else lo
    if first < len(mask) and mask[first]:
        return None  # the clause is a direct quotation
    sent_end = doc[lo].sent.end if lo < len(doc) else hi
    i = lo
    while i < hi:
        if mask[i]:
            end = _quote_end(mask, i)
            if end > hi:
                if end > sent_end and i < sent_end and not any(t.pos_ in deps.VERB_POS for t in doc[lo:i]):
                    hi = sent_end  # ``quoted_predicate_past_sentence``: the clause's predicate is quoted
                    break
                if all(doc[k].is_punct for k in range(hi, end)) and end <= verb.i:
                    hi = end  # ``quoted_predicate_before_attribution``: only its closing marks lie past the clause
                    break
                if end > sent_end or any(not doc[k].is_punct for k in range(end, sent_end)):
                    hi = i
                    break
                hi = end  # the quotation closes with the sentence: keep it whole
            i = end
        i += 1
    while hi > lo and (doc[hi - 1].is_punct and not doc[hi - 1].is_quote or doc[hi - 1].dep_ in deps.CONNECTIVE_DEPS):
        hi -= 1
    while hi > lo and doc[hi - 1].is_quote and not mask[hi - 2 if hi >= 2 else 0]:
        hi -= 1  # an opening mark left at the end
    return Clause(lo, hi, rule) if hi > lo else None

