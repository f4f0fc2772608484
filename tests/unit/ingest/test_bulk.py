"""`newsbot ingest PATH…`: many files, directories, JSON Lines and pages in one run; a failing input never stops
the rest, a re-run stores nothing new, and an interrupted run leaves only whole articles."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.ingest.bulk import (
    DEFAULT_OUTLET,
    BulkIngest,
    BulkSummary,
    Defaults,
    Failed,
    Found,
    expand,
    is_bulk,
    jsonl_article,
)
from bot.models import ArticleInput, Extraction, FeedItem
from bot.nlp.extract import Extractor
from bot.nlp.pool import ExtractionProcessDied
from bot.storage import Store, migrate
from handlers.cli import cli
from tests import storage_fixtures
from tests.samples import ARTICLE
from tests.storage_fixtures import Backend
from tests.support import serving_html

NEWSBOT = str(Path(sys.executable).parent / "newsbot")
CAP = 65536  # http.max_body_bytes in these tests

# Our own wording, fictional people.
SHELTER = (
    "Governor Ada Quillon said on Monday that the state would hire 40 new immigration judges.\n\n"
    "\u201cThe backlog has gone on long enough,\u201d Quillon said."
)
COURT = "Judge Marta Ibsen ruled that the county must release 12 detained asylum seekers by Friday."
PAGE = (
    "<!doctype html><html><head><title>Harbor clinic opens</title>"
    '<meta property="og:site_name" content="Harbor Times"></head><body><article>'
    "<h1>Harbor clinic opens for new arrivals</h1>"
    "<p>Director Tomas Orlev said the clinic would treat 250 newly arrived migrants every week.</p>"
    "<p>\u201cNobody waits outside,\u201d Orlev said on Thursday at the opening of the clinic.</p>"
    "</article></body></html>"
)

store = storage_fixtures.sqlite_store  # one SQLite file per test, at the head of the migrations


# ---------------------------------------------------------------- a page server on loopback
@pytest.fixture
def pages() -> Iterator[str]:
    with serving_html(lambda path: PAGE if path == "/clinic" else None) as url:
        yield url


def write_config(tmp_path: Path, processes: int = 1) -> Path:
    path = tmp_path / "newsbot.toml"
    path.write_text(
        f'database_url = "sqlite+aiosqlite:///{tmp_path / "bulk.db"}"\nlog_level = "WARNING"\n'
        f"[http]\nallow_private_addresses = true\nmax_body_bytes = {CAP}\n[nlp]\ningest_processes = {processes}\n"
    )
    return path


def rows(tmp_path: Path) -> list[tuple[str, str, bool]]:
    with sqlite3.connect(tmp_path / "bulk.db") as db:
        return [
            (t, s, bool(x))
            for t, s, x in db.execute("SELECT title, source, extracted_at IS NOT NULL FROM articles ORDER BY id")
        ]


def summary_line(output: str) -> str:
    (line,) = [x for x in output.splitlines() if x.startswith("stored ")]
    return line


# ---------------------------------------------------------------- the command
def test_many_inputs_in_one_run_with_failures_and_a_rerun_that_stores_nothing(tmp_path: Path, pages: str) -> None:
    archive = tmp_path / "archive"
    (archive / "2024").mkdir(parents=True)
    (archive / "quillon_hires_judges.txt").write_text(SHELTER)
    (archive / "2024" / "ibsen.txt").write_text(COURT)
    (archive / ".draft.txt").write_text("Hidden files are left out.")
    bad_file = tmp_path / "scan.txt"
    bad_file.write_text("word " * (CAP // 5 + 1))  # over http.max_body_bytes
    lines = tmp_path / "more.jsonl"
    lines.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "text": ARTICLE,
                        "title": "Riverside opens shelters",
                        "outlet": "Riverside Ledger",
                        "published": "2024-03-05T09:00:00-05:00",
                        "url": "https://ledger.example/shelters",
                    }
                ),
                '{"text": "a line cut short',
                json.dumps({"text": "Officials counted 31 families at the Elm Street shelter on Sunday."}),
            ]
        )
        + "\n"
    )
    args = [
        "--config",
        str(write_config(tmp_path)),
        "ingest",
        str(archive),
        str(bad_file),
        str(lines),
        f"{pages}/clinic",
        f"{pages}/missing",
    ]

    res = CliRunner().invoke(cli, args)

    assert res.exit_code == 1, res.output  # something failed: the summary says what
    line = summary_line(res.output)
    assert line.startswith("stored 5, duplicates 0, failed 3 ("), line
    assert f"{bad_file}: {bad_file} is {bad_file.stat().st_size} bytes, over the {CAP}-byte cap" in line
    assert f"{lines}:2: not JSON" in line
    assert f"{pages}/missing: " in line and "404" in line
    stored = rows(tmp_path)
    assert sorted(t for t, _, _ in stored) == sorted(
        [
            "quillon hires judges",
            "ibsen",
            "Riverside opens shelters",
            "Officials counted 31 families at the Elm Street shelter on Sunday.",
            "Harbor clinic opens for new arrivals",
        ]
    )
    assert ("Riverside opens shelters", "Riverside Ledger", True) in stored
    assert all(extracted for _, _, extracted in stored)  # every stored article was extracted in the same run

    again = CliRunner().invoke(cli, args)
    assert summary_line(again.output).startswith("stored 0, duplicates 5, failed 3"), again.output
    assert len(rows(tmp_path)) == 5


def test_one_jsonl_file_is_a_bulk_import_and_title_or_url_with_it_is_refused(tmp_path: Path) -> None:
    lines = tmp_path / "one.jsonl"
    lines.write_text(json.dumps({"text": COURT}) + "\n")
    config = str(write_config(tmp_path))
    res = CliRunner().invoke(cli, ["--config", config, "ingest", str(lines)])
    assert res.exit_code == 0, res.output
    assert summary_line(res.output) == "stored 1, duplicates 0, failed 0"
    refused = CliRunner().invoke(cli, ["--config", config, "ingest", str(lines), "--title", "One"])
    assert refused.exit_code == 2 and "--title and --url name one article" in refused.output


@pytest.mark.timeout(180)
def test_a_spacy_worker_that_dies_ends_the_import_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real pipeline on two worker processes; the rules end a worker's process on one article (the fork
    inherits this patch). The command says so in one line beside its summary, and a re-run stores the rest."""
    import bot.nlp.extract as extract_mod

    real = extract_mod.analyse

    def analyse(adoc: Any, *args: Any, **kwargs: Any) -> Extraction:
        if adoc.source is not None and "quarantined" in adoc.source.text:
            os._exit(3)
        return real(adoc, *args, **kwargs)

    monkeypatch.setattr(extract_mod, "analyse", analyse)
    lines = tmp_path / "many.jsonl"
    texts = [f"{COURT} Case {k}." for k in range(40)]
    texts[9] = "The clinic was quarantined on Tuesday, Director Tomas Orlev said."
    lines.write_text("".join(json.dumps({"text": t, "title": f"Case {k}"}) + "\n" for k, t in enumerate(texts)))
    args = ["--config", str(write_config(tmp_path, processes=2)), "ingest", str(lines)]

    res = CliRunner().invoke(cli, args)

    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output
    (said,) = [x for x in res.output.splitlines() if x.startswith("newsbot: ")]
    assert "an extraction process ended abruptly" in said, res.output
    first = summary_line(res.output)
    done = rows(tmp_path)
    assert first.startswith(f"stored {len(done)}, ") and "awaiting extraction" in first, first
    assert ("Case 9", DEFAULT_OUTLET, False) in done  # stored, left for the processor

    monkeypatch.setattr(extract_mod, "analyse", real)
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert summary_line(again.output).startswith(f"stored {40 - len(done)}, duplicates {len(done)}, failed 0")
    assert len(rows(tmp_path)) == 40


