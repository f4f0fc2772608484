"""What a figure counts, as the noun phrase a digest prints after the number ("NUMBER COUNTS").

Read off the dependency parse: the counted noun with its modifiers and a reduced relative clause, or, for a
number with no noun, its role in its clause (a change, a level, what money pays for). ``bot.nlp.figures``
decides what is a figure; this module only phrases what one counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from bot.nlp.lexicon.deps import ARGUMENTS, NP_LEFT, NP_RIGHT, SUBJECT_DEPS, VP_RIGHT
from bot.nlp.lexicon.quantities import (
    AGENT_NOUNS,
    ASIDE,
    AVERAGES,
    CAUSE_LEVEL,
    CHANGE_NOUNS,
    CHANGE_WORDS,
    CLOSE_VERBS,
    DESCRIPTIVE_MEASURES,
    DOUBLING,
    GIVE_VERBS,
    HAVE_VERBS,
    IRREGULAR_PARTICIPLES,
    LEVEL_VERBS,
    MARKS,
    MEASURE_NOUNS,
    MONEY_UNITS,
    OBJECT_CHANGE,
    PART_VERBS,
    PEOPLE,
    PRICE_VERBS,
    SETTING_ADVERBS,
    TRANSITIVE_CHANGE,
)
from bot.nlp.numbers import (
    CURRENCY,
    CURRENCY_WORDS,
    DURATION_UNITS,
    NUMERIC_ENTS,
    PERCENT_WORDS,
    YEAR,
    is_number_token,
    next_content,
    number_value,
)

# The topic's own nouns for people ("migrant"), set for one extraction by ``topic_people``: read deep in the
# phrase rules, so they travel with the call rather than through every signature.
_TOPIC_PEOPLE: ContextVar[frozenset[str]] = ContextVar("topic_people", default=frozenset())


@contextmanager
def topic_people(words: frozenset[str]) -> Iterator[None]:
    """Within this block, ``words`` (a topic's ``people_nouns``) name people as ``PEOPLE`` does."""
    token = _TOPIC_PEOPLE.set(words)
    try:
        yield
    finally:
        _TOPIC_PEOPLE.reset(token)


def is_people_noun(lemma: str) -> bool:
    """A lemma naming people, in general English ("residents") or in the current topic ("migrants")."""
    return lemma in PEOPLE or lemma in _TOPIC_PEOPLE.get()


# --- what a figure counts ------------------------------------------------------------------


def _count_root(span: Span) -> Token:
    """The token whose attachment says what the figure counts: past ranges ("33 to four days"),
    list conjuncts ("$9.1 million, $4.1 million ...") and measure words ("90 mph", "60 percent")."""
    root = span.root
    for _ in range(6):
        head = root.head
        if head.i == root.i:
            break
        if (
            root.dep_ in {"quantmod", "prep", "conj", "appos", "compound", "nummod", "npadvmod"}
            and (head.like_num or head.text in {"%", "$"})
            or root.dep_ == "conj"
            and (head.lemma_.lower() in MEASURE_NOUNS)
        ):
            root = head  # part of a larger number, range or list
        elif (
            root.dep_ in {"nummod", "compound"}
            and head.lemma_.lower() in MEASURE_NOUNS
            and not (head.tag_ == "NNS" and head.lemma_.lower() in DESCRIPTIVE_MEASURES and _of_object(head) is None)
        ):
            root = head  # "725.81 points", "six feet"
        elif (
            root.dep_ in {"npadvmod", "advmod"}
            and head.pos_ == "ADJ"
            and head.head.pos_ == "NOUN"
            and head.lower_ != "worth"
        ):
            return head.head  # "21 percent more cases"
        else:
            break
    return root


def counted(doc: Doc, span: Span) -> tuple[Token | None, str | None, Token]:
    """The noun the figure counts (None: describe it by its verb), a measure unit if one stands
    between them ("60 percent increase" -> increase, percent), and the token to read the verb from."""
    root = _count_root(span)
    measure: str | None = _measure_name(root) if root.lemma_.lower() in MEASURE_NOUNS else None
    head = root.head
    noun: Token | None = None
    of_obj = _of_object(root)
    if of_obj is not None:
        noun = of_obj  # "80% of the banking assets", "60 percent of arrivals"
    elif (
        not (span.start <= root.i < span.end)
        and root.pos_ in {"NOUN", "PROPN"}
        and root.lemma_.lower() not in MEASURE_NOUNS
    ):
        noun = root
    elif (
        root.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "dep"}
        and head.pos_ in {"NOUN", "PROPN"}
        and not (span.start <= head.i < span.end)
        and head.text != "|"
    ):
        noun = head
    elif root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in {"NOUN", "PROPN"}:
        noun = head.head  # "an increase of 60 percent", "a cap of 110,000", "winds of 90 mph"
    hops = 0
    fallback: Token | None = None
    while (
        noun is not None
        and noun.lemma_.lower() in MEASURE_NOUNS
        and hops < 3
        and not (
            noun.tag_ == "NNS"
            and noun.lemma_.lower() in DESCRIPTIVE_MEASURES
            and _of_object(noun) is None
            and any(c.dep_ == "nummod" and span.start <= c.i < span.end for c in noun.children)
        )
    ):
        measure = measure or _measure_name(noun)
        if noun.lemma_.lower() in DESCRIPTIVE_MEASURES:
            fallback = fallback or noun  # "an average rate of 2,400": say "rate" if nothing better
        root = noun
        pobj = _of_object(noun)
        if pobj is not None:
            noun = pobj  # "$1 billion worth of stocks"
        elif noun.dep_ in {"compound", "amod", "npadvmod", "nummod"} and noun.head.pos_ == "NOUN":
            noun = noun.head  # "64% decrease"
        elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
            noun = noun.head.head
        else:
            noun = None
        hops += 1
    noun = noun or fallback
    if noun is not None and span.start <= noun.i < span.end:
        return None, measure, noun  # "a quarter of a billion dollars": read the verb
    return noun, measure, root


def _of_object(t: Token) -> Token | None:
    """The noun of an "of" phrase hanging on ``t`` ("worth of stocks"), if it is not a number."""
    of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if pobj is None or pobj.like_num or pobj.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    return pobj


def _measure_name(noun: Token) -> str | None:
    lemma = noun.lemma_.lower()
    if lemma in {"percent", "%", "percentage"}:
        return "percent"
    if lemma in CURRENCY_WORDS:
        return CURRENCY_WORDS[lemma]
    if lemma in DESCRIPTIVE_MEASURES:
        return None
    return noun.text.lower()


