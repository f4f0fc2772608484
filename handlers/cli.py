"""The ``newsbot`` command line: every command loads settings the same way and reports errors plainly."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, TypeVar

import click

from bot.infra.log import configure_logging, get_logger
from bot.models import ArticleInput
from config.settings import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from bot.commands import requests as rq
    from bot.commands import results as rs
    from bot.feeds.page import ArticlePage
    from bot.nlp.extract import Extractor

T = TypeVar("T")
log = get_logger("newsbot")


class Ctx:
    def __init__(self, config_path: str | None, verbose: bool):
        self.config_path = config_path
        self.verbose = verbose
        self._settings: Settings | None = None

    def settings(self, **kw: Any) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(self.config_path, **kw)
            except ConfigError as e:
                for line in str(e).splitlines():  # one line per problem, each naming its key and the fix
                    click.echo(f"newsbot: {line}", err=True)
                sys.exit(2)
            level = "DEBUG" if self.verbose else self._settings.log_level
            configure_logging(level, self._settings.log_format if not sys.stderr.isatty() else "console")
        return self._settings


def run(coro_fn: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a command's coroutine; what the machine refuses (no database, a port in use) is one line and
    exit code 1, not a traceback (the traceback is logged at debug level)."""
    from sqlalchemy.exc import DBAPIError

    from bot.errors import NewsbotError

    try:
        return asyncio.run(coro_fn())
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except NewsbotError as e:  # worded for the operator already (a database error names the database)
        log.debug("cli.failed", exc_info=e)
        click.echo(f"newsbot: {e}", err=True)
        sys.exit(1)
    except DBAPIError as e:
        log.debug("cli.failed", exc_info=e)
        click.echo(f"newsbot: the database refused: {e.orig or e} (check NEWSBOT_DATABASE_URL)", err=True)
        sys.exit(1)
    except OSError as e:
        log.debug("cli.failed", exc_info=e)
        hint = " (is the database at NEWSBOT_DATABASE_URL running?)" if isinstance(e, ConnectionError) else ""
        click.echo(f"newsbot: {str(e) or type(e).__name__}{hint}", err=True)  # TimeoutError's text is empty
        sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="TOML configuration file (default: config/newsbot.toml, or $NEWSBOT_CONFIG).",
)
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
@click.version_option(package_name="newsbot")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: bool) -> None:
    """newsbot: immigration-policy news for Slack and Discord.

    Watches feeds, extracts officials, figures and attributed quotes, posts digests and answers
    slash commands. Start with `newsbot demo`.
    """
    ctx.obj = Ctx(config_path, verbose)


pass_ctx = click.make_pass_decorator(Ctx)


# ---------------------------------------------------------------- database
@cli.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@pass_ctx
def db_upgrade(c: Ctx) -> None:
    """Apply the database migrations (also done at every start)."""
    from bot.storage.db import upgrade
    from config.settings import make_data_dir

    settings = c.settings()
    make_data_dir(settings)
    run(lambda: upgrade(settings.database_url))
    click.echo(f"database at {_safe_url(settings.database_url)} is up to date")


def _require_database(settings: Settings) -> None:
    """Commands that only read stop here when the SQLite file is missing, instead of creating an empty one."""
    from bot.runtime import missing_database, stray_database

    if (path := missing_database(settings)) is not None:
        if (stray := stray_database(settings)) is not None:
            hint = f"an older newsbot's {stray} is not used any more: move it there, or set NEWSBOT_DATA_DIR={stray.parent}"
        else:
            hint = (
                "fill one with `newsbot poll --once` or `newsbot ingest`, or point NEWSBOT_DATABASE_URL or "
                "NEWSBOT_DATA_DIR at yours"
            )
        click.echo(f"newsbot: no database at {path} ({hint})", err=True)
        sys.exit(1)


