"""Figures of an article: the numbers it states as amounts, each with its unit, qualifier and sentence.

A figure is a run of number tokens with its currency or percent marks, dropped when it labels rather than
counts (dates, ages, ordinals, scores, "Title 42", phone numbers); what it counts is phrased by
``bot.nlp.counted_noun``, values are read by ``bot.nlp.numbers``, and pipe tables take their counts from headers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from bot.models import Figure
from bot.nlp.counted_noun import counted, counts_phrase, is_people_noun, topic_people
from bot.nlp.document import ArticleDoc
from bot.nlp.lexicon.deps import LABEL_ENTS
from bot.nlp.lexicon.quantities import (
    AGE_WORDS,
    DESCRIPTIVE_MEASURES,
    DIAL_NOUNS,
    DIAL_VERBS,
    HYPHEN_UNITS,
    ID_NOUNS,
    MEASURE_NOUNS,
    QUALIFIERS,
    RATE_LINKS,
    STREET_WORDS,
    TALLY_LEMMAS,
    TALLY_MAX,
)
from bot.nlp.numbers import (
    CURRENCY,
    CURRENCY_WORDS,
    DIGITS,
    DOZEN,
    DURATION_UNITS,
    FRACTIONS,
    NUMBER_WORDS,
    NUMERIC_ENTS,
    PERCENT_WORDS,
    SCALES,
    WORD_DASH_NUM,
    YEAR,
    is_number_token,
    is_number_word,
    is_tens,
    next_content,
    number_value,
)

_PHONE = re.compile(r"\(?\b\d{3}\)?[\s.-]\d{3}[.-]\d{4}\b")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_PIPE_ROW = re.compile(r"\|.*\|")


def find_figures(adoc: ArticleDoc, people_nouns: frozenset[str] = frozenset()) -> list[Figure]:
    """All figures of the article body, in reading order (the title repeats the body's numbers).
    ``people_nouns``: the topic's own words for people ("migrant"), counted in unit "people"."""
    with topic_people(people_nouns):
        return _find_figures(adoc)


def _find_figures(adoc: ArticleDoc) -> list[Figure]:
    figures: list[Figure] = []
    paragraphs, texts = adoc.paragraphs, adoc.paragraph_texts
    i = 0
    while i < len(paragraphs):
        if _is_table_row(texts[i]):
            j = i
            while j < len(paragraphs) and _is_table_row(texts[j]):
                j += 1
            figures.extend(_table_figures(texts[i:j]))
            i = j
            continue
        figures.extend(_doc_figures(paragraphs[i], texts[i], adoc.words[i], adoc.lower_words[i]))
        i += 1
    return _dedupe(figures)


# --- prose -------------------------------------------------------------------------------------


def _dedupe(figures: Iterable[Figure]) -> list[Figure]:
    """Keep the first mention of a value: articles restate their key numbers."""
    out: list[Figure] = []
    seen: set[tuple[float, str]] = set()
    for f in figures:
        key = (f.value, f.unit if f.unit in {"dollars", "percent"} else "")
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _doc_figures(doc: Doc, text: str, words: list[str], lowers: list[str]) -> Iterator[Figure]:
    """Figures of one paragraph; ``text``, ``words`` and ``lowers`` are its text and its tokens' texts,
    as is and lowercased (``ArticleDoc``)."""
    excluded: list[tuple[int, int]] | None = None  # read at the first number: most paragraphs have none
    for run in _number_runs(doc, words, lowers):
        if excluded is None:
            excluded = _excluded_chars(text)
        if any(a <= t.idx < b for t in run for a, b in excluded):
            continue
        fig = _tally_figure(doc, run) or _figure_from_run(doc, run)
        if fig is not None:
            yield fig


def _tally_figure(doc: Doc, run: list[Token]) -> Figure | None:
    """``vote_tally``: "The bill passed 61-15", "approved by a vote of 7 to 2": each side of a vote's tally is a
    figure, the first the votes in favor, the second the votes against (a score, "won 3-1", has no vote in its
    sentence and stays out, as ``tally`` and ``hyphen_compound`` leave it)."""
    if len(run) != 1 or not DIGITS.match(run[0].text):
        return None
    t = run[0]
    if (side := _vote_tally_side(t)) is None:
        return None
    value = float(t.text.replace(",", ""))
    return Figure(text=t.text, value=value, counts=f"votes {side}", unit="votes", sentence=t.sent.text.strip())


def _vote_tally_side(t: Token) -> str | None:
    """ "in favor" or "against" when ``t`` is a side of a tally in a sentence about a vote (``TALLY_LEMMAS``)."""
    side = _tally_side(t.doc, t.i) if DIGITS.match(t.text) else None
    if side is None or not any(u.lemma_.lower() in TALLY_LEMMAS for u in t.sent):
        return None
    return side


def _tally_side(doc: Doc, i: int) -> str | None:
    """ "in favor" when the number at ``i`` opens a tally "N-M" / "N to M", "against" when it closes one."""

    def joined(a: int) -> bool:  # tokens a, a+1, a+2 are number, link, number: "61-15" unspaced, or "61 to 15"
        if a < 0 or a + 2 >= len(doc) or not (DIGITS.match(doc[a].text) and DIGITS.match(doc[a + 2].text)):
            return False
        link = doc[a + 1]
        dash = link.text in {"-", "–"} and not doc[a].whitespace_ and not link.whitespace_
        if not (dash or link.lower_ == "to"):
            return False
        # not a range ("from 61 to 15", "ages 12 to 17") nor an order number ("No. 2020-68")
        before = doc[a - 1].lower_ if a > 0 else ""
        high = max(float(doc[x].text.replace(",", "")) for x in (a, a + 2))
        return before not in {"from", "between", "ages", "no.", "number"} and high <= TALLY_MAX

    if joined(i):
        return "in favor"
    if joined(i - 2):
        return "against"
    return None


def _excluded_chars(text: str) -> list[tuple[int, int]]:
    """Character ranges that hold phone numbers or clock times (NER often calls them CARDINAL)."""
    return [m.span() for rx in (_PHONE, _CLOCK) for m in rx.finditer(text)]


def _number_runs(doc: Doc, words: list[str] | None = None, lowers: list[str] | None = None) -> Iterator[list[Token]]:
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
            and ("," in t.text and "." in t.text or _counts_plural(t))
            or _is_duration(t)
            or _money_follows(t)
            or _vote_tally_side(t) is not None  # NER reads "61-15" as a date
        )
    # a number inside a name ("CBS 2", "Falcon 9", "S&P 500") is part of the name; an entity that is
    # nothing but a number is a mislabelled figure
    return not t.ent_type_ or all(is_number_token(u) or u.is_punct for u in _ent_tokens(t))