# ---------------------------------------------------------------- inputs
def test_expand_walks_directories_in_order_and_reports_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")
    sources, failures = expand([str(tmp_path), str(tmp_path / "gone.txt"), "ftp://x.example/a", "https://x.example/"])
    assert [(s.kind, Path(s.name).name) for s in sources] == [
        ("jsonl", "a.jsonl"),
        ("file", "2.txt"),
        ("url", "x.example"),
    ]
    assert [f.reason for f in failures] == [
        "no such file or directory",
        (
            "unsupported scheme 'ftp': only http:// and https:// pages can be fetched "
            "(save the file and give its path instead)"
        ),
    ]
    assert is_bulk(str(tmp_path)) and is_bulk("x.jsonl") and not is_bulk("x.txt") and not is_bulk("ftp://a/b.jsonl")


@pytest.mark.parametrize(
    "line, reason",
    [
        ('{"text": "cut', "not JSON"),
        ('["a list"]', "not a JSON object"),
        ('{"title": "no text"}', "no 'text'"),
        ('{"text": "   "}', "no 'text'"),
        ('{"text": "Fine.", "url": "ledger/a"}', "'url' 'ledger/a' is not an http:// or https:// address"),
        ('{"text": "Fine.", "published": "last week"}', "'published' 'last week' is not an ISO 8601 date"),
        ('{"text": "Fine.", "title": 7}', "'title' is not a string"),
        ('{"text": "Fine.\\u0000\\u0001"}', "not text: it holds NUL characters"),
    ],
)
def test_a_jsonl_line_that_cannot_be_an_article_says_why(line: str, reason: str) -> None:
    res = jsonl_article(line, "in.jsonl:4")
    assert isinstance(res, Failed) and res.origin == "in.jsonl:4"
    assert res.reason.startswith(reason), res.reason


