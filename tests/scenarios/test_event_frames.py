"""#15: an article's event frame is read once, at extraction, and stored with it; the poster groups from stored
frames without a spaCy pipeline. A process killed between storing an article and storing its frame loses
nothing: on restart the frame is read, the grouping is the one an uninterrupted run makes, and every story is
posted once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest

from bot.ingest.processor import Processor
from bot.models import Extraction, FeedItem
from bot.publishing.frames import Framer
from bot.publishing.poster_loop import Dispatcher
from bot.publishing.stories import group
from bot.storage.areas import articles as articles_area
from bot.storage.repo import Store
from tests.fakes.dispatch import NOW, Clock, FakePublisher, channel, settings
from tests.support import shared_extractor

LEASE_S = 60.0
# (headline, outlet, hours before NOW, text): two outlets on one council vote, the same mayor at another event
# in another state, and a storm (our own wording)
REPORTS = [
    ("Harbor City council approves $42 million for migrant shelters", "Capitol Wire", 5,
     "AUGUSTA, Maine — The Harbor City council voted 9-2 on Sunday to spend $42 million on emergency shelters "
     "for migrants this winter. Mayor Lena Park said no family would sleep outside.\n\n"
     "The money comes from the city's reserve fund, council members said."),
    ("Council backs $42 million shelter budget for migrants", "Harbor Tribune", 4,
     "AUGUSTA, Maine — The Harbor City council approved $42 million for emergency migrant shelters on Sunday "
     "in a 9-2 vote backed by Mayor Lena Park.\n\nCouncil members debated the plan for three hours."),
    ("Mayor Park tours Texas border crossing to study migrant shelters", "Coastal Post", 2,
     "EL PASO, Texas — Harbor City Mayor Lena Park toured a border crossing in El Paso on Saturday to study "
     "how migrant shelters there are run. She met county officials and aid workers.\n\n"
     "Park said she wanted to learn before the winter."),
    ("Winter storm closes northern coast highway", "Gazette", 1,
     "A winter storm closed the northern coast highway on Sunday, state police said. Drivers were told to stay "
     "home.\n\nCrews expect to reopen the road on Tuesday."),
]


class Killed(BaseException):
    """The process dies here (not an error the code may catch and go on from)."""


async def open_store(path: Path) -> Store:
    return await Store.open(f"sqlite+aiosqlite:///{path}")


async def store_reports(store: Store) -> list[int]:
    ids = []
    for n, (title, outlet, hours, text) in enumerate(REPORTS):
        it = FeedItem(feed_url="", guid=f"g{n}", url=f"https://{outlet.lower().replace(' ', '')}.example/{n}",
                      title=title, published=NOW - timedelta(hours=hours), source=outlet)
        aid = await store.add_article(it, feed_id=None, text=text, canonical_url=it.url or "",
                                      content_hash=f"h{n}", announce=True)
        assert aid is not None
        ids.append(aid)
    return ids


def processor(store: Store, owner: str, clock: Clock) -> Processor:
    return Processor(store, shared_extractor(), batch=10, owner=owner, lease_s=LEASE_S, clock=clock)


def no_pipeline() -> Framer:
    """A framer that fails if it ever needs to parse: grouping must read every frame from the store."""
    return Framer(model="no_such_spacy_pipeline")


async def grouping(store: Store) -> set[frozenset[str]]:
    """The stories of the stored reports, as sets of headlines, grouped from stored frames only."""
    articles = await store.articles_since(NOW - timedelta(days=3), relevant_only=False, announced_only=False)
    framer = no_pipeline()
    stories = group(articles, framer=framer)
    assert framer.parsed == 0
    return {frozenset(a.title for a in s.articles) for s in stories}


def posted_keys(pub: FakePublisher) -> list[str]:
    return [k for m in pub.messages for k in m.keys]


async def test_frames_are_stored_at_extraction_and_the_poster_never_parses(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "clean.db")
    try:
        await store_reports(store)
        assert await processor(store, "w1", Clock(NOW)).process_pending() == len(REPORTS)
        articles = await store.articles_since(NOW - timedelta(days=3), relevant_only=False, announced_only=False)
        assert all(a.event_frame for a in articles)
        stories = await grouping(store)
        assert frozenset({REPORTS[0][0], REPORTS[1][0]}) in stories  # one vote, two outlets: one story
        assert frozenset({REPORTS[2][0]}) in stories  # the mayor at another event, elsewhere: its own story
        await channel(store)
        d = Dispatcher(store, settings(), {"slack": (pub := FakePublisher())}, clock=Clock(NOW), charts=False)
        d.framer = no_pipeline()
        await d.run_once()
        assert pub.digests() and d.framer.parsed == 0
    finally:
        await store.close()


async def uninterrupted_grouping(path: Path) -> set[frozenset[str]]:
    """The grouping of the reports when nothing is interrupted: the outcome a killed run must reach."""
    clean = await open_store(path)
    try:
        await store_reports(clean)
        await processor(clean, "w1", Clock(NOW)).process_pending()
        return await grouping(clean)
    finally:
        await clean.close()


async def test_killed_between_storing_the_article_and_its_frame_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = await uninterrupted_grouping(tmp_path / "clean.db")

    path = tmp_path / "killed.db"
    store = await open_store(path)
    ids = await store_reports(store)

    def dies_before_marking(*_: object) -> None:
        raise Killed  # the batch's quotes, figures and mentions are written; its frames and marks are not

    # a batch's extractions are saved in one transaction: killed inside it, the batch leaves nothing half-saved
    monkeypatch.setattr(articles_area, "_mark_extracted", dies_before_marking)
    with pytest.raises(Killed):
        await processor(store, "w1", Clock(NOW)).process_pending()
    monkeypatch.undo()
    await store.close()
    store = await open_store(path)
    try:
        pending = await store.articles_since(NOW - timedelta(days=3), relevant_only=False, announced_only=False)
        assert sorted(a.id for a in pending) == sorted(ids)
        assert not any(a.event_frame or a.quotes for a in pending)  # nothing of the killed batch was kept
    finally:
        await store.close()

    store = await open_store(path)  # restart: another worker, once the dead one's leases have run out
    try:
        later = Clock(NOW + timedelta(seconds=LEASE_S + 1))
        assert await processor(store, "w2", later).process_pending() == len(REPORTS)
        articles = await store.articles_since(NOW - timedelta(days=3), relevant_only=False, announced_only=False)
        assert all(a.event_frame for a in articles)
        assert await grouping(store) == expected
        await channel(store)
        pub = FakePublisher()
        for _ in range(2):  # a round, and a restarted poster's round: each story posted once
            d = Dispatcher(store, settings(), {"slack": pub}, clock=later, charts=False)
            d.framer = no_pipeline()
            await d.run_once()
        keys = posted_keys(pub)
        assert keys and len(keys) == len(set(keys))
    finally:
        await store.close()


async def legacy_extraction(store: Store) -> None:
    """Extract the stored reports as before frames were stored: everything but the frame."""
    pending = await store.lease_pending("old", 10, LEASE_S, now=NOW)
    results = shared_extractor().extract_many([a.to_input() for a in pending])
    for a, ex in zip(pending, results, strict=True):
        assert isinstance(ex, Extraction)
        ex.frame = None
        await store.save_extraction(a.id, ex)


def frames_of(articles: Sequence[object]) -> list[object]:
    return [getattr(a, "event_frame", None) for a in articles]


async def test_articles_extracted_before_frames_get_theirs_once_even_if_killed_before_storing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = await uninterrupted_grouping(tmp_path / "clean.db")

    path = tmp_path / "legacy.db"
    store = await open_store(path)
    await store_reports(store)
    await legacy_extraction(store)
    await channel(store)
    pub = FakePublisher()

    async def dies(frames: object) -> int:
        raise Killed  # frames read by the poster, the process dies before storing them (and before posting)

    monkeypatch.setattr(store, "save_frames", dies)
    first = Dispatcher(store, settings(), {"slack": pub}, clock=Clock(NOW), charts=False)
    first.framer = Framer(nlp=shared_extractor().nlp)
    with pytest.raises(Killed):
        await first.run_once()
    await store.close()
    assert pub.messages == []

    store = await open_store(path)
    try:
        again = Dispatcher(store, settings(), {"slack": pub}, clock=Clock(NOW), charts=False)
        again.framer = Framer(nlp=shared_extractor().nlp)
        await again.run_once()
        assert again.framer.parsed == len(REPORTS)  # read once each, then stored
        articles = await store.articles_since(NOW - timedelta(days=3), relevant_only=False, announced_only=False)
        assert all(frames_of(articles))
        assert await grouping(store) == expected  # a frame read late groups as one read at extraction
        last = Dispatcher(store, settings(), {"slack": pub}, clock=Clock(NOW), charts=False)
        last.framer = no_pipeline()
        await last.run_once()
        keys = posted_keys(pub)
        assert keys and len(keys) == len(set(keys))
    finally:
        await store.close()
