"""What stands around a number in its sentence: its own modifiers and rate ("a day", "in fiscal 2006"), the
figure it is set against (``sibling_noun``), the plural noun it leaves out, the verb of a list of amounts, what
money pays for or is made of, and the change it measures.
"""

from __future__ import annotations

import math

from spacy.tokens import Doc, Span, Token

from bot.nlp.counted_noun.clause import is_verb
from bot.nlp.counted_noun.noun import counted
from bot.nlp.counted_noun.words import compact_modifier, has_figure, is_aside, tidy, until_punct
from bot.nlp.lexicon.deps import SUBJECT_DEPS
from bot.nlp.lexicon.quantities import CHANGE_NOUNS, MEASURE_NOUNS, MONEY_UNITS, SETTING_ADVERBS, TRANSITIVE_CHANGE
from bot.nlp.numbers import (
    CURRENCY,
    DURATION_UNITS,
    NUMERIC_ENTS,
    PERCENT_WORDS,
    YEAR,
    is_number_token,
    next_content,
    number_value,
)

_DURATION_NOUNS = DURATION_UNITS | {"weekend", "night", "decade", "century", "season", "quarter"}


def purpose_phrase(doc: Doc, i: int, skip: set[int]) -> list[Token]:
    """'$9.1 million on food': the prepositional phrase right after an amount, read off its own subtree
    (where the parser attached it matters less: lists of amounts are where it most often goes wrong)."""
    if (
        i >= len(doc)
        or doc[i].i in skip
        or doc[i].dep_ != "prep"
        or is_aside(doc[i])
        or doc[i].lower_ in {"than", "of", "that", "because", "as", "if", "to", "from"}
    ):
        return []
    tokens = [t for t in doc[i].subtree if t.i >= i and t.i not in skip]
    tokens = until_punct(tokens)
    out: list[Token] = []
    for t in tokens:
        if t.text in CURRENCY or is_number_token(t) and has_figure([t]):
            break
        out.append(t)
    out = tidy(out)
    return out if len(out) > 1 else []


DATE_SIBLING = object()


def change_of(gov: Token, prep: Token | None, unit: str | None) -> tuple[str | None, Token | None]:
    """(nominal of the change, its verb) when the figure measures or ends a change."""
    if gov.lower_ in {"up", "down"} and gov.pos_ in {"ADV", "ADP"}:
        return ("rise" if gov.lower_ == "up" else "drop"), gov.head if gov.head.i != gov.i else None
    lemma = gov.lemma_.lower()
    if not is_verb(gov) or lemma not in CHANGE_NOUNS:
        return None, None
    if lemma in TRANSITIVE_CHANGE and (unit is None or unit in MONEY_UNITS) and prep is None:
        return None, None  # "adding $120 million for staff", "added 600 beds": an amount, not a change
    return CHANGE_NOUNS[lemma], gov


def money_in(root: Token, skip: set[int]) -> Token | None:
    """'$5 million in state grants', '$11 million in reimbursement': the thing the money is made of."""
    for c in root.children:
        if c.dep_ == "prep" and c.lower_ == "in" and c.i not in skip:
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if (
                obj is not None
                and obj.pos_ == "NOUN"
                and not obj.ent_type_
                and obj.lemma_.lower() not in _DURATION_NOUNS
                and not has_figure(list(obj.subtree))
            ):
                return obj
    return None


def sibling_noun(doc: Doc, span: Span, skip: set[int]) -> Token | object | None:
    """The counted noun of the figure this one is set against: the nearest other figure in the sentence,
    preferring one before it and of like size ("1,892 counties in 38 states ... 1,820 due to drought" ->
    counties); the marker ``DATE_SIBLING`` when the nearest number before is a span of time ("a yes in
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
        return DATE_SIBLING
    return best[1] if best is not None else None


def antecedent(doc: Doc, span: Span, skip: set[int]) -> Token | None:
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


def list_verb(doc: Doc, span: Span) -> Token | None:
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


def rate_words(doc: Doc, i: int) -> list[Token]:
    """'a day', 'per hire', 'a pound' right after an amount: the unit it is paid or counted by."""
    if i + 1 < len(doc) and doc[i].lower_ in {"a", "an", "per", "each"} and doc[i + 1].tag_ == "NN":
        return [doc[i], doc[i + 1]]
    return []


def own_modifiers(doc: Doc, span: Span, r: Token, skip: set[int]) -> list[Token]:
    """What the number itself carries: "(640) with unaccompanied children", "(170,000) in fiscal 2006",
    "(9,560) the month before" (a date right after the number counts, wherever the parser put it)."""
    out: list[Token] = []
    for c in r.children:
        if c.i < r.i or c.i in skip or c.dep_ not in {"prep", "npadvmod", "advmod", "acl"} or is_aside(c):
            continue
        if c.dep_ == "advmod" and c.lower_ not in SETTING_ADVERBS:
            continue
        part = compact_modifier(c, skip, 8)
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
