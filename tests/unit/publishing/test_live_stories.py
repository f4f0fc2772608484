"""The poster's stories kept across rounds (``LiveStories``): only new reports are placed, reports that left the
window go, changed ones are placed again, stored stories keep their articles, and the result is the batch
grouping's on invented news."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bot.publishing.events import EventGrouper, Idf, terms
from bot.publishing.frames import EventFrame, Framer
from bot.publishing.stories import LiveStories, Story, group
from bot.publishing.story_lines import arrivals
from bot.storage.rows import ArticleRow
from tests.builders import NOW, art
from tests.support import shared_extractor


class CountingFramer(Framer):
    """The real framer, counting the articles it is asked to frame."""

    def __init__(self) -> None:
        super().__init__(nlp=shared_extractor().nlp)
        self.asked: list[int] = []

    def frames(self, articles: Sequence[Any]) -> list[EventFrame]:
        self.asked.extend(a.id for a in articles)
        return super().frames(articles)


@pytest.fixture
def framer() -> CountingFramer:
    return CountingFramer()


def news() -> list[ArticleRow]:
    """Three events over two days (two of them share an official at two places) and one report alone."""
    marsh = [("Lena Marsh", "governor")]
    return [
        art(1, "Governor Marsh signs order closing Tucson river camps", "A", hours_ago=40, officials=marsh,
            summary="Governor Lena Marsh on Tuesday signed an order closing the river camps outside Tucson."),
        art(2, "Marsh orders Tucson river camps closed", "B", hours_ago=38, officials=marsh,
            summary="Arizona Governor Lena Marsh ordered the river camps near Tucson closed on Tuesday."),
        art(3, "Harbor City council approves $42 million for migrant shelters", "A", hours_ago=30,
            summary="The Harbor City council voted on Wednesday to spend $42 million on shelters for migrants.",
            figures=[("$42 million", 42e6, "shelter budget")]),
        art(4, "Governor Marsh tours Phoenix detention site", "C", hours_ago=20, officials=marsh,
            summary="Governor Lena Marsh toured a detention site in Phoenix on Thursday with county officials."),
        art(5, "Council backs $42 million shelter budget for migrants", "B", hours_ago=28,
            summary="The Harbor City council approved $42 million for migrant shelters on Wednesday.",
            figures=[("$42 million", 42e6, "shelter budget")]),
        art(6, "Marsh visits Phoenix detention center", "A", hours_ago=18, officials=marsh,
            summary="Arizona Governor Lena Marsh visited a Phoenix detention center on Thursday."),
        art(7, "Visa wait times reach 260 days for skilled workers", "D", hours_ago=10,
            summary="Wait times for skilled-worker visas reached 260 days, the State Department said."),
        art(8, "Arizona governor moves to shut Tucson river camps", "C", hours_ago=36, officials=marsh,
            summary="Governor Lena Marsh signed an order Tuesday to close the river camps near Tucson, Arizona."),
    ]


def shape(stories: Sequence[Story[ArticleRow]]) -> set[tuple[str, frozenset[int]]]:
    return {(s.key, frozenset(s.article_ids)) for s in stories}


def test_rounds_place_only_new_reports_and_end_as_the_batch_grouping(framer: CountingFramer) -> None:
    reports = news()
    live: LiveStories[ArticleRow] = LiveStories(framer)
    seen: list[ArticleRow] = []
    for n, new in enumerate((reports[:3], reports[3:5], reports[5:])):
        seen += new
        before = live.placed
        stories = live.update(seen)
        assert live.placed - before == len(new)  # the round placed its own reports, none again
        assert sorted(framer.asked[-len(new):]) == sorted(a.id for a in new)
        if n == 0:
            assert shape(stories) == shape(group(seen, framer=framer))  # a first round is the batch grouping
    assert live.placed == len(reports) and len(framer.asked) == len(reports) + len(reports[:3])
    assert shape(stories) == shape(group(reports, framer=framer))
    assert {frozenset(s.article_ids) for s in stories} == {frozenset({1, 2, 8}), frozenset({3, 5}),
                                                           frozenset({4, 6}), frozenset({7})}


def test_a_round_with_nothing_new_places_nothing_and_keeps_the_stories(framer: CountingFramer) -> None:
    reports = news()
    live: LiveStories[ArticleRow] = LiveStories(framer)
    first = live.update(reports)
    asked = len(framer.asked)
    again = live.update(reports)
    assert live.placed == len(reports) and len(framer.asked) == asked
    assert shape(again) == shape(first)


def test_reports_that_leave_the_window_leave_their_story(framer: CountingFramer) -> None:
    reports = news()
    live: LiveStories[ArticleRow] = LiveStories(framer)
    live.update(reports)
    window = [a for a in reports if a.id not in (1, 7)]  # the oldest report and a story of its own go
    stories = live.update(window)
    assert live.removed == 2 and len(live) == len(reports) - 2
    assert {frozenset(s.article_ids) for s in stories} == {frozenset({2, 8}), frozenset({3, 5}), frozenset({4, 6})}
    assert len(live.grouper.reports) == len(reports) - 2


def test_a_changed_report_is_placed_again(framer: CountingFramer) -> None:
    """A report stored before its extraction (headline only) is placed again once its lede is known."""
    reports = news()
    bare = replace(reports[4], summary="", figures=[])
    live: LiveStories[ArticleRow] = LiveStories(framer)
    live.update([*reports[:4], bare])
    stories = live.update(reports[:5])
    assert live.removed == 1
    assert any(set(s.article_ids) == {3, 5} for s in stories)


def test_a_stored_story_keeps_its_articles_and_key_when_grouping_starts_again(framer: CountingFramer) -> None:
    """A poster that starts with stored stories: an article a stored story holds stays in it, under its key,
    even where the evidence alone would place it elsewhere."""
    reports = news()
    known = {3: "s-shelters", 7: "s-shelters", 1: "a1", 2: "a1"}  # 7 (visas) was posted with the shelters
    live: LiveStories[ArticleRow] = LiveStories(framer)
    stories = live.update(reports, known)
    story_of = {a.id: s.key for s in stories for a in s.articles}
    assert story_of[3] == story_of[7] == "s-shelters"
    assert story_of[1] == story_of[2] == "a1"
    assert story_of[5] == "s-shelters"  # a report not stored joins as the evidence says


def test_two_stored_stories_are_not_merged_when_grouping_starts_again(framer: CountingFramer) -> None:
    """Two reports the evidence puts in one story, each posted in a story of its own (a grouping of another
    day): a poster that starts again keeps both stories, each under its key."""
    reports = news()
    live: LiveStories[ArticleRow] = LiveStories(framer)
    assert len({s.key for s in live.update(reports) if {1, 2} & set(s.article_ids)}) == 1
    again: LiveStories[ArticleRow] = LiveStories(framer)
    stories = again.update(reports, {1: "s-one", 2: "s-two"})
    story_of = {a.id: s.key for s in stories for a in s.articles}
    assert story_of[1] == "s-one" and story_of[2] == "s-two"


def test_a_report_alone_is_tried_again_for_a_few_rounds_unless_stored(framer: CountingFramer) -> None:
    """A report that opened a story of its own is placed again in the next ``revisit`` rounds (a batch regroup
    would see the reports that came since), keeping its key; a stored one stays where it was posted."""
    reports = news()
    visas, shelters = reports[6], reports[2]
    live: LiveStories[ArticleRow] = LiveStories(framer, revisit=2)
    live.update([shelters], known={shelters.id: "s-shelters"})
    live.update([visas, shelters], known={shelters.id: "s-shelters"})  # visas: alone, in the second round
    for n in range(3):  # three more rounds: nothing new, then one, then another report of other events
        stories = live.update([visas, shelters, *reports[:n]], known={shelters.id: "s-shelters"})
    assert live.revisited == 2  # visas: in the third and fourth rounds; shelters (stored) never
    assert {s.key for s in stories if visas in s.articles} == {f"a{visas.id}"}
    assert len(framer.asked) == 2 + 2  # placed again from what it had: no frame read twice


def test_a_removed_report_finds_nothing_and_leaves_the_document_frequencies() -> None:
    g = EventGrouper()
    frame = EventFrame()
    a = g.add(NOW, terms("Harbor City shelters", "shelters open"), frame)
    g.remove(a)
    assert not g.stories[a.story].members and not g.reports
    b = g.add(NOW + timedelta(hours=1), terms("Harbor City shelters", "shelters open"), frame)
    assert b.story != a.story  # nothing left of the removed report finds it
    assert g.idf.n == 1 and g.idf.df["shelters"] == 1


def test_emptied_stories_are_dropped_and_the_rest_renumbered() -> None:
    g = EventGrouper()
    frame = EventFrame()
    first = g.add(NOW, terms("Harbor City shelters", "shelters open"), frame)
    later = g.add(NOW + timedelta(hours=1), terms("Visa waits grow", "visa waits reach 260 days"), frame)
    g.remove(first)
    g.compact()
    assert [s.members for s in g.stories] == [[later]] and later.story == 0 and g.stories[0].index == 0


def test_one_report_per_round_in_publication_order_groups_as_the_batch(framer: CountingFramer) -> None:
    """``newsbot stories --incremental``: the poster's rounds, one report each."""
    reports = news()
    one_by_one = {frozenset(s.article_ids) for s in arrivals(reports, framer=framer)}
    assert one_by_one == {frozenset(s.article_ids) for s in group(reports, framer=framer)}
    assert len(framer.asked) == 2 * len(reports)  # each report framed once by each


def test_document_frequencies_follow_a_window_that_does_not_grow() -> None:
    """As many reports leave as come: a word that was rare and became common weighs little once the
    window has turned over by a twentieth, though the count of reports has not changed."""
    idf = Idf()
    old = [{"budget": 1.0, f"old{i}": 1.0} for i in range(100)]
    for words in old:
        idf.add(words)
    rare = idf.weight("shelters")
    for n in range(30):
        idf.add({"shelters": 1.0, f"new{n}": 1.0})
        idf.remove(old[n])
    assert idf.n == 100
    assert idf.weight("shelters") < rare - 1.0
    assert idf.weight("shelters") == pytest.approx(math.log(101 / 31) + 1.0, rel=0.05)
