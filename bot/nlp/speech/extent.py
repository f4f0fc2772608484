"""How far a reporting verb's complement runs: the parser may hang the rest of what was said on the verb (a list
of clauses, a second predicate, "but B", "so B") or end it at the speaker's second act ("ruled that A and ordered B").

``clause_end`` gives one past the last token of the complement's clause, by the named constructions below.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.speech.clause import is_reporting_verb


def _coordinated_act(comp: Token) -> Token | None:
    """A reporting verb joined to the complement's verb without a subject of its own ("ruled that A and
    ordered B"): the speaker's second act, not part of what the first verb reports."""
    return next(
        (
            c
            for c in comp.children
            if c.dep_ == "conj"
            and c.i > comp.i
            and is_reporting_verb(c)
            and not any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS for x in c.children)
        ),
        None,
    )


def _list_of_clauses_end(verb: Token, comp: Token) -> int:
    """``list_of_clauses``: "reports that there were 1,074 permits, 930 were signed, 143 were refused, and one she
    left unsigned" — the parser hangs each clause of the comma list on the reporting verb; the report runs to the
    end of the last one (a clause, or a bare item after ", and"). Returns one past it, or 0."""
    doc = verb.doc
    end = 0
    last = comp.right_edge.i
    for c in verb.children:
        if c.i <= comp.i:
            continue
        while last > comp.i and (doc[last].is_punct or doc[last].dep_ == "cc"):
            last -= 1
        gap = [t for t in doc[last + 1 : c.left_edge.i] if not t.is_punct or t.text != ","]
        if not any(t.text == "," for t in doc[last + 1 : c.left_edge.i]) or any(t.dep_ != "cc" for t in gap):
            break  # the list goes on only past a comma (and "and")
        clause = c.dep_ == "ccomp" and not gap and not is_reporting_verb(c)
        item = c.dep_ == "conj" and c.pos_ in {"NUM", "NOUN"} and bool(end) and bool(gap)  # ", and one she …"
        if not (clause or item):
            break
        end = last = c.right_edge.i
    return end + 1 if end else 0


def _modal_second_predicate(verb: Token, comp: Token) -> Token | None:
    """``modal_second_predicate``: "clarified that the service would include ferries, but would only be open to
    residents" — the parser joins the second predicate to the reporting verb, but with no subject of its own and
    a modal ("would", "will", "could") it goes on with the complement's subject: it is reported too."""
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "conj"
            and c.i > comp.right_edge.i
            and not any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS for x in c.children)
            and (first := c.left_edge).tag_ == "MD"
            and first.head.i == c.i
        ),
        None,
    )


def _backshifted_second_clause(verb: Token, comp: Token) -> Token | None:
    """``backshifted_second_clause``: "Mayor Ona Pell said the bridge would reopen in May, but the ferry would keep
    running until June." — the parser joins "but B" to the reporting verb; when B has a subject of its own that is
    not a person ("Councilor Brandt disagreed", "she did not say") and a backshifted modal ("would", "could") of
    reported speech, right after the complement past a comma and "but", B goes on with what was said."""
    doc = verb.doc
    end = comp.right_edge.i
    for c in verb.children:
        if c.dep_ != "conj" or c.i <= end or c.pos_ not in deps.VERB_POS or is_reporting_verb(c):
            continue
        subj = [x for x in c.children if x.dep_ in deps.CLAUSE_SUBJECT_DEPS]
        gap = [t for t in doc[end + 1 : c.left_edge.i] if t.text != ","]
        if (
            len(subj) == 1
            and subj[0].pos_ not in {"PRON", "PROPN"}
            and subj[0].ent_type_ not in {"PERSON", "ORG"}
            and any(x.dep_ == "aux" and x.lower_ in sx.REPORTED_MODALS for x in c.children)
            and [t.lower_ for t in gap] in ([w] for w in sx.CONTRAST_CONJUNCTIONS)
        ):
            return c
        return None
    return None


def _predicate_parsed_as_head(verb: Token, comp: Token) -> Token | None:
    """``predicate_parsed_apart``: "The suit alleges that the governor’s reasons for closing the shelters—that rents
    had fallen—are a “pretext” for a land sale." — the parser may hang the complement's own predicate ("are") on the
    reporting verb, or make it the root with the reporting verb its complement. A predicate right after the
    clause, past a dash or comma only, with no subject of its own, goes on with the complement's subject.

    ``modifier_parsed_as_predicate``: "said the legislators unhappy with the veto stand apart from the rest" — the
    parser may take a modifier ("unhappy") for the complement's predicate and hang the real one, right after it,
    on the reporting verb; the clause runs on through it."""
    doc = verb.doc
    end = comp.right_edge.i
    while end > comp.i and doc[end].is_punct:
        end -= 1
    head = [verb.head] if verb.dep_ == "ccomp" else []
    after = [c for c in verb.children if c.dep_ in {"ccomp", "conj"} and c.i > end]
    for p in (*head, *after):
        if p.i <= end or p.pos_ not in deps.VERB_POS or is_reporting_verb(p):
            continue
        if any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS or c.dep_ == "expl" for c in p.children):
            continue
        start = p.i if p.i == verb.head.i else p.left_edge.i  # spaCy hands out new Token objects: compare indices
        if all(t.is_punct for t in doc[end + 1 : start]) and start > end + 1:
            return p
        if start == end + 1 and comp.pos_ not in deps.VERB_POS:
            return p  # ``modifier_parsed_as_predicate``: "said the legislators unhappy with the veto stand apart"
    return None


def _consequence_after_participle(verb: Token, comp: Token) -> Token | None:
    """``participle_then_consequence``: "Marta Ilves criticized the plan, saying it was too costly, so the council
    should vote it down." — the parser joins "so B" to the main verb, but after a reporting participle ("saying")
    the consequence, a clause with its own subject right after the complement, goes on with what was said."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG":
        return None
    doc = verb.doc
    end = comp.right_edge.i
    for c in verb.head.children:
        if c.dep_ != "conj" or c.i <= end or not any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS for x in c.children):
            continue
        gap = doc[end + 1 : c.left_edge.i]
        if any(t.lower_ in sx.CONSEQUENCE_CONJUNCTIONS for t in gap) and all(
            t.is_punct and not t.is_quote or t.lower_ in sx.CONSEQUENCE_CONJUNCTIONS for t in gap
        ):
            return c
    return None


def clause_end(verb: Token, comp: Token, lo: int) -> int:
    """One past the last token of the clause of ``verb``'s complement ``comp`` that starts at ``lo``: cut before a
    coordinated act of the speaker, or run on through what the parser hung apart from the complement."""
    act = _coordinated_act(comp)
    hi = act.left_edge.i if act is not None else max(comp.right_edge.i + 1, _list_of_clauses_end(verb, comp))
    more = (
        _modal_second_predicate(verb, comp)
        or _predicate_parsed_as_head(verb, comp)
        or _consequence_after_participle(verb, comp)
        or _backshifted_second_clause(verb, comp)
    )
    if act is None and more is not None:
        hi = more.right_edge.i + 1
    if act is not None:
        while hi > lo and (verb.doc[hi - 1].dep_ == "cc" or verb.doc[hi - 1].is_punct):
            hi -= 1
    return hi