def _money_follows(t: Token) -> bool:
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


def _counts_plural(t: Token) -> bool:
    head = t.head
    return (
        t.dep_ == "nummod"
        and head.tag_ == "NNS"
        and head.i > t.i
        and head.lemma_.lower() not in DURATION_UNITS
        and not YEAR.match(t.text)
    )


def _is_duration(t: Token) -> bool:
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
    if _hyphen_unit(doc, last) and unit is None:
        return doc[end + 1].lemma_.lower(), end + 2  # "a 40-bed shelter": the beds are its unit
    if nxt.lemma_.lower() in MEASURE_NOUNS - DESCRIPTIVE_MEASURES and last.head.i == nxt.i and unit is None:
        return nxt.text.lower(), end + 1  # "90 mph", "six feet", "725.81 points"
    return unit, end


def _figure_bounds(doc: Doc, first: Token, last: Token) -> tuple[int, int, str | None]:
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
    if _range_after(doc, last.i) and end == last.i + 1:
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


def _figure_from_run(doc: Doc, run: list[Token]) -> Figure | None:
    first, last = run[0], run[-1]
    if _is_label(doc, run):
        return None
    value = number_value(run)
    if value is None:
        return None
    start, end, unit = _figure_bounds(doc, first, last)
    span = doc[start:end]
    qualifier = _qualifier(doc, start)
    # a range counts what its upper end modifies ("between 2,000 and 3,000 arrivals")
    upper = doc[end - 1]
    counted_span = doc[upper.i : end] if end > last.i + 1 and upper.dep_ == "nummod" else span
    counts_root, measure, root = counted(doc, counted_span)
    if unit is None:
        if measure is not None:
            unit = measure
        elif counts_root is not None and counts_root.pos_ != "PRON":
            lemma = counts_root.lemma_.lower()
            unit = "people" if is_people_noun(lemma) else lemma
    counts = counts_phrase(doc, counted_span, counts_root, root, qualifier, unit)
    if counts is None:
        return None
    if _hyphen_unit(doc, last):  # "a 40-bed shelter": the beds of the shelter
        counts = _join_units(unit, counts)
    text = span.text
    dash = WORD_DASH_NUM.match(first.text)
    if dash:  # "areas-128" -> "128"
        text = text[len(dash.group(1)) + 1 :]
    sent = span.sent
    return Figure(
        text=text,
        value=value,
        counts=counts,
        unit=unit,
        sentence=sent.text.strip(),
        qualifier=qualifier,
    )


