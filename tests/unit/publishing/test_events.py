"""Grouping by event (#15): each named rule of bot.publishing.events / frames on invented reports."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.publishing.digest import build_digest, item_of
from bot.publishing.events import EventGrouper, terms
from bot.publishing.frames import (
    EventFrame,
    Framer,
    Place,
    main_clause,
    main_clause_span,
    places_conflict,
    resolve_day,
    resolve_place,
)
from bot.publishing.stories import Story, group
from tests.builders import NOW, art
from tests.support import shared_extractor


@pytest.fixture(scope="module")
def framer() -> Framer:
    return Framer(nlp=shared_extractor().nlp)


def keys(stories: list[Story]) -> dict[int, str]:
    return {a.id: s.key for s in stories for a in s.articles}


# ---------------------------------------------------------------- frames


def test_main_clause_gives_verb_subject_and_object(framer: Framer) -> None:
    """Construction: the lede's main clause, "<subject> <verb> <object> and <verb> <object>"."""
    doc = framer.nlp("A federal judge in Ohio blocked the new rule on Monday and ordered a review.")
    actions, agents, targets = main_clause(next(iter(doc.sents)))
    assert {"block", "order"} <= actions
    assert "judge" in agents
    assert {"rule", "review"} <= targets


def test_a_document_signed_is_about_what_it_does(framer: Framer) -> None:
    """Construction: "signed an order to close the camps": the event is the clause on the object."""
    doc = framer.nlp("Governor Lena Marsh signed an order to close the river camps.")
    actions, _, targets = main_clause(next(iter(doc.sents)))
    assert "close" in actions and "sign" not in actions
    assert "camp" in targets


def test_background_clauses_leave_the_main_clause(framer: Framer) -> None:
    """Construction: a participial clause after the main one recalls other places ("…, escalating a tactic …")."""
    doc = framer.nlp("Forty migrants arrived in Portland on Friday, escalating a tactic that sent others to Denver.")
    kept = main_clause_span(next(iter(doc.sents))).text
    assert "Portland" in kept and "Denver" not in kept


def test_places_know_their_state_and_country() -> None:
    """Austin lies in Texas, Texas in the US; New York City does not lie in Texas."""
    austin = resolve_place("Austin")[0]
    texas = resolve_place("Texas")[0]
    assert austin.within(texas) and texas.within(Place("US", "US"))
    assert not resolve_place("New York City")[0].within(texas)


def test_two_places_conflict_a_country_never_does() -> None:
    ny = EventFrame(places=(resolve_place("New York City"),))
    tx = EventFrame(places=(resolve_place("Texas"),))
    el_paso = EventFrame(places=(resolve_place("El Paso"),))
    us = EventFrame(places=(resolve_place("United States"),))
    assert places_conflict(ny, tx)
    assert not places_conflict(tx, el_paso)
    assert not places_conflict(ny, us)
    assert not places_conflict(ny, EventFrame())


def test_weekdays_and_dates_resolve_against_publication() -> None:
    """ "on Monday" in a Wednesday report is two days back; "June 4" is this year's unless in the future."""
    wednesday = datetime(2026, 3, 11, 15, tzinfo=UTC)
    assert resolve_day("on Monday", wednesday) == date(2026, 3, 9)
    assert resolve_day("Wednesday", wednesday) == date(2026, 3, 11)
    assert resolve_day("June 4", wednesday) == date(2025, 6, 4)
    assert resolve_day("March 2, 2024", wednesday) == date(2024, 3, 2)
    assert resolve_day("last year", wednesday) is None


# ---------------------------------------------------------------- grouping rules


def test_one_event_in_three_outlets_is_one_story(framer: Framer) -> None:
    """Same event, different wording: what, who, where and when agree."""
    off = [("Lena Marsh", "governor")]
    a = art(
        1,
        "Governor Marsh signs order closing river camps",
        "A",
        hours_ago=10,
        officials=off,
        summary="Governor Lena Marsh on Tuesday signed an order closing the river camps outside Tucson.",
    )
    b = art(
        2,
        "Marsh orders river camps closed",
        "B",
        hours_ago=8,
        officials=off,
        summary="Arizona Governor Lena Marsh ordered the river camps near Tucson closed on Tuesday.",
    )
    c = art(
        3,
        "Arizona governor moves to shut Tucson river camps",
        "C",
        hours_ago=6,
        officials=off,
        summary="Governor Lena Marsh signed an order Tuesday to close the river camps near Tucson, Arizona.",
    )
    assert len(set(keys(group([a, b, c], framer=framer)).values())) == 1


