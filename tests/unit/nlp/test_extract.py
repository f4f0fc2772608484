"""The extractor over batches: bounded input, and one article the parser cannot take fails alone."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from bot.models import ArticleInput, Extraction
from bot.nlp import extract as extract_mod
from bot.nlp.document import ARTICLE_MAX_CHARS, PARAGRAPH_MAX_CHARS, ArticleDoc, split_paragraphs
from bot.nlp.extract import Extractor

QUOTED = "“We will keep the shelter open all winter,” Mayor Jo Park said on Monday."


def test_long_text_reaches_the_parser_in_bounded_pieces() -> None:
    sentence = "The county opened another shelter for families arriving by bus. "
    pieces = split_paragraphs(sentence * 5000)  # 320,000 characters in one paragraph
    assert all(len(p) <= PARAGRAPH_MAX_CHARS for p in pieces)
    assert sum(len(p) for p in pieces) <= ARTICLE_MAX_CHARS
    assert all(p.endswith("bus.") for p in pieces[:-1])  # cut after a sentence, not inside one
    assert split_paragraphs("word " * 10) == [("word " * 10).strip()]


def test_a_page_longer_than_the_parser_allows_is_extracted_with_the_rest(extractor: Extractor) -> None:
    huge = ("word " * 250_000).strip()  # 1.25M characters: spaCy alone refuses over 1M
    results = list(extractor.extract_many([ArticleInput(text=QUOTED), ArticleInput(text=huge),
                                           ArticleInput(text=QUOTED)]))
    assert [type(r) for r in results] == [Extraction, Extraction, Extraction]
    assert results[2].quotes and results[2].quotes[0].speaker == "Jo Park"


def test_an_article_the_parser_fails_on_fails_alone(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    real = extract_mod.parse_articles

    def fragile(nlp: Any, articles: Sequence[ArticleInput], **kw: Any) -> Iterator[ArticleDoc]:
        for adoc in real(nlp, articles, **kw):
            if "POISON" in (adoc.source.text if adoc.source else ""):
                raise ValueError("the parser gave up")
            yield adoc

    monkeypatch.setattr(extract_mod, "parse_articles", fragile)
    batch = [ArticleInput(text=QUOTED), ArticleInput(text="POISON " + QUOTED), ArticleInput(text=QUOTED)]
    results = list(extractor.extract_many(batch))
    assert [type(r) for r in results] == [Extraction, ValueError, Extraction]
    assert results[2].quotes[0].speaker == "Jo Park"
