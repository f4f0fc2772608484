"""`newsbot demo`: the whole article flow, offline, on the bundled sample outlets.

A DemoFeedServer serves the samples on 127.0.0.1; the real poller fetches them into a fresh SQLite file,
the real extractor runs, and the terminal shows the digest and a /whosaid answer for the most-quoted person.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.rule import Rule

from bot.commands import results as rs
from bot.commands.service import CommandService
from bot.demo.server import DemoFeedServer
from bot.runtime import make_extractor, open_store, poll_and_process
from config.settings import DEMO_CONFIG, load_settings
from handlers.terminal.progress import ProgressReporter
from handlers.terminal.render import print_result

DEMO_WINDOW = timedelta(days=4)  # the samples are dated within the last three days


async def run_demo(keep: bool = False, config_path: str | None = None, console: Console | None = None) -> None:
    console = console or Console()
    if keep:
        await _demo(Path.cwd() / "newsbot-demo.db", config_path, console)
        console.print(f"database kept at {Path.cwd() / 'newsbot-demo.db'}")
        return
    with tempfile.TemporaryDirectory(prefix="newsbot-demo-") as workdir:
        await _demo(Path(workdir) / "newsbot-demo.db", config_path, console)


async def _demo(db_path: Path, config_path: str | None, console: Console) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)  # noqa: ASYNC240  # before anything runs: nothing to block

    async with DemoFeedServer() as server:
        settings = load_settings(config_path or DEMO_CONFIG, placeholders={"demo": server.base_url})
        # the demo always starts from an empty embedded database, whatever the environment says
        settings = settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{db_path}"})
        console.print(Rule("newsbot demo"))
        console.print(
            f"Sample outlets served at {server.base_url}: {len(settings.feeds)} feeds "
            f"(RSS, Atom, JSON Feed); database {db_path}"
        )

        t0 = time.monotonic()
        extractor = make_extractor(settings)
        with ProgressReporter("loading the spaCy pipeline", None, console):
            _ = extractor.nlp
        async with open_store(settings) as store:
            with (
                ProgressReporter("polling feeds", len(settings.feeds), console) as on_poll,
                ProgressReporter("extracting articles", None, console) as on_extract,
            ):
                stats, processed = await poll_and_process(
                    settings, force=True, store=store, extractor=extractor, on_poll=on_poll, on_extract=on_extract
                )
            console.print(
                f"Polled {stats.feeds} feeds ({stats.errors} failed): {stats.new_articles} articles "
                f"stored, {stats.duplicates} duplicates dropped, {processed} extracted "
                f"in {time.monotonic() - t0:.1f} s."
            )

            service = CommandService(store, settings)
            console.print(Rule("digest"))
            digest = await service.digest(since=DEMO_WINDOW)
            print_result(rs.DigestAnswer(digest), console)

            speaker = await most_quoted(service, datetime.now(UTC) - DEMO_WINDOW)
            if speaker:
                command = f"/whosaid {speaker} since:4d"
                console.print(Rule(command))
                print_result(await service.handle(command), console)


async def most_quoted(service: CommandService, since: datetime) -> str | None:
    """The person quoted in the most articles of the window (by canonical name)."""
    articles = await service.store.articles_since(since, relevant_only=False, announced_only=False)
    counts = Counter(
        speaker for a in articles for speaker in {q.speaker for q in a.quotes if q.person_id is not None and q.speaker}
    )
    return counts.most_common(1)[0][0] if counts else None