def _safe_url(url: str) -> str:
    """The database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


# ---------------------------------------------------------------- polling and ingest
@cli.command()
@click.option("--once", is_flag=True, required=True, help="Poll every due feed once, extract, and exit.")
@click.option("--all", "all_feeds", is_flag=True, help="Treat every feed as due now.")
@pass_ctx
def poll(c: Ctx, once: bool, all_feeds: bool) -> None:
    """Poll the configured feeds once (the service does this continuously)."""
    settings = c.settings()

    async def go() -> None:
        from bot.runtime import poll_and_process

        stats, processed = await poll_and_process(settings, force=all_feeds)
        click.echo(
            f"polled {stats.feeds} feeds: {stats.ok} ok, {stats.not_modified} not modified, "
            f"{stats.errors} failed; {stats.new_articles} new articles, {stats.duplicates} duplicates; "
            f"{processed} extracted"
        )

    run(go)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--title", default=None,
              help="Headline (default: the page's title; for a FILE, its name).")
@click.option("--source-name", "source_name", default=None,
              help="Outlet shown with quotes (default: the page's site name; for a FILE, 'ingested').")
@click.option("--published", default=None,
              help="Publication date, ISO 8601: 2024-05-01 or 2024-05-01T14:30-04:00 (default: the page's date, "
                   "else now). A date in the future is taken as now.")
@click.option("--url", "url", default=None,
              help="The article's address, for links and duplicate detection (default: the page's canonical "
                   "address; none for a FILE).")
@pass_ctx
def ingest(c: Ctx, sources: tuple[str, ...], title: str | None, source_name: str | None, published: str | None,
           url: str | None) -> None:
    """Put articles into the store, through the same pipeline: one text FILE, - for stdin, or a page URL; or
    many at once (files, directories, JSON Lines files of {"text", "title"?, "url"?, "published"?,
    "outlet"?} per line, URLs) with one progress bar and a summary line; exit code 1 when any failed."""
    from bot.ingest.bulk import is_bulk
    from bot.models import FeedItem

    settings = c.settings()
    when = _published_option(published)
    if len(sources) > 1 or is_bulk(sources[0]):
        if title is not None or url is not None:
            _usage_error("--title and --url name one article: give them with one FILE or URL")
        _ingest_many(settings, sources, source_name, when)
        return
    (source,) = sources
    if url is not None and not url.startswith(("http://", "https://")):
        _usage_error(f"--url: {url!r} is not an http:// or https:// address")
    text, page = _read_input(settings, source, "ingest")
    # the options first, then what the page says about itself, then defaults
    if page is not None:
        item = FeedItem(
            feed_url="",
            guid=None,
            url=url or page.canonical_url or page.url,
            title=title or page.title or page.url,
            published=_not_future(when or page.published),
            source=source_name or page.outlet or "ingested",
        )
    else:
        stem = "stdin" if source == "-" else Path(source).stem.replace("_", " ")
        item = FeedItem(
            feed_url="",
            guid=None,
            url=url,
            title=title or stem,
            published=_not_future(when),
            source=source_name or "ingested",
        )

    async def go() -> None:
        from bot.runtime import ingest_one

        try:
            article_id, extraction = await ingest_one(settings, item, text)
        except ValueError as e:
            click.echo(f"newsbot: cannot ingest {source}: {e}", err=True)
            sys.exit(1)
        if article_id is None or extraction is None:
            click.echo("already stored (same URL or same text); nothing to do")
            return
        click.echo(
            f"stored article {article_id}: relevance {extraction.relevance:.2f}, "
            f"{len(extraction.officials)} officials, {len(extraction.quotes)} quotes, "
            f"{len(extraction.figures)} figures"
        )

    run(go)


def _ingest_many(settings: Settings, paths: Sequence[str], outlet: str | None, when: datetime | None) -> None:
    """``newsbot ingest PATH…``: the summary line is printed even when interrupted (Ctrl-C: exit 130)."""
    from bot.ingest.bulk import DEFAULT_OUTLET, BulkSummary, Defaults, estimate, expand
    from bot.runtime import ingest_many

    sources, failures = expand(paths)
    summary = BulkSummary(failures=failures)
    defaults = Defaults(outlet=outlet or DEFAULT_OUTLET, published=when)
    stop = threading.Event()

    async def go() -> BulkSummary:
        _on_first_ctrl_c(stop.set)  # a second Ctrl-C interrupts at once
        return await ingest_many(settings, sources, defaults=defaults, progress=bar, summary=summary, stop=stop)

    try:
        with _progress_bar("ingest", estimate(sources) + len(failures)) as bar:
            bar(len(failures))
            run(go)
    finally:
        click.echo(summary.line())
    if summary.interrupted:
        click.echo("interrupted", err=True)
        sys.exit(130)
    sys.exit(1 if summary.failed else 0)


def _on_first_ctrl_c(callback: Callable[[], None]) -> None:
    """Call ``callback`` on the first SIGINT (the process's children, forked later, ignore it: they share the
    loop's wake-up descriptor); the next one raises KeyboardInterrupt as usual."""
    loop = asyncio.get_running_loop()

    def first() -> None:
        loop.remove_signal_handler(signal.SIGINT)
        callback()

    with suppress(NotImplementedError):  # no loop signal handlers on Windows: Ctrl-C interrupts at once
        loop.add_signal_handler(signal.SIGINT, first)


@contextmanager
def _progress_bar(description: str, total: int) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr when it is a terminal; nothing in a pipe or a log."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda n: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)


def _usage_error(message: str) -> NoReturn:
    click.echo(f"newsbot: {message}", err=True)
    sys.exit(2)


def _published_option(value: str | None) -> datetime | None:
    from bot.ingest.sources import parse_published

    if value is None:
        return None
    try:
        return parse_published(value)
    except ValueError:
        _usage_error(f"--published: {value!r} is not an ISO 8601 date such as 2024-05-01 or 2024-05-01T14:30-04:00")


def _not_future(when: datetime | None) -> datetime:
    """``when`` (default now), but never later than now: digests sort by date, and a story from the future
    would stay on top."""
    from bot.ingest.sources import clamp_to_now

    if when is None:
        return datetime.now(UTC)
    clamped, moved = clamp_to_now(when)
    if moved:
        click.echo(f"newsbot: warning: publication date {when.isoformat()} is in the future; stored as now", err=True)
    return clamped


def _read_input(settings: Settings, source: str, verb: str) -> tuple[str, ArticlePage | None]:
    """The text of a FILE (``-``: stdin) or of the page at a URL, with the page's metadata; what goes wrong
    is one line and exit code 1 (130 for Ctrl-C)."""
    from bot.feeds.page import PageError
    from bot.ingest.sources import SourceError, read_text, source_url

    try:
        if (page_url := source_url(source)) is not None:
            from bot.runtime import fetch_page

            page = run(lambda: fetch_page(settings, page_url))
            return page.text, page
        # A plain read in the main thread: bounded by the cap, and Ctrl-C interrupts it at once.
        return read_text(source, settings.http.max_body_bytes), None
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except (SourceError, PageError) as e:
        click.echo(f"newsbot: cannot {verb} {source}: {e}", err=True)
    except OSError as e:
        click.echo(f"newsbot: cannot {verb} {source}: {e.strerror or e}", err=True)
    sys.exit(1)


# ---------------------------------------------------------------- extraction
def _jsonl_inputs(stream: BinaryIO, max_line_bytes: int) -> Iterator[tuple[str, ArticleInput | None, str | None]]:
    from bot.ingest.sources import jsonl_lines

    for line in jsonl_lines(stream, max_line_bytes):
        n = line.number
        if line.text is None:
            yield str(n), None, line.error
            continue
        if not line.text.strip():
            continue
        try:
            d = json.loads(line.text)
            art = ArticleInput(text=d["text"], title=d.get("title"), url=d.get("url"), id=str(d.get("id", n)))
            yield str(d.get("id", n)), art, None
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            yield str(n), None, f"line {n}: not a JSON object with 'text': {e}"


_JSONL_BATCH = 200  # documents extracted together: memory stays bounded however long the input


def _extract_jsonl(extractor: Extractor, stream: BinaryIO, max_line_bytes: int) -> None:
    inputs = _jsonl_inputs(stream, max_line_bytes)
    while batch := list(islice(inputs, _JSONL_BATCH)):
        results = iter(extractor.extract_many([a for _, a, _ in batch if a is not None]))
        for doc_id, art, err in batch:
            res = next(results) if art is not None else None
            if err is not None or res is None:
                line: dict[str, Any] = {"id": doc_id, "error": err}
            elif isinstance(res, Exception):
                line = {"id": doc_id, "error": f"{type(res).__name__}: {res}"}
            else:
                line = res.to_schema(doc_id)
            click.echo(json.dumps(line, ensure_ascii=False))


@cli.command()
@click.argument("source", required=False)
@click.option(
    "--jsonl",
    "jsonl",
    type=click.File("rb"),
    default=None,
    help="Read one JSON object per line ({id, text, title?, url?}), in any common encoding; write one "
    "result per line. A line over http.max_body_bytes gets an error line.",
)
@pass_ctx
def extract(c: Ctx, source: str | None, jsonl: BinaryIO | None) -> None:
    """Extract officials, figures and quotes as JSON, from a FILE, a URL, stdin (-) or --jsonl."""
    from bot.runtime import make_extractor

    settings = c.settings()
    if jsonl is not None:
        try:
            _extract_jsonl(make_extractor(settings), jsonl, settings.http.max_body_bytes)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        return
    source = source or "-"
    text, page = _read_input(settings, source, "read")
    art = ArticleInput(
        text=text, title=page.title if page else None, url=(page.canonical_url or page.url) if page else source
    )
    res = make_extractor(settings).extract(art)
    click.echo(json.dumps(res.to_schema(source), ensure_ascii=False, indent=2))


@cli.command()
@click.option("--jsonl", "jsonl", type=click.File("r", encoding="utf-8"), required=True,
              help="Articles, one JSON object per line: id, title, text, published, outlet, url.")
@click.option("--incremental", is_flag=True,
              help="Group as the poster does: one article per round, in publication order.")
@pass_ctx
def stories(c: Ctx, jsonl: Any, incremental: bool) -> None:
    """Group articles into stories (real extraction, real grouping); write {"id", "story"} per article."""
    from bot.publishing.story_lines import group_lines
    from bot.runtime import make_extractor

    for line in group_lines(make_extractor(c.settings()), jsonl, incremental=incremental):
        click.echo(json.dumps(line, ensure_ascii=False))


# ---------------------------------------------------------------- answers
@cli.command()
@click.option("--since", default=None, help="Window, e.g. 24h, 3d (default: digest.since).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["terminal", "markdown", "slack", "discord"]),
    default="terminal",
    show_default=True,
    help="How to render it: terminal text, Markdown, Slack Block Kit or Discord embeds "
    "(JSON of the messages that would be posted).",
)
@click.option(
    "--demo",
    is_flag=True,
    help="From the bundled sample outlets (fixed date, offline) instead of the "
    "database: what docs/digest-* show (`make docs`).",
)
@pass_ctx
def digest(c: Ctx, since: str | None, fmt: str, demo: bool) -> None:
    """Print a digest of recent stories."""
    from bot.commands.parse import UsageError, parse_duration
    from bot.publishing.digest import Digest
    from handlers.terminal.formats import render_as

    if demo:
        from handlers.digest_docs import demo_digest

        configure_logging("WARNING")
        result = run(demo_digest)
    else:
        settings = c.settings()
        try:
            window = parse_duration(since) if since else None
        except UsageError as e:
            click.echo(f"newsbot: {e}", err=True)
            sys.exit(2)
        _require_database(settings)

        async def go() -> Digest:
            from bot.runtime import open_service

            async with open_service(settings, create=False) as service:
                return await service.digest(window)

        result = run(go)
    if fmt == "terminal":  # rich: colours on a terminal, plain text in a pipe
        from bot.commands import results as rs
        from handlers.terminal.render import print_result

        print_result(rs.DigestAnswer(result))
    else:
        click.echo(render_as(result, fmt), nl=False)


@cli.command()
@click.argument("command_text")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["terminal", "markdown"]),
    default="terminal",
    show_default=True,
    help="How to render the answer: terminal text or Markdown.",
)
@pass_ctx
def ask(c: Ctx, command_text: str, fmt: str) -> None:
    """Answer a slash command as Slack and Discord would, e.g. newsbot ask "/whosaid Homan"."""
    from bot.commands import results as rs
    from bot.commands.parse import UsageError, parse_command

    settings = c.settings()
    try:  # a malformed command gets its usage line, database or not
        request = parse_command(command_text)
    except UsageError as e:
        _print_answer(rs.UsageAnswer(str(e), e.usage), fmt)
        sys.exit(1)
    _require_database(settings)  # ask never creates a database (`newsbot db upgrade` does)
    run(lambda: _ask(settings, request, fmt))