def test_a_jsonl_article_takes_its_fields_and_is_titled_by_its_first_line_otherwise() -> None:
    full = jsonl_article(
        json.dumps(
            {
                "text": COURT,
                "title": " Ibsen rules ",
                "url": "https://c.example/1",
                "published": "2024-02-01",
                "outlet": "County Courier",
            }
        ),
        "x:1",
    )
    assert isinstance(full, Found)
    assert (full.item.title, full.item.url, full.item.source) == (
        "Ibsen rules",
        "https://c.example/1",
        "County Courier",
    )
    assert full.item.published is not None and full.item.published.year == 2024
    bare = jsonl_article(json.dumps({"text": "\n\nFirst line here.\nSecond line."}), "x:2", Defaults(outlet="Wire"))
    assert isinstance(bare, Found)
    assert (bare.item.title, bare.item.source, bare.item.url) == ("First line here.", "Wire", None)


def test_the_summary_groups_failures_by_reason() -> None:
    s = BulkSummary(
        stored=3,
        duplicates=1,
        extracted=3,
        failures=[Failed("a.jsonl:2", "not JSON"), Failed("a.jsonl:5", "not JSON"), Failed("b", "empty")],
    )
    assert s.line() == "stored 3, duplicates 1, failed 3 (a.jsonl:2: not JSON (and 1 more); b: empty)"
    assert BulkSummary(stored=2, extracted=1).line() == "stored 2, duplicates 0, failed 0, awaiting extraction 1"


# ---------------------------------------------------------------- the pipeline, interrupted
class SlowExtractor(Extractor):
    """Extracts nothing, slowly, and records whether its stream was closed (as spaCy's pipe must be)."""

    def __init__(self, delay: float = 0.02, fail_at: int | None = None) -> None:
        super().__init__()
        self.delay = delay
        self.fail_at = fail_at
        self.closed = threading.Event()

    def extract_many(self, articles: Iterable[ArticleInput], chunk: int = 200) -> Iterator[Extraction | Exception]:
        try:
            for n, _ in enumerate(articles):
                if n == self.fail_at:
                    raise RuntimeError("the parser's process died")
                time.sleep(self.delay)
                yield Extraction(relevant=False, relevance=0.0)
        finally:
            self.closed.set()