# --- the phrase for what a figure counts ------------------------------------------------------------
#
# A digest prints a figure as "NUMBER COUNTS", so ``counts`` is a noun phrase. When the number counts a
# noun it is that noun with its own modifiers ("asylum applications from Marisca"), followed, when the
# clause says more about it, by a reduced relative clause: the noun's predicate without auxiliaries when
# it is the subject ("families moved to temporary shelters"), the verb as a past participle when it is the
# object ("buses chartered to Bayhaven", "judges to be hired"). A number with no noun of its own is
# described by its role in the clause: the size of a change ("fell 12 percent" -> "drop in <subject>"), a
# level ("rose to 2,710", "made up the remaining 5,462" -> "<subject>"), an amount of money by what it pays
# for ("spent $9.1 million on food" -> "spent on food"; "$5 million in grants" -> "grants"), and an
# elliptical number ("up from 170,000", "out of 160 received") by the noun of the figure it is set against.

_BUDGET = 12  # words, about, in a counts phrase (a level or change may add its subject and date)
_DURATION_NOUNS = DURATION_UNITS | {"weekend", "night", "decade", "century", "season", "quarter"}


def counts_phrase(
    doc: Doc, span: Span, noun: Token | None, root: Token, qualifier: str | None, unit: str | None
) -> str | None:
    """What the figure counts, as a short noun phrase; None when the number turns out to be no quantity
    (an elliptical date or duration: "a yes in nine months ... a no in two")."""
    skip = _skip_set(doc, span, root, qualifier)
    own = span.root if span.root.dep_ == "conj" and span.root.head.like_num else None
    if noun is not None and noun.lemma_.lower() in AVERAGES and noun.i < span.start:
        noun, root = None, span.root  # "an average of $14,000": say what the average is of
    elif noun is not None and (
        noun.lemma_.lower() in MARKS
        and noun.i >= span.end
        or noun.ent_type_ in {"DATE", "TIME"}
        and noun.pos_ == "PROPN"
    ):
        root, noun = noun, None  # "the 2,500 mark", "2,485.33 July 24": a level, not a count of marks
    if noun is not None and noun.pos_ == "PRON" and not _described_pronoun(noun):
        # "about 7,500 of them": the noun of the figure "them" stands for
        sibling = _sibling_noun(doc, span, skip | {t.i for t in noun.subtree})
        if isinstance(sibling, Token):
            base = _noun_tokens(sibling, skip, right=False)
            mine = span.root
            mods = _own_modifiers(doc, span, mine, skip | {t.i for t in noun.head.subtree})
            pred = ""
            if mine.dep_ in SUBJECT_DEPS and _finite(mine.head):  # "1,200 of them had waited ..."
                pred = _predicate(mine.head, skip | {t.i for t in mine.subtree}, _BUDGET - len(base) - 1)
            return _join_parts(base, mods, ["that"] if pred and mine.dep_ == "nsubj" else [], pred)
        noun = None
    if noun is not None and own is not None:
        # "2,310 encounters with families and 640 with children": the noun, with this number's own modifiers
        return _join_parts(_noun_tokens(noun, skip, right=False), _own_modifiers(doc, span, own, skip))
    if noun is None and unit in MONEY_UNITS:
        noun = _money_in(root, skip)
    if noun is not None:
        return _noun_counts(noun, root, span, skip)
    return _bare_counts(doc, span, root, skip, unit)


def _described_pronoun(noun: Token) -> bool:
    """ "8 percent of those requesting release", "half of those who applied": the pronoun says what it counts."""
    return noun.lower_ == "those" and any(c.dep_ in {"acl", "relcl"} for c in noun.children)


def _skip_set(doc: Doc, span: Span, root: Token, qualifier: str | None) -> set[int]:
    """Tokens that belong to the number (its span, qualifier and quantity modifiers), not to the phrase."""
    skip = set(range(span.start, span.end))
    if qualifier:  # "more than", "about" belong to the number, not to the thing counted
        start = span.start
        if start >= 1 and doc[start - 1].lower_ in {"a", "an"}:
            start -= 1
        skip.update(range(max(0, start - len(qualifier.split())), span.start))
    for t in span:
        skip.update(c.i for c in t.subtree if c.dep_ in {"quantmod", "advmod", "nmod"} and c.i < span.start)
    if root.i >= span.start and (root.lemma_.lower() in MEASURE_NOUNS or root.text == "%"):
        skip.update(range(span.start, root.i + 1))  # "725.81 points": the unit is not what is counted
    return skip


def _noun_counts(noun: Token, root: Token, span: Span, skip: set[int]) -> str:
    # the token whose place in the clause says what is said of the counted thing: the noun itself, or the
    # number or measure it hangs on ("80 percent of the cost" is what "the state is paying")
    role = noun
    if noun.dep_ == "pobj" and noun.head.lower_ in {"of", "in"}:
        owner = noun.head.head  # "60 percent of arrivals", "$5 million in grants": the amount's place
        if (
            span.start <= owner.i < span.end
            or owner.i == root.i
            or owner.lemma_.lower() in MEASURE_NOUNS
            and noun.head.lower_ == "of"
        ):
            role = owner
    while role.dep_ == "conj" and role.head.pos_ in {"NOUN", "PROPN", "NUM"}:
        role = role.head  # "18 attorneys and six paralegals": both are hired
    np_tokens = _noun_tokens(noun, skip)
    has_right = any(
        t.i > noun.i and t.head.i == noun.i and t.dep_ in {"prep", "relcl", "acl", "advmod"} for t in np_tokens
    )
    budget = _BUDGET - len(np_tokens)
    inner = skip | {t.i for t in role.subtree}
    gov = role.head
    predicate = ""
    if role.dep_ in SUBJECT_DEPS and gov.i != role.i and budget > 0 and _finite(gov):
        predicate = _predicate(gov, inner, budget)
    elif role.dep_ == "dobj" and _is_verb(gov) and not has_right and budget > 0:
        predicate = _object_clause(gov, inner, budget)
    return _join_parts(np_tokens, predicate)


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
        rate = _rate(doc, span.end)
        skip = skip | {t.i for t in rate}
        prep: Token | None = None
        gov = r.head
        if r.dep_ == "pobj" and gov.i != r.i:
            prep, gov = gov, gov.head
        own = _own_modifiers(doc, span, mine, skip)
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
        sibling = _sibling_noun(self.doc, self.span, self.skip)
        if not isinstance(sibling, Token):
            return None
        base = _noun_tokens(sibling, self.skip | set(range(self.span.start, self.span.end)), right=False)
        if self.r.dep_ in SUBJECT_DEPS and _is_verb(self.gov):
            pred = _predicate(self.gov, self.skip | {t.i for t in self.r.subtree}, _BUDGET - len(base) - 1)
            return _join_parts(base, ["that"] if pred else [], pred)
        return _join_parts(base, self.own, self.rate)


