"""Who is not a speaker, and text repaired before parsing (issue #14): a platform spoken on, a date or a noun
phrase with no proper name; a surname whose full name a descriptor introduced; a space lost after punctuation.
Every sentence is invented and every person fictional."""

from __future__ import annotations

import pytest

from bot.nlp.document import restore_lost_spaces, split_paragraphs, wire_tag_run_in
from bot.nlp.extract import Extractor


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        (
            "Ines Varga said the county,not the state,should pay.",
            "Ines Varga said the county, not the state, should pay.",
        ),
        ("The vote was in May.The mayor said it was fair.", "The vote was in May. The mayor said it was fair."),
        (
            "It cost 2019 dollars in 2019.Then it rose?Nobody knows!Really",
            "It cost 2019 dollars in 2019. Then it rose? Nobody knows! Really",
        ),
    ],
)
def test_a_space_lost_after_punctuation_is_restored(text: str, repaired: str) -> None:
    assert restore_lost_spaces(text) == repaired


@pytest.mark.parametrize(
    "text",
    [
        "1,200 people paid 3.5 percent more.",
        "The U.S. Army and the U.S.Navy met a Ph.D. student.",
        "See example.com or https://news.example/a,b and write to desk@Example.Org today.",
    ],
)
def test_numbers_abbreviations_and_addresses_keep_their_punctuation(text: str) -> None:
    assert restore_lost_spaces(text) == text


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("(WNS)Three barns burned on Sunday.", "(WNS) Three barns burned on Sunday."),
        ("(WNS) Three barns burned on Sunday.", "(WNS) Three barns burned on Sunday."),
        ("(see map)Three barns burned.", "(see map)Three barns burned."),
        ("Barns (WNS)Three burned.", "Barns (WNS)Three burned."),
    ],
)
def test_wire_tag_run_in(text: str, repaired: str) -> None:
    assert wire_tag_run_in(text) == repaired


def test_paragraphs_are_repaired_before_parsing() -> None:
    assert split_paragraphs("Rain fell in May.The roads closed.\n\nNobody,it seems,noticed.") == [
        "Rain fell in May. The roads closed.",
        "Nobody, it seems, noticed.",
    ]


def test_a_clause_with_lost_spaces_is_reported_with_them_restored(extractor: Extractor) -> None:
    x = extractor.extract(
        "Rents rose sharply in May.Mayor Ines Varga said the city,not the state,would pay the difference."
    )
    assert [(q.text, q.speaker) for q in x.quotes] == [
        ("the city, not the state, would pay the difference", "Ines Varga")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Lena Brakk said on Twitter that the shelters would stay open through the winter.",
        "Mayor Lena Brakk wrote in a post on Truth Social that the shelters would stay open through the winter.",
        "Mayor Lena Brakk said on Facebook that the shelters would stay open through the winter.",
    ],
)
def test_a_platform_is_neither_a_person_nor_the_speaker(extractor: Extractor, text: str) -> None:
    x = extractor.extract(text)
    assert [p.name for p in x.people] == ["Lena Brakk"]
    assert [q.speaker for q in x.quotes] == ["Lena Brakk"]


def test_a_quote_after_a_statement_posted_on_a_platform_is_the_poster(extractor: Extractor) -> None:
    x = extractor.extract(
        "After the hearing, Senator Odo Ferrin said in a statement posted on Twitter that he had misspoken.\n\n"
        "“I fully back the committee and its chair as they go forward with the inquiry,” the statement said."
    )
    assert "Twitter" not in {p.name for p in x.people}
    assert {q.speaker for q in x.quotes} == {"Odo Ferrin"}


def test_a_surname_introduced_after_a_descriptor_is_that_person(extractor: Extractor) -> None:
    x = extractor.extract(
        "Harbor County relief worker Ana Quell doesn’t mind the hours. To her, any help counts.\n\n"
        "“It is hard work, but somebody has to do it,” Quell said."
    )
    assert [p.name for p in x.people] == ["Ana Quell"]
    assert [q.speaker for q in x.quotes] == ["Ana Quell"]


def test_a_noun_phrase_without_a_proper_name_is_not_the_speaker(extractor: Extractor) -> None:
    x = extractor.extract(
        "The council is racing to avoid a first-ever shutdown by the Harbor City Finance Director Omar Pell said "
        "in a memo to members Friday, “we will run out of cash by June.”"
    )
    [q] = [q for q in x.quotes if q.kind == "direct"]
    assert q.speaker == "Omar Pell"


def test_a_dated_document_is_no_person(extractor: Extractor) -> None:
    x = extractor.extract("The Nov. 9 proclamation stated that the border crossings would close at night.")
    assert x.people == []
    assert all(q.speaker is None or "Nov" not in q.speaker for q in x.quotes)


def test_a_descriptor_before_a_longer_name_makes_no_person(extractor: Extractor) -> None:
    x = extractor.extract("Harbor County relief worker Ana Quell Fund staff said the work was hard.")
    assert x.people == []


def test_a_date_is_never_part_of_a_speaker(extractor: Extractor) -> None:
    x = extractor.extract("A March 3 memo said the shelters would close by summer.")
    assert [(q.speaker, q.speaker_is_org) for q in x.quotes] == [("memo", True)]


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("``We reopen in June,'' the warden said.", "“We reopen in June,” the warden said."),
        ("``Stop,'' she said, and ``now!''", "“Stop,” she said, and “now!”"),
        ("A lone `` mark, a 6'' pipe and a 9'' board.", "A lone `` mark, a 6'' pipe and a 9'' board."),
    ],
)
def test_typewriter_quotation_marks_become_curly(text: str, repaired: str) -> None:
    assert split_paragraphs(text) == [repaired]


def test_a_typewriter_quotation_is_a_quotation_with_its_speaker(extractor: Extractor) -> None:
    ex = extractor.extract("``We will reopen the dock by June, whatever the cost,'' Warden Ilse Marrow said on Monday.")
    assert [(q.text, q.speaker, q.kind) for q in ex.quotes] == [
        ("We will reopen the dock by June, whatever the cost", "Ilse Marrow", "direct")
    ]
