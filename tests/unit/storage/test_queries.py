"""The query layer behind /whosaid, /officials, /figures, /news and autocomplete, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from bot.models import Extraction, Figure, Official, Quote
from bot.storage import Store
from bot.storage.areas import queries
from tests.storage_fixtures import T0, add, seed_extraction

LATER = T0 + timedelta(days=3)


async def _seeded(store: Store) -> int:
    aid = await add(store, 1, published=T0)
    await store.save_extraction(aid, seed_extraction())
    return aid


async def _second_adams(store: Store) -> int:
    """A congressman who shares the mayor's surname, in a later article."""
    aid = await add(store, 2, published=LATER, title="Congress debates asylum funding")
    await store.save_extraction(aid, Extraction(
        relevant=True, relevance=0.8, summary="A House vote on asylum funding.",
        officials=[Official("Jerry Adams", "U.S. Representative", aliases=["Adams"])],
        quotes=[Quote("This bill funds more asylum judges.", "Adams", "direct", cue="said")],
        figures=[Figure("$1.5 billion", 1.5e9, "asylum court funding", unit="dollars",
                        sentence="The bill sets aside $1.5 billion for immigration courts.")],
    ))
    return aid


async def test_whosaid_finds_indirect_quote_by_surname(store: Store) -> None:
    await _seeded(store)
    result = await store.whosaid("Homan")
    assert result.person is not None and result.person.name == "Tom Homan"
    assert result.person.title == "incoming border czar"
    assert "Homan" in result.person.aliases
    [quote] = result.quotes
    assert quote.kind == "indirect" and quote.cue == "warned"
    assert quote.text.startswith("local leaders should either work with federal")
    assert (quote.source, quote.url, quote.article_title) == ("Example News", "https://news.example/a/1", "Story number 1")
    assert quote.published == T0


async def test_whosaid_tolerates_typos_and_nicknames(store: Store) -> None:
    await _seeded(store)
    for query in ("Homna", "homan", "Thomas Homan", "Tom Homan", "T. Homan", "border czar"):
        result = await store.whosaid(query)
        assert result.person is not None and result.person.name == "Tom Homan", query


