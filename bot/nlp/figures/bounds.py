"""A figure's bounds around its number run: a currency sign before, a unit word after, the rest of a range,
"a quarter of a billion"; and the qualifier before it ("more than", "about")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.nlp.figures.labels import hyphen_unit, range_after
from bot.nlp.lexicon.quantities import DESCRIPTIVE_MEASURES, MEASURE_NOUNS, QUALIFIERS
from bot.nlp.numbers import CURRENCY, CURRENCY_WORDS, DOZEN, FRACTIONS, PERCENT_WORDS, SCALES, is_number_token


def _unit_after(doc: Doc, last: Token, end: int, unit: str | None) -> tuple[str | None, int]:
    """A percent, currency or measure word after the number ("12 percent", "5 dollars", "90 mph"): the unit,
    and the end of the figure past it."""
    nxt = doc[end]
    if nxt.lower_ in PERCENT_WORDS:
        return "percent", end + 1
    if nxt.lower_ == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent":
        return "percent", end + 2
    if nxt.lemma_.lower() in CURRENCY_WORDS and unit is None:
        return CURRENCY_WORDS[nxt.lemma_.lower()], end + 1
    if hyphen_unit(doc, last) and unit is None:
        return doc[end + 1].lemma_.lower(), end + 2  # "a 40-bed shelter": the beds are its unit
    if nxt.lemma_.lower() in MEASURE_NOUNS - DESCRIPTIVE_MEASURES and last.head.i == nxt.i and unit is None:
        return nxt.text.lower(), end + 1  # "90 mph", "six feet", "725.81 points"
    return unit, end


def figure_bounds(doc: Doc, first: Token, last: Token) -> tuple[int, int, str | None]:
    """The figure's tokens around a number run, and its unit: a currency sign before ("$5"), a unit word
    after, the rest of a range ("10,000 to 15,000"), "a quarter of a billion", "a thousand"."""
    start, end = first.i, last.i + 1
    unit: str | None = None
    if start > 0 and doc[start - 1].text in CURRENCY:
        unit = CURRENCY[doc[start - 1].text]
        start -= 1
    if end < len(doc):
        unit, end = _unit_after(doc, last, end, unit)
    # a range ("10,000 to 15,000") is one figure, valued at its lower end
    if range_after(doc, last.i) and end == last.i + 1:
        end += 2
        while end < len(doc) and (is_number_token(doc[end]) or doc[end].text == "%"):
            end += 1
    # "a quarter of a billion dollars"
    if (
        start >= 3
        and doc[start - 1].lower_ in {"a", "an"}
        and doc[start - 2].lower_ == "of"
        and doc[start - 3].lower_ in FRACTIONS
    ):
        start -= 4 if start >= 4 and doc[start - 4].lower_ in {"a", "an"} else 3
    # "a thousand", "a dozen"
    elif (first.lower_ in SCALES or first.lower_ == DOZEN) and start == first.i:
        start -= 1
    return start, end, unit


_QUALIFIER_LENGTHS = sorted({len(q.split()) for q in QUALIFIERS})  # in words


def qualifier_before(doc: Doc, start: int) -> str | None:
    """'more than', 'about', ... right before the number (inside or outside its entity)."""
    if start >= 1 and doc[start - 1].lower_ in {"a", "an"}:
        start -= 1
    # the text of the n words before the number, read once for each length of qualifier
    before = {n: doc[start - n : start].text.lower() for n in _QUALIFIER_LENGTHS if start - n >= 0}
    for q in QUALIFIERS:
        if before.get(len(q.split())) == q:
            return q
    return None


def join_units(unit: str | None, counts: str) -> str:
    """ "beds of shelter opened by the county": the hyphened unit, then what it is a unit of."""
    return f"{unit}s of {counts}" if unit and counts else counts