# --- what is not a figure -------------------------------------------------------------------------


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
    return False if _hyphen_unit(r.doc, r.last) else None


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
        and not _is_duration(first)
        and not ("," in text and "." in text)
        and not _counts_plural(r.last)
        and not _money_follows(first)
    ):
        return True
    return None


def upper_end_of_range(r: NumberRun) -> bool | None:
    """ "10,000 to 15,000 people": the upper end of a range goes with its lower end."""
    doc, first = r.doc, r.first
    if first.i >= 2 and is_number_token(doc[first.i - 2]) and _range_after(doc, first.i - 2):
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


def _hyphen_unit(doc: Doc, last: Token) -> bool:
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


def _join_units(unit: str | None, counts: str) -> str:
    """ "beds of shelter opened by the county": the hyphened unit, then what it is a unit of."""
    return f"{unit}s of {counts}" if unit and counts else counts


def _is_label(doc: Doc, run: list[Token]) -> bool:
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


def _range_after(doc: Doc, i: int) -> bool:
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


# --- qualifiers ----------------------------------------------------------------------------


_QUALIFIER_LENGTHS = sorted({len(q.split()) for q in QUALIFIERS})  # in words


def _qualifier(doc: Doc, start: int) -> str | None:
    """'more than', 'about', ... right before the number (inside or outside its entity)."""
    if start >= 1 and doc[start - 1].lower_ in {"a", "an"}:
        start -= 1
    # the text of the n words before the number, read once for each length of qualifier
    before = {n: doc[start - n : start].text.lower() for n in _QUALIFIER_LENGTHS if start - n >= 0}
    for q in QUALIFIERS:
        if before.get(len(q.split())) == q:
            return q
    return None


# --- tables ---------------------------------------------------------------------------------------


def _is_table_row(text: str) -> bool:
    return bool(_PIPE_ROW.search(text)) or text.count("|") >= 2


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.split("|")]


def _table_figures(rows: list[str]) -> Iterator[Figure]:
    """Counts of a pipe table (``rows``: the texts of its paragraphs) come from its header row and each row's
    first cell."""
    header = _cells(rows[0])
    for row in rows[1:]:
        cells = _cells(row)
        label = cells[0]
        for col, cell in enumerate(cells[1:], start=1):
            value = _parse_cell(cell)
            if value is None:
                continue
            head = header[col] if col < len(header) else ""
            yield Figure(
                text=cell,
                value=value,
                counts=f"{head} {label}".strip(),
                unit="percent" if cell.endswith("%") else None,
                sentence=row.strip(),
            )


def _parse_cell(cell: str) -> float | None:
    m = re.fullmatch(r"\$?\s*(\d[\d,]*(?:\.\d+)?)\s*%?", cell)
    return float(m.group(1).replace(",", "")) if m else None
