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
    assert "crossings" in f.counts  # the sentence's capital is not the phrase's


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


def test_ratios_are_not_counts(nlp: Language) -> None:
    assert figures(nlp, "About 4 in 10 residents backed the plan, and 18 of 51 precincts reported late.") == []


def test_a_vote_tally_is_two_figures_the_votes_in_favor_and_against(nlp: Language) -> None:
    # ``vote_tally``: SCHEMA's files count a tally's two sides as figures; a score or a range is no tally
    found = figures(nlp, "About 4 in 10 residents backed the plan, and the council voted 68 to 32 to adopt it.")
    assert [(f.value, f.counts, f.unit) for f in found] == [(68, "votes in favor", "votes"), (32, "votes against", "votes")]
    found = figures(nlp, "The final tally in the Orlen Assembly was 61-15 after a long debate.")
    assert [(f.value, f.counts) for f in found] == [(61, "votes in favor"), (15, "votes against")]
    assert figures(nlp, "The Vale Rovers won 3-1 on Saturday.") == []
    assert figures(nlp, "Children ages 12 to 17 may apply, the board voted.") == []
    assert figures(nlp, "After the vote the governor signed Executive Order No. 2020-68.") == []


def test_court_split_tally(nlp: Language) -> None:
    found = figures(nlp, "In a 6-3 opinion written by Justice Ada Moss, the court struck down the fee.")
    assert [(f.value, f.counts) for f in found] == [(6, "votes in favor"), (3, "votes against")]
    found = figures(nlp, "The appeals panel ruled 2-1 that the fee was unlawful.")
    assert [(f.value, f.counts) for f in found] == [(2, "votes in favor"), (1, "votes against")]


def test_a_span_of_time_in_digits_after_for_is_a_figure(nlp: Language) -> None:
    # ``span_for_digits``: "for 90 days" counts days; a span in words ("for two weeks") is left out, as SCHEMA's
    # files leave it
    f = only(nlp, "The Harlow shelter will stay open for 90 days.")
    assert (f.value, f.counts) == (90, "days")
    assert only(nlp, "Deputies may hold a suspect for up to 72 hours before charging him.").value == 72
    assert figures(nlp, "She stayed at the Harlow shelter for two weeks.") == []


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
    assert all("removals" in f.counts for f in found)


def test_repeated_value_is_reported_once(nlp: Language) -> None:
    text = "Inspectors counted 418 vehicles on Monday.\n\nThe 418 vehicles were searched at the Pell crossing."
    assert [f.value for f in figures(nlp, text)] == [418]


def test_pipe_table_counts_from_header_and_row(nlp: Language) -> None:
    text = "Arrivals by month:\n\n| Adults | Children\nApril | 1,204 | 310\nMay | 1,588 | 402"
    found = {f.value: f.counts for f in figures(nlp, text)}
    assert found[1588] == "Adults May"
    assert found[310] == "Children April"


def test_pipe_table_run_into_one_line_gives_the_figures_of_its_lines(nlp: Language) -> None:
    lines = [
        "Arrivals by month:",
        "| Adults | Children",
        "April | 1,204 | 310",
        "May | 1,588 | 402",
        "Pia Lund said 45 volunteers helped at the shelter.",
    ]
    one_line = {f.value: f.counts for f in figures(nlp, " ".join(lines))}
    assert one_line == {f.value: f.counts for f in figures(nlp, "\n".join(lines))}
    assert one_line[1588] == "Adults May"
    assert 45 in one_line  # the sentence after the table keeps its own figure


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


# --- what a figure counts reads as a noun phrase: "NUMBER COUNTS" -------------------------------------

_DANGLING = {"worth", "from", "under", "to", "of", "the", "a", "an", "and", "or", "in", "for", "with", "by", "that"}


def _reads_as_phrase(f: Figure) -> None:
    words = f.counts.split()
    assert words, f
    assert words[-1].lower() not in _DANGLING, f.counts


def test_money_object_of_a_verb_says_what_the_money_is(nlp: Language) -> None:
    f = only(nlp, "The council voted to withhold $5 million in road grants from Pell County.")
    assert f.counts.startswith("road grants")
    assert "withheld" in f.counts and "withhold " not in f.counts
    f = only(nlp, "The city spent $2.3 million on legal aid last year.")
    assert f.counts.startswith("spent") and "on legal aid" in f.counts
    _reads_as_phrase(f)


def test_a_list_of_amounts_shares_the_verb_of_the_first(nlp: Language) -> None:
    found = figures(nlp, "The county spent $4 million on housing, $1.5 million on food and $700,000 on buses.")
    by_value = {f.value: f.counts for f in found}
    assert by_value[4e6].startswith("spent") and "housing" in by_value[4e6]
    assert by_value[1.5e6].startswith("spent") and "food" in by_value[1.5e6] and "housing" not in by_value[1.5e6]
    assert by_value[7e5].startswith("spent") and "buses" in by_value[7e5]


