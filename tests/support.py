"""Test helpers that run the real pipeline: a fresh SQLite store with articles ingested and extracted."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bot.commands.service import CommandService
from bot.ingest.items import ingest_texts
from bot.ingest.processor import Processor
from bot.models import FeedItem
from bot.nlp.extract import Extractor
from bot.storage.repo import Store
from config.settings import Settings

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"
SEED_ARTICLE = SHARED / "eval" / "seed_article.txt"


@lru_cache(maxsize=1)
def shared_extractor() -> Extractor:
    """One loaded pipeline for the whole test session (loading costs about a second)."""
    return Extractor()


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'test.db'}", **overrides)


async def seeded_service(
    tmp_path: Path, texts: list[str], *, settings: Settings | None = None, published: datetime | None = None,
    titles: list[str] | None = None,
) -> CommandService:
    """A CommandService over a new store holding ``texts`` as articles, extracted by the real extractor.

    The caller owns the store: ``await service.store.close()`` when done.
    """
    titles = titles or [f"Report {n + 1}" for n in range(len(texts))]
    settings = settings or make_settings(tmp_path)
    store = await Store.open(settings.database_url, migrate=True)
    when = published or datetime.now(UTC) - timedelta(hours=1)
    items = [
        (FeedItem(feed_url="", guid=f"test-{n}", url=f"https://news.example/{n}", title=titles[n],
                  published=when, source="Example News"), text)
        for n, text in enumerate(texts)
    ]
    await ingest_texts(store, items)
    await Processor(store, shared_extractor()).process_pending()
    return CommandService(store, settings)


def free_port() -> int:
    """A port nothing listens on now, on 127.0.0.1 (for a server a test starts in another process)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving_html(page_for: Callable[[str], str | None]) -> Iterator[str]:
    """A plain threaded HTTP server on loopback answering each GET with ``page_for(path)`` as UTF-8 HTML (None: 404),
    for code that fetches with its own blocking or separate-process client; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = page_for(self.path)
            if page is None:
                self.send_error(404)
                return
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
