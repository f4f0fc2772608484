"""/whosaid NAME export and ``newsbot export quotes --person``: the whole record (issue 14, item 7), read from
the store a batch at a time, and a file too large for the platform said so in one line."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.commands import export
from bot.commands import requests as rq
from bot.commands import results as rs
from bot.commands.service import CommandContext, CommandService
from bot.storage.repo import Store
from handlers.cli import cli
from handlers.discord.render import render as discord_render
from handlers.slack.render import render_whosaid
from tests.builders import NOW, seed_long_record
from tests.support import make_settings

STATEMENTS = 520  # more than one read of 500 used to hold


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    st = await Store.open(make_settings(tmp_path).database_url, migrate=True)
    yield st
    await st.close()


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


async def test_whosaid_export_holds_every_statement_with_every_source(tmp_path: Path, store: Store) -> None:
    rows = await seed_long_record(store, STATEMENTS)
    service = CommandService(store, make_settings(tmp_path), clock=lambda: NOW + timedelta(hours=1))
    answer = await service.handle("/whosaid Quill export")
    assert isinstance(answer, rs.WhoSaidAnswer) and answer.export is not None
    assert answer.export.statements == STATEMENTS and answer.export.too_large is None
    written = _csv_rows(answer.export.data)
    assert len(written) == rows
    assert len({r["quote"] for r in written}) == STATEMENTS
    assert {r["outlet"] for r in written if "number 0 " in r["quote"]} == {"Harbor Gazette", "Tidewater Times"}
    dates = [r["date"] for r in written]
    assert dates == sorted(dates, reverse=True)  # newest first
    within = await service.handle("/whosaid Quill since:150m export")  # the two newest articles only
    assert isinstance(within, rs.WhoSaidAnswer) and within.export is not None
    assert within.export.statements == STATEMENTS // 2


async def test_batches_walk_the_record_once_in_order(store: Store) -> None:
    await seed_long_record(store, 60)
    person = (await store.whosaid("Ada Quill", limit=1)).person
    assert person is not None
    whole = [q for batch in [b async for b in store.record_batches(person, batch=1000)] for q in batch]
    batches = [b async for b in store.record_batches(person, batch=7)]
    assert [len(b) for b in batches] == [7] * 8 + [4]
    assert [q.text for b in batches for q in b] == [q.text for q in whole]  # no statement twice or missed
    assert len({q.text for q in whole}) == 60
    page = await store.whosaid("Ada Quill", limit=50)
    assert [q.text for q in whole[:50]] == [q.text for q in page.quotes]  # the order /whosaid pages in


async def test_a_record_larger_than_the_platform_takes_says_where_to_get_it(tmp_path: Path, store: Store) -> None:
    await seed_long_record(store, STATEMENTS)
    service = CommandService(store, make_settings(tmp_path), clock=lambda: NOW + timedelta(hours=1))
    ctx = CommandContext(platform="slack", channel_id="C1", upload_limit=20_000)
    answer = await service.answer(rq.WhoSaid("Quill", export=True), ctx)
    assert isinstance(answer, rs.WhoSaidAnswer) and answer.export is not None
    assert answer.export.too_large == 20_000 and answer.export.data == b""
    assert answer.export.statements < STATEMENTS  # reading stopped at the limit
    note = answer.export.too_large_note("Ada Quill")
    assert note is not None and 'newsbot export quotes --person "Ada Quill"' in note and "\n" not in note
    slack = render_whosaid(answer)
    assert slack.files == () and "newsbot export quotes --person" in json.dumps(slack.blocks)
    replies = discord_render(answer, "whosaid")
    assert not any(r.files for r in replies) and "newsbot export quotes" in (replies[0].content or "")
    fits = await service.answer(rq.WhoSaid("Quill", export=True), CommandContext(platform="slack", upload_limit=10**6))
    assert isinstance(fits, rs.WhoSaidAnswer) and fits.export is not None and fits.export.statements == STATEMENTS


def test_newsbot_export_quotes_writes_the_whole_record(tmp_path: Path) -> None:
    async def seed() -> int:
        st = await Store.open(make_settings(tmp_path).database_url, migrate=True)
        try:
            rows = await seed_long_record(st, STATEMENTS)
            await seed_long_record(st, 3, name="Bram Osei")  # a second record, for the export of everyone
            return rows
        finally:
            await st.close()

    rows = asyncio.run(seed())
    env = {"NEWSBOT_DATABASE_URL": make_settings(tmp_path).database_url, "NEWSBOT_LOG_LEVEL": "WARNING"}
    runner = CliRunner()
    out = runner.invoke(cli, ["export", "quotes", "--person", "Ada Quill"], env=env)
    assert out.exit_code == 0, out.output
    written = _csv_rows(out.stdout_bytes)
    assert len(written) == rows and list(written[0]) == list(export.COLUMNS)
    assert len({r["quote"] for r in written}) == STATEMENTS
    target = tmp_path / "quill.jsonl"
    out = runner.invoke(cli, ["export", "quotes", "--person", "Quill", "--format", "jsonl", "-o", str(target)], env=env)
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == rows and {r["speaker"] for r in lines} == {"Ada Quill"}
    everyone = _csv_rows(runner.invoke(cli, ["export", "quotes"], env=env).stdout_bytes)
    assert len(everyone) == rows + 4  # Ada Quill's record, then Bram Osei's three statements (one twice)
    assert [r["speaker"] for r in everyone] == ["Ada Quill"] * rows + ["Bram Osei"] * 4
    missing = tmp_path / "nobody.csv"
    out = runner.invoke(cli, ["export", "quotes", "--person", "Quil", "-o", str(missing)], env=env)
    assert out.exit_code != 0 and not missing.exists()
