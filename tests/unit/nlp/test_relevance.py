"""Relevance: a weighted lemma lexicon from a topic TOML, weighted by zone, damped for thin evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from bot.models import ArticleInput
from bot.nlp.document import ArticleDoc, parse_articles
from bot.nlp.relevance import Topic, TopicError, assess, load_topic, score
from tests.support import SEED_ARTICLE as SEED

THRESHOLD = 0.5

ON_TOPIC = (
    "Federal immigration agents detained 40 migrants at a Marlow County farm on Tuesday, and ICE said "
    "most of them face deportation.\n\n"
    "Advocates said several of the workers had pending asylum claims and that the raid ignored the "
    "county's sanctuary policy. A spokesperson for U.S. Immigration and Customs Enforcement declined to comment."
)
OFF_TOPIC_SPORTS = (
    "The Harlow Hawks beat the Fenwick Foxes 3-1 on Saturday in the Border Cup final.\n\n"
    "Goalkeeper Tess Arden made nine saves, and coach Milo Brant said the team had crossed the border "
    "of what it thought possible this season. The Hawks host the Ridgeway Rams next week."
)


@pytest.fixture(scope="module")
def topic() -> Topic:
    return load_topic("immigration")


def parse(nlp: Language, text: str, title: str | None = None) -> ArticleDoc:
    return next(parse_articles(nlp, [ArticleInput(text=text, title=title)]))


def test_on_topic_article_scores_high_and_off_topic_low(nlp: Language, topic: Topic) -> None:
    on = score(parse(nlp, ON_TOPIC), topic)
    off = score(parse(nlp, OFF_TOPIC_SPORTS), topic)
    assert on >= 0.9
    assert off < 0.2
    assert 0.0 <= off <= on <= 1.0


def test_one_generic_word_is_not_enough(nlp: Language, topic: Topic) -> None:
    result = assess(parse(nlp, OFF_TOPIC_SPORTS), topic)
    assert set(result.matches) == {"border"}  # matched, but alone
    assert result.score < THRESHOLD


def test_terms_match_on_lemmas_and_multiword_phrases(nlp: Language, topic: Topic) -> None:
    text = "Two sanctuary cities sheltered asylum-seekers while the agency deported H-1B holders."
    result = assess(parse(nlp, text), topic)
    assert {"sanctuary city", "asylum seeker", "deport", "h-1b"} <= set(result.matches)


def test_agency_entity_adds_evidence(nlp: Language, topic: Topic) -> None:
    result = assess(parse(nlp, ON_TOPIC), topic)
    assert any(k.startswith("entity:") and "customs enforcement" in k for k in result.matches)


def test_title_weighs_more_than_body(nlp: Language, topic: Topic) -> None:
    body = (
        "The county board met on Monday to discuss the budget, road repairs and a new library.\n\n"
        "Members also heard a short update on the visa office that shares the library building, "
        "then voted on the paving schedule for the spring and a grant for the fire station."
    )
    plain = score(parse(nlp, body, title="County board meets on budget"), topic)
    titled = score(parse(nlp, body, title="Board weighs refugee resettlement and immigration visas"), topic)
    assert titled > plain
    assert titled >= THRESHOLD > plain


def test_custom_topic_loaded_from_a_toml_path(nlp: Language, tmp_path: Path) -> None:
    path = tmp_path / "wildfire.toml"
    path.write_text(
        'name = "wildfire"\nscale = 4.0\nmin_distinct = 2\n'
        '[terms]\n"wildfire" = 3.0\n"evacuation" = 2.0\n"burn" = 1.0\n"red flag warning" = 3.0\n',
        encoding="utf-8",
    )
    wildfire = load_topic(path)
    assert wildfire.name == "wildfire"
    fire = "A wildfire burned 2,000 acres near Calloway, forcing an evacuation under a red flag warning."
    assert score(parse(nlp, fire), wildfire) >= THRESHOLD
    assert score(parse(nlp, ON_TOPIC), wildfire) < THRESHOLD


def test_missing_or_invalid_topic_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(TopicError, match="no_such_topic.toml"):
        load_topic("no_such_topic")
    bad = tmp_path / "broken.toml"
    bad.write_text("[terms\n", encoding="utf-8")
    with pytest.raises(TopicError, match="broken.toml"):
        load_topic(bad)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[terms]\n"asylum" = "high"\n', encoding="utf-8")
    with pytest.raises(TopicError, match="wrong.toml.*numeric"):
        load_topic(wrong)


@pytest.mark.skipif(not SEED.is_file(), reason="evaluation kit (../shared/eval) not present")
def test_seed_article_is_relevant(nlp: Language, topic: Topic) -> None:
    assert score(parse(nlp, SEED.read_text(encoding="utf-8")), topic) >= THRESHOLD


VISA_STORY = (
    "Hospitals in Corley County say nurses recruited abroad are waiting months for visa interviews.\n\n"
    "One clinic said four of its hires had been waiting since spring for a visa appointment at the consulate.\n\n"
    "A bill in the state legislature would ask Congress to add visa staff, its sponsor said.\n\n"
    "Until then, the clinics said, shifts will stay short-handed."
)
CARD_STORY = (
    "Shares of Visa rose 2 percent on Tuesday after the payments company reported higher card volumes.\n\n"
    "Analysts said Visa benefited from holiday travel, and Mastercard shares also gained.\n\n"
    "Visa said it would buy back more stock next year."
)


def test_one_strong_term_recurring_across_paragraphs_is_on_topic(nlp: Language, topic: Topic) -> None:
    rel = assess(parse(nlp, VISA_STORY), topic)
    assert rel.distinct < topic.min_distinct  # a single term, yet in every paragraph that matters
    assert rel.score >= THRESHOLD


def test_a_company_named_like_a_term_is_not_the_topic(nlp: Language, topic: Topic) -> None:
    assert score(parse(nlp, CARD_STORY), topic) < 0.2
