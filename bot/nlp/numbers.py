"""Numbers as news writes them: digits ("225,000", "1.5"), words ("Fifty-four", "two dozen",
"one hundred"), scale words ("2.8 million") and fractions of a scale ("a quarter of a billion"), with
the currency, percent and time words that mark them (shared by finding figures and phrasing their counts)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Token

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}
DOZEN = "dozen"
# Plurals of scale words are vague amounts ("thousands of migrants"), not values.
VAGUE = {"dozens", "hundreds", "thousands", "millions", "billions", "tens", "scores"}

DIGITS = re.compile(r"^\d[\d,]*(?:\.\d+)?$|^\.\d+$")
# "areas-128": a dash typed without spaces between a word and a number (not "COVID-19", "I-589")
WORD_DASH_NUM = re.compile(r"^([a-z]{3,})[-–—](\d[\d,]*(?:\.\d+)?)$")
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")

# spaCy entities that hold amounts
NUMERIC_ENTS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
CURRENCY = {"$": "dollars", "US$": "dollars", "€": "euros", "£": "pounds"}
CURRENCY_WORDS = {"dollar": "dollars", "cent": "cents", "euro": "euros", "pound": "pounds"}
PERCENT_WORDS = {"%", "percent", "per cent", "pct"}
DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year"}


def is_number_token(t: Token) -> bool:
    return is_number_word(t.text, t.lower_)


@lru_cache(maxsize=1 << 16)  # asked of every token of every paragraph; the answer depends on the word alone
def is_number_word(text: str, low: str) -> bool:
    """``is_number_token`` on a token's text and its lowercase form: "225,000", "fifty", "million", "areas-128"."""
    return bool(DIGITS.match(text)) or low in NUMBER_WORDS or low in SCALES or low == DOZEN or (
        bool(WORD_DASH_NUM.match(text))
    )


def is_tens(word: str) -> bool:
    """'twenty', 'fifty': words that take a unit after them ("fifty four")."""
    return word in NUMBER_WORDS and NUMBER_WORDS[word] >= 20 and NUMBER_WORDS[word] % 10 == 0


def next_content(t: Token) -> Token | None:
    """The first word after the number at ``t`` that is not part of it ("14 [minutes]"), within three tokens."""
    for u in t.doc[t.i + 1: t.i + 4]:
        if is_number_token(u) or u.text in "-":
            continue
        return u
    return None


def number_value(run: Sequence[Token]) -> float | None:
    """Value of a run of number tokens; None for vague amounts ("thousands") and anything else."""
    words = [t.lower_ for t in run if t.text not in {"-", "–"} and t.lower_ != "and"]
    if not words or any(w in VAGUE for w in words):
        return None
    total = 0.0
    current: float | None = None
    half = False
    for k, w in enumerate(words):
        if half:
            half = False
            continue
        if w in {"a", "an"} and k + 1 < len(words) and words[k + 1] == "half" and current is not None:
            current += 0.5  # "six and a half million"
            half = True
            continue
        m = WORD_DASH_NUM.match(w)
        if m:
            w = m.group(2)
        if DIGITS.match(w):
            current = (current or 0) + float(w.replace(",", ""))
        elif w in NUMBER_WORDS:
            current = (current or 0) + NUMBER_WORDS[w]
        elif w == DOZEN:
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = None
        else:
            return None
    # "a quarter of a billion": the fraction sits before the run
    doc, i = run[0].doc, run[0].i
    if (len(run) == 1 and run[0].lower_ in SCALES and i >= 3 and doc[i - 1].lower_ in {"a", "an"}
            and doc[i - 2].lower_ == "of" and doc[i - 3].lower_ in FRACTIONS):
        return FRACTIONS[doc[i - 3].lower_] * SCALES[run[0].lower_]
    return total + (current or 0)
