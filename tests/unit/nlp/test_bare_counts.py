"""What a number with no noun of its own counts: each rule of ``BARE_RULES`` on a sentence of its own
(sentences and places invented for these tests)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from bot.models import ArticleInput
from bot.nlp.counted_noun import bare as c
from bot.nlp.document import parse_articles
from bot.nlp.figures import find_figures

CASES = [
    (c.number_is_the_root, "Total: 2,400.", "2,400", ""),
    (
        c.comparison_of_subject,
        "Crossings at the Vellan ferry were 12% above the average.",
        "12%",
        "crossings at the Vellan ferry above the average",
    ),
    (
        c.comparison_of_subject,
        "Arrivals at the Vellan ferry were 30% lower than in May.",
        "30%",
        "arrivals at the Vellan ferry lower than in May",
    ),
    (c.elliptical_time_span, "The committee heard a yes in nine months and a no in two.", "two", None),
    (
        c.own_relative_clause,
        "The town paid $4 million, which the council approved in May.",
        "$4 million",
        "which the council approved in May",
    ),
    (
        c.value_of_thing,
        "The lease for the old ferry terminal is worth $1.4 million.",
        "$1.4 million",
        "value of the lease",
    ),
    (c.size_of_change, "Ferry crossings fell 12 percent last year.", "12 percent", "drop in ferry crossings last year"),
    (c.size_of_change, "Ticket sales rose to 2,710 in March.", "2,710", "ticket sales in March"),
    (c.level_of_moved_thing, "The storm brought the total to 3,120.", "3,120", "total"),
    (c.level_of_moved_thing, "The port index closed at 4,512.", "4,512", "port index"),
    (c.level_of_subject, "The new ferry would cost about $540 million.", "$540 million", "cost of the new ferry"),
    (c.price_of_item, "Fishermen sold cod for more than $3 a pound.", "$3", "a pound for cod"),
    (c.elliptical_number, "The marina has 300 slips, compared with 120 in 2015.", "120", "slips in 2015"),
    (c.elliptical_number, "Of 90 boats inspected, 14 failed.", "14", "boats that failed"),
    (
        c.times_acted_on,
        "The harbor patrol stopped boats 1,200 times last year.",
        "1,200 times",
        "boats stopped by the harbor patrol last year",
    ),
    (
        c.object_of_verb,
        "The town spent $9.1 million on food for the shelters.",
        "$9.1 million",
        "spent on food for the shelters",
    ),
    (
        c.measure_of_object,
        "The cooperative grows cotton on 900 acres near Port Vellan.",
        "900 acres",
        "of cotton grown near Port Vellan",
    ),
    (c.number_beside_a_figure, "The clinic served 40 families in 2019 and over 660 currently.", "660", "families"),
    (c.antecedent_noun, "Inspectors checked the boats and found leaks in 12.", "12", "leaks"),
    (
        c.subject_of_predicate,
        "About $72.6 million was spent on staffing at the port.",
        "$72.6 million",
        "spent on staffing at the port",
    ),
    (c.governing_noun, "The piers, all 40, were closed.", "40", "piers"),
]


def decisions(nlp: Language, monkeypatch: pytest.MonkeyPatch, sentence: str) -> tuple[dict, list]:
    """The figures of ``sentence`` (text -> counts) and, per bare number, the rule that decided."""
    decided: list[tuple[str, Callable, object]] = []

    def watched(rule: Callable) -> Callable:
        def run(ctx: c.BareNumber) -> c.BareVerdict:
            verdict = rule(ctx)
            if verdict is not None:
                decided.append((ctx.span.text, rule, verdict))
            return verdict

        return run

    monkeypatch.setattr(c, "BARE_RULES", tuple(watched(r) for r in c.BARE_RULES))
    adoc = next(parse_articles(nlp, [ArticleInput(text=sentence)]))
    return {f.text: f.counts for f in find_figures(adoc)}, decided


@pytest.mark.parametrize(
    ("rule", "sentence", "number", "phrase"), CASES, ids=[f"{r.__name__}-{i}" for i, (r, *_) in enumerate(CASES)]
)
def test_each_bare_rule_on_its_construction(
    nlp: Language, monkeypatch: pytest.MonkeyPatch, rule: Callable, sentence: str, number: str, phrase: str | None
) -> None:
    figures, decided = decisions(nlp, monkeypatch, sentence)
    first = next((d for d in decided if d[0] == number), None)
    assert first is not None, decided
    assert first[1] is rule, (first[1].__name__, decided)
    if phrase is None:  # no quantity: no figure
        assert first[2] is c.NOT_A_QUANTITY and number not in figures
    else:
        assert first[2] == phrase and figures[number] == phrase


def test_every_bare_rule_has_a_case() -> None:
    assert {r for r, *_ in CASES} == set(c.BARE_RULES)