def test_seed_scenario_one_official_two_places_two_days_apart(framer: Framer) -> None:
    """The issue's case: a meeting in New York and a border tour in Texas two days earlier share one official
    (and a lot of words) but are two events."""
    tour = art(
        1,
        "Border adviser Keller tours Texas border with governor",
        "Wire",
        hours_ago=50,
        officials=[("Tom Keller", "border adviser"), ("Rita Vance", "governor")],
        summary="Border adviser Tom Keller toured the Texas border on Tuesday with Governor Rita Vance, "
        "promising more deportations of migrants.",
    )
    meeting = art(
        2,
        "Mayor Whitfield meets border adviser Keller in New York",
        "Gazette",
        hours_ago=2,
        officials=[("Tom Keller", "border adviser"), ("Dana Whitfield", "mayor")],
        summary="New York Mayor Dana Whitfield met border adviser Tom Keller in New York City on Thursday "
        "to discuss deportations of migrants.",
    )
    stories = group([tour, meeting], framer=framer)
    assert len(stories) == 2
    later = next(s for s in stories if meeting in s.articles)
    item = item_of(later)
    assert item.headline == meeting.title and item.summary.endswith(meeting.summary)
    assert [s.outlet for s in item.sources] == ["Gazette"]


def test_one_official_two_happenings_in_one_place_stay_apart(framer: Framer) -> None:
    """Two different main events of one official the same week do not merge on the official; the later
    one records the earlier as the story it follows."""
    off = [("Ana Ruiz", "judge")]
    ruling = art(
        1,
        "Judge Ruiz blocks county detention rule",
        "A",
        hours_ago=30,
        officials=off,
        summary="Judge Ana Ruiz on Monday blocked the county's new detention rule for migrants.",
    )
    ruling2 = art(
        2,
        "Federal judge Ruiz halts detention rule",
        "B",
        hours_ago=28,
        officials=off,
        summary="Judge Ana Ruiz blocked the county detention rule for migrants on Monday.",
    )
    rebuke = art(
        3,
        "Chief justice rebukes senator over attack on Judge Ruiz",
        "C",
        hours_ago=3,
        officials=off + [("Mark Olsen", "chief justice")],
        summary="Chief Justice Mark Olsen on Wednesday rebuked a senator who had attacked Judge Ana Ruiz "
        "over her detention ruling.",
    )
    stories = group([ruling, ruling2, rebuke], framer=framer)
    k = keys(stories)
    assert k[1] == k[2] != k[3]
    later = next(s for s in stories if rebuke in s.articles)
    assert later.follows == k[1]
    assert item_of(later).summary.startswith("Follow-up to “")


def test_dates_of_the_event_must_agree(framer: Framer) -> None:
    """Same kind of news, same words, but the ledes date it three days apart: two events."""
    monday = art(
        1,
        "Council votes to fund migrant shelters",
        "A",
        hours_ago=70,
        summary="The Harbor City council voted on Monday to fund 4,000 shelter beds for migrants.",
        figures=[("4,000", 4000, "beds")],
    )
    thursday = art(
        2,
        "Harbor City council approves more beds",
        "B",
        hours_ago=1,
        summary="The Harbor City council on Thursday approved a second package of shelter beds for migrants.",
    )
    assert len(group([monday, thursday], framer=framer)) == 2


def test_shared_words_without_anything_else_do_not_merge(framer: Framer) -> None:
    """Moderately alike ledes need a person, figure, place or day in common."""
    a = art(1, "Agency expands detention", "A", summary="The agency expanded detention capacity, officials said.")
    b = art(2, "Detention capacity grows at jail", "B", summary="Capacity at a county jail grew after a vote.")
    assert len(group([a, b], framer=framer)) == 2


