"""Event frames read at extraction from the extractor's own parse, stored as JSON, read back by grouping."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from bot.models import ArticleInput
from bot.nlp.document import parse_articles
from bot.publishing.frames import FRAME_VERSION, Framer, frame_from_json, frame_to_json, lede_key, lede_of
from bot.publishing.story_lines import LineArticle
from tests.support import shared_extractor

PUBLISHED = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)  # a Wednesday
TITLE = "Judge blocks Riverton shelter rule"
TEXT = (
    "COLUMBUS, Ohio — A county judge blocked the new shelter rule in Columbus on Monday. The county said it "
    "would appeal the decision.\n\nThe rule would have closed two shelters."
)


def extracted() -> tuple[LineArticle, dict]:
    ex = shared_extractor().extract(ArticleInput(text=TEXT, title=TITLE, published=PUBLISHED))
    assert ex.frame is not None
    a = LineArticle(id=1, key="1", title=TITLE, url=None, source="Wire", published=PUBLISHED, summary=ex.summary)
    return a, ex.frame


def test_the_lede_is_cut_from_its_paragraph_s_parse_without_the_dateline() -> None:
    (adoc,) = parse_articles(shared_extractor().nlp, [ArticleInput(text=TEXT, title=TITLE)])
    lede = lede_of(adoc.paragraphs, "A county judge blocked the new shelter rule in Columbus on Monday. The county")
    assert lede is not None
    assert lede.text.startswith("A county judge blocked") and "appeal" not in lede.text  # its first sentence
    assert [t.dep_ for t in lede if t.text == "blocked"] == ["ROOT"]  # tags and arcs as parsed in context
    assert lede_of(adoc.paragraphs, "A sentence that is in no paragraph of this article at all.") is None


def test_extraction_reads_the_frame_from_its_own_parse() -> None:
    a, stored = extracted()
    frame = frame_from_json(stored, lede_key(a.title, a.summary or ""))
    assert frame is not None
    assert "block" in frame.actions and "judge" in frame.agents and "rule" in frame.targets
    assert frame.dates == {date(2026, 3, 9)}  # "on Monday", published on the Wednesday after
    assert any(p[0].name == "Columbus" and p[0].admin1 == "OH" for p in frame.places)


def test_a_stored_frame_round_trips_only_for_its_own_text_and_version() -> None:
    a, stored = extracted()
    key = lede_key(a.title, a.summary or "")
    frame = frame_from_json(stored, key)
    assert frame is not None and frame_from_json(frame_to_json(frame, key), key) == frame
    assert frame_from_json(stored, lede_key(a.title, "Another lede altogether.")) is None
    assert frame_from_json({**stored, "v": FRAME_VERSION + 1}, key) is None
    assert frame_from_json({"v": FRAME_VERSION, "key": key}, key) is None  # damaged: read again


def test_grouping_reads_stored_frames_and_parses_only_the_missing_ones() -> None:
    a, stored = extracted()
    with_frame = replace(a, event_frame=stored)
    framer = Framer(nlp=shared_extractor().nlp)
    (from_store,) = framer.frames([with_frame])
    assert framer.parsed == 0 and framer.take_fresh() == {}
    without = replace(a, id=2, event_frame=None)
    (parsed,) = framer.frames([without])
    assert framer.parsed == 1
    fresh = framer.take_fresh()
    assert list(fresh) == [2] and frame_from_json(fresh[2], lede_key(a.title, a.summary or "")) == parsed
    framer.frames([without])  # cached: not parsed again, offered again until the article has it stored
    assert framer.parsed == 1 and list(framer.take_fresh()) == [2]
    framer.frames([replace(without, event_frame=fresh[2])])  # stored now
    assert framer.parsed == 1 and framer.take_fresh() == {}
    assert parsed.actions == from_store.actions and parsed.dates == from_store.dates


def test_people_are_added_when_grouping_not_stored() -> None:
    a, stored = extracted()
    frame = frame_from_json(stored, lede_key(a.title, a.summary or ""))
    assert frame is not None and frame.people == frozenset()
    named = frame.with_people(["Ana Block", "Judge Ruiz"])
    assert named.people == {"block", "ruiz"} and "block" not in named.actions  # a surname is no action
