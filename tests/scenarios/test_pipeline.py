"""The article flow end to end on loopback: feeds → poller → store → extractor."""


from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import text as sql_text

from bot.feeds.http import FeedFetcher
from bot.feeds.limits import TEXT_MAX_CHARS, TITLE_MAX_CHARS
from bot.ingest.items import ingest_texts
from bot.ingest.poller import Poller
from bot.ingest.processor import Processor
from bot.models import ArticleInput, FeedItem
from bot.nlp.document import parse_articles
from bot.storage import migrate
from bot.storage.repo import Store
from config.settings import FeedConfig, HttpSettings, PollSettings, Settings
from tests import storage_fixtures
from tests.storage_fixtures import Backend
from tests.support import shared_extractor

BODY = (
    "Harbor City Mayor Lena Park said on Monday that the city would open two more shelters for asylum "
    "seekers, bringing the total to 14. \"We will not leave families on the street,\" Park said. "
) * 4


def rss(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f"<item><guid>{g}</guid><title>{t}</title><link>{link}</link>"
        f"<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate><description>{BODY}</description></item>"
        for g, t, link in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'


def atom(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f"<entry><id>{g}</id><title>{t}</title><link href=\"{link}\"/>"
        f"<updated>2026-11-23T11:00:00Z</updated><content type=\"text\">{BODY}</content></entry>"
        for g, t, link in items
    )
    return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title>'
            f"<id>urn:ledger</id><updated>2026-11-23T11:00:00Z</updated>{entries}</feed>")


class Feeds:
    """A loopback server with two healthy feeds sharing one story URL, and one broken feed."""

    def __init__(self) -> None:
        self.rss_items = [("wire-1", "Shelters expand", "https://wire.example/a/1?utm_source=rss"),
                          ("wire-2", "Court backlog grows", "https://wire.example/a/2")]
        self.atom_items = [("urn:ledger:9", "Shelters expand (syndicated)", "https://wire.example/a/1#top")]
        app = web.Application()
        app.router.add_get("/rss", lambda r: web.Response(text=rss(self.rss_items), content_type="application/rss+xml"))
        app.router.add_get("/atom", lambda r: web.Response(text=atom(self.atom_items),
                                                           content_type="application/atom+xml"))
        app.router.add_get("/broken", lambda r: web.Response(status=500, text="boom"))
        self.server = TestServer(app, host="127.0.0.1")

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))


@pytest.fixture
async def feeds():
    f = Feeds()
    await f.server.start_server()
    yield f
    await f.server.close()


store = storage_fixtures.sqlite_store


def settings_for(feeds: Feeds, sqlite_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{sqlite_path}",
        feeds=[FeedConfig(url=feeds.url(p), name=p) for p in ("/rss", "/atom", "/broken")],
        http=HttpSettings(allow_private_addresses=True, fetch_full_text=False, total_timeout=5),
        poll=PollSettings(interval=60, backoff_base=30),
    )


async def test_poll_dedupes_across_feeds_marks_broken_feed_and_goes_on(feeds: Feeds, store: Store, sqlite_path: Path):
    settings = settings_for(feeds, sqlite_path)
    await store.sync_feeds(settings.feeds)
    now = datetime.now(UTC)
    async with FeedFetcher(settings.http) as fetcher:
        stats = await Poller(store, fetcher, settings, clock=lambda: now).poll_due()
    assert (stats.feeds, stats.ok, stats.errors) == (3, 2, 1)
    assert stats.new_articles == 2 and stats.duplicates == 1  # the syndicated copy is the same canonical URL

    by_url = {f.url: f for f in await store.list_feeds()}
    broken = by_url[feeds.url("/broken")]
    assert broken.failures == 1 and broken.last_error_kind == "http_5xx"
    assert broken.next_poll_at is not None and broken.next_poll_at > now
    healthy = by_url[feeds.url("/rss")]
    assert healthy.failures == 0 and healthy.last_success_at is not None

    # nothing is due again until the interval has passed
    assert await store.due_feeds(now + timedelta(seconds=1), 10) == []


async def test_first_fetch_is_stored_not_announced_then_new_items_are(feeds: Feeds, store: Store, sqlite_path: Path):
    settings = settings_for(feeds, sqlite_path)
    await store.sync_feeds(settings.feeds[:1])
    now = datetime.now(UTC)
    async with FeedFetcher(settings.http) as fetcher:
        poller = Poller(store, fetcher, settings, clock=lambda: now)
        await poller.poll_due()
        feeds.rss_items.append(("wire-3", "Visa office reopens", "https://wire.example/a/3"))
        poller.clock = lambda: now + timedelta(minutes=5)
        stats = await poller.poll_due()
    assert stats.new_articles == 1
    await Processor(store, shared_extractor()).process_pending()
    articles = await store.articles_since(now - timedelta(days=30), relevant_only=False, announced_only=False)
    announced = {a.title: a.announce for a in articles}
    assert announced == {"Shelters expand": False, "Court backlog grows": False, "Visa office reopens": True}