def test_reports_beyond_the_window_never_merge(framer: Framer) -> None:
    a = art(1, "Harbor City to close 12 migrant shelters by spring", "A", hours_ago=100)
    b = art(2, "Harbor City to close 12 migrant shelters by spring", "B", hours_ago=1)
    assert len(group([a, b], framer=framer)) == 2


def test_incremental_grouping_puts_a_new_report_in_its_story() -> None:
    """``EventGrouper.add`` one report at a time: a same-event report joins, an unrelated one does not."""
    g = EventGrouper()
    when = datetime(2026, 5, 1, 12, tzinfo=UTC)
    frame = EventFrame(people=frozenset({"marsh"}))
    first = g.add(when, terms("Marsh closes river camps", "Governor Marsh closed the river camps."), frame)
    g.add(when, terms("Storm warning on the coast", "A storm warning was issued for the coast."), EventFrame())
    same = g.add(
        when + timedelta(hours=2),
        terms("River camps closed by Marsh", "Governor Marsh closed the river camps on Friday."),
        frame,
    )
    assert same.story == first.story
    assert len(g.stories) == 2


# ---------------------------------------------------------------- digest items


def test_item_parts_come_from_the_story_and_one_lead(framer: Framer) -> None:
    """Headline and summary from the same report; each outlet once; figures and quote from the story."""
    off = [("Lena Marsh", "governor")]
    a = art(
        1,
        "Marsh signs order closing river camps",
        "Wire",
        hours_ago=5,
        officials=off,
        summary="Governor Lena Marsh on Tuesday signed an order closing the river camps near Tucson.",
        figures=[("1,200", 1200, "people in the camps")],
    )
    b = art(
        2,
        "Arizona governor closes Tucson river camps",
        "Wire",
        hours_ago=4,
        officials=off,
        summary="Governor Lena Marsh signed an order on Tuesday closing the river camps near Tucson.",
        quotes=[("Lena Marsh", "The camps close this week, and nobody will be left without a bed tonight.", "direct")],
    )
    other = art(
        3,
        "Storm warning issued for the northern coast",
        "Gazette",
        hours_ago=1,
        summary="A storm warning was issued for the northern coast.",
        figures=[("9,000", 9000, "homes")],
    )
    digest = build_digest([a, b, other], since=NOW - timedelta(days=1), now=NOW)
    item = next(i for i in digest.items if 1 in i.article_ids)
    lead = {1: a, 2: b}[next(i for i in (1, 2) if {1: a, 2: b}[i].title == item.headline)]
    assert item.summary == lead.summary
    assert [s.outlet for s in item.sources] == ["Wire"]
    assert [t for t, _ in item.figures] == ["1,200"]
    assert item.quote is not None and item.quote.speaker == "Lena Marsh"


# ---------------------------------------------------------------- the command


def test_stories_command_writes_one_line_per_article(tmp_path: Path) -> None:
    from handlers.cli import cli

    rows = [
        {
            "id": "x1",
            "title": "Marsh signs order closing river camps",
            "outlet": "Wire",
            "url": None,
            "published": "2026-05-05T10:00:00Z",
            "text": "Arizona Governor Lena Marsh on Tuesday signed an order closing the river camps near Tucson.",
        },
        {
            "id": "x2",
            "title": "Arizona governor closes Tucson river camps",
            "outlet": "Gazette",
            "url": None,
            "published": "2026-05-05T14:00:00Z",
            "text": "Arizona Governor Lena Marsh signed an order on Tuesday closing the river camps near Tucson.",
        },
        {
            "id": "x3",
            "title": "Storm warning for the northern coast",
            "outlet": "Wire",
            "url": None,
            "published": "2026-05-05T15:00:00Z",
            "text": "A storm warning was issued for the northern coast.",
        },
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["stories", "--jsonl", str(src)], env={"NEWSBOT_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [o["id"] for o in out] == ["x1", "x2", "x3"]
    assert out[0]["story"] == out[1]["story"] != out[2]["story"]