def number_is_the_root(c: BareNumber) -> BareVerdict:
    """ "2,400." as a sentence of its own: only its rate and modifiers."""
    return _join_parts(c.rate, c.own) if c.gov.i == c.r.i else None


def comparison_of_subject(c: BareNumber) -> BareVerdict:
    """ "Arrests were 30% lower than in May", "were 12% above the average": what is compared, with the comparison
    ("arrests lower than in May", "arrests above the average")."""
    gov = c.gov
    beyond = gov.lower_ in {"above", "below", "over", "under"} and gov.dep_ == "prep"
    if c.prep is not None or not (gov.tag_ in {"JJR", "RBR"} or beyond) or c.r.dep_ not in {"npadvmod", "advmod"}:
        return None
    verb = gov.head if gov.dep_ in {"acomp", "advmod", "attr", "oprd", "prep"} and gov.head.i != gov.i else None
    subj = _subject(verb) if verb is not None and _is_verb(verb) else None
    if beyond:
        than = _compact(gov, c.skip, 6)
    else:
        than = [gov] + [
            t for x in gov.children if x.dep_ == "prep" and x.lower_ == "than" for t in _compact(x, c.skip, 6)
        ]
    base = _noun_tokens(subj, c.skip | {verb.i}, budget=8) if subj is not None and verb is not None else []
    return _join_parts(base, than) if base else None


def elliptical_time_span(c: BareNumber) -> BareVerdict:
    """ "a yes in nine months ... a no in two": an elliptical span of time, not a count."""
    if c.unit is None and c.prep is not None and _sibling_noun(c.doc, c.span, c.skip) is _DATE_SIBLING:
        return NOT_A_QUANTITY
    return None


def own_relative_clause(c: BareNumber) -> BareVerdict:
    """ "$27 million the city spent last year": the amount's own relative clause says it all."""
    rel = next((x for x in c.mine.children if x.dep_ == "relcl" and x.i not in c.skip), None)
    return _join_parts(c.rate, _compact(rel, c.skip, _BUDGET)) if rel is not None else None


def value_of_thing(c: BareNumber) -> BareVerdict:
    """ "the lease is worth $1.4 million", "a contract worth $18.6 million": the value of that thing."""
    if not (c.gov.lower_ == "worth" or c.plink == "worth"):
        return None
    w = c.prep if c.plink == "worth" and c.prep is not None else c.gov
    thing = w.head if w.dep_ in {"amod", "acl"} and w.head.pos_ in {"NOUN", "PROPN"} else _subject(w.head)
    if thing is None:
        return None
    inner = c.skip | {t.i for t in w.subtree}
    return _join_parts(["value of"], _noun_tokens(thing, inner, det=True, budget=6), c.rate)


def size_of_change(c: BareNumber) -> BareVerdict:
    """A change: "fell 12 percent" (its size: "drop in ..."), "rose to 2,710" / "from 1,425" (levels),
    "2.46 million cases, up from 170,000" (the figure it is compared with)."""
    change, verb = _change(c.gov, c.prep, c.unit)
    if change is None or verb is None:
        return None
    plink, skip = c.plink, c.skip
    changed = verb if verb.pos_ in {"NOUN", "PROPN"} else _changed_thing(verb, skip)
    inner = skip | {verb.i}
    subj_tokens = _noun_tokens(changed, inner, budget=10) if changed is not None else []
    setting = _setting(verb, inner | {t.i for t in subj_tokens}) if _is_verb(verb) else []
    if plink == "from" and c.gov.lower_ in {"up", "down"}:
        sibling = _sibling_noun(c.doc, c.span, skip)
        if isinstance(sibling, Token):
            return _join_parts(
                _noun_tokens(sibling, skip | set(range(c.span.start, c.span.end)), right=False), c.own, c.rate
            )
        if subj_tokens:
            return _join_parts(subj_tokens, c.own, c.rate)
    elif plink in {"to", "from"}:
        if not subj_tokens:
            return ""  # a level of something the sentence does not name
        return _join_parts(subj_tokens, c.own or (setting if plink == "to" else []), c.rate)
    if plink in {"", "by"} and c.r.dep_ not in SUBJECT_DEPS:
        words = [change] + (["in"] + subj_tokens if subj_tokens else [])
        return _join_parts(words, setting, c.own)
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
    if not (level_prep and _is_verb(c.gov)):
        return None
    thing = (
        _changed_thing(c.gov, c.skip)
        if lemma in CAUSE_LEVEL | OBJECT_CHANGE or r.lemma_.lower() in MARKS
        else _subject(c.gov)
    )
    if thing is None:
        return None
    return _join_parts(_noun_tokens(thing, c.skip | {c.gov.i}, budget=10), c.own, c.rate)


def level_of_subject(c: BareNumber) -> BareVerdict:
    """ "made up the remaining 5,462", "would cost about $540 million", "totaled 2,000": a level of the
    verb's subject."""
    lemma, r, prep, plink = c.lemma, c.r, c.prep, c.plink
    if not (
        lemma in LEVEL_VERBS
        and _is_verb(c.gov)
        and (prep is None and r.dep_ in {"dobj", "attr", "npadvmod"} or plink in {"at", "to", "for"})
        and (lemma != "be" or r.dep_ == "attr")
    ):
        return None
    subj = _subject(c.gov)
    if subj is None:
        return None
    inner = c.skip | {c.gov.i}
    if lemma == "cost":
        return _join_parts(["cost of"], _noun_tokens(subj, inner, det=True, budget=8), c.rate, c.own)
    return _join_parts(_noun_tokens(subj, inner, budget=10), c.rate, c.own)


def price_of_item(c: BareNumber) -> BareVerdict:
    """ "sold for more than $3 a pound": a price."""
    if not (c.money and c.plink == "for" and c.lemma in PRICE_VERBS):
        return None
    gov = c.gov
    item = next((x for x in gov.children if x.dep_ == "dobj"), None) or _subject(gov)
    if item is None:
        return None
    item_tokens = _noun_tokens(item, c.skip | {gov.i}, budget=6)
    return _join_parts(c.rate, ["for"], item_tokens, _setting(gov, c.skip | {t.i for t in item_tokens}))


def elliptical_number(c: BareNumber) -> BareVerdict:
    """ "up from about 170,000", "out of 160 received", "compared with 13 percent", or a bare subject
    ("14 percent had lost ..."): the noun of the figure it is set against."""
    return (c.by_sibling() or None) if c.elliptic else None