async def test_processor_extracts_each_article_once(feeds: Feeds, store: Store, sqlite_path: Path):
    settings = settings_for(feeds, sqlite_path)
    await store.sync_feeds(settings.feeds[:1])
    async with FeedFetcher(settings.http) as fetcher:
        await Poller(store, fetcher, settings).poll_due()
    processor = Processor(store, shared_extractor())
    assert await processor.process_pending() == 2
    assert await processor.process_pending() == 0
    found = await store.whosaid("Park")
    assert found.person is not None and found.person.name == "Lena Park"
    assert any("families on the street" in q.text for q in found.quotes)


# --- bounded work per item ---------------------------------------------------------------------------


def _capped_events(caplog: pytest.LogCaptureFixture) -> list[dict]:
    return [r.msg for r in caplog.records if isinstance(r.msg, dict) and r.msg.get("event") == "item.capped"]


async def test_oversized_fields_are_capped_on_the_way_in_and_stored_once(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    """A feed whose title, link, GUID, author and text are each far over any sane size is stored with every
    field within its limit and its database column (on PostgreSQL a long source or link failed the insert),
    says so in one log line, and is recognised as the same item when it comes round again."""
    title = "Shelter capacity " * 58_250  # 990,250 characters
    link = "https://wire.example/a/" + "x" * 3_000
    guid = "urn:wire:" + "g" * 3_000
    text = ("The county opened another shelter for asylum seekers on Monday. " * 2_000).strip()  # 130,000
    feed_title = "The Harbor City Wire, " * 30  # 660: the source of its items, as no name is configured
    doc = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{feed_title}</title><item>'
           f"<guid isPermaLink=\"false\">{guid}</guid><title>{title}</title><link>{link}</link>"
           f"<author>desk@wire.example ({'Desk ' * 100})</author><description>{text}</description></item>"
           "</channel></rss>")
    app = web.Application()
    app.router.add_get("/rss", lambda r: web.Response(text=doc, content_type="application/rss+xml"))
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    engine = backend.engine()
    await migrate(engine)
    store = Store(engine)
    try:
        settings = Settings(feeds=[FeedConfig(url=str(server.make_url("/rss")))],
                            http=HttpSettings(allow_private_addresses=True, fetch_full_text=False))
        await store.sync_feeds(settings.feeds)
        async with FeedFetcher(settings.http) as fetcher:
            poller = Poller(store, fetcher, settings)
            first = await poller.poll_due(force=True)
            again = await poller.poll_due(force=True)
        assert (first.errors, first.new_articles) == (0, 1)
        assert (again.errors, again.new_articles, again.duplicates) == (0, 0, 1)
        events = _capped_events(caplog)
        assert len(events) == 2  # one line per poll that met the item, naming every field it cut
        assert set(events[0]["chars"]) == {"title", "url", "guid", "author", "source", "summary"}
        assert events[0]["chars"]["title"] == len(title.strip())
        async with engine.connect() as conn:
            row = (await conn.execute(sql_text(
                "SELECT title, url, canonical_url, guid, source, text FROM articles"))).one()
            (stored_feed_title,) = (await conn.execute(sql_text("SELECT title FROM feeds"))).one()
        assert len(row.title) <= TITLE_MAX_CHARS and row.title.startswith("Shelter capacity") and row.title[-1] == "…"
        assert row.url is None and row.canonical_url is None  # a cut link would lead elsewhere
        assert row.guid.startswith("sha256:")
        assert len(row.source) <= 200 and row.source.startswith("The Harbor City Wire")
        assert len(row.text) <= TEXT_MAX_CHARS and row.text.startswith("The county opened")
        assert len(stored_feed_title) <= 500
    finally:
        await store.close()
        await server.close()


async def test_ingested_title_is_capped_and_extraction_reads_at_most_the_cap(store: Store) -> None:
    title = "Mayor Lena Park announces shelters " * 3_000  # 105,000 characters
    (article_id,) = await ingest_texts(store, [(FeedItem(feed_url="", guid=None, url=None, title=title), BODY)])
    assert article_id is not None
    (stored,) = await store.articles_since(datetime(2000, 1, 1, tzinfo=UTC), relevant_only=False,
                                           announced_only=False)
    assert len(stored.title) <= TITLE_MAX_CHARS
    # a row stored before titles were capped is still read only up to the cap
    (adoc,) = parse_articles(shared_extractor().nlp, [ArticleInput(text=BODY, title=title)])
    assert adoc.title is not None and len(adoc.title.text) <= TITLE_MAX_CHARS
    assert await Processor(store, shared_extractor()).process_pending() == 1
