"""Entity hygiene (issue #13 item 10): titles, places, owners, private-sector heads (articles and people
invented for these tests)."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp import people as p
from tests.test_nlp_people_steps import names, scan_through


def test_tidy_titles_drops_quotation_marks_and_what_trails_them(nlp: Language) -> None:
    text = 'Officials praised Lena Brooks, the new "harbor czar" in the incoming cabinet, on Tuesday.'
    before, after = scan_through(nlp, text, p.tidy_titles)
    assert any('"' in t for pr in before.people for t in pr.titles)
    (brooks,) = after.people
    assert brooks.titles == ["new harbor czar"]


def test_tidy_title_cuts_a_relative_clause_it_ran_into() -> None:
    assert p._tidy_title("president of the Quay Porters Council, which") == "president of the Quay Porters Council"
    assert p._tidy_title('Harbor czar" in the new cabinet') == "Harbor czar"
    assert p._tidy_title("the mayor’s spokeswoman") == "the mayor’s spokeswoman"  # an apostrophe is no quote


def test_a_title_does_not_run_back_into_the_sentence_before(nlp: Language) -> None:
    text = '"We are full," said Mayor Ivo Stenn of Caldwell. Caldwell Mayor Ivo Stenn has asked for help.'
    _, scan = scan_through(nlp, text, p.read_mentions)
    (stenn,) = scan.people
    assert all(". " not in t for t in stenn.titles)
    assert "Caldwell Mayor" in stenn.titles


def test_owners_out_of_titles_gives_two_people_and_a_bare_title(nlp: Language) -> None:
    text = "President Marlo Vask's harbor czar Tilda Orne said the ships would be turned back. Vask agreed."
    _, scan = scan_through(nlp, text, p.owners_out_of_titles)
    assert names(scan) == ["Marlo Vask", "Tilda Orne"]
    orne = next(pr for pr in scan.people if pr.name == "Tilda Orne")
    assert all("Vask" not in t for t in orne.titles)
    assert orne.title() == "harbor czar"


def test_places_not_people_drops_a_place_the_ner_called_a_person(nlp: Language) -> None:
    text = (
        "Crossing into Elmira Falls, migrants were met by Sheriff Ivo Stenn. "
        "Elmira Falls Police Chief Ada Quist said the town was calm."
    )
    before, after = scan_through(nlp, text, p.places_not_people)
    assert "Elmira Falls" in {p._key_text(before.adoc.paragraphs[r[0]], r[1], r[2]).title() for r in before.raw}
    index = p.find_people(after.adoc)
    assert sorted(o.name for o in index.all()) == ["Ada Quist", "Ivo Stenn"]


def test_places_not_people_keeps_a_person_met_in_a_place(nlp: Language) -> None:
    text = "Ilse Marrow, a nurse, works in Elmira Falls. Marrow said the clinic was full."
    index = p.find_people(scan_through(nlp, text, p.places_not_people)[1].adoc)
    assert [o.name for o in index.all()] == ["Ilse Marrow"]


def test_private_sector_heads_are_quoted_but_not_officials(nlp: Language) -> None:
    text = (
        "Dana Kell, president of the Harbor Pilots Union, said members would strike. "
        "Rolf Imber, chief executive of Halvard Shipping Co., declined to comment. "
        "Pia Lund, executive director of the Center for Shelter Rights, said beds were short. "
        "Port Commissioner Edda Kroll said talks would resume."
    )
    index = p.find_people(scan_through(nlp, text, p.private_sector_heads)[1].adoc)
    assert sorted(o.name for o in index.all()) == ["Dana Kell", "Edda Kroll", "Pia Lund", "Rolf Imber"]
    assert [o.name for o in index.officials()] == ["Edda Kroll"]
    kell = next(o for o in index.all() if o.name == "Dana Kell")
    assert kell.title == "president of the Harbor Pilots Union"  # the title is still shown


def test_unnamed_president_is_no_official(nlp: Language) -> None:
    text = 'The President signed the order on Monday. "It stands," the President said.'
    index = p.find_people(scan_through(nlp, text, p.pronoun_gender)[1].adoc)
    assert index.officials() == []
