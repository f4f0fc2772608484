"""The digest shown in docs/digest-*: the bundled sample outlets, polled and extracted offline at a fixed date."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.commands.service import CommandService
from bot.demo.server import DemoFeedServer
from bot.publishing.digest import Digest
from bot.runtime import open_store, poll_and_process
from config.settings import DEMO_CONFIG, load_settings

ANCHOR = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # the samples are dated relative to this, so docs don't churn
WINDOW = timedelta(days=4)
PUBLIC_BASE = "https://samples.newsbot.example"


async def demo_digest() -> Digest:
    with tempfile.TemporaryDirectory(prefix="newsbot-docs-") as tmp:
        async with DemoFeedServer(now=ANCHOR) as server:
            settings = load_settings(DEMO_CONFIG, placeholders={"demo": server.base_url})
            settings = settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{Path(tmp) / 'docs.db'}"})
            async with open_store(settings) as store:
                await poll_and_process(settings, force=True, store=store)
                digest = await CommandService(store, settings, clock=lambda: ANCHOR).digest(WINDOW)
            return _rebase(digest, server.base_url)


def _rebase(digest: Digest, base: str) -> Digest:
    """Links on a stable made-up host instead of the demo server's random port."""
    def fix(url: str | None) -> str | None:
        return url.replace(base, PUBLIC_BASE, 1) if url else url

    for item in digest.items:
        item.sources = [replace(s, url=fix(s.url)) for s in item.sources]
        if item.quote:
            item.quote = replace(item.quote, url=fix(item.quote.url))
    return digest