def _print_answer(result: rs.Result, fmt: str) -> None:
    """Rich on the terminal (colours on a terminal, plain text in a pipe), or Markdown."""
    if fmt == "markdown":
        from handlers.terminal import markdown

        click.echo(markdown.render(result), nl=False)
        return
    from handlers.terminal.render import print_result

    print_result(result)


async def _ask(settings: Settings, request: rq.Request, fmt: str) -> None:
    from bot.commands import results as rs
    from bot.runtime import open_service

    async with open_service(settings, create=False) as service:
        result = await service.answer(request)
    _print_answer(result, fmt)
    if isinstance(result, rs.UsageAnswer) or (isinstance(result, rs.Notice) and not result.ok):
        sys.exit(1)


# ---------------------------------------------------------------- feeds: OPML
@cli.group()
def feeds() -> None:
    """Feeds as OPML, the list every feed reader imports and exports."""


def _channel_option(value: str | None) -> tuple[str, str] | None:
    """``--channel slack:C0123`` → ("slack", "C0123")."""
    if value is None:
        return None
    platform, _, external_id = value.partition(":")
    if platform not in ("slack", "discord") or not external_id.strip():
        _usage_error("--channel is PLATFORM:ID, e.g. slack:C0123456 or discord:123456789012345678")
    return platform, external_id.strip()


