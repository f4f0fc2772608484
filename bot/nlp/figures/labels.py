"""What is not a figure: the ordered ``LABEL_RULES``, each a construction in which a number labels, dates or
ranks something rather than counting it ("Section 212", "aged 45", "voted 68 to 32")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from bot.nlp.figures.runs import counts_plural, is_duration, money_follows
from bot.nlp.lexicon.quantities import (
    AGE_WORDS,
    DIAL_NOUNS,
    DIAL_VERBS,
    HYPHEN_UNITS,
    ID_NOUNS,
    MEASURE_NOUNS,
    RATE_LINKS,
    STREET_WORDS,
)
from bot.nlp.numbers import (
    CURRENCY,
    CURRENCY_WORDS,
    DIGITS,
    DOZEN,
    DURATION_UNITS,
    PERCENT_WORDS,
    SCALES,
    WORD_DASH_NUM,
    YEAR,
    is_number_token,
    number_value,
)


@dataclass(frozen=True, slots=True)
class NumberRun:
    """A run of number tokens with its neighbours: what the label rules look at."""

    doc: Doc
    first: Token
    last: Token
    size: int  # tokens in the run
    prev: Token | None  # the token before the run
    nxt: Token | None  # the token after it

    @classmethod
    def of(cls, doc: Doc, run: list[Token]) -> NumberRun:
        first, last = run[0], run[-1]
        prev = doc[first.i - 1] if first.i > 0 else None
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        return cls(doc, first, last, len(run), prev, nxt)

    @property
    def text(self) -> str:
        return self.first.text


# A label rule says True (the run labels, dates or ranks something), False (it counts: stop asking) or None
# (no opinion: ask the next rule).
LabelRule = Callable[[NumberRun], "bool | None"]


def rate_of_one(r: NumberRun) -> bool | None:
    """ "one flight a week", "one bus per day": "one" counting what happens in a period, not a determiner."""
    doc, nxt = r.doc, r.nxt
    if r.size != 1 or r.first.lower_ != "one" or nxt is None or nxt.pos_ != "NOUN":
        return None
    k = nxt.i + 1
    if k + 1 < len(doc) and doc[k].lower_ in RATE_LINKS and doc[k + 1].lemma_.lower() in DURATION_UNITS:
        return False
    return None


def one_as_determiner(r: NumberRun) -> bool | None:
    """ "one agenda", "for every one": a determiner, not a statistic."""
    return True if r.size == 1 and r.first.lower_ in {"one"} else None


def bare_scale_word(r: NumberRun) -> bool | None:
    """ "a thousand", "a dozen" count; a bare scale word ("hundred thousand") is not how news writes one."""
    if r.first.lower_ in SCALES or r.first.lower_ == DOZEN:
        return not (r.first.i > 0 and r.doc[r.first.i - 1].lower_ in {"a", "an"})
    return None


def year(r: NumberRun) -> bool | None:
    """A year: "since 2022", "the 1990s"; but "2024 applicants" counts."""
    first = r.first
    counts_noun = first.dep_ == "nummod" and first.head.tag_ == "NNS" and first.head.i > first.i
    return True if r.size == 1 and YEAR.match(r.text) and not (counts_noun and first.ent_type_ != "DATE") else None


def elided_year(r: NumberRun) -> bool | None:
    """ "the class of ’10": an apostrophe for the century."""
    return True if r.prev is not None and r.prev.text in {"’", "'", "‘"} and not r.prev.whitespace_ else None


def numero(r: NumberRun) -> bool | None:
    """ "No. 2", "Nos. 4": a number sign."""
    doc, first = r.doc, r.first
    if r.prev is not None and r.prev.text == "." and first.i >= 2 and doc[first.i - 2].lower_ in {"no", "nos"}:
        return True
    return None


def clock_time(r: NumberRun) -> bool | None:
    """ "at 9 a.m.", "10 o'clock": a time of day."""
    return True if r.nxt is not None and r.nxt.lower_ in {"o'clock", "o’clock", "a.m.", "p.m.", "am", "pm"} else None


def named_by_number(r: NumberRun) -> bool | None:
    """ "Section 212", "# 4", "Falcon 9", "S&P 500": a noun or name before the number that it labels."""
    prev = r.prev
    if prev is None or prev.text in CURRENCY:
        return None
    if prev.lower_ in ID_NOUNS or prev.text == "#":
        return True
    if (
        (prev.is_title or prev.is_upper)
        and prev.pos_ in {"PROPN", "NOUN", "X"}
        and len(prev.text) > 1
        and not _counts_following_noun(r.first, r.last)
    ):
        return True
    if prev.text == "&" or (prev.is_upper and "&" in prev.text):
        return True
    return None


def number_in_a_name(r: NumberRun) -> bool | None:
    """ "told 880 KVLN radio", "an interview with 770 WVLN": a number that opens a name in capitals (a station's
    call sign) is part of the name; but "300 ICE agents" counts the agents."""
    nxt, first = r.nxt, r.first
    if nxt is None or not DIGITS.match(r.text) or not (nxt.is_upper and len(nxt.text) >= 3 and nxt.is_alpha):
        return None
    if nxt.lemma_.lower() in CURRENCY_WORDS or nxt.lower_ in PERCENT_WORDS:
        return None
    counts_plural = first.head.i > first.i and first.head.tag_ == "NNS" and first.head.i != nxt.i
    return None if counts_plural else True


def hyphened_unit(r: NumberRun) -> bool | None:
    """ "a 40-bed shelter", "a 12-member panel": a number hyphened to a unit it counts (``HYPHEN_UNITS``)."""
    return False if hyphen_unit(r.doc, r.last) else None


def hyphen_compound(r: NumberRun) -> bool | None:
    """ "a 14-hour shift", "COVID-19", a score "91-53", "24/7": a number joined to a word or another number."""
    if r.nxt is not None and r.nxt.text in {"-", "–"} and not r.last.whitespace_:
        return True
    if r.prev is not None and r.prev.text in {"-", "–", "/"} and not r.prev.whitespace_:
        return True
    return True if "-" in r.text and not WORD_DASH_NUM.match(r.text) else None


def ratio(r: NumberRun) -> bool | None:
    """ "18 of 51", "4 in 10", "one in five": a ratio, neither part a count."""
    doc, first, last = r.doc, r.first, r.last
    if r.nxt is not None and last.i + 2 < len(doc) and _is_ratio(first, doc[last.i + 2], r.nxt.lower_):
        return True
    if r.prev is not None and first.i >= 2 and _is_ratio(doc[first.i - 2], first, r.prev.lower_):
        return True
    return None


def tally(r: NumberRun) -> bool | None:
    """ "voted 68 to 32": a tally, like a score."""
    return True if _tally_at(r.doc, r.first.i, r.last.i) else None


def marker_number(r: NumberRun) -> bool | None:
    """ "mile marker 22", "gate 7": a number hanging on the singular noun before it labels that noun."""
    prev, first = r.prev, r.first
    if (
        prev is not None
        and prev.tag_ == "NN"
        and first.head == prev
        and r.last.i == first.i
        and prev.lemma_.lower() not in MEASURE_NOUNS
        and DIGITS.match(r.text)
    ):
        return True
    return None


def dialled_number(r: NumberRun) -> bool | None:
    """ "call 911", "dial 311", "a 911 call" name a line (but "call 30 witnesses" counts)."""
    if r.size != 1 or not DIGITS.match(r.text) or "," in r.text:
        return None
    dialled = (
        r.prev is not None
        and r.prev.lemma_.lower() in DIAL_VERBS
        and r.first.dep_ in {"dobj", "pobj", "dep", "npadvmod"}
    )
    service = r.nxt is not None and r.nxt.lemma_.lower() in DIAL_NOUNS and len(r.text) == 3 and r.text.endswith("11")
    return True if dialled or service else None


def shared_time_noun(r: NumberRun) -> bool | None:
    """ "a night or two", "a day or so": the number shares a time noun written before it."""
    first = r.first
    if (
        r.prev is not None
        and r.prev.lower_ in {"or", "to"}
        and first.head.i < first.i
        and first.head.lemma_.lower() in DURATION_UNITS | {"night", "weekend", "decade"}
    ):
        return True
    return None


def age(r: NumberRun) -> bool | None:
    """ "aged 45", "Rosa Quill, 45, said": an age."""
    doc, first, prev, nxt = r.doc, r.first, r.prev, r.nxt
    if prev is not None and prev.lower_ in AGE_WORDS:
        return True
    if (
        prev is not None
        and prev.text == ","
        and first.i >= 2
        and doc[first.i - 2].ent_type_ == "PERSON"
        and nxt is not None
        and nxt.text == ","
    ):
        return True
    return None


def ordinal(r: NumberRun) -> bool | None:
    """ "the 3rd round", "third": a rank."""
    return True if r.first.ent_type_ == "ORDINAL" or re.match(r"^\d+(st|nd|rd|th)$", r.text) else None


def street_number(r: NumberRun) -> bool | None:
    """ "1600 Pennsylvania Avenue": a house number."""
    if not DIGITS.match(r.text):
        return None
    doc, last = r.doc, r.last
    k = last.i + 1
    while k < len(doc) and k <= last.i + 4 and doc[k].is_title:
        if doc[k].lower_ in STREET_WORDS:
            return True
        k += 1
    return None


def date_not_duration(r: NumberRun) -> bool | None:
    """ "on May 4", "in 10 days": a bare date or window in a DATE/TIME entity, not a measured duration."""
    first, text = r.first, r.text
    if (
        first.ent_type_ in {"DATE", "TIME"}
        and not is_duration(first)
        and not ("," in text and "." in text)
        and not counts_plural(r.last)
        and not money_follows(first)
    ):
        return True
    return None


def upper_end_of_range(r: NumberRun) -> bool | None:
    """ "10,000 to 15,000 people": the upper end of a range goes with its lower end."""
    doc, first = r.doc, r.first
    if first.i >= 2 and is_number_token(doc[first.i - 2]) and range_after(doc, first.i - 2):
        return True
    return None


# In this order: the first rule with an opinion decides.
LABEL_RULES: tuple[LabelRule, ...] = (
    rate_of_one,
    one_as_determiner,
    bare_scale_word,
    year,
    elided_year,
    numero,
    clock_time,
    named_by_number,
    number_in_a_name,
    hyphened_unit,
    hyphen_compound,
    ratio,
    tally,
    marker_number,
    dialled_number,
    shared_time_noun,
    age,
    ordinal,
    street_number,
    date_not_duration,
    upper_end_of_range,
)


def hyphen_unit(doc: Doc, last: Token) -> bool:
    """Is the number at ``last`` hyphened to a counted unit ("40-bed", not "40-bed-wide" nor "14-hour")?"""
    i = last.i
    return (
        i + 2 < len(doc)
        and doc[i + 1].text in {"-", "–"}
        and not last.whitespace_
        and not doc[i + 1].whitespace_
        and doc[i + 2].lemma_.lower() in HYPHEN_UNITS
        and not (i + 3 < len(doc) and doc[i + 3].text in {"-", "–"} and not doc[i + 2].whitespace_)
        and not (i > 0 and doc[i - 1].text in {"-", "–", "/"} and not doc[i - 1].whitespace_)
    )


def is_label(doc: Doc, run: list[Token]) -> bool:
    """True when the run names, dates or ranks something rather than counting it (``LABEL_RULES``)."""
    r = NumberRun.of(doc, run)
    for rule in LABEL_RULES:
        verdict = rule(r)
        if verdict is not None:
            return verdict
    return False


def _is_ratio(a: Token, b: Token, link: str) -> bool:
    """'18 of 51', '4 in 10', 'one in five' (but not '271,000 in 2023' nor 'a thousand of ...')."""
    if link not in {"of", "in"} or a.lower_ in SCALES or b.lower_ in SCALES:
        return False
    if link == "in" and (b.ent_type_ == "DATE" or YEAR.match(b.text)):
        return False
    if link == "of" and not (DIGITS.match(a.text) and DIGITS.match(b.text)):
        return False
    x, y = number_value([a]), number_value([b])
    return x is not None and y is not None and x <= y and (link == "of" or y <= 1000)


def _tally_at(doc: Doc, start: int, end: int) -> bool:
    """'68 to 32' (a vote, a score): the first number is the larger and no 'from' precedes it."""
    if end + 2 < len(doc) and doc[end + 1].lower_ == "to" and DIGITS.match(doc[end + 2].text):
        low_i, high_i = end + 2, start
    elif start >= 2 and doc[start - 1].lower_ == "to" and DIGITS.match(doc[start - 2].text):
        low_i, high_i = start, start - 2
    else:
        return False
    if not DIGITS.match(doc[start].text):
        return False
    window = {t.lower_ for t in doc[max(0, high_i - 4) : high_i]}
    a, b = float(doc[high_i].text.replace(",", "")), float(doc[low_i].text.replace(",", ""))
    return a > b and "from" not in window and not any(is_number_token(t) for t in doc[low_i + 1 : low_i + 2])


def range_after(doc: Doc, i: int) -> bool:
    """Is the number at ``i`` the lower end of a range "N to M"? Not when it is the start of a change
    ("from about 33 to four days": two figures)."""
    while i + 1 < len(doc) and is_number_token(doc[i + 1]):
        i += 1
    start = i
    while start > 0 and is_number_token(doc[start - 1]):
        start -= 1
    between = start > 0 and doc[start - 1].lower_ == "between"
    links = {"to"} | ({"and"} if between else set())  # "10-15" joins are dropped as scores
    if i + 2 >= len(doc) or doc[i + 1].lower_ not in links or not is_number_token(doc[i + 2]):
        return False
    if doc[i].ent_iob_ != "O" and doc[i + 2].ent_iob_ == "I":
        return True  # NER took "N to M" as one amount
    window = {t.lower_ for t in doc[max(0, start - 4) : start]}
    end = i + 3
    while end < len(doc) and is_number_token(doc[end]):
        end += 1
    low, high = number_value(list(doc[start : i + 1])), number_value(list(doc[i + 2 : end]))
    # "fell 31.82 to 2,492.82" moves to a level; a range has bounds of one magnitude
    return "from" not in window and low is not None and high is not None and low < high <= 10 * low


def _counts_following_noun(first: Token, last: Token) -> bool:
    """'Texas 300 migrants': the number still counts the plural noun after it."""
    nxt = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    return nxt is not None and nxt.tag_ == "NNS" and last.head == nxt

