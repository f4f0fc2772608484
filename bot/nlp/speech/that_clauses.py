"""The clausal complement of a reporting verb: after it ("said (that) A"), in a relative clause, on "in a
statement", after an aside, on the verb's object, or with its subject taken for the verb's object.

``RULES`` is this group's part of ``reported.RULES``, in order.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx
from bot.nlp.speech.clause import Clause, Rule, is_reporting_verb
from bot.nlp.speech.coordination import split_second_clause
from bot.nlp.speech.extent import clause_end
from bot.nlp.speech.fronted import with_fronted_clause
from bot.nlp.speech.trim import trim


def _finding_body(verb: Token) -> bool:
    """The subject of "found"/"determined" is a court, a judge, a panel or a report (the antecedent of
    "who"/"which" in a relative clause)."""
    subj = next((c for c in verb.children if c.dep_ in deps.CLAUSE_SUBJECT_DEPS), None)
    if subj is None:
        return False
    if subj.lower_ in sx.RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        subj = verb.head
    return any(t.lemma_.lower() in sx.FINDING_BODIES for t in subj.subtree if t.i <= subj.i)


def _has_that(comp: Token) -> bool:
    return any(x.dep_ == "mark" and x.lower_ == "that" for x in comp.children)


def _inside_outlet_attribution(verb: Token, comp: Token) -> Token:
    """``outlet_attribution_after_clause``: "Mayor Tilda Brenn said the shelter will close in March, The Hill
    reports." — the parser may make the outlet's "reports" the complement of "said" and the clause its fronted
    complement; what the mayor said is that clause, and the outlet only carries it."""
    if not is_reporting_verb(comp) or not any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS for x in comp.children):
        return comp
    inner = [x for x in comp.children if x.dep_ == "ccomp" and verb.i < x.i < comp.i]
    return inner[0] if inner else comp


def _relative_clause_as_complement(verb: Token, comp: Token) -> bool:
    """``relative_clause_parsed_as_complement``: "“It is the busiest road in the county,” Ada Moss said of the
    highway near Linton that has become a route for heavy trucks" — the parser hung the relative clause of the
    noun before it on "said"; its subject is the relative pronoun right after that noun, so it tells what the
    highway is, not what was said."""
    subj = next((x for x in comp.children if x.dep_ in deps.CLAUSE_SUBJECT_DEPS), None)
    if subj is None or subj.tag_ not in {"WDT", "WP"} or subj.i <= verb.i + 1:
        return False
    before = verb.doc[subj.i - 1]
    return before.pos_ in {"NOUN", "PROPN"} and before.head.i != comp.i


def _verbless_small_clause(comp: Token) -> bool:
    """``verbless_small_clause``: "The council voted to declare the town a disaster area" — the parser makes "the
    town a disaster area" a clause headed by the noun; with no verb, no copula and no "that" it names the status the
    act gives, not words reported."""
    if comp.pos_ not in {"NOUN", "PROPN"}:  # not "said the members unhappy with it stand apart"
        return False
    kids = list(comp.children)
    return any(c.dep_ in deps.SUBJECT_DEPS for c in kids) and not any(
        c.dep_ in {"aux", "auxpass", "cop", "mark"} or c.pos_ in deps.VERB_POS for c in comp.subtree
    )


def that_clause_after_verb(verb: Token, mask: list[bool]) -> list[Clause]:
    """``that_clause_after_verb``: the clausal complement after a reporting verb, with or without "that";
    also a complement the parser hung on "in a statement" or "in an interview" after the verb.

    ``occasion_preposition``: only "in", "at", "during" or "through" bring the occasion or document ("said in a
    statement that …"); in "responding to an order that critics argued was …" the clause is the order's own.

    ``reported_in_relative_clause``: in "the software, which Director Kalla Venn said had crashed twice"
    the complement of "said" starts at the relative pronoun, before the verb; what was said is only the
    part after the verb ("had crashed twice").

    ``ruling_that_clause``: the same for "ruled", "found", "concluded" ("Judge Nora Platt ruled that the
    policy violated the statute"); for these verbs only with "that", since "ordered him removed" and
    "officers determined he was present" tell an outcome, not what the ruling says."""
    comp = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    if not comp:
        comp = [
            cl
            for prep in verb.children
            if prep.dep_ == "prep" and prep.i > verb.i and prep.lower_ in sx.OCCASION_PREPS
            for obj in prep.children
            if obj.dep_ == "pobj" and obj.lemma_.lower() in sx.STATING_DOCUMENTS | sx.SPEAKING_OCCASIONS
            for cl in obj.children
            if cl.dep_ in {"acl", "ccomp", "relcl"}
            and cl.i > obj.i
            and any(x.dep_ == "mark" and x.lower_ == "that" for x in cl.children)
        ]
    if not comp:
        return []
    c = _inside_outlet_attribution(verb, comp[0])
    if _relative_clause_as_complement(verb, c) or _verbless_small_clause(c):
        return []
    if verb.lemma_.lower() in sx.RULING_VERBS - lx.SPEECH_VERBS and not _has_that(c):
        return []  # "ordered him removed", "determined he was present": a procedure's outcome, not its words
    if verb.lemma_.lower() in sx.FINDING_VERBS and not _finding_body(verb):
        return []
    lo = max(c.left_edge.i, verb.i + 1)
    subj = [x for x in verb.children if x.dep_ in deps.CLAUSE_SUBJECT_DEPS]
    if any(x.i < verb.i for x in subj) and (late := [x for x in subj if verb.i < x.i < c.i]):
        lo = min(lo, late[0].left_edge.i)  # ``second_subject_parsed_after_verb``: the clause's subject, hung on "said"
    rule = "reported_in_relative_clause" if c.left_edge.i < verb.i else "that_clause_after_verb"
    if verb.lemma_.lower() in sx.RULING_VERBS:
        rule = "ruling_that_clause"
    hi = clause_end(verb, c, lo)
    clause = trim(verb, lo, hi, mask, rule)
    if clause is None:
        return []
    return [with_fronted_clause(verb, x, mask) for x in split_second_clause(verb, clause, mask)]


_ASIDE_OPEN = frozenset(["-", "–", "—", "("])


_ASIDE_CLOSE = frozenset(["-", "–", "—", ")"])


def that_clause_on_object(verb: Token, mask: list[bool]) -> list[Clause]:
    """``that_clause_on_object``: "The Harbor Agency advised residents that roads would become impassable." — the
    parser may hang the "that" clause on the verb's object as if it described the residents ("residents that roads
    would …"); a clause opened by the conjunction "that" with a subject of its own describes nobody, it is what the
    verb told its object. Only an ``acl`` (a relative clause, "residents that the mayor met", is ``relcl`` and
    its "that" a pronoun).

    Example: "The Harbor Agency advised residents that roads would become impassable." → "roads would become
    impassable"."""
    if verb.lemma_.lower() not in sx.OBJECT_THAT_VERBS or any(c.dep_ == "ccomp" for c in verb.children):
        return []
    objs = [c for c in verb.children if c.dep_ in {"dobj", "dative"} and c.i > verb.i]
    for obj in objs + [x for o in objs for x in o.conjuncts if x.i > o.i]:
        for cl in obj.children:
            if cl.dep_ != "acl" or cl.i < obj.i:
                continue
            that = next((x for x in cl.children if x.dep_ == "mark" and x.lower_ == "that"), None)
            own_subject = any(x.dep_ in deps.CLAUSE_SUBJECT_DEPS and that and x.i > that.i for x in cl.children)
            if that is None or not own_subject or mask[that.i]:
                continue
            clause = trim(verb, that.i, cl.right_edge.i + 1, mask, "that_clause_on_object")
            return [clause] if clause else []
    return []


def that_clause_after_aside(verb: Token, mask: list[bool]) -> list[Clause]:
    """``that_clause_after_aside``: "told the Ledger on background - a method often used by officials - that the
    city closed the bridge" — an aside between dashes (or brackets) after the verb; the parser hangs the
    "that" clause after it on the aside, but it is still what the verb reports.

    Example: "An aide told the Daily Ledger on background - a method officials use - that the city closed the
    bridge." → "the city closed the bridge"."""
    if verb.lemma_.lower() not in lx.SPEECH_VERBS or any(c.dep_ == "ccomp" for c in verb.children):
        return []
    doc = verb.doc
    end = verb.sent.end
    opened = next((i for i in range(verb.i + 1, min(verb.i + 8, end)) if doc[i].text in _ASIDE_OPEN), None)
    if opened is None:
        return []
    for k in range(opened + 2, end - 2):
        if doc[k].text in _ASIDE_CLOSE:
            that = doc[k + 1]
            if that.lower_ != "that" or that.dep_ != "mark" or that.head.i <= k + 1 or mask[that.i]:
                return []
            clause = trim(verb, k + 2, that.head.right_edge.i + 1, mask, "that_clause_after_aside")
            return [clause] if clause else []
    return []


def subject_parsed_as_object(verb: Token, mask: list[bool]) -> list[Clause]:
    """``subject_parsed_as_object``: "a lawsuit that argues the abrupt closure in January was unlawful" — the parser
    may take the complement's subject for the verb's object and hang its predicate ("was unlawful") elsewhere; the
    predicate right after the verb's words, with no subject of its own, makes the object a clause's subject.

    Example: "The suit argues the abrupt closure in January was unlawful." → "the abrupt closure in January was
    unlawful"."""
    if verb.lemma_.lower() not in sx.CLAUSE_TAKING_VERBS or any(c.dep_ == "ccomp" for c in verb.children):
        return []
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    doc = verb.doc
    nxt = verb.right_edge.i + 1
    if obj is None or obj.pos_ == "PRON" or nxt >= verb.sent.end:
        return []
    pred = doc[nxt]
    if pred.pos_ not in deps.VERB_POS or pred.head.i in range(verb.left_edge.i, nxt) or mask[pred.i]:
        return []
    if any(c.dep_ in deps.CLAUSE_SUBJECT_DEPS | {"expl"} and c.i > verb.left_edge.i for c in pred.children):
        return []  # its own subject; one before the verb's words the parser took from elsewhere ("heard arguments")
    clause = trim(verb, obj.left_edge.i, pred.right_edge.i + 1, mask, "subject_parsed_as_object")
    return [clause] if clause else []


RULES: list[Rule] = [
    that_clause_after_verb,
    that_clause_after_aside,
    that_clause_on_object,
    subject_parsed_as_object,
]