class CtrlCAfter:
    """A progress callback that stops ``run`` once ``n`` articles are done, as Ctrl-C does."""

    def __init__(self, n: int) -> None:
        self.n, self.done = n, 0
        self.run: BulkIngest | None = None

    def __call__(self, k: int) -> None:
        self.done += k
        if self.done >= self.n and self.run is not None:
            self.run.stop()


async def articles(n: int) -> AsyncIterator[Found | Failed]:
    for k in range(n):
        item = FeedItem(feed_url="", guid=None, url=f"https://wire.example/{k}", title=f"Wire report {k}")
        yield Found(f"wire:{k}", item, f"Officials counted {k} arrivals at the northern crossing.")


async def test_a_stopped_run_leaves_whole_articles_and_a_rerun_finishes_the_import(store: Store) -> None:
    extractor = SlowExtractor()
    ctrl_c = CtrlCAfter(5)
    first = ctrl_c.run = BulkIngest(store, extractor, chunk=4, progress=ctrl_c)
    s = await asyncio.wait_for(first.run(articles(40)), 30)
    assert extractor.closed.is_set(), "the extraction stream was not closed"
    assert s.interrupted and 5 <= s.extracted < 40 and s.stored >= s.extracted
    stored, extracted = await _counts(store)
    assert (stored, extracted) == (s.stored, s.extracted)  # the summary says what the database holds

    second = BulkIngest(store, SlowExtractor(delay=0), chunk=4)
    again = await asyncio.wait_for(second.run(articles(40)), 30)
    assert (again.stored, again.duplicates, again.failed, again.interrupted) == (40 - s.stored, s.stored, 0, False)
    assert (await _counts(store))[0] == 40


async def cancel_after_three_saved(store: Store, run: Coroutine[Any, Any, BulkSummary]) -> None:
    """Start ``run``, cancel it once three extractions are saved (within 30 s), and see the cancellation
    through."""
    task = asyncio.ensure_future(run)
    deadline = time.monotonic() + 30
    while (await _counts(store))[1] < 3 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 30)


async def test_a_cancelled_run_closes_the_extraction_before_it_ends(store: Store) -> None:
    extractor = SlowExtractor()
    await cancel_after_three_saved(store, BulkIngest(store, extractor, chunk=4).run(articles(400)))
    assert extractor.closed.is_set()  # the thread was waited for, not left running


async def test_a_failing_extraction_thread_stops_the_run_instead_of_hanging(store: Store) -> None:
    run = BulkIngest(store, SlowExtractor(delay=0, fail_at=3), chunk=2).run(articles(50))
    with pytest.raises(RuntimeError, match="process died"):
        await asyncio.wait_for(run, 30)


# ---------------------------------------------------------------- the pipeline on worker processes
class ForkedExtractor(Extractor):
    """Runs in the worker processes (forked, so this class comes along); loads nothing. Scores each article by
    the number in its title (so a result saved to the wrong article shows), fails one whose text says BROKEN,
    and ends its process at once (as a crash in native code would) on one whose text says POISON."""

    def __init__(self, processes: int = 2, delay: float = 0.005) -> None:
        super().__init__(n_process=processes)
        self.delay = delay

    def load(self) -> None:
        pass

    def extract_many(self, articles: Iterable[ArticleInput], chunk: int = 200) -> Iterator[Extraction | Exception]:
        for article in articles:
            if "POISON" in article.text:
                os._exit(3)
            time.sleep(self.delay)
            if "BROKEN" in article.text:
                yield ValueError("no sentence in it")
                continue
            yield Extraction(relevant=False, relevance=float((article.title or "").rsplit(" ", 1)[-1]))


async def marked(n: int, marks: dict[int, str]) -> AsyncIterator[Found | Failed]:
    """``articles(n)``, with a word added to the text of some of them."""
    async for found in articles(n):
        assert isinstance(found, Found)
        k = int(found.item.title.rsplit(" ", 1)[-1])
        yield Found(found.origin, found.item, f"{found.text} {marks.get(k, '')}".strip())