def _acting_verb(c: BareNumber) -> tuple[Token | None, bool]:
    """The verb an amount or head count is the object of, and whether it was found through a list."""
    verb = _list_verb(c.doc, c.span) if c.money else None
    listed = verb is not None
    if verb is None and _is_verb(c.gov) and c.prep is None and c.r.dep_ in {"dobj", "npadvmod", "oprd"}:
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
            if x.dep_ == "dobj" and x.pos_ in {"NOUN", "PROPN"} and x.i not in skip and not _has_figure(x.subtree)
        ),
        None,
    )
    if obj is None:
        return None
    obj_tokens = _noun_tokens(obj, skip, right=False, budget=4)
    clause = _object_clause(
        verb, skip | {t.i for t in obj.subtree} | {t.i for t in c.r.subtree}, _BUDGET - len(obj_tokens), extra=c.own
    )
    return _join_parts(obj_tokens, clause)


def object_of_verb(c: BareNumber) -> BareVerdict:
    """ "spent $9.1 million on food" -> "spent on food", "arrested 300": an amount or a head count that is
    the object of a verb."""
    verb, listed = _acting_verb(c)
    if verb is None:
        return None
    purpose = _purpose(c.doc, c.span.end + len(c.rate), c.skip) if c.money and not c.own else []
    extra = sorted(c.own + purpose, key=lambda t: t.i)
    clause = _object_clause(
        verb,
        c.skip | {t.i for t in c.r.subtree},
        _BUDGET - len(c.rate),
        extra=extra,
        after=c.span.start if listed else None,
    )
    return _join_parts(c.rate, clause) if clause else None


def measure_of_object(c: BareNumber) -> BareVerdict:
    """ "grows cotton on 900 acres": so many acres of what the verb acts on."""
    prep, gov, unit = c.prep, c.gov, c.unit
    if prep is None or not _is_verb(gov) or unit is None or c.money or unit == "percent":
        return None
    obj = next((x for x in gov.children if x.dep_ == "dobj" and x.pos_ in {"NOUN", "PROPN"}), None)
    if obj is None:
        return None
    inner = c.skip | {t.i for t in prep.subtree}
    obj_tokens = _noun_tokens(obj, inner, right=False, budget=4)
    clause = _object_clause(gov, inner | {t.i for t in obj.subtree}, _BUDGET - len(obj_tokens) - 1)
    return _join_parts(["of"], obj_tokens, clause, c.own)


def number_beside_a_figure(c: BareNumber) -> BareVerdict:
    """ "to 14 jurisdictions in 2008 and over 660 currently": a bare number in any other place takes the
    noun of the figure beside it."""
    return (c.by_sibling() or None) if c.unit is None and not c.elliptic else None


def antecedent_noun(c: BareNumber) -> BareVerdict:
    """ "the shelters ... and in 12 of them": a bare object of a preposition counts a noun named before."""
    if c.unit is not None or c.r.dep_ != "pobj":
        return None
    noun = _antecedent(c.doc, c.span, c.skip)
    return _join_parts(_noun_tokens(noun, c.skip, right=False), c.own) if noun is not None else None


def subject_of_predicate(c: BareNumber) -> BareVerdict:
    """ "$72.6 million was spent on staffing" -> "spent on staffing"; "Five fell" -> "that fell"."""
    r = c.r
    if r.dep_ not in SUBJECT_DEPS or not _is_verb(c.gov):
        return None
    pred = _predicate(c.gov, c.skip | {t.i for t in r.subtree}, _BUDGET - 1)
    if not pred:
        return None
    return _join_parts([] if r.dep_ == "nsubjpass" else ["that"], c.rate, pred)


def governing_noun(c: BareNumber) -> BareVerdict:
    """ "a backlog of 3,000 at the clinic": the noun the number hangs on."""
    gov = c.gov
    if gov.pos_ in {"NOUN", "PROPN"} and not (c.span.start <= gov.i < c.span.end):
        return _join_parts(_noun_tokens(gov, c.skip), c.rate, c.own)
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


def _bare_counts(doc: Doc, span: Span, root: Token, skip: set[int], unit: str | None) -> str | None:
    """A number with no noun: describe it by its role in the clause (``BARE_RULES``); None when it is no
    quantity."""
    c = BareNumber.of(doc, span, root, skip, unit)
    for rule in BARE_RULES:
        verdict = rule(c)
        if verdict is NOT_A_QUANTITY:
            return None
        if isinstance(verdict, str):
            return verdict
    return _join_parts(c.rate, c.own)


def _is_verb(t: Token) -> bool:
    """A verb, or a word the tagger took for a noun that heads a clause ("will have cost")."""
    return t.pos_ in {"VERB", "AUX"} or any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass"} for c in t.children)


def _changed_thing(verb: Token, skip: set[int]) -> Token | None:
    """What a change happened to: the object of a transitive verb ("cut the budget by 5%", "swept the
    average below the 2,500 mark"), else the subject ("crossings fell 12%"); never the figure's own
    measure ("shed [725 points]")."""
    if verb.lemma_.lower() in OBJECT_CHANGE | CAUSE_LEVEL:
        obj = next(
            (
                c
                for c in verb.children
                if c.dep_ == "dobj"
                and c.pos_ in {"NOUN", "PROPN"}
                and c.i not in skip
                and c.lemma_.lower() not in MEASURE_NOUNS - DESCRIPTIVE_MEASURES
                and c.lemma_.lower() not in CHANGE_WORDS
                and not _has_figure(c.subtree)
            ),
            None,
        )
        if obj is not None:
            return obj
    return _subject(verb)


def _purpose(doc: Doc, i: int, skip: set[int]) -> list[Token]:
    """'$9.1 million on food': the prepositional phrase right after an amount, read off its own subtree
    (where the parser attached it matters less: lists of amounts are where it most often goes wrong)."""
    if (
        i >= len(doc)
        or doc[i].i in skip
        or doc[i].dep_ != "prep"
        or _is_aside(doc[i])
        or doc[i].lower_ in {"than", "of", "that", "because", "as", "if", "to", "from"}
    ):
        return []
    tokens = [t for t in doc[i].subtree if t.i >= i and t.i not in skip]
    tokens = _until_punct(tokens)
    out: list[Token] = []
    for t in tokens:
        if t.text in CURRENCY or is_number_token(t) and _has_figure([t]):
            break
        out.append(t)
    out = _tidy(out)
    return out if len(out) > 1 else []


_DATE_SIBLING = object()


