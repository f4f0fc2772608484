"""Bulk ingest (``newsbot ingest PATH…``): many files, directories, JSON Lines archives and page addresses in
one run, with the spaCy pipeline loaded once and fed on every core.

The flow is a pipeline of three stages that overlap:

1. *read*: each input becomes an article (a FeedItem and its text) or a failure with a reason; a failure is
   counted and the rest goes on;
2. *store*: each article goes through the same dedupe rules as the poller (``Store.add_articles`` for a
   chunk at a time with worker processes, ``items.add_item`` one at a time without), so a duplicate is never
   parsed and re-running an import stores nothing new;
3. *extract*: the stored articles go, in small chunks, to ``extractor.n_process`` worker processes
   (``bot.nlp.pool.ExtractionPool``, forked once after the pipeline loads) that each parse AND analyse a
   chunk and send back only the extractions; this process reads, stores and saves the results, nothing
   more. With ``n_process`` 1 there is no pool: ``Extractor.extract_many`` runs in a thread.

Articles are stored in one transaction per chunk (each in its own without worker processes) and their
extractions saved in another, so an interrupted run leaves only whole articles. Ctrl-C
(``stop``) stops reading, finishes and saves the chunks being extracted, and ends; articles stored and not
extracted (a second Ctrl-C, a worker process that died, a crash) wait for the worker's processor
(``newsbot run``, ``newsbot poll --once``), like articles polled from feeds.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import threading
from collections import Counter, deque
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy.exc import DataError, DBAPIError

from bot.feeds.limits import cut
from bot.feeds.page import ArticlePage, PageError
from bot.infra.log import get_logger
from bot.ingest import Progress
from bot.ingest.items import add_item, new_article
from bot.ingest.sources import SourceError, clamp_to_now, jsonl_lines, parse_published, read_text, source_url
from bot.models import ArticleInput, Extraction, FeedItem
from bot.nlp.extract import Extractor
from bot.nlp.pool import ExtractionPool, ExtractionProcessDied, Outcome, describe
from bot.storage import Store

log = get_logger(__name__)

JSONL_SUFFIXES = (".jsonl", ".ndjson")
CHUNK = 256  # articles per extract_many call in one process
POOL_CHUNK = 16  # articles per task of a worker process: small, so the workers share the load evenly
DEFAULT_OUTLET = "ingested"
_MAX_REASONS = 5  # distinct failure reasons spelled out in the summary line

Kind = Literal["file", "jsonl", "url", "stdin"]


@dataclass(frozen=True, slots=True)
class Source:
    """One input named on the command line, or found in a directory named there."""

    kind: Kind
    name: str


@dataclass(frozen=True, slots=True)
class Found:
    """An article read from an input, not stored yet; ``origin`` says where (``file.jsonl:12``)."""

    origin: str
    item: FeedItem
    text: str


@dataclass(frozen=True, slots=True)
class Failed:
    """An input, or one line of one, that gave no article, with the reason worded for the person."""

    origin: str
    reason: str


@dataclass(frozen=True, slots=True)
class Defaults:
    """What an article that does not say otherwise gets (``--source-name``, ``--published``)."""

    outlet: str = DEFAULT_OUTLET
    published: datetime | None = None


@dataclass(slots=True)
class BulkSummary:
    """The counts of one run, filled as it goes (an interrupted run still has them)."""

    stored: int = 0
    duplicates: int = 0
    extracted: int = 0
    extraction_errors: int = 0
    failures: list[Failed] = field(default_factory=list)
    interrupted: bool = False

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def pending(self) -> int:
        """Stored but not extracted yet (an interrupted run): the processor extracts them later."""
        return self.stored - self.extracted - self.extraction_errors

    def line(self) -> str:
        """One line for the person: counts, then the failures grouped by reason, the commonest first."""
        parts = [f"stored {self.stored}", f"duplicates {self.duplicates}", f"failed {self.failed}"]
        if self.extraction_errors:
            parts.append(f"extraction errors {self.extraction_errors}")
        if self.pending:
            parts.append(f"awaiting extraction {self.pending}")
        text = ", ".join(parts)
        if self.failures:
            text += " (" + "; ".join(self._reasons()) + ")"
        return text

    def _reasons(self) -> list[str]:
        by_reason = Counter(f.reason for f in self.failures)
        first = {f.reason: f.origin for f in reversed(self.failures)}
        shown = [
            f"{first[r]}: {r}" + (f" (and {n - 1} more)" if n > 1 else "")
            for r, n in by_reason.most_common(_MAX_REASONS)
        ]
        if len(by_reason) > _MAX_REASONS:
            shown.append(f"{len(by_reason) - _MAX_REASONS} other reasons")
        return shown


def default_processes() -> int:
    """One extraction process per core, at most 4 (each holds its own copy of the pipeline's working memory)."""
    return max(1, min(os.cpu_count() or 1, 4))


# ---------------------------------------------------------------- inputs
def expand(paths: Sequence[str]) -> tuple[list[Source], list[Failed]]:
    """The inputs behind ``paths``: page addresses, ``-`` (stdin), files, and every file under a directory
    (sorted, hidden ones left out); a path that does not exist, or an address with another scheme than
    http(s), is a failure."""
    sources: list[Source] = []
    failures: list[Failed] = []
    for p in paths:
        try:
            if source_url(p) is not None:
                sources.append(Source("url", p))
                continue
        except SourceError as e:
            failures.append(Failed(p, str(e)))
            continue
        if p == "-":
            sources.append(Source("stdin", p))
        elif (path := Path(p)).is_dir():
            sources.extend(_source_of(f) for f in _files_under(path))
        elif path.exists():
            sources.append(_source_of(path))
        else:
            failures.append(Failed(p, "no such file or directory"))
    return sources, failures


def is_bulk(path: str) -> bool:
    """Whether one path alone holds many articles: a directory or a JSON Lines file."""
    try:
        if source_url(path) is not None:
            return False
    except SourceError:
        return False  # one address with another scheme: the one-article path words the error
    return Path(path).is_dir() or Path(path).suffix.lower() in JSONL_SUFFIXES


def _files_under(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
        if not hidden and path.is_file():
            yield path


def _source_of(path: Path) -> Source:
    return Source("jsonl" if path.suffix.lower() in JSONL_SUFFIXES else "file", str(path))


def estimate(sources: Iterable[Source]) -> int:
    """How many articles the inputs hold, for the progress bar: one per file or page, one per line of a
    JSON Lines file (counted without decoding)."""
    total = 0
    for s in sources:
        total += _count_lines(Path(s.name)) if s.kind == "jsonl" else 1
    return total


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as f:
            count, last = 0, b"\n"
            while block := f.read(1 << 20):
                count += block.count(b"\n")
                last = block[-1:]
            return count + (last != b"\n")
    except OSError:
        return 1


PageFetch = Callable[[str], Awaitable[ArticlePage]]


async def read_sources(
    sources: Iterable[Source],
    *,
    max_bytes: int,
    fetch: PageFetch,
    defaults: Defaults | None = None,
) -> AsyncIterator[Found | Failed]:
    """Each input as articles or failures, in order; nothing raised for one input stops the others.
    Files are read in this thread, bounded by ``max_bytes`` (``http.max_body_bytes``), as ``newsbot ingest
    FILE`` reads them: a read is short, and Ctrl-C interrupts it."""
    defaults = defaults or Defaults()
    for source in sources:
        if source.kind == "jsonl":
            for found in _jsonl_articles(Path(source.name), max_bytes, defaults):
                yield found
                await asyncio.sleep(0)  # a long archive must not starve the extraction results
        elif source.kind == "url":
            yield await _page_article(source.name, fetch, defaults)
        else:
            yield _file_article(source, max_bytes, defaults)


def _file_article(source: Source, max_bytes: int, defaults: Defaults) -> Found | Failed:
    try:
        text = read_text(source.name, max_bytes)
    except SourceError as e:
        return Failed(source.name, str(e))
    except OSError as e:
        return Failed(source.name, e.strerror or str(e))
    if problem := _text_problem(text):
        return Failed(source.name, problem)
    title = "stdin" if source.kind == "stdin" else Path(source.name).stem.replace("_", " ")
    item = FeedItem(
        feed_url="", guid=None, url=None, title=title, published=_when(defaults.published), source=defaults.outlet
    )
    return Found(source.name, item, text)


async def _page_article(url: str, fetch: PageFetch, defaults: Defaults) -> Found | Failed:
    try:
        page = await fetch(url)
    except PageError as e:
        return Failed(url, str(e))
    item = FeedItem(
        feed_url="",
        guid=None,
        url=page.canonical_url or page.url,
        title=page.title or page.url,
        published=_when(page.published or defaults.published),
        source=page.outlet or defaults.outlet,
    )
    return Found(url, item, page.text)


def _jsonl_articles(path: Path, max_bytes: int, defaults: Defaults) -> Iterator[Found | Failed]:
    try:
        with path.open("rb") as f:
            for line in jsonl_lines(f, max_bytes):
                origin = f"{path}:{line.number}"
                if line.text is None:
                    yield Failed(origin, _without_line_number(line.error or "unreadable line"))
                elif line.text.strip():
                    yield jsonl_article(line.text, origin, defaults)
    except OSError as e:
        yield Failed(str(path), e.strerror or str(e))


def _without_line_number(error: str) -> str:
    """jsonl_lines words its errors "line N: ..."; the origin already says which line."""
    head, sep, rest = error.partition(": ")
    return rest if sep and head.startswith("line ") else error


def jsonl_article(line: str, origin: str, defaults: Defaults | None = None) -> Found | Failed:
    """One JSON Lines article: an object with ``text`` and optional ``title``, ``url``, ``published``
    (ISO 8601) and ``outlet``. A title-less article is titled by its first line, so the same text gets the
    same content hash on every run."""
    defaults = defaults or Defaults()
    try:
        obj = json.loads(line)
    except ValueError as e:
        return Failed(origin, f"not JSON: {e}")
    if not isinstance(obj, dict):
        return Failed(origin, "not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return Failed(origin, "no 'text' (a non-empty string)")
    if problem := _text_problem(text):
        return Failed(origin, problem)
    fields = {k: obj.get(k) for k in ("title", "url", "published", "outlet")}
    if bad := [k for k, v in fields.items() if v is not None and not isinstance(v, str)]:
        return Failed(origin, f"'{bad[0]}' is not a string")
    url = fields["url"] or None
    if url is not None and not url.startswith(("http://", "https://")):
        return Failed(origin, f"'url' {url[:100]!r} is not an http:// or https:// address")
    published = defaults.published
    if when := fields["published"]:
        try:
            published = parse_published(when)
        except ValueError:
            return Failed(origin, f"'published' {when[:60]!r} is not an ISO 8601 date")
    title = (fields["title"] or "").strip() or _first_line(text)
    item = FeedItem(
        feed_url="",
        guid=None,
        url=url,
        title=title,
        published=_when(published),
        source=(fields["outlet"] or "").strip() or defaults.outlet,
    )
    return Found(origin, item, text)


def _text_problem(text: str) -> str | None:
    """Why ``text`` cannot be an article: empty, or holding NUL characters (binary data decoded as text;
    PostgreSQL refuses them and SQLite cuts the text at the first)."""
    if not text.strip():
        return "the article is empty"
    if "\x00" in text:
        return "not text: it holds NUL characters (binary data?)"
    return None


def _extractor_input(found: Found) -> ArticleInput:
    item = found.item
    return ArticleInput(text=found.text, title=item.title, url=item.url, published=item.published)


def _refused_value(error: DBAPIError) -> bool:
    """Whether the database refused a value of this one article (SQLSTATE class 22, "data exception":
    a character it cannot store, a value too long), not the connection or the schema."""
    sqlstate = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return isinstance(error, DataError) or (isinstance(sqlstate, str) and sqlstate.startswith("22"))


def _first_line(text: str, limit: int = 120) -> str:
    line = next((x.strip() for x in text.splitlines() if x.strip()), "")
    return line if len(line) <= limit else cut(line, limit)


def _when(published: datetime | None) -> datetime:
    """A date never later than now (digests sort by date), default now."""
    return clamp_to_now(published)[0] if published is not None else datetime.now(UTC)


# ---------------------------------------------------------------- the pipeline
_Result = tuple[int, Extraction | BaseException]


@dataclass(frozen=True, slots=True)
class _InFlight:
    """A chunk sent to the worker processes: its articles' ids and the task giving their outcomes."""

    ids: list[int]
    outcomes: asyncio.Task[list[Outcome]]


class BulkIngest:
    """Stores articles as they are read and extracts them meanwhile with ``extractor``: in
    ``extractor.n_process`` worker processes (``ExtractionPool``), or in a thread of this process when that
    is 1; ``summary`` holds the counts so far."""

    def __init__(
        self,
        store: Store,
        extractor: Extractor,
        *,
        chunk: int | None = None,
        progress: Progress | None = None,
        summary: BulkSummary | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.store = store
        self.extractor = extractor
        self.pooled = extractor.n_process > 1
        self.chunk = chunk or (POOL_CHUNK if self.pooled else CHUNK)
        self.progress = progress or (lambda n: None)
        self.summary = summary if summary is not None else BulkSummary()
        self._stop = stop or threading.Event()

    def stop(self) -> None:
        """Finish early (Ctrl-C): no more articles are read or stored, the chunks being extracted are finished
        and saved (a few seconds). Safe to call from a signal handler or another thread."""
        self._stop.set()

    async def run(self, articles: AsyncIterable[Found | Failed]) -> BulkSummary:
        """Store and extract every article (until ``stop``); failures are counted, never raised. Raises
        ExtractionProcessDied when a worker process dies: what the others finished is saved first, and the
        articles it held stay stored and not extracted. Cancelled, it ends the worker processes, or waits
        for the extraction thread, before the cancellation goes on."""
        if self.pooled:
            await self._run_pooled(articles)
        else:
            await self._run_threaded(articles)
        self.summary.interrupted = self._stop.is_set()
        return self.summary

    # ------------------------------------------------ n_process > 1: worker processes parse and analyse
    async def _run_pooled(self, articles: AsyncIterable[Found | Failed]) -> None:
        """Stores the articles a chunk at a time (one transaction each) and sends each chunk to the pool, at
        most two chunks per process in flight (memory stays bounded however long the input); saves each
        chunk's outcomes in the order sent. A chunk is stored and sent when full, or at once while a process
        is idle. Once stopped, the chunks in flight are finished and saved, and the articles read but not
        sent are stored to wait for the processor."""
        pool = ExtractionPool(self.extractor, self.extractor.n_process)
        in_flight: deque[_InFlight] = deque()
        waiting: list[Found] = []  # read, to be stored and sent together
        finished = False
        try:
            await pool.start()
            async for found in articles:
                if self._stop.is_set():
                    break
                if isinstance(found, Failed):
                    self._failed(found)
                else:
                    waiting.append(found)
                if waiting and (len(waiting) >= self.chunk or len(in_flight) < pool.processes):
                    if chunk := await self._store_many(waiting):
                        in_flight.append(self._send(pool, chunk))
                    waiting = []
                while in_flight and (in_flight[0].outcomes.done() or len(in_flight) >= 2 * pool.processes):
                    await self._save_chunk(in_flight.popleft())
            if (chunk := await self._store_many(waiting)) and not self._stop.is_set():
                in_flight.append(self._send(pool, chunk))
            while in_flight:
                await self._save_chunk(in_flight.popleft())
            finished = True
        except ExtractionProcessDied:
            await self._save_finished(in_flight)
            raise
        finally:
            if finished:
                await pool.close()
            else:
                pool.abort()

    @staticmethod
    def _send(pool: ExtractionPool, chunk: list[tuple[int, ArticleInput]]) -> _InFlight:
        return _InFlight([i for i, _ in chunk], pool.submit([a for _, a in chunk]))

    async def _save_chunk(self, sent: _InFlight) -> None:
        """A chunk's extractions in one transaction (``save_extractions``), each failure in its own."""
        outcomes = list(zip(sent.ids, await sent.outcomes, strict=True))
        extracted = [(i, o) for i, o in outcomes if isinstance(o, Extraction)]
        await self.store.save_extractions(extracted)
        self.summary.extracted += len(extracted)
        for article_id, outcome in outcomes:
            if isinstance(outcome, str):
                await self._save(article_id, outcome)
        self.progress(len(outcomes))

    async def _save_finished(self, in_flight: deque[_InFlight]) -> None:
        """After a worker died: save the chunks the others finished (the pool fails the rest at once)."""
        if in_flight:
            await asyncio.wait([sent.outcomes for sent in in_flight], timeout=60)
        for sent in in_flight:
            task = sent.outcomes
            if task.done() and not task.cancelled() and task.exception() is None:
                await self._save_chunk(sent)

    async def _store_many(self, found: list[Found]) -> list[tuple[int, ArticleInput]]:
        """Store a chunk of articles in one transaction (``Store.add_articles``, the poller's dedupe) and
        count them; the stored ones' ids and extractor inputs. When the database refuses a value of one of
        them, each is stored on its own, so only that one fails."""
        if not found:
            return []
        try:
            ids = await self.store.add_articles([new_article(f.item, f.text, feed_id=None, announce=True) for f in found])
        except DBAPIError as e:
            if not _refused_value(e):
                raise
            return [one for f in found if (one := await self._store(f)) is not None]
        return [one for f, article_id in zip(found, ids, strict=True) if (one := self._counted(f, article_id))]

    # ------------------------------------------------ n_process == 1: one thread extracts in this process
    async def _run_threaded(self, articles: AsyncIterable[Found | Failed]) -> None:
        loop = asyncio.get_running_loop()
        feed: queue.Queue[tuple[int, ArticleInput] | None] = queue.Queue()
        results: asyncio.Queue[_Result | None] = asyncio.Queue()
        # At most two chunks stored and not yet saved: memory stays bounded however long the input.
        window = asyncio.Semaphore(2 * self.chunk)
        extracting = self._start_thread(feed, results, loop)
        saving = asyncio.create_task(self._save_all(results, window))
        try:
            async for found in articles:
                if self._stop.is_set() or not await self._acquire(window, saving):
                    break
                if isinstance(found, Failed):
                    window.release()
                    self._failed(found)
                elif (stored := await self._store(found)) is None:
                    window.release()
                else:
                    feed.put(stored)
            feed.put(None)
            await saving  # ends when the extraction thread has handed over its last result
        except BaseException:
            self._stop.set()
            saving.cancel()
            raise
        finally:
            feed.put(None)
            await asyncio.wait({extracting})  # the thread returns once the chunk in hand is done

    def _start_thread(
        self,
        feed: queue.Queue[tuple[int, ArticleInput] | None],
        results: asyncio.Queue[_Result | None],
        loop: asyncio.AbstractEventLoop,
    ) -> asyncio.Future[None]:
        """The extraction thread, and a future done when it ends. A thread of its own, not the loop's
        executor: it runs as long as the input (one ``extract_many`` stream), and, should spaCy fork
        processes from it, a process forked from an executor thread exits with code 1 (its exit handler
        tries to join the thread it now runs on), which spaCy reports as failed workers (W127)."""
        ended: asyncio.Future[None] = loop.create_future()

        def end() -> None:
            if not ended.done():
                ended.set_result(None)

        def body() -> None:
            try:
                self._extract_all(feed, results, loop)
            finally:
                with suppress(RuntimeError):  # the loop is gone (a second Ctrl-C)
                    loop.call_soon_threadsafe(end)

        threading.Thread(target=body, name="bulk-extract", daemon=True).start()
        return ended

    async def _acquire(self, window: asyncio.Semaphore, saving: asyncio.Task[None]) -> bool:
        """A place in the window; False when the run stopped meanwhile. A saver that failed raises here,
        as it would never free a place."""
        if not window.locked():
            await window.acquire()
            return True
        acquire = asyncio.ensure_future(window.acquire())
        await asyncio.wait({acquire, saving}, return_when=asyncio.FIRST_COMPLETED)
        if acquire.done():
            return True
        acquire.cancel()
        saving.result()  # raises what stopped it
        if self._stop.is_set():
            return False
        raise RuntimeError("the extraction results stopped before the input ended")

    def _failed(self, failed: Failed) -> None:
        log.warning("ingest.failed", origin=failed.origin[:300], reason=failed.reason[:300])
        self.summary.failures.append(failed)
        self.progress(1)

    async def _store(self, found: Found) -> tuple[int, ArticleInput] | None:
        """The stored article's id and extractor input; None (counted) when it is a duplicate, or when the
        database refuses this one article's values (a failure; an unreachable database still raises)."""
        try:
            article_id = await add_item(self.store, found.item, found.text, feed_id=None, announce=True)
        except DBAPIError as e:
            if not _refused_value(e):
                raise
            self._failed(Failed(found.origin, f"the database refused it: {str(e.orig or e).splitlines()[0]}"))
            return None
        return self._counted(found, article_id)

    def _counted(self, found: Found, article_id: int | None) -> tuple[int, ArticleInput] | None:
        """Count an article stored (its id and extractor input) or a duplicate (None, done already)."""
        if article_id is None:
            self.summary.duplicates += 1
            self.progress(1)
            return None
        self.summary.stored += 1
        return article_id, _extractor_input(found)

    def _extract_all(
        self,
        feed: queue.Queue[tuple[int, ArticleInput] | None],
        results: asyncio.Queue[_Result | None],
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        """The extraction thread: streams ``feed`` through the extractor and hands each result to the loop.

        Once stopped it takes no more input but finishes the chunk in hand (and the loop saves it): closing
        spaCy's multiprocess pipe early can hang, as its workers inherited the read end of the pipe they
        write their results to, so they block on a full pipe instead of seeing it closed."""
        ids: deque[int] = deque()

        def inputs() -> Iterator[ArticleInput]:
            while not self._stop.is_set() and (entry := feed.get()) is not None:
                ids.append(entry[0])
                yield entry[1]

        def hand_over(result: _Result | None) -> None:
            with suppress(RuntimeError):  # the loop is gone (a second Ctrl-C): nobody is left to save it
                loop.call_soon_threadsafe(results.put_nowait, result)

        try:
            for res in self.extractor.extract_many(inputs(), chunk=self.chunk):
                hand_over((ids.popleft(), res))
        except BaseException as e:  # noqa: BLE001 - the loop reports it; the thread must not die silently
            hand_over((-1, e))
        finally:
            hand_over(None)

    async def _save_all(self, results: asyncio.Queue[_Result | None], window: asyncio.Semaphore) -> None:
        while (entry := await results.get()) is not None:
            article_id, res = entry
            if article_id == -1 and isinstance(res, BaseException):
                raise res  # the extraction thread itself failed (not one article)
            await self._save(article_id, res)
            window.release()
            self.progress(1)

    async def _save(self, article_id: int, res: Extraction | BaseException | str) -> None:
        if not isinstance(res, Extraction):
            error = res if isinstance(res, str) else describe(res)
            log.error("article.extract_failed", article_id=article_id, error=error[:300])
            await self.store.save_extraction_error(article_id, error)
            self.summary.extraction_errors += 1
        else:
            await self.store.save_extraction(article_id, res)
            self.summary.extracted += 1