def test_worth_and_cost_name_the_thing_valued(nlp: Language) -> None:
    f = only(nlp, "The Brackenridge lease is worth $2.2 million a year.")
    assert "lease" in f.counts and not f.counts.endswith("worth")
    f = only(nlp, "The program will cost about $9 million, officials said.")
    assert f.counts == "cost of the program"


def test_service_numbers_one_dials_are_not_figures(nlp: Language) -> None:
    assert figures(nlp, "Residents who call 911 will reach a dispatcher in Calloway.") == []
    found = figures(nlp, "Dispatchers in Marlow answered 4,000 911 calls in June.")
    assert [f.value for f in found] == [4000]
    assert "calls" in found[0].counts
    assert only(nlp, "Prosecutors will call 30 witnesses in the Dunmore trial.").value == 30


def test_a_change_its_new_level_and_the_level_it_is_compared_with(nlp: Language) -> None:
    found = figures(nlp, "Applications in Dunmore rose 12% to 170,000 in fiscal 2023, up from 151,000 in fiscal 2022.")
    by_value = {f.value: f.counts for f in found}
    assert by_value[12].startswith("rise in applications")
    assert by_value[170000].startswith("applications") and "2023" in by_value[170000]
    assert not by_value[170000].startswith("up")
    assert by_value[151000].startswith("applications") and "2022" in by_value[151000]
    found = figures(nlp, "Agents in the Kestrel sector recorded 3,150 crossings in May, down from 4,020 in April.")
    assert {f.value: f.counts for f in found}[4020] == "crossings in April"


def test_objects_take_a_participle_and_plans_an_infinitive(nlp: Language) -> None:
    f = only(nlp, "The Orrin Valley sheriff hired 45 deputies last spring.")
    assert f.counts.startswith("deputies hired")
    assert only(nlp, "The mayor plans to hire 30 caseworkers.").counts == "caseworkers to be hired"


def test_subject_of_an_infinitive_keeps_no_verb(nlp: Language) -> None:
    f = only(nlp, "The order allows 8,000 families in Tamsin to apply for work permits.")
    assert f.counts == "families in Tamsin"


def test_a_bare_level_is_counted_by_its_subject(nlp: Language) -> None:
    assert only(nlp, "Single mothers made up the remaining 1,240.").counts == "single mothers"
    # "900 of them": the noun the pronoun stands for
    found = figures(nlp, "Inspectors found 2,400 unpaid workers, and 900 of them were children.")
    assert {f.value: f.counts for f in found}[900] == "unpaid workers"


def test_elliptical_time_spans_are_not_figures(nlp: Language) -> None:
    assert figures(nlp, "A visa in six months is better than a denial in two.") == []
    assert figures(nlp, "Most arrivals stay a night or two at the Pell shelter.") == []


def test_and_a_half_with_a_scale_word(nlp: Language) -> None:
    f = only(nlp, "Marlow will spend six and a half million dollars on shelters.")
    assert f.value == pytest.approx(6.5e6)
    assert f.unit == "dollars" and "shelters" in f.counts


def test_counts_never_open_with_a_bare_verb_nor_dangle(nlp: Language) -> None:
    text = (
        "The council voted 7-2 to approve a $12 million shelter budget, adding 300 beds to the system.\n\n"
        "The lawsuit asks a judge to withhold $3 million in state grants until the city complies.\n\n"
        "The Calloway shelter network has chartered 52 buses to Fernvale since the spring.\n\n"
        "The county will expand the center from 400 beds to 900 under a contract worth $8 million a year.\n\n"
        "Bayfield will spend $2.5 million next year to provide lawyers for asylum seekers."
    )
    found = figures(nlp, text)
    assert {f.value for f in found} >= {12e6, 300, 3e6, 52, 400, 900, 8e6, 2.5e6}
    for f in found:
        _reads_as_phrase(f)
        assert f.counts.split()[0].lower() not in {"adding", "withhold", "approve", "chartered", "provide"}, f
    by_value = {f.value: f.counts for f in found}
    assert by_value[900] == "beds"  # "from 400 beds to 900": the noun of the figure it is set against
    assert by_value[52].startswith("buses chartered")


def test_a_sentence_capital_is_dropped_inside_counts_but_a_name_keeps_its_own(nlp: Language) -> None:
    assert only(nlp, "Harlan County shelters took in 1,240 families last winter.").counts == \
        "families taken in by Harlan County shelters last winter"
    assert "by migrant families" in only(nlp, "Migrant families made up 2,310 of the arrivals.").counts