@feeds.command("import")
@click.argument("opml_file", type=click.File("rb"))
@click.option("--channel", "channel", metavar="PLATFORM:ID", help="Subscribe this channel (else: every channel).")
@pass_ctx
def feeds_import(c: Ctx, opml_file: BinaryIO, channel: str | None) -> None:
    """Add the feeds an OPML file lists, for every channel or (--channel) one channel. A malformed file
    changes nothing."""
    from bot.feeds.opml import MAX_OPML_BYTES, OpmlError, parse_opml

    target = _channel_option(channel)
    settings = c.settings()
    try:
        listed = parse_opml(opml_file.read(MAX_OPML_BYTES + 1))
    except OpmlError as e:
        click.echo(f"newsbot: {opml_file.name}: {e}; nothing imported", err=True)
        sys.exit(1)

    async def go() -> tuple[int, int]:
        from bot.runtime import open_store

        added = subscribed = 0
        async with open_store(settings) as store:
            known = {f.url for f in await store.list_feeds()}
            row = await store.ensure_channel(*target) if target else None
            for f in listed:
                feed = await store.add_feed(f.url, f.title if f.url not in known else None, shared=row is None)
                added += f.url not in known
                if row is not None:
                    subscribed += await store.subscribe(row.id, feed.id)
        return added, subscribed

    added, subscribed = run(go)
    where = f"; {subscribed} subscribed in {channel}" if target else " for every channel"
    click.echo(f"{len(listed)} feeds in {opml_file.name}: {added} new{where}")


