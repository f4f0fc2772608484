"""The phrase for what a figure counts (``counts_phrase``).

A digest prints a figure as "NUMBER COUNTS", so ``counts`` is a noun phrase. When the number counts a
noun it is that noun with its own modifiers ("asylum applications from Marisca"), followed, when the
clause says more about it, by a reduced relative clause: the noun's predicate without auxiliaries when
it is the subject ("families moved to temporary shelters"), the verb as a past participle when it is the
object ("buses chartered to Bayhaven", "judges to be hired"). A number with no noun of its own is
described by its role in the clause: the size of a change ("fell 12 percent" -> "drop in <subject>"), a
level ("rose to 2,710", "made up the remaining 5,462" -> "<subject>"), an amount of money by what it pays
for ("spent $9.1 million on food" -> "spent on food"; "$5 million in grants" -> "grants"), and an
elliptical number ("up from 170,000", "out of 160 received") by the noun of the figure it is set against.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from bot.nlp.counted_noun.bare import bare_counts
from bot.nlp.counted_noun.clause import is_finite, is_verb, object_clause, predicate_of
from bot.nlp.counted_noun.neighbours import money_in, own_modifiers, sibling_noun
from bot.nlp.counted_noun.words import BUDGET, join_parts, noun_tokens
from bot.nlp.lexicon.deps import SUBJECT_DEPS
from bot.nlp.lexicon.quantities import AVERAGES, MARKS, MEASURE_NOUNS, MONEY_UNITS


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
        sibling = sibling_noun(doc, span, skip | {t.i for t in noun.subtree})
        if isinstance(sibling, Token):
            base = noun_tokens(sibling, skip, right=False)
            mine = span.root
            mods = own_modifiers(doc, span, mine, skip | {t.i for t in noun.head.subtree})
            pred = ""
            if mine.dep_ in SUBJECT_DEPS and is_finite(mine.head):  # "1,200 of them had waited ..."
                pred = predicate_of(mine.head, skip | {t.i for t in mine.subtree}, BUDGET - len(base) - 1)
            return join_parts(base, mods, ["that"] if pred and mine.dep_ == "nsubj" else [], pred)
        noun = None
    if noun is not None and own is not None:
        # "2,310 encounters with families and 640 with children": the noun, with this number's own modifiers
        return join_parts(noun_tokens(noun, skip, right=False), own_modifiers(doc, span, own, skip))
    if noun is None and unit in MONEY_UNITS:
        noun = money_in(root, skip)
    if noun is not None:
        return _noun_counts(noun, root, span, skip)
    return bare_counts(doc, span, root, skip, unit)


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
    np_tokens = noun_tokens(noun, skip)
    has_right = any(
        t.i > noun.i and t.head.i == noun.i and t.dep_ in {"prep", "relcl", "acl", "advmod"} for t in np_tokens
    )
    budget = BUDGET - len(np_tokens)
    inner = skip | {t.i for t in role.subtree}
    gov = role.head
    predicate = ""
    if role.dep_ in SUBJECT_DEPS and gov.i != role.i and budget > 0 and is_finite(gov):
        predicate = predicate_of(gov, inner, budget)
    elif role.dep_ == "dobj" and is_verb(gov) and not has_right and budget > 0:
        predicate = object_clause(gov, inner, budget)
    return join_parts(np_tokens, predicate)
