"""Paragraphs that name nobody (headlines and promos in capitals, bylines), and which tokens of a
paragraph stand inside quotation marks.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Token

from bot.nlp.quotemarks import MarkSpan

_BYLINE = re.compile(
    r"(contributed (reporting )?to this (report|story|article)|^\s*(by|reporting by|written by|edited by|"
    r"additional reporting by|compiled by)\s+[A-Z]|\b(photo|image|illustration|video) by\b|/(getty|ap|reuters|afp)\b|"
    r"\bcontributed reporting\b|\bcan be reached at\b)",
    re.IGNORECASE,
)


def is_shouting(text: str) -> bool:
    """A headline or promo line in capitals ("TAP HERE FOR OUR NEWSLETTER"): no names, no quotes."""
    letters = list(filter(str.isalpha, text[:400]))  # headlines and promos are short
    return len(letters) >= 12 and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def is_byline(text: str) -> bool:
    return len(text) < 200 and bool(_BYLINE.search(text))


def quote_mask(tokens: Sequence[Token], marks: list[MarkSpan]) -> list[bool]:
    """True for each of a paragraph's ``tokens`` inside the quotation ``marks`` found on its text."""
    mask = [False] * len(tokens)
    if not marks:
        return mask  # most paragraphs quote nobody
    starts = [t.idx for t in tokens]
    for span in marks:
        lo = bisect_left(starts, span.start)
        hi = bisect_left(starts, span.end)
        for i in range(lo, hi):
            mask[i] = True
    return mask
