"""Store.whosaid on SQLite and PostgreSQL: pages, totals, about: through each full-text index, one entry per
statement across outlets, and no answer for a near name."""

from __future__ import annotations

from datetime import timedelta

from bot.models import Extraction, Official, Quote
from bot.storage.repo import Store
from tests import storage_fixtures
from tests.storage_fixtures import T0, add

backend = storage_fixtures.backend  # the fixtures: each test runs on SQLite and on PostgreSQL
store = storage_fixtures.store

SAID = [
    "the county would hire forty more caseworkers for asylum families",
    "the shelter on Dock Street would stay open through the winter",
    "sanctuaries for workers who report wage theft would stay",
    "the ferry crossing needed two more inspectors by spring",
]
WIRE = "We are not going to turn away families who have waited years for a hearing"


def extraction(quotes: list[Quote]) -> Extraction:
    return Extraction(
        relevant=True,
        relevance=0.9,
        summary="A county executive on shelters.",
        officials=[Official("Nora Quill", "county executive", aliases=["Quill"])],
        quotes=quotes,
    )


async def seeded(target: Store) -> None:
    for n, words in enumerate(SAID):
        article = await add(target, n, text=f"Nora Quill said {words}.", published=T0 - timedelta(days=n))
        await target.save_extraction(article, extraction([Quote(words, "Nora Quill", "indirect", cue="said")]))
    for n in (10, 11):  # the same wire quote, two outlets, one stored twice
        article = await add(
            target, n, text=f"“{WIRE},” Quill said.", published=T0 + timedelta(hours=n), source=f"Outlet {n}"
        )
        await target.save_extraction(article, extraction([Quote(WIRE + ",", "Quill", "direct", cue="said")]))


async def test_pages_totals_and_sources(store: Store) -> None:
    await seeded(store)
    first = await store.whosaid("Quill", limit=2)
    assert first.person is not None and first.person.name == "Nora Quill"
    assert first.total == len(SAID) + 1 and first.has_more
    [wire, newest] = first.quotes
    assert WIRE in wire.text and len(wire.all_sources()) == 2
    assert newest.text == SAID[0]
    rest = [q.text for page in (2, 3) for q in (await store.whosaid("Quill", limit=2, page=page)).quotes]
    assert rest == SAID[1:]


async def test_about_goes_through_the_full_text_index(store: Store) -> None:
    await seeded(store)
    found = await store.whosaid("Nora Quill", about="sanctuary")
    assert [q.text for q in found.quotes] == [SAID[2]] and found.total == 1
    assert (await store.whosaid("Nora Quill", about="inspector")).quotes[0].text == SAID[3]
    since = await store.whosaid("Nora Quill", about="shelter", since=T0 - timedelta(hours=12))
    assert since.quotes == []  # the shelter statement is older than the window


async def test_a_near_name_is_a_suggestion(store: Store) -> None:
    await seeded(store)
    near = await store.whosaid("Quil")
    assert near.person is None and near.quotes == [] and near.suggestions == ["Nora Quill"]
    title_word = await store.whosaid("county")
    assert title_word.person is None and title_word.suggestions == []
