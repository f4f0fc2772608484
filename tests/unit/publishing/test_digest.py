"""Digest building: stories merged across outlets, ranked, with officials, figures and the best quote."""

from dataclasses import replace
from datetime import timedelta

from bot.publishing.digest import build_digest, is_stored_news
from bot.publishing.stories import cluster
from tests.builders import NOW, art


def test_same_event_from_two_outlets_is_one_story() -> None:
    a = art(1, "Harbor City to close 12 migrant shelters by spring", "Capitol Wire", 5)
    b = art(2, "Harbor City will close a dozen migrant shelters by spring, mayor says", "Harbor Tribune", 3)
    c = art(3, "Storm warning issued for the northern coast", "Capitol Wire", 1)
    stories = cluster([a, b, c])
    assert sorted(len(s) for s in stories) == [1, 2]
    d = build_digest([a, b, c], since=NOW - timedelta(days=1), now=NOW)
    merged = next(i for i in d.items if len(i.sources) == 2)
    assert {s.outlet for s in merged.sources} == {"Capitol Wire", "Harbor Tribune"}
    assert merged.story_key == "a1"  # keyed by the first article, so reposts are recognised


def test_shared_official_and_similar_lede_merge() -> None:
    lede = "The immigration court backlog passed three million cases, Director Ana Ruiz said on Monday."
    a = art(1, "Court backlog tops three million", "A", summary=lede, officials=[("Ana Ruiz", "director")])
    b = art(2, "Ruiz: backlog keeps growing", "B", summary=lede.replace("Monday", "Tuesday"),
            officials=[("Ana Ruiz", None)])
    assert len(cluster([a, b])) == 1


def test_best_quote_prefers_a_direct_quote_of_readable_length() -> None:
    a = art(1, "Shelter plan", "A", quotes=[
        ("Lena Park", "the plan would save money", "indirect"),
        ("Lena Park", "We will not leave a single family without a roof this winter, whatever it costs.", "direct"),
        ("Lena Park", "Yes.", "direct"),
    ])
    item = build_digest([a], since=NOW - timedelta(days=1), now=NOW).items[0]
    assert item.quote is not None and item.quote.text.startswith("We will not leave")
    assert item.quote.speaker == "Lena Park" and item.quote.outlet == "A"


def test_ranking_prefers_recent_multi_outlet_relevant_stories() -> None:
    old = art(1, "Visa processing times fall", "A", hours_ago=40)
    fresh_a = art(2, "Border encounters drop for third month", "A", hours_ago=2)
    fresh_b = art(3, "Border encounters drop for a third straight month", "B", hours_ago=1)
    weak = art(4, "County fair opens", "C", hours_ago=1, relevance=0.2)
    d = build_digest([old, fresh_a, fresh_b, weak], since=NOW - timedelta(days=2), now=NOW, size=2)
    assert [i.headline for i in d.items] == ["Border encounters drop for third month", "Visa processing times fall"]


def test_officials_and_figures_are_collected_without_duplicates() -> None:
    a = art(1, "Budget for shelters", "A", officials=[("Lena Park", "mayor")],
            figures=[("$42 million", 42e6, "shelter budget")])
    b = art(2, "Budget for migrant shelters approved", "B", officials=[("Lena Park", None)],
            figures=[("$42 million", 42e6, "shelter budget")])
    item = build_digest([a, b], since=NOW - timedelta(days=1), now=NOW).items[0]
    assert item.officials == [("Lena Park", "mayor")]
    assert item.figures == [("$42 million", "shelter budget")]


def test_empty_digest_says_nothing_new() -> None:
    d = build_digest([], since=NOW - timedelta(hours=24), now=NOW)
    assert d.empty and "Nothing new since 2026-11-24 12:00" in d.empty_message


def test_stored_news_goes_by_when_newsbot_stored_it() -> None:
    last = NOW - timedelta(hours=6)  # the channel's last digest
    late = replace(art(1, "Dated before the last digest", "Outlet", hours_ago=6.2), stored_at=last + timedelta(minutes=5))
    seen = replace(art(2, "Stored before the last digest", "Outlet", hours_ago=5), stored_at=last - timedelta(minutes=1))
    first_fetch = replace(late, id=3, announce=False)
    backfill = replace(art(4, "An old item, stored late", "Outlet", hours_ago=5 * 24), stored_at=NOW)
    oldest = NOW - timedelta(days=4)
    assert [is_stored_news(a, last, oldest) for a in (late, seen, first_fetch, backfill)] == [True, False, False, False]