def _change(gov: Token, prep: Token | None, unit: str | None) -> tuple[str | None, Token | None]:
    """(nominal of the change, its verb) when the figure measures or ends a change."""
    if gov.lower_ in {"up", "down"} and gov.pos_ in {"ADV", "ADP"}:
        return ("rise" if gov.lower_ == "up" else "drop"), gov.head if gov.head.i != gov.i else None
    lemma = gov.lemma_.lower()
    if not _is_verb(gov) or lemma not in CHANGE_NOUNS:
        return None, None
    if lemma in TRANSITIVE_CHANGE and (unit is None or unit in MONEY_UNITS) and prep is None:
        return None, None  # "adding $120 million for staff", "added 600 beds": an amount, not a change
    return CHANGE_NOUNS[lemma], gov


def _money_in(root: Token, skip: set[int]) -> Token | None:
    """'$5 million in state grants', '$11 million in reimbursement': the thing the money is made of."""
    for c in root.children:
        if c.dep_ == "prep" and c.lower_ == "in" and c.i not in skip:
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if (
                obj is not None
                and obj.pos_ == "NOUN"
                and not obj.ent_type_
                and obj.lemma_.lower() not in _DURATION_NOUNS
                and not _has_figure(list(obj.subtree))
            ):
                return obj
    return None


def _sibling_noun(doc: Doc, span: Span, skip: set[int]) -> Token | object | None:
    """The counted noun of the figure this one is set against: the nearest other figure in the sentence,
    preferring one before it and of like size ("1,892 counties in 38 states ... 1,820 due to drought" ->
    counties); the marker ``_DATE_SIBLING`` when the nearest number before is a span of time ("a yes in
    nine months is worth less than a no in two")."""
    sent = span.sent
    mine = number_value(list(doc[span.start : span.end]).copy()) if span.end > span.start else None
    mine = mine if mine else next((number_value([t]) for t in span if is_number_token(t)), None)
    best: tuple[float, Token | object] | None = None
    nearest_before: tuple[int, bool] | None = None  # distance, is a span of time
    for t in sent:
        if span.start <= t.i < span.end or t.i in skip or not is_number_token(t) or YEAR.match(t.text):
            continue
        if t.i < span.start and (nearest_before is None or span.start - t.i < nearest_before[0]):
            unit = next_content(t)
            nearest_before = (
                span.start - t.i,
                t.ent_type_ in {"DATE", "TIME"} and unit is not None and unit.lemma_.lower() in _DURATION_NOUNS,
            )
        if t.ent_type_ and t.ent_type_ not in NUMERIC_ENTS or t.lower_ == "one":
            continue
        noun, _, _ = counted(doc, doc[t.i : t.i + 1])
        if noun is None or noun.i in skip or noun.pos_ == "PRON" or noun.ent_type_ in {"DATE", "TIME"}:
            continue
        score = float(abs(t.i - span.start)) + (3.0 if t.i > span.start else 0.0)
        other = number_value([t])
        if (
            mine
            and other
            and mine > 0
            and other > 0
            and not any(u.text == "%" or u.lower_ in PERCENT_WORDS for u in doc[span.start : span.end + 1])
        ):
            score += 4.0 * abs(math.log10(mine) - math.log10(other))
        if best is None or score < best[0]:
            best = (score, noun)
    if nearest_before is not None and nearest_before[1]:
        return _DATE_SIBLING
    return best[1] if best is not None else None


def _antecedent(doc: Doc, span: Span, skip: set[int]) -> Token | None:
    """'broke the record for touchdown passes with 20': the plural noun a bare number leaves out."""
    sent = span.sent
    for t in reversed(doc[max(sent.start, span.start - 10) : span.start]):
        if t.i in skip or t.is_punct and t.text not in {",", "-"}:
            if t.is_punct:
                break
            continue
        plural = (
            t.tag_ in {"NNS", "NNPS"}
            or t.dep_ in {"pobj", "dobj", "nsubj", "nsubjpass"}
            and t.lower_.endswith("s")
            and t.pos_ in {"NOUN", "VERB"}
        )  # "passes" tagged as a verb
        if (
            plural
            and not t.ent_type_
            and t.lemma_.lower() not in _DURATION_NOUNS | MEASURE_NOUNS
            and not any(c.dep_ == "nummod" for c in t.children)
        ):
            return t
    return None


def _list_verb(doc: Doc, span: Span) -> Token | None:
    """In a list of amounts ("spent $10.6 million to house ..., $9.1 million on food, $4 million on rent")
    every amount is the object of the verb of the first; the parser often attaches the later ones
    elsewhere. Amounts are a list when only commas, "and" and clauses without a subject of their own or
    a finite verb stand between them."""
    sent = span.sent
    spans = []
    for e in doc.ents:
        if e.label_ == "MONEY" and sent.start <= e.start and e.end <= sent.end:
            start = e.start - 1 if e.start > 0 and doc[e.start - 1].text in CURRENCY else e.start
            spans.append((start, e.end, e.root))
    mine = next((k for k, (a, b, _) in enumerate(spans) if a <= span.start < b or span.start <= a < span.end), None)
    if not mine:
        return None
    first = mine
    for k in range(mine, 0, -1):
        start = spans[k][0]
        k0 = start - 1
        while k0 > 0 and doc[k0].lower_ in {"about", "nearly", "roughly", "almost", "around", "some", "another"}:
            k0 -= 1
        if k0 < 0 or doc[k0].lower_ not in {",", "and", ";"}:
            break
        between = doc[spans[k - 1][1] : start]
        if any(t.dep_ in SUBJECT_DEPS or t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in between):
            break
        first = k - 1
    if first == mine:
        return None
    first_start, first_end, first_root = spans[first]
    head = first_root.head
    if first_root.dep_ == "dobj" and head.pos_ == "VERB" and not (first_start <= head.i < first_end):
        return head
    return None


def _rate(doc: Doc, i: int) -> list[Token]:
    """'a day', 'per hire', 'a pound' right after an amount: the unit it is paid or counted by."""
    if i + 1 < len(doc) and doc[i].lower_ in {"a", "an", "per", "each"} and doc[i + 1].tag_ == "NN":
        return [doc[i], doc[i + 1]]
    return []


def _own_modifiers(doc: Doc, span: Span, r: Token, skip: set[int]) -> list[Token]:
    """What the number itself carries: "(640) with unaccompanied children", "(170,000) in fiscal 2006",
    "(9,560) the month before" (a date right after the number counts, wherever the parser put it)."""
    out: list[Token] = []
    for c in r.children:
        if c.i < r.i or c.i in skip or c.dep_ not in {"prep", "npadvmod", "advmod", "acl"} or _is_aside(c):
            continue
        if c.dep_ == "advmod" and c.lower_ not in SETTING_ADVERBS:
            continue
        part = _compact(c, skip, 8)
        if part:
            out += part
            break
    if not out:
        out = _trailing_date(doc, max(span.end, r.i + 1))
    return out