@contextmanager
def _statements(store: Store) -> Iterator[list[str]]:
    """The SQL the store sends while the block runs."""
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        sent.append(statement)

    event.listen(store.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(store.engine.sync_engine, "before_cursor_execute", record)


def _used_name_index(statements: list[str]) -> bool:
    return any("people_fts" in st or "<<->" in st for st in statements)


async def test_whosaid_looks_exact_names_up_by_surname_and_others_through_the_name_index(store: Store) -> None:
    await _seeded(store)
    await _second_adams(store)
    with _statements(store) as sent:
        for query in ("Tom Homan", "Eric Adams", "Adams"):
            result = await store.whosaid(query)
            assert result.person is not None or len(result.candidates) == 2, query
    assert sent and not _used_name_index(sent)  # answered through the surname index alone
    # a name written differently (nickname with a typo) still finds the same person, through the trigrams
    with _statements(store) as sent:
        assert (await store.whosaid("Thomas Homna")).person.name == "Tom Homan"
    assert _used_name_index(sent)


async def test_whosaid_returns_candidates_when_ambiguous(store: Store) -> None:
    await _seeded(store)
    await _second_adams(store)
    result = await store.whosaid("Adams")
    assert result.person is None and result.quotes == []
    assert {(c.name, c.title) for c in result.candidates} == {
        ("Eric Adams", "New York City Mayor"), ("Jerry Adams", "U.S. Representative"),
    }
    assert all(c.mentions == 1 and c.last_seen is not None for c in result.candidates)
    eric = await store.whosaid("Eric Adams")
    assert eric.person is not None and eric.person.name == "Eric Adams"
    assert [q.kind for q in eric.quotes] == ["direct", "indirect"]  # same day: article order
    jerry = await store.whosaid("Jerry Adams")
    assert [q.text for q in jerry.quotes] == ["This bill funds more asylum judges."]  # "Adams" resolved locally


async def test_candidates_are_ranked_by_mentions_counted_up_to_a_bound(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _seeded(store)
    await _second_adams(store)
    aid = await add(store, 3, published=LATER + timedelta(days=1), title="Mayor visits a shelter")
    await store.save_extraction(aid, Extraction(
        relevant=True, relevance=0.9, summary="The mayor toured a shelter.",
        officials=[Official("Eric Adams", "New York City Mayor", aliases=["Adams"])],
    ))
    by_name = {c.name: c for c in (await store.whosaid("Adams")).candidates}
    assert [c.name for c in (await store.whosaid("Adams")).candidates] == ["Eric Adams", "Jerry Adams"]
    assert (by_name["Eric Adams"].mentions, by_name["Eric Adams"].last_seen) == (2, LATER + timedelta(days=1))
    monkeypatch.setattr(queries, "MENTIONS_COUNTED", 1)
    assert {c.mentions for c in (await store.whosaid("Adams")).candidates} == {1}


async def test_surname_with_matching_title_attaches_to_the_right_namesake(store: Store) -> None:
    await _seeded(store)
    await _second_adams(store)
    aid = await add(store, 3, published=LATER + timedelta(days=1))
    await store.save_extraction(aid, Extraction(relevant=True, relevance=0.7, officials=[Official("Adams", "mayor")],
                                                quotes=[Quote("The shelters will close.", "Adams", "direct")]))
    eric = await store.whosaid("Eric Adams")
    assert eric.quotes[0].text == "The shelters will close."
    assert len((await store.whosaid("Adams")).candidates) == 2  # still two people


async def test_whosaid_unknown_name_gives_suggestions(store: Store) -> None:
    await _seeded(store)
    result = await store.whosaid("Awad")
    assert result.person is None and result.candidates == [] and result.quotes == []
    assert result.suggestions and result.suggestions[0] == "Murad Awawdeh"
    assert (await store.whosaid("Qwxyz")).suggestions == []


async def test_whosaid_since_and_limit(store: Store) -> None:
    await _seeded(store)
    later = await add(store, 5, published=LATER)
    await store.save_extraction(later, Extraction(relevant=True, relevance=0.9, officials=[
        Official("Tom Homan", "border czar")], quotes=[Quote("Deportations start on day one.", "Tom Homan", "direct")]))
    assert (await store.whosaid("Homan")).quotes[0].text == "Deportations start on day one."
    assert len((await store.whosaid("Homan")).quotes) == 2
    assert len((await store.whosaid("Homan", since=LATER - timedelta(hours=1))).quotes) == 1
    assert len((await store.whosaid("Homan", limit=1)).quotes) == 1
    assert (await store.whosaid("Homan")).person.title == "border czar"  # the latest title wins


async def test_officials_counts_and_filters(store: Store) -> None:
    await _seeded(store)
    await _second_adams(store)
    later = await add(store, 6, published=LATER)
    await store.save_extraction(later, Extraction(relevant=True, relevance=0.9,
                                                  officials=[Official("Tom Homan", "border czar")]))
    rows = await store.officials(None)
    assert rows[0].name == "Tom Homan" and rows[0].mentions == 2 and rows[0].last_seen == LATER
    assert "Adam Shaw" not in {r.name for r in rows}
    assert [r.name for r in await store.officials("czar")] == ["Tom Homan"]  # by title
    assert [r.name for r in await store.officials("Awawdeh")] == ["Murad Awawdeh"]  # by name
    assert {r.name for r in await store.officials("Adams")} == {"Eric Adams", "Jerry Adams"}
    recent = await store.officials(None, since=LATER - timedelta(hours=1))
    assert {r.name for r in recent} == {"Tom Homan", "Jerry Adams"}
    assert next(r for r in recent if r.name == "Tom Homan").mentions == 1
    assert len(await store.officials(None, limit=2)) == 2


async def test_figures_query(store: Store) -> None:
    await _seeded(store)
    await _second_adams(store)
    assert [f.text for f in await store.figures(None)] == ["$1.5 billion", "225,000", "25"]
    [shelters] = await store.figures("shelters")
    assert (shelters.value, shelters.unit, shelters.article_title) == (25, "shelters", "Story number 1")
    assert [f.text for f in await store.figures("migrants 2022")] == ["225,000"]
    assert [f.text for f in await store.figures(None, since=LATER)] == ["$1.5 billion"]
    assert await store.figures("100%_") == []  # LIKE wildcards are escaped


async def test_news_query_and_relevance(store: Store) -> None:
    await _seeded(store)
    await _second_adams(store)
    off_topic = await add(store, 9, published=LATER + timedelta(days=1), title="Local team wins the final")
    await store.save_extraction(off_topic, Extraction(relevant=False, relevance=0.05))
    assert [a.title for a in await store.news(None)] == ["Congress debates asylum funding", "Story number 1"]
    assert len(await store.news(None, relevant_only=False)) == 3
    [hit] = await store.news("border czar")  # the summary matches
    assert hit.summary.startswith("The mayor and the incoming border czar")
    assert len(hit.quotes) == 5 and len(hit.figures) == 2
    assert [a.title for a in await store.news("asylum", limit=1)] == ["Congress debates asylum funding"]


async def test_news_matches_stemmed_words_and_follows_changes_to_the_text(store: Store) -> None:
    aid = await add(store, 1, published=T0, text="Volunteers opened two warming centers near the bus depot.")
    await store.save_extraction(aid, Extraction(relevant=True, relevance=0.8, summary="Shelters fill up."))
    assert [a.id for a in await store.news("center volunteer")] == [aid]  # plural and singular, any order
    assert [a.id for a in await store.news("shelter")] == [aid]  # the summary saved by the extraction
    assert await store.news("warming stadium") == []  # every word must match
    assert await store.news("cent") == []  # words, not substrings
    assert await store.news('"; DROP TABLE articles; --') == []  # query syntax is never interpreted
    await store.save_extraction(aid, Extraction(relevant=True, relevance=0.8, summary="Buses arrive at night."))
    assert await store.news("shelter") == []  # re-extraction replaced the summary, and the index with it
    assert [a.id for a in await store.news("buses")] == [aid]


async def test_articles_since_attaches_facts(store: Store) -> None:
    await _seeded(store)
    await _second_adams(store)
    rows = await store.articles_since(LATER - timedelta(hours=1))
    assert [r.title for r in rows] == ["Congress debates asylum funding"]
    [row] = rows
    assert [o.name for o in row.officials] == ["Jerry Adams"] and row.officials[0].title == "U.S. Representative"
    assert [q.speaker for q in row.quotes] == ["Jerry Adams"]
    assert [f.counts for f in row.figures] == ["asylum court funding"]


async def test_known_names_autocomplete(store: Store) -> None:
    await _seeded(store)
    await _second_adams(store)
    assert await store.known_names("Ho") == ["Tom Homan"]
    assert await store.known_names("tom") == ["Tom Homan"]
    assert set(await store.known_names("Adam")) == {"Eric Adams", "Jerry Adams", "Adam Shaw"}
    assert await store.known_names("adams", limit=1) in (["Eric Adams"], ["Jerry Adams"])
    assert await store.known_names("zz") == []
