"""A number with no noun of its own, described by its role in the clause: the ordered ``BARE_RULES`` over a
``BareNumber`` (a change, a level, a price, what money pays for, an elliptical number ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.nlp.counted_noun.clause import changed_thing, is_verb, object_clause, predicate_of, setting_of, subject_of
from bot.nlp.counted_noun.neighbours import (
    DATE_SIBLING,
    antecedent,
    change_of,
    list_verb,
    own_modifiers,
    purpose_phrase,
    rate_words,
    sibling_noun,
)
from bot.nlp.counted_noun.words import BUDGET, compact_modifier, has_figure, join_parts, noun_tokens
from bot.nlp.lexicon.deps import SUBJECT_DEPS
from bot.nlp.lexicon.quantities import (
    AVERAGES,
    CAUSE_LEVEL,
    CLOSE_VERBS,
    LEVEL_VERBS,
    MARKS,
    MONEY_UNITS,
    OBJECT_CHANGE,
    PRICE_VERBS,
)


class _NotAQuantity:
    """A bare-number rule's verdict that the number is no quantity at all."""


NOT_A_QUANTITY = _NotAQuantity()
# A bare-number rule answers with the phrase ("" is an answer: a level of something unnamed), with
# NOT_A_QUANTITY, or with None: no opinion, ask the next rule.
BareVerdict = str | _NotAQuantity | None


@dataclass(slots=True)
class BareNumber:
    """A number with no noun of its own, and its place in the clause: what the bare-number rules read."""

    doc: Doc
    span: Span
    r: Token  # the token whose place in the clause is the number's (the average's, in "an average of $14,000")
    mine: Token  # the run's own head (``root`` may be the first of a list it belongs to)
    rate: list[Token]  # "a pound", "per week" after the number
    prep: Token | None  # the preposition the number is the object of
    gov: Token  # the word the number (or its preposition) hangs on
    own: list[Token]  # the number's own modifiers
    skip: set[int]  # tokens that belong to the number, not to the phrase
    unit: str | None

    @classmethod
    def of(cls, doc: Doc, span: Span, root: Token, skip: set[int], unit: str | None) -> BareNumber:
        r = root
        # "an average of $14,000", "a total of 300": the role is the average's
        while r.dep_ == "pobj" and r.head.lower_ == "of" and r.head.head.lemma_.lower() in AVERAGES:
            r = r.head.head
            skip = skip | {r.i} | {c.i for c in r.children if c.dep_ in {"det", "amod"}}
        mine = span.root
        rate = rate_words(doc, span.end)
        skip = skip | {t.i for t in rate}
        prep: Token | None = None
        gov = r.head
        if r.dep_ == "pobj" and gov.i != r.i:
            prep, gov = gov, gov.head
        own = own_modifiers(doc, span, mine, skip)
        skip = skip | {t.i for t in own}
        return cls(doc, span, r, mine, rate, prep, gov, own, skip, unit)

    @property
    def plink(self) -> str:
        """The preposition's word ("to", "from"), or ""."""
        return self.prep.lower_ if self.prep is not None else ""

    @property
    def lemma(self) -> str:
        return self.gov.lemma_.lower()

    @property
    def money(self) -> bool:
        return self.unit in MONEY_UNITS

    @property
    def elliptic(self) -> bool:
        """A number set against another ("up from 170,000", "out of 160", "compared with 13 percent") or a
        bare subject ("14 percent had lost ...")."""
        return (
            self.plink in {"from", "to", "than", "of", "including"}
            or self.r.dep_ in {"nsubj", "nsubjpass", "conj"}
            or (self.plink == "with" and self.prep is not None and self.prep.head.lower_ in {"compared", "comparison"})
        )

    def by_sibling(self) -> str | None:
        """The noun of the figure this one is set against, with this one's predicate or modifiers."""
        sibling = sibling_noun(self.doc, self.span, self.skip)
        if not isinstance(sibling, Token):
            return None
        base = noun_tokens(sibling, self.skip | set(range(self.span.start, self.span.end)), right=False)
        if self.r.dep_ in SUBJECT_DEPS and is_verb(self.gov):
            pred = predicate_of(self.gov, self.skip | {t.i for t in self.r.subtree}, BUDGET - len(base) - 1)
            return join_parts(base, ["that"] if pred else [], pred)
        return join_parts(base, self.own, self.rate)


