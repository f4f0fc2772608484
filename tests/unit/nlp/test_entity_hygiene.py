"""Entity hygiene (issue #13 item 10): titles, places, owners, private-sector heads (articles and people
invented for these tests)."""

from __future__ import annotations

from spacy.language import Language

from bot.models import ArticleInput
from bot.nlp.document import parse_articles
from bot.nlp.figures import find_figures
from bot.nlp.figures import labels as f
from bot.nlp.people.collection import _key_text, places_not_people
from bot.nlp.people.mentions import private_sector_heads, read_mentions, tidy_titles
from bot.nlp.people.offices import tidy_title
from bot.nlp.people.references import pronoun_gender
from bot.nlp.people.scan import find_people
from tests.unit.nlp.probes import run_of, scan_through


def test_tidy_titles_drops_quotation_marks_and_what_trails_them(nlp: Language) -> None:
    text = 'Officials praised Lena Brooks, the new "harbor czar" in the incoming cabinet, on Tuesday.'
    before, after = scan_through(nlp, text, tidy_titles)
    assert any('"' in t for pr in before.people for t in pr.titles)
    (brooks,) = after.people
    assert brooks.titles == ["new harbor czar"]


def test_tidy_title_cuts_a_relative_clause_it_ran_into() -> None:
    assert tidy_title("president of the Quay Porters Council, which") == "president of the Quay Porters Council"
    assert tidy_title('Harbor czar" in the new cabinet') == "Harbor czar"
    assert tidy_title("the mayor’s spokeswoman") == "the mayor’s spokeswoman"  # an apostrophe is no quote


def test_a_title_does_not_run_back_into_the_sentence_before(nlp: Language) -> None:
    text = '"We are full," said Mayor Ivo Stenn of Caldwell. Caldwell Mayor Ivo Stenn has asked for help.'
    _, scan = scan_through(nlp, text, read_mentions)
    (stenn,) = scan.people
    assert all(". " not in t for t in stenn.titles)
    assert "Caldwell Mayor" in stenn.titles


def test_an_owners_name_and_the_holders_are_two_people(nlp: Language) -> None:
    """ "President X's Harbor Czar Y" is two people, X and Y, never a person "X's Harbor"; the title of Y stops at the
    possessive (an apposition keeps its owner as written: "the mayor's spokeswoman" is resolved through it)."""
    text = "President Marlo Vask's Harbor Czar Tilda Orne said the ships would be turned back. Vask agreed."
    index = find_people(scan_through(nlp, text, read_mentions)[1].adoc)
    assert sorted((o.name, o.title) for o in index.officials()) == [
        ("Marlo Vask", "President"),
        ("Tilda Orne", "Harbor Czar"),
    ]


def test_a_case_name_is_no_place(nlp: Language) -> None:
    text = "President Marlo Vask lost in Vask v. Orne on Monday. Vask said he would appeal."
    index = find_people(scan_through(nlp, text, places_not_people)[1].adoc)
    assert [o.name for o in index.officials()] == ["Marlo Vask"]


def test_an_abbreviated_title_is_kept_across_its_period(nlp: Language) -> None:
    text = "Ald. Ana Ruiz, chair of the harbor committee, said the pier would reopen."
    index = find_people(scan_through(nlp, text, read_mentions)[1].adoc)
    (ruiz,) = index.officials()
    assert ruiz.title is not None and ruiz.title.startswith("Ald.")


def test_places_not_people_drops_a_place_the_ner_called_a_person(nlp: Language) -> None:
    text = (
        "Crossing into Elmira Falls, migrants were met by Sheriff Ivo Stenn. "
        "Elmira Falls Police Chief Ada Quist said the town was calm."
    )
    before, after = scan_through(nlp, text, places_not_people)
    assert "Elmira Falls" in {_key_text(before.adoc.paragraphs[r[0]], r[1], r[2]).title() for r in before.raw}
    index = find_people(after.adoc)
    assert sorted(o.name for o in index.all()) == ["Ada Quist", "Ivo Stenn"]