@feeds.command("export")
@click.option("--channel", "channel", metavar="PLATFORM:ID", help="Only this channel's feeds.")
@pass_ctx
def feeds_export(c: Ctx, channel: str | None) -> None:
    """Print the feeds as OPML (newsbot feeds export > feeds.opml)."""
    from bot.feeds.opml import export_opml

    target = _channel_option(channel)
    settings = c.settings()
    _require_database(settings)

    async def go() -> bytes:
        from bot.runtime import open_store

        async with open_store(settings, create=False) as store:
            if target is None:
                return export_opml(await store.list_feeds())
            row = await store.ensure_channel(*target)
            return export_opml(await store.channel_feeds(row.id))

    sys.stdout.buffer.write(run(go))
    sys.stdout.buffer.flush()


# ---------------------------------------------------------------- slack
@cli.group()
def slack() -> None:
    """The Slack app's setup."""


@slack.command("manifest")
@click.option("--host", required=True, help="The public host of the web process, e.g. newsbot.example.org.")
@pass_ctx
def slack_manifest_cmd(c: Ctx, host: str) -> None:
    """Print manifest.yml for this install: the host filled in, the commands named with commands.prefix."""
    from handlers.slack.manifest import ManifestError, slack_manifest

    try:
        click.echo(slack_manifest(host, c.settings().commands.prefix), nl=False)
    except ManifestError as e:
        _usage_error(str(e))


