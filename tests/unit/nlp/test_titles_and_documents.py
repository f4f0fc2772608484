"""Titles that name an office, one title per person as a reader writes it, and documents that speak for whoever
issued them (issue #13 item 10; articles and people invented for these tests)."""

from __future__ import annotations

import pytest

from bot.models import Extraction, Quote
from bot.nlp import Extractor
from bot.nlp.people import offices as p


def officials(extractor: Extractor, text: str) -> dict[str, str | None]:
    return {o.name: o.title for o in extractor.extract(text).officials}


def indirect(result: Extraction) -> list[Quote]:
    return [q for q in result.quotes if q.kind == "indirect"]


# --- office_of_a_body ------------------------------------------------------------------------------------


def test_leading_a_letter_is_no_office(extractor: Extractor) -> None:
    text = (
        "Rep. Noor Halden, who led a letter signed by 12 House members urging a review of the port, "
        "called the delay absurd."
    )
    assert officials(extractor, text) == {"Noor Halden": "Rep."}


def test_leader_of_a_petition_in_apposition_is_no_title(extractor: Extractor) -> None:
    text = "Ilse Marant, leader of a petition signed by 300 residents, said the shelter was full."
    people = extractor.extract(text)
    assert all(o.name != "Ilse Marant" for o in people.officials)
    assert [q.speaker for q in indirect(people)] == ["Ilse Marant"]


def test_heading_a_push_is_no_office_but_leading_a_caucus_is(extractor: Extractor) -> None:
    assert officials(extractor, "Rep. Ivo Dant, who headed the push for a new pier, said the bill would pass.") == {
        "Ivo Dant": "Rep."
    }
    lusk = officials(extractor, "Sen. Petra Lusk, who leads the harbor caucus, said the bill would pass.")
    assert lusk == {"Petra Lusk": "Sen., leader of the harbor caucus"}


# --- participle_ends_title --------------------------------------------------------------------------------


def test_a_participial_clause_ends_the_title(extractor: Extractor) -> None:
    text = "Dara Moss, chair of the board overseeing the port, said the cranes were old."
    assert officials(extractor, text) == {"Dara Moss": "chair of the board"}


# --- honorific_with_description ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("titles", "shown"),
    [
        (
            ["Sen.", "Democratic member of the Finance Committee"],
            ["Sen., Democratic member of the Finance Committee"],
        ),
        (["Lt. Gov.", "chair of the ports board"], ["Lt. Gov., chair of the ports board"]),
        (["Sen.", "senior senator from Vermland"], ["senior senator from Vermland"]),  # the office is named already
        (["Sen."], ["Sen."]),
        (["Rep.", "then a third state lawmaker"], ["Rep.", "then a third state lawmaker"]),  # no seat described
        (["Harbor City Mayor", "head of the ports board"], ["Harbor City Mayor", "head of the ports board"]),
    ],
)
def test_an_honorific_and_a_description_read_as_one_title(titles: list[str], shown: list[str]) -> None:
    assert p.honorific_with_description(titles) == shown


def test_a_senator_with_a_committee_seat_has_one_title(extractor: Extractor) -> None:
    text = "Sen. Odo Varga, a Democratic member of the Finance Committee, said the budget was short."
    assert officials(extractor, text) == {"Odo Varga": "Sen., Democratic member of the Finance Committee"}


# --- owner_body_after_title -------------------------------------------------------------------------------


def test_a_bodys_office_reads_as_office_of_the_body(extractor: Extractor) -> None:
    text = "Sen. Odo Varga, the subcommittee's chairman, said the budget was short."
    assert officials(extractor, text) == {"Odo Varga": "Sen., chairman of the subcommittee"}
    assert p.body_owned_title("the board’s deputy chair") == "deputy chair of the board"
    assert p.body_owned_title("the mayor's spokeswoman") == "the mayor's spokeswoman"  # a person's aide
    assert p.body_owned_title("Vell's spokeswoman") == "Vell's spokeswoman"
    assert p.body_owned_title("the state's senior official on ports") == "the state's senior official on ports"


# --- issuer_unnamed, owner_issues_document, named_owner_compound -----------------------------------------


def test_a_notice_with_no_issuer_named_has_no_speaker(extractor: Extractor) -> None:
    text = "Mayor Ana Ruiz praised the plan on Monday.\n\nThe pier will close at noon, according to the notice."
    (q,) = indirect(extractor.extract(text))
    assert (q.text, q.speaker) == ("The pier will close at noon", None)


def test_a_notice_that_speaks_is_not_the_person_named_before_it(extractor: Extractor) -> None:
    text = "Mayor Ana Ruiz spoke on Monday. The notice says applicants must register by May."
    (q,) = indirect(extractor.extract(text))
    assert (q.text, q.speaker) == ("applicants must register by May", None)


def test_a_statement_with_no_issuer_is_still_the_person_last_named(extractor: Extractor) -> None:
    text = "Mayor Ana Ruiz spoke on Monday. The statement says the pier will close."
    assert [q.speaker for q in indirect(extractor.extract(text))] == ["Ana Ruiz"]


@pytest.mark.parametrize(
    "text",
    [
        "The pier will close at noon, according to a notice from the Harbor Agency.",
        "The Harbor Agency's notice says the pier will close at noon.",
        "The Harbor Agency published a notice on Monday. The notice says the pier will close at noon.",
    ],
)
def test_a_notice_speaks_for_the_organisation_that_issued_it(extractor: Extractor, text: str) -> None:
    (q,) = indirect(extractor.extract(text))
    assert (q.speaker, q.speaker_is_org) == ("Harbor Agency", True)


def test_an_acronym_before_a_document_issued_it(extractor: Extractor) -> None:
    text = "Mayor Ana Ruiz spoke on Monday. The HTA press release says the pier will close at noon."
    assert [q.speaker for q in indirect(extractor.extract(text))] == ["HTA"]


def test_a_thing_owning_rules_does_not_speak(extractor: Extractor) -> None:
    text = "Sponsors must pass two checks before travel, according to the scheme's rules."
    (q,) = indirect(extractor.extract(text))
    assert q.speaker is None


# --- ranking_member_title --------------------------------------------------------------------------------


def test_ranking_member_is_an_office(extractor: Extractor) -> None:
    text = "Chairman Ned Orr clashed with ranking member Pia Solberg (D-Ore.), who has proposed a new panel."
    assert officials(extractor, text) == {"Ned Orr": "Chairman", "Pia Solberg": "ranking member"}
    party = "The vote slipped after House Budget Committee ranking Democrat Dale Brandt objected to the schedule."
    assert officials(extractor, party) == {"Dale Brandt": "House Budget Committee ranking Democrat"}
    # ``names_after_person_nouns``: a name the recogniser took for an organisation is still the ranking member
    hidden = "The chair demanded that ranking member Sterling Marsh (D-Md.), who has introduced a bill, answer directly."
    assert officials(extractor, hidden) == {"Sterling Marsh": "ranking member"}
    # a mere member holds no office
    assert officials(extractor, "Committee member Dale Brandt objected to the schedule.") == {}