async def _scores(store: Store) -> dict[str, tuple[float | None, str | None]]:
    from sqlalchemy import text

    async with store.engine.connect() as conn:
        rows = await conn.execute(text("SELECT title, relevance, extraction_error FROM articles"))
        return {str(t): (r, e) for t, r, e in rows}


def _no_children_within(seconds: float) -> bool:
    import multiprocessing

    deadline = time.monotonic() + seconds
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not multiprocessing.active_children()


async def test_worker_processes_extract_every_article_and_each_result_goes_to_its_article(store: Store) -> None:
    s = await asyncio.wait_for(BulkIngest(store, ForkedExtractor(), chunk=4).run(marked(30, {7: "BROKEN"})), 60)
    assert (s.stored, s.extracted, s.extraction_errors, s.pending, s.interrupted) == (30, 29, 1, 0, False)
    scores = await _scores(store)
    assert scores.pop("Wire report 7") == (None, "ValueError: no sentence in it")
    assert scores == {f"Wire report {k}": (float(k), None) for k in range(30) if k != 7}

    again = await asyncio.wait_for(BulkIngest(store, ForkedExtractor(), chunk=4).run(marked(30, {})), 60)
    assert (again.stored, again.duplicates) == (0, 30)
    assert _no_children_within(10), "the worker processes outlived the run"


async def test_the_same_story_twice_in_one_chunk_is_stored_once(store: Store) -> None:
    async def twice() -> AsyncIterator[Found | Failed]:
        async for found in articles(6):
            yield found
            if found.origin.endswith(":3"):
                yield found  # the same title and text again, right after: in the same chunk

    # the first two articles keep both processes busy, so the rest (the copy with them) wait as one chunk
    s = await asyncio.wait_for(BulkIngest(store, ForkedExtractor(delay=0.3), chunk=8).run(twice()), 60)
    assert (s.stored, s.duplicates, s.extracted) == (6, 1, 6)
    assert await _counts(store) == (6, 6)


async def test_a_worker_process_that_dies_ends_the_run_with_one_line_and_loses_nothing(store: Store) -> None:
    summary = BulkSummary()
    run = BulkIngest(store, ForkedExtractor(), chunk=4, summary=summary).run(marked(60, {21: "POISON"}))
    with pytest.raises(ExtractionProcessDied) as died:
        await asyncio.wait_for(run, 60)
    assert "\n" not in str(died.value) and "await extraction" in str(died.value)
    assert _no_children_within(10), "the other worker process was left running"
    scores = await _scores(store)
    assert scores["Wire report 21"] == (None, None)  # stored, waiting for the processor: not marked failed
    assert all(error is None for _, error in scores.values())
    stored, extracted = await _counts(store)
    assert (stored, extracted) == (summary.stored, summary.extracted)  # the summary says what the database holds
    assert summary.pending > 0 and f"awaiting extraction {summary.pending}" in summary.line()

    again = await asyncio.wait_for(BulkIngest(store, ForkedExtractor(), chunk=4).run(marked(60, {})), 60)
    assert (again.stored, again.duplicates, again.failed) == (60 - summary.stored, summary.stored, 0)
    assert (await _counts(store))[0] == 60


async def test_a_stopped_run_on_worker_processes_saves_the_chunks_in_flight(store: Store) -> None:
    ctrl_c = CtrlCAfter(5)
    first = ctrl_c.run = BulkIngest(store, ForkedExtractor(delay=0.02), chunk=4, progress=ctrl_c)
    s = await asyncio.wait_for(first.run(marked(200, {})), 60)
    assert s.interrupted and 5 <= s.extracted < 200 and s.extraction_errors == 0
    assert (await _counts(store)) == (s.stored, s.extracted)
    assert _no_children_within(10)

    again = await asyncio.wait_for(BulkIngest(store, ForkedExtractor(delay=0), chunk=4).run(marked(200, {})), 60)
    assert (again.stored, again.duplicates, again.interrupted) == (200 - s.stored, s.stored, False)