@cli.group("export")
def export_group() -> None:
    """Write stored news out as files."""


@export_group.command("quotes")
@click.option("--person", default=None, help="Only this person (their exact name, an alias or surname).")
@click.option("--since", default=None, help="Only quotes this recent, e.g. 30d, 2w.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default="-",
              help="File to write (default: standard output).")
@pass_ctx
def export_quotes(c: Ctx, person: str | None, since: str | None, fmt: str, output: str) -> None:
    """Quotes as CSV or JSON Lines: quote, kind, cue, speaker, title, date, outlet, URL; one row per
    statement and outlet: every person's whole record (one person after another, by name), or with --person
    that person's, written as it is read (the same file as /whosaid NAME export, without the platforms'
    upload limits)."""
    from bot.commands.parse import UsageError, parse_duration

    settings = c.settings()
    try:
        window = parse_duration(since) if since else None
    except UsageError as e:
        raise click.BadParameter(str(e), param_hint="--since") from None
    _require_database(settings)
    if output == "-":
        run(lambda: _export_quotes(settings, person, window, fmt, sys.stdout.buffer))
        return
    try:
        with Path(output).open("wb") as out:
            run(lambda: _export_quotes(settings, person, window, fmt, out))
    except click.ClickException:
        Path(output).unlink(missing_ok=True)  # no empty file left for a name that found no one
        raise
    click.echo(f"wrote {output}", err=True)


async def _export_quotes(settings: Settings, person: str | None, window: Any, fmt: str, out: BinaryIO) -> None:
    """Write the export to ``out``: a person's whole record (or everyone's, person after person) a batch of
    statements at a time, as the store reads it (memory holds one batch however long the record); a person
    who is not exactly someone in the news is an error with suggestions."""
    from bot.commands import export
    from bot.infra.clock import utcnow
    from bot.runtime import open_store

    since = utcnow() - window if window else None
    async with open_store(settings, create=False) as store:
        if person is None:
            batches = store.everyone_batches(since=since)
        else:
            found = await store.whosaid(person, since=since, limit=1)
            if found.person is None:
                names = [m.name for m in found.candidates] or found.suggestions
                hint = f" Did you mean: {', '.join(names)}?" if names else ""
                raise click.ClickException(f"No one called “{person}” in the news I have.{hint}")
            batches = store.record_batches(found.person, since=since)
        async for piece, _ in export.chunks(batches, fmt):
            out.write(piece)
            out.flush()


# ---------------------------------------------------------------- long-running processes
@cli.command("run")
@pass_ctx
def run_cmd(c: Ctx) -> None:
    """The worker: poll, extract, post digests on schedule, and run the Discord client (Procfile `worker`)."""
    settings = c.settings()
    from handlers.app import run_worker

    run(lambda: run_worker(settings))


@cli.command()
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default: $PORT, else 8080).")
@pass_ctx
def web(c: Ctx, port: int | None) -> None:
    """The web process: Slack's /slack/events, /healthz and /metrics (Procfile `web`); several processes
    on the port when web_processes (or WEB_CONCURRENCY) is above 1."""
    settings = c.settings()
    if settings.web_processes > 1:
        from bot.storage import upgrade
        from config.settings import make_data_dir
        from handlers.web_processes import serve

        make_data_dir(settings)
        run(lambda: upgrade(settings.database_url))  # once, before the workers open their stores
        serve(settings, port or settings.port)
        return
    from handlers.app import run_web

    run(lambda: run_web(settings, port or settings.port))


@cli.command()
@click.option("--keep", is_flag=True, help="Keep the demo database (newsbot-demo.db) afterwards.")
@pass_ctx
def demo(c: Ctx, keep: bool) -> None:
    """Offline demo: serve the bundled sample feeds on 127.0.0.1, poll, extract, print a digest and /whosaid."""
    from handlers.demo import run_demo

    configure_logging("WARNING" if not c.verbose else "DEBUG")
    started = time.monotonic()
    run(lambda: run_demo(keep=keep, config_path=c.config_path))
    click.echo(f"\ndemo finished in {time.monotonic() - started:.1f} s; peak memory {_peak_rss_mb():.0f} MB", err=True)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    cli(prog_name="newsbot")


if __name__ == "__main__":
    main()