def test_places_not_people_keeps_a_person_met_in_a_place(nlp: Language) -> None:
    text = "Ilse Marrow, a nurse, works in Elmira Falls. Marrow said the clinic was full."
    index = find_people(scan_through(nlp, text, places_not_people)[1].adoc)
    assert [o.name for o in index.all()] == ["Ilse Marrow"]


def test_private_sector_heads_are_quoted_but_not_officials(nlp: Language) -> None:
    text = (
        "Dana Kell, president of the Harbor Pilots Union, said members would strike. "
        "Rolf Imber, chief executive of Halvard Shipping Co., declined to comment. "
        "Pia Lund, executive director of the Center for Shelter Rights, said beds were short. "
        "Port Commissioner Edda Kroll said talks would resume."
    )
    index = find_people(scan_through(nlp, text, private_sector_heads)[1].adoc)
    assert sorted(o.name for o in index.all()) == ["Dana Kell", "Edda Kroll", "Pia Lund", "Rolf Imber"]
    # SCHEMA.md: no company, union or NGO leaders among officials (seed_gold still labels one; SCHEMA wins)
    assert sorted(o.name for o in index.officials()) == ["Edda Kroll"]
    kell = next(o for o in index.all() if o.name == "Dana Kell")
    assert kell.title == "president of the Harbor Pilots Union"  # the title is still shown


def test_ngo_heads_are_no_officials_but_public_institutes_are_offices(nlp: Language) -> None:
    text = (
        "Oren Falk, president of the Harbor Tenants Coalition, said rents had doubled. "
        "Lise Varga, director of the National Institute of Tide Studies, said the survey would resume."
    )
    index = find_people(scan_through(nlp, text, private_sector_heads)[1].adoc)
    assert sorted(o.name for o in index.all()) == ["Lise Varga", "Oren Falk"]
    assert [o.name for o in index.officials()] == ["Lise Varga"]


def test_unnamed_president_is_no_official(nlp: Language) -> None:
    text = 'The President signed the order on Monday. "It stands," the President said.'
    index = find_people(scan_through(nlp, text, pronoun_gender)[1].adoc)
    assert index.officials() == []


# --- figures ---------------------------------------------------------------------------------------


def figures_of(nlp: Language, text: str) -> list[tuple[str, float, str | None, str]]:
    adoc = next(parse_articles(nlp, [ArticleInput(text=text)]))
    return [(x.text, x.value, x.unit, x.counts) for x in find_figures(adoc)]


def test_hyphened_unit_is_a_figure_with_its_unit(nlp: Language) -> None:
    text = "Mayor Ada Quist opened a 40-bed shelter in Port Vellan on Friday."
    assert f.hyphened_unit(run_of(nlp, text, "40")) is False  # it counts: stop asking
    ((fig_text, value, unit, counts),) = figures_of(nlp, text)
    assert (fig_text, value, unit) == ("40-bed", 40.0, "bed")
    assert counts.startswith("beds of shelter")


def test_a_page_count_is_no_figure(nlp: Language) -> None:
    """SCHEMA.md: page numbers are not figures; the gold files leave page counts out too."""
    assert figures_of(nlp, "Judge Ada Quist issued a 96-page ruling on Friday.") == []


def test_a_hyphened_duration_or_age_is_still_a_label(nlp: Language) -> None:
    assert figures_of(nlp, "Guards at the Vellan depot work a 14-hour shift.") == []
    assert figures_of(nlp, "A 7-year-old boy was found near the Vellan depot.") == []


def test_rate_of_one_counts_what_happens_in_a_period(nlp: Language) -> None:
    run = run_of(nlp, "The airline now runs one flight a week to Port Vellan.", "one")
    assert f.rate_of_one(run) is False
    ((text, value, unit, counts),) = figures_of(nlp, "The airline now runs one flight a week to Port Vellan.")
    assert (text, value, unit) == ("one", 1.0, "flight")
    assert "a week" in counts


def test_one_before_a_noun_without_a_period_is_still_a_determiner(nlp: Language) -> None:
    assert figures_of(nlp, "Only one member of the Vellan board voted against the plan.") == []