async def test_a_cancelled_run_ends_its_worker_processes(store: Store) -> None:
    await cancel_after_three_saved(store, BulkIngest(store, ForkedExtractor(delay=0.05), chunk=4).run(marked(400, {})))
    assert _no_children_within(10)


@pytest.mark.postgres
@pytest.mark.parametrize("pooled", [False, True], ids=["thread", "processes"])
async def test_one_article_the_database_refuses_is_a_failure_and_the_rest_are_stored(tmp_path: Path, pooled: bool) -> None:
    url = os.environ.get("NEWSBOT_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("set NEWSBOT_TEST_POSTGRES_URL to run the PostgreSQL variant")
    schema = f"bulk_{uuid.uuid4().hex[:12]}"
    await _pg(url, f'CREATE SCHEMA "{schema}"')
    try:
        engine = Backend("postgres", url, schema).engine()
        await migrate(engine)
        store = Store(engine)
        try:
            refused = FeedItem(feed_url="", guid=None, url=None, title="Null \x00 title 2")  # PostgreSQL refuses NUL

            async def inputs() -> AsyncIterator[Found | Failed]:
                yield Found("first", FeedItem(feed_url="", guid=None, url=None, title="First 1"), COURT)
                yield Found("refused", refused, "Officials said 3 buses arrived.")
                yield Found("last", FeedItem(feed_url="", guid=None, url=None, title="Last 3"), SHELTER)

            # in this process, each article stored on its own; on worker processes, a chunk in one transaction
            extractor = ForkedExtractor() if pooled else SlowExtractor(delay=0)
            s = await asyncio.wait_for(BulkIngest(store, extractor, chunk=3).run(inputs()), 60)
            assert (s.stored, s.extracted, s.failed) == (2, 2, 1)
            assert s.failures[0].origin == "refused" and "the database refused it" in s.failures[0].reason
        finally:
            await store.close()
    finally:
        await _pg(url, f'DROP SCHEMA "{schema}" CASCADE')


async def _pg(url: str, sql: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


async def _counts(store: Store) -> tuple[int, int]:
    from sqlalchemy import text

    async with store.engine.connect() as conn:
        row = (await conn.execute(text("SELECT count(*), count(extracted_at) FROM articles"))).one()
    return int(row[0]), int(row[1])


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_ctrl_c_during_a_bulk_import_with_two_spacy_processes(tmp_path: Path) -> None:
    """SIGINT to the whole process group, as a terminal sends it: the command ends with its summary, the
    spaCy processes with it, and a second run stores exactly what the first did not. (Articles stored
    but not yet in the chunk being extracted stay for the worker's processor: "awaiting extraction".)"""
    lines = tmp_path / "many.jsonl"
    lines.write_text(
        "".join(
            json.dumps({"text": f"{SHELTER}\n\n{COURT} Case {k}.", "title": f"Case {k}"}) + "\n" for k in range(600)
        )
    )
    args = [NEWSBOT, "--config", str(write_config(tmp_path, processes=2)), "ingest", str(lines)]
    env = {**os.environ, "NEWSBOT_LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None and not _some_extracted(tmp_path):
            time.sleep(0.2)
        assert proc.poll() is None, "the import ended before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err, err
    first = summary_line(out)
    done = rows(tmp_path)
    assert 0 < len(done) < 600 and first.startswith(f"stored {len(done)}, "), first

    second = subprocess.run(args, check=False, capture_output=True, text=True, env=env, timeout=300)
    assert second.returncode == 0, second.stderr
    assert summary_line(second.stdout).startswith(f"stored {600 - len(done)}, duplicates {len(done)}, failed 0")
    assert len(rows(tmp_path)) == 600


def _some_extracted(tmp_path: Path) -> bool:
    try:
        with sqlite3.connect(tmp_path / "bulk.db", timeout=1) as db:
            return bool(db.execute("SELECT count(extracted_at) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return False