def number_is_the_root(c: BareNumber) -> BareVerdict:
    """ "2,400." as a sentence of its own: only its rate and modifiers."""
    return join_parts(c.rate, c.own) if c.gov.i == c.r.i else None


def comparison_of_subject(c: BareNumber) -> BareVerdict:
    """ "Arrests were 30% lower than in May", "were 12% above the average": what is compared, with the comparison
    ("arrests lower than in May", "arrests above the average")."""
    gov = c.gov
    beyond = gov.lower_ in {"above", "below", "over", "under"} and gov.dep_ == "prep"
    if c.prep is not None or not (gov.tag_ in {"JJR", "RBR"} or beyond) or c.r.dep_ not in {"npadvmod", "advmod"}:
        return None
    verb = gov.head if gov.dep_ in {"acomp", "advmod", "attr", "oprd", "prep"} and gov.head.i != gov.i else None
    subj = subject_of(verb) if verb is not None and is_verb(verb) else None
    if beyond:
        than = compact_modifier(gov, c.skip, 6)
    else:
        than = [gov] + [
            t for x in gov.children if x.dep_ == "prep" and x.lower_ == "than" for t in compact_modifier(x, c.skip, 6)
        ]
    base = noun_tokens(subj, c.skip | {verb.i}, budget=8) if subj is not None and verb is not None else []
    return join_parts(base, than) if base else None


def elliptical_time_span(c: BareNumber) -> BareVerdict:
    """ "a yes in nine months ... a no in two": an elliptical span of time, not a count."""
    if c.unit is None and c.prep is not None and sibling_noun(c.doc, c.span, c.skip) is DATE_SIBLING:
        return NOT_A_QUANTITY
    return None


def own_relative_clause(c: BareNumber) -> BareVerdict:
    """ "$27 million the city spent last year": the amount's own relative clause says it all."""
    rel = next((x for x in c.mine.children if x.dep_ == "relcl" and x.i not in c.skip), None)
    return join_parts(c.rate, compact_modifier(rel, c.skip, BUDGET)) if rel is not None else None


def value_of_thing(c: BareNumber) -> BareVerdict:
    """ "the lease is worth $1.4 million", "a contract worth $18.6 million": the value of that thing."""
    if not (c.gov.lower_ == "worth" or c.plink == "worth"):
        return None
    w = c.prep if c.plink == "worth" and c.prep is not None else c.gov
    thing = w.head if w.dep_ in {"amod", "acl"} and w.head.pos_ in {"NOUN", "PROPN"} else subject_of(w.head)
    if thing is None:
        return None
    inner = c.skip | {t.i for t in w.subtree}
    return join_parts(["value of"], noun_tokens(thing, inner, det=True, budget=6), c.rate)


def size_of_change(c: BareNumber) -> BareVerdict:
    """A change: "fell 12 percent" (its size: "drop in ..."), "rose to 2,710" / "from 1,425" (levels),
    "2.46 million cases, up from 170,000" (the figure it is compared with)."""
    change, verb = change_of(c.gov, c.prep, c.unit)
    if change is None or verb is None:
        return None
    plink, skip = c.plink, c.skip
    changed = verb if verb.pos_ in {"NOUN", "PROPN"} else changed_thing(verb, skip)
    inner = skip | {verb.i}
    subj_tokens = noun_tokens(changed, inner, budget=10) if changed is not None else []
    setting = setting_of(verb, inner | {t.i for t in subj_tokens}) if is_verb(verb) else []
    if plink == "from" and c.gov.lower_ in {"up", "down"}:
        sibling = sibling_noun(c.doc, c.span, skip)
        if isinstance(sibling, Token):
            return join_parts(
                noun_tokens(sibling, skip | set(range(c.span.start, c.span.end)), right=False), c.own, c.rate
            )
        if subj_tokens:
            return join_parts(subj_tokens, c.own, c.rate)
    elif plink in {"to", "from"}:
        if not subj_tokens:
            return ""  # a level of something the sentence does not name
        return join_parts(subj_tokens, c.own or (setting if plink == "to" else []), c.rate)
    if plink in {"", "by"} and c.r.dep_ not in SUBJECT_DEPS:
        words = [change] + (["in"] + subj_tokens if subj_tokens else [])
        return join_parts(words, setting, c.own)
    return None


