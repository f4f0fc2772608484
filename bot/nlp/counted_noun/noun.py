"""The noun a figure counts (``counted``): read past ranges, lists and measure words ("60 percent of
arrivals" → arrivals, percent).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from bot.nlp.lexicon.quantities import DESCRIPTIVE_MEASURES, MEASURE_NOUNS
from bot.nlp.numbers import CURRENCY_WORDS


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
