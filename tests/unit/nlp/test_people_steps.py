"""People steps: each adds one kind of knowledge about the article's people (articles and people invented
for these tests)."""

from __future__ import annotations

from spacy.language import Language

from bot.nlp.people.collection import collect_names
from bot.nlp.people.mentions import read_mentions, roles_of_titles
from bot.nlp.people.name_lists import name_list, shared_titles
from bot.nlp.people.references import pronoun_gender, role_noun_mentions
from bot.nlp.people.roster import PeopleScan
from bot.nlp.people.scan import PEOPLE_STEPS
from bot.nlp.people.surnames import group_by_surname, known_surnames, mention_names
from tests.unit.nlp.probes import scan_through


def names(scan: PeopleScan) -> list[str]:
    return sorted(pr.name for pr in scan.people)


def test_collect_names_marks_bylines(nlp: Language) -> None:
    _, scan = scan_through(nlp, "By Rosa Quill\n\nHarbor Commissioner Tovin Okafor opened the pier.", collect_names)
    assert scan.bylines == {0}
    assert {(par, ner) for par, _, _, ner in scan.raw} == {(0, True), (1, True)}


def test_group_by_surname_joins_a_bare_surname_to_the_full_name(nlp: Language) -> None:
    text = "Tovin Okafor opened the pier on Monday.\n\nThe pier is new, Okafor said."
    _, scan = scan_through(nlp, text, group_by_surname)
    assert names(scan) == ["Tovin Okafor"]
    assert scan.people[0].names == ["Tovin Okafor", "Okafor"]


def test_mention_names_keeps_two_people_with_one_surname_apart(nlp: Language) -> None:
    """Each full name is its own person; a bare "Strand" later is the one mentioned last before it."""
    text = "Marta Strand and Jonas Strand run the ferry.\n\nJonas Strand fixed the engine.\n\nOn Monday, Strand said it was old."
    _, scan = scan_through(nlp, text, mention_names)
    assert [(m.par, m.person.name) for m in scan.mentions] == [
        (0, "Marta Strand"),
        (0, "Jonas Strand"),
        (1, "Jonas Strand"),
    ]
    marta = scan.mentions[0].person
    assert scan.latest("strand", (2, 3), marta).name == "Jonas Strand"
    assert scan.latest("strand", (0, 2), marta) is marta  # before Jonas is named


def test_known_surnames_finds_a_surname_the_ner_missed(nlp: Language) -> None:
    text = "Rosa Quill opened the pier.\n\nThe boat belongs to Quill, a harbor official said."
    before, after = scan_through(nlp, text, known_surnames)
    assert len(after.mentions) == len(before.mentions) + 1
    assert all(m.person.name == "Rosa Quill" for m in after.mentions)


def test_read_mentions_finds_titles_and_honorific_gender(nlp: Language) -> None:
    text = "Harbor Commissioner Rosa Quill opened the pier. Ms. Quill said the ferry would run all winter."
    _, scan = scan_through(nlp, text, read_mentions)
    (quill,) = scan.people
    assert quill.titles == ["Harbor Commissioner"] and quill.mentions == 2
    assert quill.gender["f"] > quill.gender["m"]


def test_roles_of_titles_reads_the_office_and_a_gendered_title(nlp: Language) -> None:
    text = "Tovin Okafor, the harbor board chairwoman, opened the pier."
    before, after = scan_through(nlp, text, roles_of_titles)
    assert before.people[0].roles == set()
    assert "chair" in after.people[0].roles and after.people[0].gender["f"] >= 2


def test_shared_titles_gives_a_listed_title_to_each_member(nlp: Language) -> None:
    text = "Senators Ana Ruiz, Tomas Vell and Edda Kroll voted against the harbor bill."
    _, scan = scan_through(nlp, text, shared_titles)
    titled = {pr.name: pr.titles for pr in scan.people}
    assert all(titled[n] for n in titled), titled


def test_name_list_by_its_words(nlp: Language) -> None:
    """A long list of names with party and state, alone in its paragraph: the parser may make its third and
    fourth names subjects of their own; the words still list them under the plural title."""
    text = (
        "Lund wrote to the harbor board on Monday.\n\n"
        "Senators Ana Ruiz (D-OH), Tomas Vell (D-IA), Edda Kroll (R-UT), and Piet Marr (D-VT) joined Lund in the letter."
    )
    _, scan = scan_through(nlp, text, shared_titles)
    titled = {pr.name: pr.titles for pr in scan.people}
    assert all(titled[n] == ["Senator"] for n in ("Tomas Vell", "Edda Kroll", "Piet Marr")), titled
    assert titled["Lund"] == []
    assert [m.person.name for m in name_list(scan, scan.mentions[3])] == [
        "Ana Ruiz",
        "Tomas Vell",
        "Edda Kroll",
        "Piet Marr",
    ]
    # a name after the list's "and" is no member of it
    _, after = scan_through(nlp, "Senators Ana Ruiz and Tomas Vell, Edda Kroll said.", shared_titles)
    assert {pr.name: pr.titles for pr in after.people}["Edda Kroll"] == []


def test_singular_title_not_shared(nlp: Language) -> None:
    text = "Senator Dale Brandt met Mayor Rosa Quill and Tom Reyes at the pier on Monday."
    before, after = scan_through(nlp, text, shared_titles)
    assert {pr.name: pr.titles for pr in after.people}["Tom Reyes"] == []
    abbreviated = "Sens. Dale Brandt of Ohio and Rosa Quill of Iowa voted against the harbor bill."
    _, shared = scan_through(nlp, abbreviated, shared_titles)
    assert {pr.name: pr.titles for pr in shared.people}["Rosa Quill"] != []


def test_home_state_in_list(nlp: Language) -> None:
    text = "Two of their GOP colleagues — Sens. Linda Graves of South Carolina and Jeff Flint of Arizona — wasted time."
    before, after = scan_through(nlp, text, shared_titles)
    assert {pr.name: pr.titles for pr in before.people}["Jeff Flint"] == []
    assert {pr.name: pr.titles for pr in after.people}["Jeff Flint"] != []


def test_role_noun_mentions_make_the_mayor_an_alias(nlp: Language) -> None:
    text = "Mayor Rosa Quill opened the pier on Monday.\n\nThe mayor said the ferry would run all winter."
    _, scan = scan_through(nlp, text, role_noun_mentions)
    assert scan.index is not None
    assert scan.people[0].aliases == ["The mayor"] or scan.people[0].aliases == ["the mayor"]
    assert any(m.kind == "role" for m in scan.index.mentions)


def test_pronoun_gender_learns_from_she_in_the_same_sentence(nlp: Language) -> None:
    text = "Dana Fenwick said she would reopen the pier."
    before, after = scan_through(nlp, text, pronoun_gender)
    assert before.people[0].gender["f"] == 0
    assert after.people[0].gender["f"] == 1


def test_the_steps_run_in_order() -> None:
    assert PEOPLE_STEPS[0] is collect_names and PEOPLE_STEPS[-1] is pronoun_gender
    assert len(set(PEOPLE_STEPS)) == 13


def test_list_ending_in_own_title(nlp: Language) -> None:
    text = (
        "Supporters of the plan included Councilmembers Rosa Vint, Omar Pike and Lena Ferris. Besides Hale, "
        "councilmembers Dana Craig, Paul Ostrow and Linton Mayor Ada Moss voted no."
    )
    _, scan = scan_through(nlp, text, shared_titles)
    titled = {pr.name: pr.titles for pr in scan.people}
    assert titled["Paul Ostrow"] == ["councilmember"], titled
    assert titled["Ada Moss"] == ["Linton Mayor"], titled
