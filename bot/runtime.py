"""Wiring of the core: store, fetcher, extractor and service built from Settings, and the core loops.

The CLI, the demo and the Procfile processes (``handlers/app.py``) all build on these, so every entry
point runs the same code.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from bot.commands.service import CommandService
from bot.errors import NewsbotError
from bot.feeds.http import FeedFetcher
from bot.feeds.page import ArticlePage, fetch_article_page
from bot.infra.log import get_logger
from bot.ingest import Progress
from bot.ingest.bulk import BulkIngest, BulkSummary, Defaults, Source, default_processes, read_sources
from bot.ingest.items import ingest_texts
from bot.ingest.poller import Poller, PollStats
from bot.ingest.processor import Processor
from bot.models import ArticleInput, Extraction, FeedItem
from bot.nlp.extract import Extractor
from bot.storage.db import DatabaseError
from bot.storage.repo import Store
from config.settings import Settings, make_data_dir, sqlite_path

log = get_logger(__name__)

POLL_TICK_S = 5.0  # how often the worker looks for due feeds
PROCESS_TICK_S = 2.0
RETRY_AFTER_ERROR_S = 10.0  # a loop that failed (database away, ...) waits this long and goes on


class NoDatabase(NewsbotError):
    """A command that only reads found no SQLite file; it does not create an empty one."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"no database at {path}")
        self.path = path


def missing_database(settings: Settings) -> Path | None:
    """The SQLite file ``settings`` name when it does not exist (None: it exists, or is not SQLite)."""
    path = sqlite_path(settings.database_url)
    return path if path is not None and not path.exists() else None


OLD_DEFAULT = "newsbot.db"  # before the data directory, the default database was this file in the working directory


def stray_database(settings: Settings, cwd: Path | None = None) -> Path | None:
    """A database left by an older newsbot in the working directory, when the one ``settings`` name does not
    exist yet: the operator should move it (or point the settings at it) rather than start an empty one."""
    stray = (cwd or Path.cwd()) / OLD_DEFAULT
    missing = missing_database(settings)
    return stray if missing is not None and stray.is_file() and stray.resolve() != missing.resolve() else None


@asynccontextmanager
async def open_store(settings: Settings, *, create: bool = True) -> AsyncIterator[Store]:
    """The store, migrated; ``create=False`` (commands that only read) raises NoDatabase instead of
    creating an empty SQLite file."""
    if create:
        if (stray := stray_database(settings)) is not None:
            log.warning("database.stray", found=str(stray), using=settings.database_url,
                        fix="move it there, or set NEWSBOT_DATA_DIR to its directory")
        make_data_dir(settings)
    elif (missing := missing_database(settings)) is not None:
        raise NoDatabase(missing)
    store = await Store.open(settings.database_url, migrate=True)
    try:
        yield store
    finally:
        await store.close()


@asynccontextmanager
async def open_service(settings: Settings, *, create: bool = True) -> AsyncIterator[CommandService]:
    async with open_store(settings, create=create) as store:
        yield CommandService(store, settings)


def make_extractor(settings: Settings) -> Extractor:
    n = settings.nlp
    return Extractor(model=n.model, topic=n.topic, threshold=n.relevance_threshold,
                     batch_size=n.batch_size, n_process=n.n_process)


async def poll_and_process(
    settings: Settings,
    *,
    force: bool = False,
    store: Store | None = None,
    extractor: Extractor | None = None,
    on_poll: Progress | None = None,
    on_extract: Progress | None = None,
) -> tuple[PollStats, int]:
    """One round: poll due feeds (all of them with ``force``), then extract every new article."""
    async with _maybe_store(settings, store) as st:
        await st.sync_feeds(settings.feeds)
        async with FeedFetcher(settings.http) as fetcher:
            poller = Poller(st, fetcher, settings)
            stats = await poller.poll_due(limit=max(settings.poll.batch, len(settings.feeds)), progress=on_poll,
                                          force=force)
        processor = Processor(st, extractor or make_extractor(settings), lease_s=settings.poll.lease)
        processed = await processor.process_pending(on_extract)
    return stats, processed


@asynccontextmanager
async def _maybe_store(settings: Settings, store: Store | None) -> AsyncIterator[Store]:
    if store is not None:
        yield store
    else:
        async with open_store(settings) as st:
            yield st


async def fetch_page(settings: Settings, url: str) -> ArticlePage:
    """A page's text and metadata through the poller's guarded fetcher; PageError when it cannot be had."""
    async with FeedFetcher(settings.http) as fetcher:
        return await fetch_article_page(fetcher, url, settings.http)


async def ingest_one(
    settings: Settings, item: FeedItem, text: str, *, store: Store | None = None, extractor: Extractor | None = None,
) -> tuple[int | None, Extraction | None]:
    """Store one article (``newsbot ingest``) and extract it at once; (None, None) when it is already stored.
    Raises ValueError for an empty article, before any database is opened."""
    if not text.strip():
        raise ValueError("the article is empty")
    ex = extractor or make_extractor(settings)
    async with _maybe_store(settings, store) as st:
        (article_id,) = await ingest_texts(st, [(item, text)])
        if article_id is None:
            return None, None
        extraction = await asyncio.to_thread(
            ex.extract, ArticleInput(text=text, title=item.title, url=item.url, published=item.published))
        await st.save_extraction(article_id, extraction)
    return article_id, extraction


async def ingest_many(
    settings: Settings, sources: Sequence[Source], *, defaults: Defaults | None = None,
    progress: Progress | None = None, summary: BulkSummary | None = None, store: Store | None = None,
    extractor: Extractor | None = None, stop: threading.Event | None = None,
) -> BulkSummary:
    """Store and extract many articles (``newsbot ingest PATH…``): one pipeline load, ``nlp.ingest_processes``
    extraction processes, one fetcher for the pages; ``summary`` (when given) is filled as it goes, so an
    interrupted run can still say what it did; setting ``stop`` (Ctrl-C) ends it early, results saved."""
    n = settings.nlp
    ex = extractor or Extractor(model=n.model, topic=n.topic, threshold=n.relevance_threshold,
                                batch_size=n.batch_size, n_process=n.ingest_processes or default_processes())
    async with _maybe_store(settings, store) as st, FeedFetcher(settings.http) as fetcher:
        articles = read_sources(sources, max_bytes=settings.http.max_body_bytes, defaults=defaults,
                                fetch=lambda url: fetch_article_page(fetcher, url, settings.http))
        return await BulkIngest(st, ex, progress=progress, summary=summary, stop=stop).run(articles)


async def run_forever(
    name: str, tick: float, body: Callable[[], Awaitable[object]], stop: asyncio.Event,
    retry_after: float = RETRY_AFTER_ERROR_S,
) -> None:
    """Run ``body`` every ``tick`` seconds until ``stop``; an error (the database away, ...) is logged and
    the loop tries again after ``retry_after`` seconds. Each body commits per unit of work, so a failure
    leaves nothing half-written."""
    while not stop.is_set():
        try:
            await body()
            delay = tick
        except asyncio.CancelledError:
            raise
        except DatabaseError as e:  # worded for the operator already: no traceback
            log.error("loop.failed", loop=name, error=str(e), retry_in_s=retry_after)
            delay = retry_after
        except Exception:
            log.exception("loop.failed", loop=name, retry_in_s=retry_after)
            delay = retry_after
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
