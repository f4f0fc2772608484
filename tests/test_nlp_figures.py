"""Figures: numbers with values, units, qualifiers and what they count (sentences written for these tests)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.models import ArticleInput, Figure
from bot.nlp.document import parse_articles
from bot.nlp.figures import find_figures
from tests.support import SEED_ARTICLE as SEED


def figures(nlp: Language, text: str) -> list[Figure]:
    adoc = next(parse_articles(nlp, [ArticleInput(text=text)]))
    return find_figures(adoc)


def only(nlp: Language, text: str) -> Figure:
    found = figures(nlp, text)
    assert len(found) == 1, found
    return found[0]


def test_digits_with_thousands_separators(nlp: Language) -> None:
    f = only(nlp, "Officials in Marlow County received 12,480 asylum applications last year.")
    assert f.value == 12480
    assert f.text == "12,480"
    assert "applications" in f.counts


def test_number_words_with_dozen(nlp: Language) -> None:
    f = only(nlp, "Two dozen volunteers staffed the Brackenridge shelter through the weekend.")
    assert f.value == 24
    assert "volunteers" in f.counts
    assert f.unit == "people"
    assert only(nlp, "One hundred twenty-five buses left Calloway.").value == 125
    assert only(nlp, "A hundred and fifty workers joined the strike.").value == 150


def test_money_with_scale_word(nlp: Language) -> None:
    f = only(nlp, "The Fernvale council approved $1.5 billion for new housing on Tuesday.")
    assert f.value == pytest.approx(1.5e9)
    assert f.unit == "dollars"
    assert f.text == "$1.5 billion"


def test_percent(nlp: Language) -> None:
    f = only(nlp, "Crossings at the Orrin Valley station fell 12% in March.")
    assert f.value == 12
    assert f.unit == "percent"
    assert "Crossings" in f.counts


def test_qualifier_more_than_and_scaled_decimal(nlp: Language) -> None:
    f = only(nlp, "More than 3.2 million travelers passed through the Kestrel Bay port of entry.")
    assert f.value == pytest.approx(3.2e6)
    assert f.qualifier == "more than"
    assert "travelers" in f.counts
    assert "more" not in f.counts.lower().split()


def test_counts_phrase_comes_from_the_parse(nlp: Language) -> None:
    f = only(nlp, "Mayor Lina Ostrova said 340 families were moved to temporary shelters in Dunmore.")
    assert f.value == 340
    assert "families" in f.counts and "moved" in f.counts


def test_dates_years_ages_ordinals_and_labels_are_not_figures(nlp: Language) -> None:
    text = (
        "On March 3, 2021, the 45-year-old judge held the third hearing at 10:30 a.m. under Section 212 "
        "and Title 42 at 1200 Harbor Street in Calloway. Rosa Imbert, 52, said the FY 2024 plan ends in 2026. "
        "Callers were told to dial 555-201-3344."
    )
    assert figures(nlp, text) == []


def test_vague_amounts_and_scores_are_skipped_but_zero_is_kept(nlp: Language) -> None:
    found = figures(nlp, "Thousands of residents watched the Harlow Hawks win 91-53. The cap was cut to zero.")
    assert [f.value for f in found] == [0]


def test_ratios_and_tallies_are_not_counts(nlp: Language) -> None:
    found = figures(nlp, "About 4 in 10 residents backed the plan, and the council voted 68 to 32 to adopt it.")
    assert found == []


def test_range_is_one_figure_at_its_lower_end(nlp: Language) -> None:
    f = only(nlp, "The agency expects 10,000 to 15,000 applicants in the Tamsin district.")
    assert f.value == 10000
    assert "applicants" in f.counts
    f = only(nlp, "Shelters in Pell County expect between 200 and 300 arrivals a day.")
    assert f.value == 200
    assert "arrivals" in f.counts


def test_a_change_is_two_figures_and_a_year_after_in_is_no_ratio(nlp: Language) -> None:
    found = figures(nlp, "Removals in Ostrava County rose to 2,710 in 2023 from 1,425 in 2022, the office said.")
    assert [f.value for f in found] == [2710, 1425]
    assert all("Removals" in f.counts for f in found)


def test_repeated_value_is_reported_once(nlp: Language) -> None:
    text = "Inspectors counted 418 vehicles on Monday.\n\nThe 418 vehicles were searched at the Pell crossing."
    assert [f.value for f in figures(nlp, text)] == [418]


def test_pipe_table_counts_from_header_and_row(nlp: Language) -> None:
    text = "Arrivals by month:\n\n| Adults | Children\nApril | 1,204 | 310\nMay | 1,588 | 402"
    found = {f.value: f.counts for f in figures(nlp, text)}
    assert found[1588] == "Adults May"
    assert found[310] == "Children April"


@pytest.mark.skipif(not SEED.is_file(), reason="evaluation kit (../shared/eval) not present")
def test_seed_article_figures(nlp: Language) -> None:
    found = figures(nlp, SEED.read_text(encoding="utf-8"))
    by_value = {f.value: f for f in found}
    expected = {225000: "migrants", 25: "shelters", 170: "crimes"}
    for value, word in expected.items():
        assert value in by_value, [f.text for f in found]
        assert word in by_value[value].counts
    assert by_value[225000].qualifier == "more than"
    assert len(found) == 3  # dates (Jan. 20, 2022) and "one agenda" are not figures