def _trailing_date(doc: Doc, i: int) -> list[Token]:
    """'in fiscal 2006', 'the month before', 'last year' right after a number."""
    j = i
    if (
        j < len(doc)
        and doc[j].tag_ == "IN"
        and doc[j].lower_ in {"in", "during", "since", "through", "by", "over", "at", "for", "until"}
    ):
        j += 1
    k = j
    while k < len(doc) and doc[k].ent_type_ == "DATE" and not doc[k].is_punct:
        k += 1
    if k == j:
        return []
    return list(doc[i:k])


def _setting(verb: Token, skip: set[int]) -> list[Token]:
    """When (and where) a change happened: the verb's date and place modifiers ("last month", "in March")."""
    out: list[Token] = []
    for c in verb.children:
        if c.i in skip or _is_aside(c):
            continue
        sub = list(c.subtree)
        if (
            c.dep_ == "npadvmod"
            and c.ent_type_ == "DATE"
            or c.dep_ == "prep"
            and any(t.ent_type_ in {"DATE", "GPE", "LOC", "FAC"} for t in sub)
            and c.lower_ not in {"to", "from"}
        ):
            part = _compact(c, skip, 6)
            if part and len(out) + len(part) <= 8:
                out += part
    return sorted(out, key=lambda t: t.i)


def _subject(verb: Token) -> Token | None:
    """The (non-pronoun) subject of a verb, looking through infinitives, conjoined verbs and relative
    clauses ("a plan its sponsors say would cost ..." -> plan); None for pronouns and datelines."""
    v = verb
    for hop in range(5):
        subjects = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
        subj = next((c for c in subjects if not _is_dateline(c)), subjects[0] if subjects else None)
        if subj is not None:
            if subj.tag_ in {"WDT", "WP"} or subj.lower_ == "that":
                return v.head if v.dep_ == "relcl" and v.head.pos_ in {"NOUN", "PROPN"} else None
            if _is_dateline(subj):
                # "SAN AURELIO — The number of migrants ... dropped": the parser hangs the sentence on the
                # dateline; its subject is the first nominal subject inside
                subj = next(
                    (
                        t
                        for t in subj.subtree
                        if t.dep_ in SUBJECT_DEPS and t.i > subj.i and t.pos_ in {"NOUN", "PROPN"}
                    ),
                    None,
                )
                return subj
            if subj.pos_ == "PRON":
                return None
            return subj
        if v.dep_ == "relcl" and v.head.pos_ in {"NOUN", "PROPN"}:
            return v.head
        if v.dep_ == "acl" and v.tag_ == "VBN" and v.head.pos_ in {"NOUN", "PROPN"} and hop == 0:
            return v.head  # "cattle sold for $3": the noun a participle modifies undergoes it
        if v.dep_ == "ccomp" and v.head.dep_ == "relcl" and v.head.head.pos_ in {"NOUN", "PROPN"}:
            return v.head.head  # the gap of "a plan [its sponsors say] would cost"
        if v.dep_ in {"xcomp", "conj", "advcl"} and v.head.i != v.i and v.head.pos_ in {"VERB", "AUX"}:
            v = v.head
            continue
        if v.dep_ == "pcomp":  # "a day after soaring 497 points": whoever the clause it hangs on is about
            up = v.head
            while up.head.i != up.i and up.pos_ not in {"VERB", "AUX"}:
                up = up.head
            if up.pos_ in {"VERB", "AUX"} and up.i != v.i:
                v = up
                continue
        break
    return None


def _is_dateline(t: Token) -> bool:
    """'SAN AURELIO — ...': the place line of a wire story, which parsers take for a subject."""
    sub = list(t.subtree)
    dashes = {"—", "–", "-", "--"}
    nxt = t.doc[sub[-1].i + 1] if sub[-1].i + 1 < len(t.doc) else None
    return all(u.is_upper or u.is_punct for u in sub) and (
        nxt is not None and nxt.text in dashes or any(u.text in dashes for u in sub)
    )


def _finite(verb: Token) -> bool:
    """A verb that states something of its subject (not "allowing 61,000 people to apply")."""
    if not _is_verb(verb):
        return False
    return not any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _irrealis(verb: Token) -> bool:
    """'to hire', 'would bring', 'plans to build': not (yet) done."""
    v = verb
    for _ in range(3):
        if any(c.dep_ in {"aux", "auxpass"} and (c.tag_ in {"TO", "MD"}) for c in v.children):
            return True
        if v.dep_ == "conj" and v.head.i != v.i:
            v = v.head
            continue
        break
    return False


def _predicate(verb: Token, skip: set[int], budget: int) -> str:
    """What a clause says of its subject, without the subject: "moved to temporary shelters", "arrived in
    New York since 2022", "available at four fire stations". Empty when it cannot be said shortly or would
    lose its object ("will send [18,000 vehicles] onto a detour")."""
    if budget <= 0:
        return ""
    copula = verb.lemma_.lower() == "be" or verb.pos_ == "AUX"
    head: list[Token] = []
    if copula:
        if any(c.dep_ == "attr" for c in verb.children):
            return ""  # "... is a rounding error": a comment on the number, not what it counts
    else:
        aux = [c for c in verb.lefts if c.dep_ in {"aux", "auxpass", "neg"}]
        head = aux if any(c.dep_ == "neg" for c in aux) else [c for c in aux if c.tag_ == "MD"]
        head.append(verb)
    words = [t for t in head]
    used = set(skip) | {t.i for t in words}
    for child in verb.rights:
        if child.i in used or child.dep_ not in VP_RIGHT or not _keep_complement(child):
            continue
        if child.dep_ == "advcl" and not any(c.dep_ == "aux" and c.tag_ == "TO" for c in child.children):
            continue  # only purpose clauses: "to provide lawyers", not "prompting tense debates"
        part = _compact(child, used, budget - len(words))
        if not part:
            if child.dep_ == "dobj":
                return ""  # a transitive verb without its object says nothing
            if child.dep_ in {"acomp", "prt"} and copula:
                return ""
            continue
        words += part
        used |= {t.i for t in part}
    if copula and not words:
        return ""
    if any(c.dep_ == "dobj" and c.i in skip for c in verb.children) and not copula:
        return ""
    return _join(words)


