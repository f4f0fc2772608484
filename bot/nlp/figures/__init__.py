"""Figures of an article: the numbers it states as amounts, each with its unit, qualifier and sentence.

A figure is a run of number tokens with its currency or percent marks, dropped when it labels rather than
counts (dates, ages, ordinals, scores, "Title 42", phone numbers); what it counts is phrased by
``bot.nlp.counted_noun``, values are read by ``bot.nlp.numbers``, and pipe tables take their counts from headers.

The modules, each importing only those listed before it: ``tally`` (a vote's tally, two figures), ``runs``
(the runs of number tokens worth reading), ``labels`` (``NumberRun`` and the ordered ``LABEL_RULES``: a run that
labels rather than counts), ``bounds`` (a figure's tokens, unit and qualifier around its run) and ``tables``
(pipe-table rows); this module walks the paragraphs and makes each run a figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Token

from bot.models import Figure
from bot.nlp.counted_noun import counted, counts_phrase, is_people_noun, topic_people
from bot.nlp.document import ArticleDoc
from bot.nlp.figures.bounds import figure_bounds, join_units, qualifier_before
from bot.nlp.figures.labels import LABEL_RULES, LabelRule, NumberRun, hyphen_unit, is_label
from bot.nlp.figures.runs import number_runs
from bot.nlp.figures.tables import is_table_row, table_figures
from bot.nlp.figures.tally import tally_figure
from bot.nlp.numbers import WORD_DASH_NUM, number_value

__all__ = ["LABEL_RULES", "LabelRule", "NumberRun", "find_figures"]

_PHONE = re.compile(r"\(?\b\d{3}\)?[\s.-]\d{3}[.-]\d{4}\b")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")


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
        if is_table_row(texts[i]):
            j = i
            while j < len(paragraphs) and is_table_row(texts[j]):
                j += 1
            figures.extend(table_figures(texts[i:j]))
            i = j
            continue
        figures.extend(_doc_figures(paragraphs[i], texts[i], adoc.words[i], adoc.lower_words[i]))
        i += 1
    return _dedupe(figures)


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
    for run in number_runs(doc, words, lowers):
        if excluded is None:
            excluded = _excluded_chars(text)
        if any(a <= t.idx < b for t in run for a, b in excluded):
            continue
        fig = tally_figure(doc, run) or figure_from_run(doc, run)
        if fig is not None:
            yield fig


def _excluded_chars(text: str) -> list[tuple[int, int]]:
    """Character ranges that hold phone numbers or clock times (NER often calls them CARDINAL)."""
    return [m.span() for rx in (_PHONE, _CLOCK) for m in rx.finditer(text)]


def figure_from_run(doc: Doc, run: list[Token]) -> Figure | None:
    first, last = run[0], run[-1]
    if is_label(doc, run):
        return None
    value = number_value(run)
    if value is None:
        return None
    start, end, unit = figure_bounds(doc, first, last)
    span = doc[start:end]
    qualifier = qualifier_before(doc, start)
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
    if hyphen_unit(doc, last):  # "a 40-bed shelter": the beds of the shelter
        counts = join_units(unit, counts)
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