def test_comparison_of_subject_says_what_a_percentage_compares(nlp: Language) -> None:
    ((_, value, unit, counts),) = figures_of(nlp, "Arrivals at the Vellan ferry were 30% lower than in May.")
    assert (value, unit) == (30.0, "percent")
    assert counts == "arrivals at the Vellan ferry lower than in May"


def test_a_number_in_a_law_or_show_name_is_no_figure(nlp: Language) -> None:
    """Already held by the label rules (``named_by_number``, names in quotation marks): kept so here."""
    text = 'Ada Quist told "Harbor Watch 24" that the Dock Safety Act 21 was unfair, and 300 people signed.'
    assert [(v, u) for _, v, u, _ in figures_of(nlp, text)] == [(300.0, "people")]


def test_number_in_a_name_is_no_figure(nlp: Language) -> None:
    text = "Ada Quist told 880 KVLN radio that 300 people had crossed."
    assert f.number_in_a_name(run_of(nlp, text, "880")) is True
    assert [v for _, v, _, _ in figures_of(nlp, text)] == [300.0]
    assert f.number_in_a_name(run_of(nlp, "Officials said 300 ICE agents were sent to Port Vellan.", "300")) is None


def test_a_percentage_of_those_described_counts_them(nlp: Language) -> None:
    text = "Two harbor offices in Port Vellan granted eight percent of those requesting a permit."
    counts = {t: c for t, _, _, c in figures_of(nlp, text)}
    assert counts["eight percent"].startswith("those requesting a permit")


def officials_of(nlp: Language, text: str) -> list[tuple[str, str]]:
    index = find_people(next(parse_articles(nlp, [ArticleInput(text=text)])))
    return [(o.name, o.title) for o in index.officials()]


def test_number_not_title(nlp: Language) -> None:
    text = "The mayor cut the cap to 5,000 from the 11,000 Mayor Ada Krell sought to admit for 2017."
    assert officials_of(nlp, text) == [("Ada Krell", "Mayor")]


def test_relation_not_title(nlp: Language) -> None:
    text = "At least one council member — Krell ally Councilman Omar Tell — wants the vote delayed."
    assert officials_of(nlp, text) == [("Omar Tell", "Councilman")]


def test_own_description_not_shared(nlp: Language) -> None:
    text = (
        '"We are frustrated," Harbor Committee Chairman Piet Marr (R-Ohio) and ranking Democrat Ilse Vang (Oregon) '
        "said in a joint statement. Senators Ana Ruiz and Tomas Vell agreed."
    )
    titles = dict(officials_of(nlp, text))
    assert titles["Piet Marr"] == "Harbor Committee Chairman"
    assert titles["Ilse Vang"] == "ranking Democrat"  # her own office (ranking_member_title), not his
    assert titles["Tomas Vell"] == "Senator"


def test_national_forum_is_ngo(nlp: Language) -> None:
    text = '"We are turning our backs," said Lina Osk, Executive Director at the National Harbor Forum.'
    assert officials_of(nlp, text) == []


def test_lowercase_word_ends_sentence(nlp: Language) -> None:
    text = (
        "City Council President Omar Tell says the council has had no word on what is going on with the police "
        "chief. Tell says he is very concerned."
    )
    assert officials_of(nlp, text) == [("Omar Tell", "City Council President")]


def test_number_not_title_in_apposition(nlp: Language) -> None:
    assert tidy_title("110,000 President") == "President"
    text = "Lund has cut the cap to 5,000 from the 11,000 Mayor Ada Krell sought to admit in 2017."
    assert officials_of(nlp, text) == [("Ada Krell", "Mayor")]


def test_international_committee_is_ngo(nlp: Language) -> None:
    text = "Daniel Milner, president of the International Harbor Relief Committee, said the river was at stake."
    assert officials_of(nlp, text) == []
    text = "Senate Harbor Committee Chairman Piet Marr said the vote would wait."
    assert officials_of(nlp, text) == [("Piet Marr", "Senate Harbor Committee Chairman")]
