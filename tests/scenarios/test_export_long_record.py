"""/whosaid NAME export of a record longer than one read (issue 14, item 7) through the real slack-bolt and
discord.py code against the local fakes: the uploaded file holds every statement with every source."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.commands.service import CommandService
from bot.storage.repo import Store
from tests.builders import NOW, seed_long_record
from tests.fakes.discord_api import FakeDiscord, option, running_bot
from tests.fakes.slack_app import running
from tests.support import make_settings

STATEMENTS = 520


@pytest.fixture
async def long_record(tmp_path: Path) -> AsyncIterator[tuple[CommandService, int]]:
    settings = make_settings(tmp_path)
    store = await Store.open(settings.database_url, migrate=True)
    rows = await seed_long_record(store, STATEMENTS)
    yield CommandService(store, settings, clock=lambda: NOW + timedelta(hours=1)), rows
    await store.close()


def _quotes(data: bytes) -> list[str]:
    return [r["quote"] for r in csv.DictReader(io.StringIO(data.decode("utf-8")))]


async def test_slack_uploads_the_whole_record(long_record: tuple[CommandService, int]) -> None:
    service, rows = long_record
    async with running(service) as r:  # type: ignore[arg-type]
        await r.command("/whosaid", "Quill export")
        await r.fake.wait_for(lambda: bool(r.fake.calls_to("files.completeUploadExternal")), timeout=20)
        [data] = r.fake.uploads.values()
    quotes = _quotes(data)
    assert len(quotes) == rows and len(set(quotes)) == STATEMENTS


async def test_discord_attaches_the_whole_record(long_record: tuple[CommandService, int]) -> None:
    service, rows = long_record
    async with FakeDiscord() as fake, running_bot(fake, service):
        asked = await fake.interact("whosaid", [option("name", "Quill"), option("export", True)])
        await fake.wait_for(lambda: fake.followups_for(asked), timeout=20)
        [(filename, data)] = fake.files_for(asked)
    assert filename == "quotes-ada-quill.csv"
    quotes = _quotes(data)
    assert len(quotes) == rows and len(set(quotes)) == STATEMENTS
