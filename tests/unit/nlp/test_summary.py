"""Summaries: the lede's first whole sentences, without datelines, bylines or dangling quotes."""

from __future__ import annotations

import pytest
from spacy.language import Language

from bot.models import ArticleInput
from bot.nlp.document import parse_articles
from bot.nlp.summary import MAX_CHARS, summarize


def summary_of(nlp: Language, text: str, title: str | None = None) -> str:
    return summarize(next(parse_articles(nlp, [ArticleInput(text=text, title=title)])))


@pytest.mark.parametrize("dateline", ["RIVERTON –", "RIVERTON, Ore. —", "(Wire Service) --", "CALLOWAY (AP) —", "(WNS)"])
def test_dateline_is_stripped(nlp: Language, dateline: str) -> None:
    text = f"{dateline} The county board voted to open a second shelter near the rail yard on Monday."
    assert summary_of(nlp, text) == "The county board voted to open a second shelter near the rail yard on Monday."


def test_headline_byline_and_promo_lines_are_skipped(nlp: Language) -> None:
    text = (
        "SHELTER PLAN ADVANCES AFTER LONG NIGHT\n\n"
        "By Rhea Castellanos\n\n"
        "The Riverton council approved a shelter plan after a six-hour meeting. Opponents vowed to appeal.\n\n"
        "CLICK HERE TO SIGN UP FOR OUR NEWSLETTER"
    )
    assert summary_of(nlp, text) == (
        "The Riverton council approved a shelter plan after a six-hour meeting. Opponents vowed to appeal."
    )


def test_at_most_two_whole_sentences_within_the_limit(nlp: Language) -> None:
    text = (
        "The council met on Monday. It approved the budget. It also named a new clerk. "
        "Then it adjourned early."
    )
    out = summary_of(nlp, text)
    assert out == "The council met on Monday. It approved the budget."
    long_first = "The council, " + "after hearing from residents of every ward, " * 8 + "approved the plan. It ended."
    out = summary_of(nlp, long_first + "\n\nA second paragraph explains the vote in a short sentence.")
    assert len(out) <= MAX_CHARS * 1.2
    assert out.endswith(".")


def test_never_a_dangling_quote(nlp: Language) -> None:
    text = (
        "“We will not turn families away. Every bed matters,” said Mayor Ines Vald of Calloway.\n\n"
        "“This paragraph opens a quotation that continues.\n\n"
        "The speaker's words go on here without marks.\n\n"
        "And they close here,” she added."
    )
    out = summary_of(nlp, text)
    assert out.count("“") == out.count("”")
    assert out.startswith("“We will not turn families away.")
    assert "Every bed matters,” said Mayor Ines Vald" in out  # the sentence is kept whole, not cut


def test_prose_preferred_over_a_quoted_epigraph_and_quote_continuations(nlp: Language) -> None:
    text = (
        "“Borders are lines we draw together.” – Governor Ada Pell\n\n"
        "The governor signed an order on Friday creating a new office for refugee resettlement.\n\n"
        "“The office will coordinate housing.\n\n"
        "It will also fund language classes.”"
    )
    assert summary_of(nlp, text) == (
        "The governor signed an order on Friday creating a new office for refugee resettlement."
    )


def test_title_when_no_prose_sentence_fits(nlp: Language) -> None:
    text = "WASHINGTON – The senator released the following statement:\n\n“We need a plan.\n\nAnd soon.”"
    assert summary_of(nlp, text, title="Senator urges a plan") == "Senator urges a plan"
