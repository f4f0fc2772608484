"""Pure pieces of /whosaid: splitting typed arguments, attribution wording, merging statements."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.commands import attribution
from bot.commands import requests as rq
from bot.commands.parse import UsageError, parse_command, split_words
from bot.storage.rows import QuoteRow
from bot.storage.statements import group_statements

WHEN = datetime(2026, 3, 2, 12, tzinfo=UTC)


def row(text: str, n: int, kind: str = "direct", cue: str | None = "said", days: float = 0) -> QuoteRow:
    return QuoteRow(
        text=text,
        kind=kind,
        cue=cue,
        speaker="Nora Quill",
        person_id=1,
        published=WHEN - timedelta(days=days),
        article_id=n,
        article_title=f"Story {n}",
        url=f"https://news.example/{n}",
        source=f"Outlet {n}",
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("O'Rourke", ["O'Rourke"]),
        ("mayor's office", ["mayor's", "office"]),
        ('"Dana O\'Rourke" page:2', ["Dana O'Rourke", "page:2"]),
        ("'Dana O'Rourke' since:7d", ["Dana O'Rourke", "since:7d"]),
        ('about:"sanctuary city" D’Alessandro', ["about:sanctuary city", "D’Alessandro"]),
        ("“Ana Peña” limit:3", ["Ana Peña", "limit:3"]),
        ("'til dawn", ["'til", "dawn"]),
    ],
)
def test_split_words_keeps_apostrophes_in_names(text: str, words: list[str]) -> None:
    assert split_words(text) == words


def test_an_open_double_quote_is_still_unbalanced() -> None:
    with pytest.raises(UsageError, match="unbalanced"):
        split_words('"Dana')


def test_whosaid_options_and_the_text_that_asks_again() -> None:
    request = parse_command('/whosaid "Dana O\'Rourke" since:7d limit:50 page:3 about:shelter')
    assert request == rq.WhoSaid("Dana O'Rourke", timedelta(days=7), 50, 3, "shelter")
    assert isinstance(request, rq.WhoSaid)
    assert parse_command("/whosaid " + request.command_text(4)) == rq.WhoSaid(
        "Dana O'Rourke", timedelta(days=7), 50, 4, "shelter"
    )
    with pytest.raises(UsageError, match="limit must be"):
        parse_command("/whosaid Quill limit:51")
    with pytest.raises(UsageError, match="only"):
        parse_command("/news shelters page:2")


@pytest.mark.parametrize(
    ("cue", "text", "shown"),
    [
        ("warned", "leaders to cooperate or step aside", "Nora Quill warned leaders to cooperate or step aside"),
        ("vowing", "to close the camp,", "Nora Quill vowed to close the camp"),
        ("saying", "the camp would close", "Nora Quill said the camp would close"),
        ("noting", "the camp was full", "Nora Quill noted the camp was full"),
        (None, "the camp was full", "Nora Quill said the camp was full"),
        ("said", "Quill said the camp was full", "Quill said the camp was full"),
        ("according to", "the pier will reopen in May", "According to Nora Quill, the pier will reopen in May"),
    ],
)
def test_paraphrase_reads_as_a_sentence(cue: str | None, text: str, shown: str) -> None:
    assert attribution.statement(row(text, 1, "indirect", cue)) == shown


def test_direct_quote_loses_its_trailing_comma() -> None:
    assert attribution.statement(row("We will hold the line, ", 1)) == "We will hold the line"


def test_same_words_in_several_outlets_are_one_statement() -> None:
    words = "We will keep the shelters open for every family that needs one this winter"
    rows = [
        row(words + ",", 3),
        row(words.upper() + ".", 2, days=0.5),  # same words, other case and punctuation
        row(words.replace("every", "each"), 1, days=1),  # a rewording within days
        row("Statement 1 stands", 5, days=1),
        row("Statement 2 stands", 6, days=1),  # short and differing in a number: not the same
        row(words, 9, days=30),  # the same words a month later: the same statement again
    ]
    merged = group_statements(rows)
    assert [len(s.all_sources()) for s in merged] == [4, 1, 1]
    assert merged[0].published == WHEN


def test_duplicate_stored_articles_do_not_double_sources() -> None:
    words = "We will keep the shelters open for every family that needs one this winter"
    [one] = group_statements([row(words, 1), row(words, 1)])
    assert len(one.all_sources()) == 1
