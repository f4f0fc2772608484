"""Text that lost its paragraph breaks (``block_without_paragraph_breaks``), on invented text, fictional people."""

from __future__ import annotations

from bot.models import ArticleInput, Extraction
from bot.nlp.document import (
    BLOCK_MIN_CHARS,
    BLOCK_ONLY_MIN_CHARS,
    flattened_table,
    paragraph_units,
    sentence_units,
    split_paragraphs,
)
from bot.nlp.extract import Extractor
from bot.nlp.quotemarks import find_marks


def test_sentences_are_cut_outside_quotation_marks_only() -> None:
    block = "Ana Ruiz spoke at noon. “We are ready. It is late,” she said. Rain fell."
    assert sentence_units(block) == ["Ana Ruiz spoke at noon.", "“We are ready. It is late,” she said.", "Rain fell."]


def test_an_abbreviation_ends_no_sentence() -> None:
    block = "Gov. Ana Ruiz flew to Fresno, Calif. on Jan. 5 with J. Oren Vale of the U.S. Coast Guard. Rain fell."
    assert sentence_units(block) == [block.removesuffix(" Rain fell."), "Rain fell."]


def test_an_abbreviation_before_a_quotation_or_a_function_word_ends_one() -> None:
    block = "The buses reached Washington, D.C. “We made it,” Oren Vale said. They left the U.S. The trip ended."
    assert sentence_units(block) == [
        "The buses reached Washington, D.C.",
        "“We made it,” Oren Vale said.",
        "They left the U.S.",
        "The trip ended.",
    ]


def test_an_abbreviation_after_a_dash_is_one() -> None:
    block = "HARBORTON–U.S. Senator Ana Ruiz spoke. Rain fell."
    assert sentence_units(block) == ["HARBORTON–U.S. Senator Ana Ruiz spoke.", "Rain fell."]


def test_recovered_paragraphs_hold_three_sentences_and_a_quotation_opens_or_ends_one() -> None:
    block = "One. Two. Three. Four. “We are ready,” Pia Lund said. Five. “It is late.” Six."
    assert paragraph_units(block) == [
        "One. Two. Three.",
        "Four.",
        "“We are ready,” Pia Lund said. Five.",
        "“It is late.”",
        "Six.",
    ]


def test_only_a_text_without_breaks_or_a_very_long_paragraph_is_cut() -> None:
    assert split_paragraphs("Rain fell. Roads closed.\nNobody noticed. Then they did.") == [
        "Rain fell. Roads closed.",
        "Nobody noticed. Then they did.",
    ]
    short = "Rain fell. Roads closed. “No,” she said."
    assert split_paragraphs(short) == [short]  # too short to have held several paragraphs
    only = "Rain fell on the harbor all night long. " * (BLOCK_ONLY_MIN_CHARS // 40 + 1) + "“No,” she said."
    assert split_paragraphs(only)[-1] == "“No,” she said."
    long = "The ferry ran late again this week. " * (BLOCK_MIN_CHARS // 30)
    pieces = split_paragraphs("A short first paragraph.\n" + long)
    assert pieces[0] == "A short first paragraph." and len(pieces) > 3
    assert all(p.count(".") <= 3 for p in pieces)


def test_straight_marks_continue_a_quotation_over_lost_breaks() -> None:
    text = '"The fares stay. They are fair. "The buses run late," Pia Lund said.'
    assert [text[s.start : s.end] for s in find_marks(text)] == [
        "The fares stay. They are fair. ",
        "The buses run late,",
    ]


def test_a_pipe_table_that_lost_its_line_breaks_gets_its_rows_back() -> None:
    text = (
        "Ferry riders by season: | Day boats | Night boats Spring | 4,210 | 380 Summer | 9,575 | 1,120"
        " Early Autumn | 3,990 | 415 The harbor board met on Friday."
    )
    table = flattened_table(text)
    assert table is not None
    assert table.before == "Ferry riders by season:"
    assert table.rows == [
        "| Day boats | Night boats",
        "Spring | 4,210 | 380",
        "Summer | 9,575 | 1,120",
        "Early Autumn | 3,990 | 415",
    ]
    assert table.after == "The harbor board met on Friday."


def test_table_lines_one_row_or_prose_with_pipes_are_no_flattened_table() -> None:
    assert flattened_table("| Day boats | Night boats") is None
    assert flattened_table("Spring | 4,210 | 380") is None
    assert flattened_table("Ferries: | Day | Night Spring | 4,210 | 380") is None  # one row only
    assert flattened_table("Ferries: | Day | Night Spring | 4,210 | 380 Summer | 9,575") is None  # rows differ
    assert flattened_table("Pia Lund | ferry captain | 12 years at sea") is None


def test_a_block_holding_a_table_keeps_its_rows_apart_from_its_sentences() -> None:
    lines = [
        "The harbor board published ferry rider counts for the year on Friday, by season and by boat. "
        "Board chair Pia Lund said the night boats would keep running through the winter months.",
        "| Day boats | Night boats",
        "Spring | 4,210 | 380",
        "Summer | 9,575 | 1,120",
        "Riders asked for a later last boat. The board will vote on the timetable in March, after a hearing. "
        "Captain Oren Vale said the crews were ready for the longer nights and had trained over the summer.",
    ]
    units = split_paragraphs(" ".join(lines))
    assert units[units.index(lines[1]) : units.index(lines[1]) + 3] == lines[1:4]
    assert " ".join(units) == " ".join(lines)


# a quotation over two paragraphs in straight marks, a pronoun speaker, a reported clause
ARTICLE = [
    "Harbor Mayor Ilse Marant defended the ferry budget on Tuesday.",
    '"We cannot cut the night boats. They carry nurses. "Nurses ride them home after every shift," Marant said.',
    "Council member Oren Vale, who voted against the budget, called the plan too costly.",
    '"It spends money we do not have," he said. "And it raises fares."',
    "Marant said the city would review fares in the spring. Tova Brill, a ferry captain, agreed with her.",
    '"We will be ready," Vale said.',
]
# a reported clause right after a quotation's paragraph
CAPTAIN = [
    "The harbor council passed the ferry budget on Tuesday after a long night of debate over fares and boats.",
    "Riders filled the hall, and the vote came after midnight, with six members for the plan and three against.",
    "The plan keeps the night boats and raises the fare by a quarter from June.",
    "Council member Oren Vale voted against the ferry budget on Tuesday.",
    "“It spends money we do not have,” Vale said.",
    "Tova Brill, a ferry captain who spoke after the vote, said the boats were old.",
    "“They leak,” Brill said.",
]


def _quotes(extractor: Extractor, text: str) -> list[tuple[str, str, str | None]]:
    [result] = extractor.extract_many([ArticleInput(text=text)])
    assert isinstance(result, Extraction)
    return sorted((q.kind, " ".join(q.text.split()), q.speaker) for q in result.quotes)


def test_an_article_in_one_block_gives_what_its_paragraphs_give(extractor: Extractor) -> None:
    paragraphed = _quotes(extractor, "\n".join(ARTICLE))
    assert ("direct", "Nurses ride them home after every shift", "Ilse Marant") in paragraphed
    assert ("direct", "It spends money we do not have", "Oren Vale") in paragraphed
    assert ("indirect", "the city would review fares in the spring", "Ilse Marant") in paragraphed
    assert _quotes(extractor, " ".join(ARTICLE)) == paragraphed
    captain = _quotes(extractor, "\n".join(CAPTAIN))
    assert ("indirect", "the boats were old", "Tova Brill") in captain
    assert _quotes(extractor, " ".join(CAPTAIN)) == captain