def level_of_moved_thing(c: BareNumber) -> BareVerdict:
    """ "brought the total to 280,622", "closed at 33,962", "swept the average below the 2,500 mark": the
    level of what the verb moves (its object) or of what it reports on (its subject)."""
    plink, lemma, r = c.plink, c.lemma, c.r
    level_prep = (
        plink in {"to"}
        and lemma in CAUSE_LEVEL
        or plink == "at"
        and lemma in CLOSE_VERBS
        or (
            r.lemma_.lower() in MARKS
            and plink in {"below", "above", "past", "beyond", "through", "under", "over", "near", "at", "to", "from"}
        )
    )
    if not (level_prep and is_verb(c.gov)):
        return None
    thing = (
        changed_thing(c.gov, c.skip)
        if lemma in CAUSE_LEVEL | OBJECT_CHANGE or r.lemma_.lower() in MARKS
        else subject_of(c.gov)
    )
    if thing is None:
        return None
    return join_parts(noun_tokens(thing, c.skip | {c.gov.i}, budget=10), c.own, c.rate)


def level_of_subject(c: BareNumber) -> BareVerdict:
    """ "made up the remaining 5,462", "would cost about $540 million", "totaled 2,000": a level of the
    verb's subject."""
    lemma, r, prep, plink = c.lemma, c.r, c.prep, c.plink
    if not (
        lemma in LEVEL_VERBS
        and is_verb(c.gov)
        and (prep is None and r.dep_ in {"dobj", "attr", "npadvmod"} or plink in {"at", "to", "for"})
        and (lemma != "be" or r.dep_ == "attr")
    ):
        return None
    subj = subject_of(c.gov)
    if subj is None:
        return None
    inner = c.skip | {c.gov.i}
    if lemma == "cost":
        return join_parts(["cost of"], noun_tokens(subj, inner, det=True, budget=8), c.rate, c.own)
    return join_parts(noun_tokens(subj, inner, budget=10), c.rate, c.own)


def price_of_item(c: BareNumber) -> BareVerdict:
    """ "sold for more than $3 a pound": a price."""
    if not (c.money and c.plink == "for" and c.lemma in PRICE_VERBS):
        return None
    gov = c.gov
    item = next((x for x in gov.children if x.dep_ == "dobj"), None) or subject_of(gov)
    if item is None:
        return None
    item_tokens = noun_tokens(item, c.skip | {gov.i}, budget=6)
    return join_parts(c.rate, ["for"], item_tokens, setting_of(gov, c.skip | {t.i for t in item_tokens}))


def elliptical_number(c: BareNumber) -> BareVerdict:
    """ "up from about 170,000", "out of 160 received", "compared with 13 percent", or a bare subject
    ("14 percent had lost ..."): the noun of the figure it is set against."""
    return (c.by_sibling() or None) if c.elliptic else None


def _acting_verb(c: BareNumber) -> tuple[Token | None, bool]:
    """The verb an amount or head count is the object of, and whether it was found through a list."""
    verb = list_verb(c.doc, c.span) if c.money else None
    listed = verb is not None
    if verb is None and is_verb(c.gov) and c.prep is None and c.r.dep_ in {"dobj", "npadvmod", "oprd"}:
        verb = c.gov
    return verb, listed


def times_acted_on(c: BareNumber) -> BareVerdict:
    """ "expelled migrants 2.8 million times": so many times the object was acted on."""
    verb, _ = _acting_verb(c)
    if verb is None or c.r.dep_ != "npadvmod" or c.unit in MONEY_UNITS:
        return None
    skip = c.skip
    obj = next(
        (
            x
            for x in verb.children
            if x.dep_ == "dobj" and x.pos_ in {"NOUN", "PROPN"} and x.i not in skip and not has_figure(x.subtree)
        ),
        None,
    )
    if obj is None:
        return None
    obj_tokens = noun_tokens(obj, skip, right=False, budget=4)
    clause = object_clause(
        verb, skip | {t.i for t in obj.subtree} | {t.i for t in c.r.subtree}, BUDGET - len(obj_tokens), extra=c.own
    )
    return join_parts(obj_tokens, clause)


