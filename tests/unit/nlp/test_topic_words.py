"""Topic words live in config/topics/*.toml: a second topic changes them with no code change."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from spacy.language import Language

from bot.models import ArticleInput
from bot.nlp.document import parse_articles
from bot.nlp.extract import analyse
from bot.nlp.figures import find_figures
from bot.nlp.relevance import TopicError, load_topic
from bot.publishing.digest import build_digest

HARBOR = """
name = "harbor"
description = "A fictional port town's shipping news"
people_nouns = ["deckhand", "Stevedore"]
digest_title = "Harbor shipping digest"
chart_title = "The week at the harbor"

[terms]
"harbor" = 3.0
"freighter" = 3.0
"""

SENTENCE = "The coast guard rescued 40 deckhands from the freighter near Port Vellan on Tuesday."


def harbor_topic(tmp_path: Path) -> Path:
    path = tmp_path / "harbor.toml"
    path.write_text(HARBOR, encoding="utf-8")
    return path


def test_a_topic_file_names_its_people_and_titles(tmp_path: Path) -> None:
    topic = load_topic(harbor_topic(tmp_path))
    assert topic.people_nouns == frozenset({"deckhand", "stevedore"})  # lemmas, lowercase
    assert topic.digest_title == "Harbor shipping digest"
    assert topic.chart_title == "The week at the harbor"


def test_the_shipped_topic_keeps_its_words_in_its_file() -> None:
    topic = load_topic("immigration")
    assert {"migrant", "asylum", "detainee"} <= topic.people_nouns
    assert topic.digest_title == "Immigration policy digest"
    assert topic.chart_title == "The week in immigration news"


def test_a_topic_without_words_gets_neutral_titles(tmp_path: Path) -> None:
    path = tmp_path / "bare.toml"
    path.write_text('[terms]\n"harbor" = 3.0\n', encoding="utf-8")
    topic = load_topic(path)
    assert topic.people_nouns == frozenset()
    assert "immigration" not in (topic.digest_title + topic.chart_title).lower()


def test_a_topics_people_nouns_count_people(nlp: Language, tmp_path: Path) -> None:
    """ "40 deckhands" counts people under the harbor topic, and deckhands otherwise."""
    adoc = next(parse_articles(nlp, [ArticleInput(text=SENTENCE)]))
    (plain,) = find_figures(adoc)
    assert plain.value == 40 and plain.unit == "deckhand"
    (harbor,) = find_figures(adoc, load_topic(harbor_topic(tmp_path)).people_nouns)
    assert harbor.value == 40 and harbor.unit == "people"


def test_the_extractor_reads_people_nouns_from_its_topic(nlp: Language, tmp_path: Path) -> None:
    adoc = next(parse_articles(nlp, [ArticleInput(text=SENTENCE)]))
    extraction = analyse(adoc, load_topic(harbor_topic(tmp_path)))
    assert [f.unit for f in extraction.figures] == ["people"]


def test_the_digest_is_headed_by_the_topics_title(tmp_path: Path) -> None:
    now = datetime(2026, 3, 2, 12, tzinfo=UTC)
    topic = load_topic(harbor_topic(tmp_path))
    assert build_digest([], since=now, now=now, title=topic.digest_title).title == "Harbor shipping digest"


def test_people_nouns_that_are_not_a_list_of_words_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('people_nouns = "deckhand"\n[terms]\n"harbor" = 3.0\n', encoding="utf-8")
    with pytest.raises(TopicError, match="people_nouns"):
        load_topic(path)
