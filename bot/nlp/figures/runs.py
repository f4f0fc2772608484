"""Runs of number tokens worth reading as figures ("1.5 billion", "Fifty - four"), and what the entity
around a number says of it (a duration, an amount NER folded into a DATE, a number inside a name)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from bot.nlp.figures.tally import vote_tally_side
from bot.nlp.lexicon.deps import LABEL_ENTS
from bot.nlp.numbers import (
    CURRENCY_WORDS,
    DIGITS,
    DOZEN,
    DURATION_UNITS,
    NUMBER_WORDS,
    NUMERIC_ENTS,
    SCALES,
    YEAR,
    is_number_token,
    is_number_word,
    is_tens,
    next_content,
)


def number_runs(doc: Doc, words: list[str] | None = None, lowers: list[str] | None = None) -> Iterator[list[Token]]:
    """Maximal runs of number tokens ("1.5 billion", "one hundred", "Fifty - four", "a dozen"); ``words`` and
    ``lowers``: the tokens' texts as is and lowercased, when the caller has them (``ArticleDoc``)."""
    words = words if words is not None else [t.text for t in doc]
    lowers = lowers if lowers is not None else [t.lower_ for t in doc]
    i = 0
    n = len(doc)
    while i < n:
        if not is_number_word(words[i], lowers[i]):  # most tokens: no Token object needed
            i += 1
            continue
        t = doc[i]
        if not _numeric_context(t):
            i += 1
            continue
        j = i + 1
        while j < n:
            u, prev = doc[j], doc[j - 1].lower_
            after = doc[j + 1].lower_ if j + 1 < n else ""
            if u.lower_ in SCALES or u.lower_ == DOZEN:
                j += 1  # "1.5 billion", "two dozen"
            elif is_tens(prev) and NUMBER_WORDS.get(u.lower_, 10) < 10:
                j += 1  # "fifty four"
            elif prev in SCALES and u.lower_ in NUMBER_WORDS and u.lower_ != "zero":
                j += 1  # "one hundred twenty"
            elif (
                u.text in {"-", "–"}
                and not doc[j - 1].whitespace_
                and is_tens(prev)
                and NUMBER_WORDS.get(after, 10) < 10
            ):
                j += 2  # "Fifty-four"
            elif u.lower_ == "and" and prev in {"hundred", "thousand"} and after in NUMBER_WORDS:
                j += 2  # "a hundred and fifty"
            elif (
                u.lower_ == "and"
                and after in {"a", "an"}
                and j + 2 < n
                and doc[j + 2].lower_ == "half"
                and (prev in NUMBER_WORDS or DIGITS.match(doc[j - 1].text))
                and j + 3 < n
                and doc[j + 3].lower_ in SCALES
            ):
                j += 3  # "six and a half million"
            else:
                break
        yield list(doc[i:j])
        i = j


def _numeric_context(t: Token) -> bool:
    """A number token worth considering: in a numeric entity, or outside any labelling entity."""
    if t.ent_type_ in NUMERIC_ENTS:
        return True
    if t.ent_type_ in LABEL_ENTS:
        # NER sometimes folds a formatted amount into a DATE ("2,485.33 July 24") or a count of
        # things into a DATE ("287 first-half passing yards")
        return (
            t.ent_type_ == "DATE"
            and ("," in t.text and "." in t.text or counts_plural(t))
            or is_duration(t)
            or money_follows(t)
            or vote_tally_side(t) is not None  # NER reads "61-15" as a date
        )
    # a number inside a name ("CBS 2", "Falcon 9", "S&P 500") is part of the name; an entity that is
    # nothing but a number is a mislabelled figure
    return not t.ent_type_ or all(is_number_token(u) or u.is_punct for u in _ent_tokens(t))


def money_follows(t: Token) -> bool:
    """'two and a half billion dollars' (which NER may call a DATE): a currency word ends the number."""
    for u in t.doc[t.i + 1 : t.i + 7]:
        if u.lemma_.lower() in CURRENCY_WORDS:
            return True
        if not (is_number_token(u) or u.lower_ in {"and", "a", "an", "half", "-"}):
            return False
    return False


def _ent_tokens(t: Token) -> list[Token]:
    start = _ent_start(t)
    end = t.i + 1
    while end < len(t.doc) and t.doc[end].ent_iob_ == "I":
        end += 1
    return list(t.doc[start:end])


def counts_plural(t: Token) -> bool:
    head = t.head
    return (
        t.dep_ == "nummod"
        and head.tag_ == "NNS"
        and head.i > t.i
        and head.lemma_.lower() not in DURATION_UNITS
        and not YEAR.match(t.text)
    )


def is_duration(t: Token) -> bool:
    """'an average of 14 minutes', 'from 33 to four days': a measured span of time, not a window."""
    unit = next_content(t)
    if unit is None or unit.lemma_.lower() not in DURATION_UNITS:
        return False
    if unit.i + 1 < len(t.doc) and t.doc[unit.i + 1].lower_ in {"ago", "old", "later", "earlier", "ahead"}:
        return False
    start = _ent_start(t)
    prev = t.doc[start - 1] if start > 0 else None
    if prev is not None and prev.lower_ == "for" and DIGITS.match(t.text):
        return True  # ``span_for_digits``: "open for 90 days", "held for up to 72 hours" (not "for two weeks")
    return prev is not None and prev.lower_ in {"of", "to", "from", "by"}


def _ent_start(t: Token) -> int:
    i = t.i
    while i > 0 and t.doc[i].ent_iob_ == "I":
        i -= 1
    return i