def object_of_verb(c: BareNumber) -> BareVerdict:
    """ "spent $9.1 million on food" -> "spent on food", "arrested 300": an amount or a head count that is
    the object of a verb."""
    verb, listed = _acting_verb(c)
    if verb is None:
        return None
    purpose = purpose_phrase(c.doc, c.span.end + len(c.rate), c.skip) if c.money and not c.own else []
    extra = sorted(c.own + purpose, key=lambda t: t.i)
    clause = object_clause(
        verb,
        c.skip | {t.i for t in c.r.subtree},
        BUDGET - len(c.rate),
        extra=extra,
        after=c.span.start if listed else None,
    )
    return join_parts(c.rate, clause) if clause else None


def measure_of_object(c: BareNumber) -> BareVerdict:
    """ "grows cotton on 900 acres": so many acres of what the verb acts on."""
    prep, gov, unit = c.prep, c.gov, c.unit
    if prep is None or not is_verb(gov) or unit is None or c.money or unit == "percent":
        return None
    obj = next((x for x in gov.children if x.dep_ == "dobj" and x.pos_ in {"NOUN", "PROPN"}), None)
    if obj is None:
        return None
    inner = c.skip | {t.i for t in prep.subtree}
    obj_tokens = noun_tokens(obj, inner, right=False, budget=4)
    clause = object_clause(gov, inner | {t.i for t in obj.subtree}, BUDGET - len(obj_tokens) - 1)
    return join_parts(["of"], obj_tokens, clause, c.own)


def number_beside_a_figure(c: BareNumber) -> BareVerdict:
    """ "to 14 jurisdictions in 2008 and over 660 currently": a bare number in any other place takes the
    noun of the figure beside it."""
    return (c.by_sibling() or None) if c.unit is None and not c.elliptic else None


def antecedent_noun(c: BareNumber) -> BareVerdict:
    """ "the shelters ... and in 12 of them": a bare object of a preposition counts a noun named before."""
    if c.unit is not None or c.r.dep_ != "pobj":
        return None
    noun = antecedent(c.doc, c.span, c.skip)
    return join_parts(noun_tokens(noun, c.skip, right=False), c.own) if noun is not None else None


def subject_of_predicate(c: BareNumber) -> BareVerdict:
    """ "$72.6 million was spent on staffing" -> "spent on staffing"; "Five fell" -> "that fell"."""
    r = c.r
    if r.dep_ not in SUBJECT_DEPS or not is_verb(c.gov):
        return None
    pred = predicate_of(c.gov, c.skip | {t.i for t in r.subtree}, BUDGET - 1)
    if not pred:
        return None
    return join_parts([] if r.dep_ == "nsubjpass" else ["that"], c.rate, pred)


def governing_noun(c: BareNumber) -> BareVerdict:
    """ "a backlog of 3,000 at the clinic": the noun the number hangs on."""
    gov = c.gov
    if gov.pos_ in {"NOUN", "PROPN"} and not (c.span.start <= gov.i < c.span.end):
        return join_parts(noun_tokens(gov, c.skip), c.rate, c.own)
    return None


# In this order: the first rule with an answer decides; with none, the number's rate and own modifiers.
BARE_RULES: tuple[Callable[[BareNumber], BareVerdict], ...] = (
    number_is_the_root,
    comparison_of_subject,
    elliptical_time_span,
    own_relative_clause,
    value_of_thing,
    size_of_change,
    level_of_moved_thing,
    level_of_subject,
    price_of_item,
    elliptical_number,
    times_acted_on,
    object_of_verb,
    measure_of_object,
    number_beside_a_figure,
    antecedent_noun,
    subject_of_predicate,
    governing_noun,
)


def bare_counts(doc: Doc, span: Span, root: Token, skip: set[int], unit: str | None) -> str | None:
    """A number with no noun: describe it by its role in the clause (``BARE_RULES``); None when it is no
    quantity."""
    c = BareNumber.of(doc, span, root, skip, unit)
    for rule in BARE_RULES:
        verdict = rule(c)
        if verdict is NOT_A_QUANTITY:
            return None
        if isinstance(verdict, str):
            return verdict
    return join_parts(c.rate, c.own)