def _stative_clause(verb: Token, subj: Token | None, skip: set[int], extra: list[Token]) -> str | None:
    """A stative verb's object read from its subject: "offenses included 1,506 homicides" -> "among
    offenses", "judges the court has"; None for other verbs."""
    lemma = verb.lemma_.lower()
    if lemma not in PART_VERBS | HAVE_VERBS:
        return None
    if subj is None:
        return ""
    if lemma in PART_VERBS:
        return _join_parts(["among"], _noun_tokens(subj, skip, det=True, right=False, budget=4), extra)
    subj_tokens = _noun_tokens(subj, skip, det=True, right=False, budget=4)
    return _join_parts(subj_tokens, [verb.text], extra) if len(subj_tokens) <= 4 else ""


def _participle_head(verb: Token, prt: list[Token]) -> list[str]:
    """The verb as a participle with its particle: "sent back", "removed or returned" (both verbs act on the
    object), "to be hired" (not yet done)."""
    head = [_participle(verb)] + [c.text for c in prt]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(c.dep_ == "dobj" for c in verb.head.children):
        cc = next((c for c in verb.head.children if c.dep_ == "cc"), None)
        head = [_participle(verb.head), cc.text if cc is not None else "and"] + head
    if _irrealis(verb):
        head = ["to be"] + head
    return head


def _wanted_complement(child: Token, used: set[int], lemma: str, after: int | None) -> bool:
    """A complement of the verb worth keeping in the clause: a setting, a recipient, a purpose clause ("to
    provide lawyers"); not the counted object itself, nor anything before ``after``."""
    if child.i in used or child.dep_ not in VP_RIGHT - {"acomp"} or not _keep_complement(child):
        return False
    if child.dep_ == "advcl" and not any(c.dep_ == "aux" and c.tag_ == "TO" for c in child.children):
        return False
    return not (child.dep_ == "dobj" and lemma not in GIVE_VERBS or after is not None and child.i < after)


def _object_clause(
    verb: Token, skip: set[int], budget: int, extra: list[Token] | None = None, after: int | None = None
) -> str:
    """What is done to the object, as a reduced relative: "chartered to Bayhaven since the summer",
    "to be hired over two years", "spent by the city on food"; or "the court has" for stative verbs."""
    extra = list(extra or [])
    subj = _subject(verb)
    lemma = verb.lemma_.lower()
    prt = [c for c in verb.children if c.dep_ == "prt" and c.i not in skip]
    stative = None if prt else _stative_clause(verb, subj, skip, extra)
    if stative is not None:
        return stative
    if not _is_verb(verb):
        return ""
    head = _participle_head(verb, prt)
    used = set(skip) | {verb.i} | {c.i for c in prt}
    n = len(" ".join(head).split())
    parts: list[tuple[int, list]] = [(extra[0].i, list(extra))] if extra else []
    n += len(extra)
    used |= {t.i for t in extra}
    for child in verb.rights:
        if not _wanted_complement(child, used, lemma, after):
            continue
        compact = _compact(child, used, budget - n - (1 if child.dep_ in {"dative", "dobj"} else 0))
        if not compact:
            continue
        part: list[Token | str] = list(compact)
        if child.dep_ in {"dative", "dobj"} and child.dep_ != "dative" or child.dep_ == "dative" and child.tag_ != "IN":
            part = ["to", *compact]  # "pay a notario $2,000" -> "paid to a notario"
        parts.append((child.i, part))
        n += len(part)
        used |= {t.i for t in part if isinstance(t, Token)}
    agent: list = []
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)
    if subj is not None and not passive and _is_agent(subj):
        subj_tokens = _noun_tokens(subj, used | {verb.i}, det=True, budget=6)
        if 0 < len(subj_tokens) <= min(6, budget - n - 1):
            agent = ["by", _join(subj_tokens)]
    words = head + agent + [_join(part) for _, part in sorted(parts, key=lambda p: p[0])]
    return " ".join(w for w in words if w)


def _keep_complement(child: Token) -> bool:
    if _is_aside(child):
        return False
    if child.dep_ == "advmod":
        return child.lower_ in SETTING_ADVERBS
    if child.dep_ == "npadvmod":
        return child.ent_type_ == "DATE" or child.lower_ in {"a", "an", "per"}
    if child.dep_ == "xcomp":
        return any(c.dep_ == "aux" and c.tag_ == "TO" for c in child.children)
    return True


def _is_aside(t: Token) -> bool:
    return (
        t.dep_ in {"prep", "advcl", "advmod", "agent"}
        and t.lower_ in ASIDE
        or t.dep_ == "prep"
        and (t.tag_ in {"VBG", "VBN"})
    )


def _is_agent(t: Token) -> bool:
    """Can the subject be named as the doer ("by the police")? Names, organisations and people can."""
    return (
        t.pos_ == "PROPN"
        or t.ent_type_ in {"ORG", "PERSON", "GPE", "NORP"}
        or (is_people_noun(t.lemma_.lower()) or t.lemma_.lower() in AGENT_NOUNS)
    )


