"""Label rules: each names a construction in which a number labels, dates or ranks rather than counts
(sentences and people invented for these tests)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.nlp.figures import labels as f
from tests.unit.nlp.probes import run_of

LABELS = [
    (f.one_as_determiner, "Only one member of the board voted against the plan.", "one"),
    (f.bare_scale_word, "The fund paid hundred thousand fees last spring.", "hundred"),
    (f.year, "The ferry has sailed from Port Vellan since 2019.", "2019"),
    (f.elided_year, "Mara Quell, class of ’09, runs the harbor office.", "09"),
    (f.numero, "The council passed Resolution No. 4 on Monday.", "4"),
    (f.clock_time, "The hearing opens at 9 a.m. in the county building.", "9"),
    (f.named_by_number, "Inspectors cited Section 212 of the harbor code.", "212"),
    (f.hyphen_compound, "The crew worked a 14-hour shift on the pier.", "14"),
    (f.ratio, "About 4 in 10 tenants said the rent was too high.", "4"),
    (f.tally, "The board voted 7 to 2 to close the old dock.", "7"),
    (f.marker_number, "The truck stopped near gate 7 of the port.", "7"),
    (f.dialled_number, "Residents should call 311 to report a broken streetlight.", "311"),
    (f.shared_time_noun, "The ferry will be closed for a night or two next week.", "two"),
    (f.age, "Mara Quell, 45, said the ferry was late again.", "45"),
    (f.age, "Volunteers aged 70 and over ride the ferry free.", "70"),
    (f.ordinal, "The 3rd round of talks ended without a deal.", "3rd"),
    (f.street_number, "The clinic moved to 1600 Larkspur Avenue in the spring.", "1600"),
    (f.date_not_duration, "The new pier opened on May 4 after a long delay.", "4"),
    (f.upper_end_of_range, "Between 10,000 to 15,000 visitors crossed the bridge.", "15,000"),
]


@pytest.mark.parametrize(
    ("rule", "sentence", "number"), LABELS, ids=[f"{r.__name__}-{i}" for i, (r, _, _) in enumerate(LABELS)]
)
def test_each_rule_finds_its_label(nlp: Language, rule: f.LabelRule, sentence: str, number: str) -> None:
    r = run_of(nlp, sentence, number)
    assert rule(r) is True
    assert f.is_label(r.doc, list(r.doc[r.first.i : r.last.i + 1]))


COUNTS = [
    (f.one_as_determiner, "Officials counted 40 boats in the harbor.", "40"),
    (f.bare_scale_word, "The fund paid a thousand fees last spring.", "thousand"),
    (f.year, "The port hired 2024 seasonal workers this summer.", "2024"),
    (f.named_by_number, "The city spent $ 40 on each lamp.", "40"),
    (f.dialled_number, "Prosecutors will call 30 witnesses in the harbor case.", "30"),
    (f.age, "The ferry carried 45 passengers, officials said.", "45"),
    (f.street_number, "The clinic treated 1600 patients in the spring.", "1600"),
]


@pytest.mark.parametrize(("rule", "sentence", "number"), COUNTS, ids=[r.__name__ for r, _, _ in COUNTS])
def test_each_rule_leaves_a_count_alone(nlp: Language, rule: f.LabelRule, sentence: str, number: str) -> None:
    assert not rule(run_of(nlp, sentence, number))


def test_a_scale_word_after_an_article_counts(nlp: Language) -> None:
    """``bare_scale_word`` decides both ways: "a thousand" is a count, and no later rule is asked."""
    r = run_of(nlp, "The fund paid a thousand fees last spring.", "thousand")
    assert f.bare_scale_word(r) is False
    assert not f.is_label(r.doc, list(r.doc[r.first.i : r.last.i + 1]))


def test_the_rules_are_in_their_documented_order() -> None:
    assert f.LABEL_RULES[0] is f.rate_of_one and f.LABEL_RULES[1] is f.one_as_determiner
    assert f.LABEL_RULES[-1] is f.upper_end_of_range
    assert len(set(f.LABEL_RULES)) == len(f.LABEL_RULES) == 21