def _participle(verb: Token) -> str:
    """Past participle of a verb ("withhold" -> "withheld", "chartered", "carried", "planned")."""
    lemma = verb.lemma_.lower()
    if lemma in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[lemma]
    if verb.tag_ in {"VBN", "VBD"} and verb.lower_.endswith("ed"):
        return verb.lower_
    if not lemma.isalpha():
        return verb.lower_
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    if lemma in DOUBLING or (len(lemma) <= 4 and re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", lemma)):
        return lemma + lemma[-1] + "ed"
    return lemma + "ed"


def _noun_tokens(
    noun: Token, skip: set[int], det: bool = False, right: bool = True, budget: int = _BUDGET - 2
) -> list[Token]:
    """The noun with its modifiers: pre-modifiers without numbers (and, unless ``det``, without articles
    and pronoun possessives), then post-modifiers (prepositional phrases, relative and participial
    clauses) as far as they fit, never one that holds another figure or opens an aside."""
    left: list[Token] = []
    for c in noun.lefts:
        if c.i in skip:
            continue
        if c.dep_ in {"det", "poss"} and det and c.pos_ in {"DET", "PRON"}:
            left.append(c)
            continue
        if c.dep_ not in NP_LEFT or c.dep_ == "poss" and c.pos_ == "PRON":
            continue
        if (
            c.lower_ in {"more", "less", "fewer"}
            and c.i + 1 < len(c.doc)
            and c.doc[c.i + 1].lower_ == "than"
            or c.lower_ == "estimated"
            and c.i > 0
            and c.doc[c.i - 1].lower_ in {"an", "a"}
        ):
            continue  # "more than", "an estimated" qualify a number, not the noun
        sub = [t for t in c.subtree if t.i not in skip]
        if _has_figure(sub) or any(t.like_num and t.ent_type_ != "DATE" for t in sub):
            continue
        if c.ent_type_ == "DATE" and noun.ent_type_ != "DATE" and c.pos_ in {"PROPN", "NUM"}:
            continue  # "January 2009 Immigration and Customs Enforcement": a misattached date
        left += [
            t
            for t in sub
            if (det or t.dep_ not in {"det", "quantmod"}) and not t.is_punct or t.text in {"-", "'s", "’s"}
        ]
    out = left + [noun]
    if right:
        for child in noun.rights:
            if child.i in skip or child.dep_ not in NP_RIGHT or _is_aside(child):
                continue
            if any(t.i in skip for t in child.subtree):
                continue  # it holds the number or the clause being described
            if child.dep_ == "advmod" and child.lower_ not in SETTING_ADVERBS:
                continue
            part = _compact(child, skip, budget - len(out))
            if not part:
                break
            out += part
    return _tidy(sorted(out, key=lambda t: t.i))


def _compact(child: Token, skip: set[int], budget: int) -> list[Token]:
    """The words of a modifier up to the first punctuation, shortened to ``budget`` words by dropping its
    last-attached modifiers; nothing if it holds another figure or nothing but a function word is left."""
    if budget <= 0:
        return []
    tokens = _until_punct([t for t in child.subtree if t.i not in skip], start=child)
    # a modifier inside it that holds a figure of its own goes ("gusts [of up to 60 mph]"); if the figure
    # is the modifier's own object ("[to 150 countries]"), the modifier goes
    while tokens and _has_figure(tokens):
        ids = {t.i for t in tokens}
        fig = next(t for t in tokens if _has_figure([t]))
        a = fig
        while (
            a.head.i != a.i
            and a.head.i in ids
            and a.head.i != child.i
            and a.dep_ not in {"prep", "relcl", "acl", "appos", "conj", "advcl"}
        ):
            a = a.head
        if (
            a.i == child.i
            or a.head.i == child.i
            and child.dep_ == "prep"
            or a.dep_ not in {"prep", "relcl", "acl", "appos", "conj", "advcl"}
        ):
            return []
        drop = {t.i for t in a.subtree}
        tokens = _until_punct([t for t in tokens if t.i not in drop], start=child)
    while len(tokens) > budget:
        ids = {t.i for t in tokens}
        cands = [t for t in tokens if t.i != child.i and t.head.i in ids and t.i > t.head.i]
        if not cands:
            return []
        # drop the last modifier first; an argument only when no modifier is left, and then its head too
        # (a verb or preposition without its object would dangle)
        mods = [t for t in cands if t.dep_ not in ARGUMENTS]
        last = max(mods or cands, key=lambda t: t.left_edge.i)
        if last.dep_ in ARGUMENTS:
            if last.head.i == child.i:
                return []
            last = last.head
        drop = {t.i for t in last.subtree}
        tokens = [t for t in tokens if t.i not in drop]
    tokens = _tidy(tokens)
    if not tokens or len(tokens) == 1 and tokens[0].dep_ in {"prep", "agent", "mark", "aux"}:
        return []
    return tokens


def _capital_of_the_sentence(t: Token) -> bool:
    """A capital that only says the sentence starts here: an article or possessive anywhere, a common
    noun or adjective at the start; never a name."""
    if t.ent_type_ or not (t.text[:1].isupper() and t.text[1:].islower()):
        return False
    return t.tag_ in {"DT", "PRP$"} or bool(t.is_sent_start) and t.tag_ in {"NN", "NNS", "JJ"}


def _tidy(tokens: list[Token]) -> list[Token]:
    """No dangling words at the end: prepositions, articles, conjunctions, "to", relative pronouns."""
    while tokens and (
        tokens[-1].tag_ in {"IN", "DT", "CC", "TO", "WDT", "WP", "WP$", "POS", "HYPH", "MD"}
        or tokens[-1].dep_ in {"aux", "auxpass", "cc", "det", "case", "mark", "punct", "prep"}
        or tokens[-1].is_punct
        or tokens[-1].lower_ in ASIDE
    ):
        tokens = tokens[:-1]
    while tokens and (tokens[0].tag_ in {"CC", "HYPH"} or tokens[0].is_punct and tokens[0].text not in "$"):
        tokens = tokens[1:]
    return tokens


def _has_figure(tokens: Iterable[Token]) -> bool:
    """Does the phrase hold a number that is a figure of its own (not a date, a name or a lone "one")?"""
    for t in tokens:
        if not is_number_token(t) or t.lower_ in {"one", "hundred", "thousand"} or YEAR.match(t.text):
            continue
        if t.ent_type_ and t.ent_type_ not in NUMERIC_ENTS:
            continue
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if nxt is not None and nxt.text in {"-", "–"} and not t.whitespace_:
            continue  # "22,000-seat"
        return True
    return False


def _until_punct(tokens: list[Token], start: Token | None = None) -> list[Token]:
    """The unbroken stretch (no punctuation, no left-out words) around ``start``, or from the first token."""
    if not tokens:
        return []

    def breaks(t: Token) -> bool:
        return t.is_punct and t.text not in {"-", "’", "'", "–"}

    k = next((n for n, t in enumerate(tokens) if start is not None and t.i == start.i), 0)
    if breaks(tokens[k]):
        return []
    lo = hi = k
    while lo > 0 and not breaks(tokens[lo - 1]) and tokens[lo - 1].i == tokens[lo].i - 1:
        lo -= 1
    while hi + 1 < len(tokens) and not breaks(tokens[hi + 1]) and tokens[hi + 1].i == tokens[hi].i + 1:
        hi += 1
    return tokens[lo : hi + 1]


def _join_parts(*parts: Iterable[Token | str] | str) -> str:
    """Join token runs and literal words into one phrase."""
    texts: list[str] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                texts.append(part)
            continue
        items = list(part)
        if not items:
            continue
        texts.append(_join(items))
    return re.sub(r"\s+", " ", " ".join(t for t in texts if t)).strip()


def _join(tokens: list) -> str:
    """Tokens in order, with a space wherever the text had one or where tokens were left out."""
    parts: list[str] = []
    for k, t in enumerate(tokens):
        if isinstance(t, str):
            parts.append(t)
            if k + 1 < len(tokens):
                parts.append(" ")
            continue
        text = t.text
        if _capital_of_the_sentence(t):
            text = text.lower()  # "The court", "Migrant encounters" opening a sentence are lower case in a phrase
        parts.append(text)
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is not None and (isinstance(nxt, str) or t.whitespace_ or nxt.i != t.i + 1):
            parts.append(" ")
    return "".join(parts).strip()
