"""Extraction in worker processes (``newsbot ingest`` of many articles on several cores).

Each worker parses AND analyses a chunk of articles with the extractor, in one process (``n_process`` 1),
and sends back only the small results, so the parent process is left to read and store. The workers are
forked once, after the pipeline and the topic are loaded, so they start at once and share that memory
copy-on-write.

They are forked from the main thread, the one running the event loop: a process forked from a thread of
an executor joins that thread when it exits (``concurrent.futures`` registers that exit handler), that is
itself, and exits with code 1 (what spaCy reported as failed workers, W127). ``ProcessPoolExecutor`` with
the fork method forks every worker at the first ``submit``, so ``start`` makes that first submit itself.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import signal
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from typing import TypeVar

from bot.errors import NewsbotError
from bot.models import ArticleInput, Extraction
from bot.nlp.extract import Extractor

T = TypeVar("T")

DIED = (
    "an extraction process ended abruptly (killed, or out of memory?); the articles it held are stored and "
    "await extraction by the worker (newsbot run, or newsbot poll --once)"
)

Outcome = Extraction | str
"""One article's result: its extraction, or why it failed as text (an exception may not pickle)."""


class ExtractionProcessDied(NewsbotError, RuntimeError):
    """A worker process ended while it held articles (killed, out of memory, a crash in native code)."""


def describe(error: BaseException) -> str:
    """How a failed extraction is recorded (``extraction_error``): the exception's type and message."""
    return f"{type(error).__name__}: {error}"


_extractor: Extractor | None = None  # in a worker: the parent's extractor, inherited by the fork


def _init_worker(extractor: Extractor) -> None:
    """Ignore SIGINT: the parent decides what Ctrl-C means (finish the chunks in flight). A handler inherited
    from the parent's event loop would also write the signal to the parent's wake-up descriptor."""
    global _extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with suppress(ValueError):  # not the main thread: nothing was inherited
        signal.set_wakeup_fd(-1)
    extractor.n_process = 1  # this process is one of the n: no spaCy processes of its own
    _extractor = extractor


def _extract_chunk(articles: list[ArticleInput]) -> list[Outcome]:
    """In a worker: one outcome per article, in order."""
    assert _extractor is not None, "not a worker process"
    return [
        r if isinstance(r, Extraction) else describe(r) for r in _extractor.extract_many(articles, chunk=len(articles))
    ]


def _ready() -> bool:
    return _extractor is not None


class ExtractionPool:
    """``processes`` worker processes that each extract whole chunks of articles with ``extractor``."""

    def __init__(self, extractor: Extractor, processes: int) -> None:
        self.extractor = extractor
        self.processes = processes
        self._executor: ProcessPoolExecutor | None = None
        self._tasks: set[asyncio.Task[list[Outcome]]] = set()

    async def start(self) -> None:
        """Load the pipeline and the topic (in a thread), then fork the workers from this thread, which must
        be the main thread (see the module's docstring)."""
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("the extraction pool must be started from the main thread (workers are forked)")
        await asyncio.to_thread(self.extractor.load)
        self._executor = ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_init_worker,
            initargs=(self.extractor,),
        )
        # The loaded pipeline's objects go to the collector's permanent generation for the fork: the workers
        # never scan them (less CPU per collection) nor touch them (pages stay shared), as the gc docs advise.
        gc.freeze()
        try:
            first = self._executor.submit(_ready)  # the first submit forks every worker, before it returns
        finally:
            gc.unfreeze()  # in this process only; the workers keep theirs frozen
        if not await self._outcome(first):
            raise ExtractionProcessDied("the extraction processes did not start")

    def submit(self, articles: Sequence[ArticleInput]) -> asyncio.Task[list[Outcome]]:
        """Send one chunk to the workers now; the task gives one outcome per article, in order, or raises
        ExtractionProcessDied."""
        if self._executor is None:
            raise RuntimeError("the extraction pool is not started")
        try:
            future = self._executor.submit(_extract_chunk, list(articles))
        except BrokenProcessPool as e:  # a worker died before: the task raises it, as for a chunk in flight
            future = Future()
            future.set_exception(e)
        task = asyncio.ensure_future(self._outcome(future))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @staticmethod
    async def _outcome(future: Future[T]) -> T:
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            raise ExtractionProcessDied(DIED) from None

    async def close(self) -> None:
        """Let the workers end once idle (every chunk's result received)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True)

    def abort(self) -> None:
        """End at once (a second Ctrl-C, an error, a cancellation): the chunks in flight are dropped, their
        articles stay stored and not extracted, for the worker's processor."""
        for task in list(self._tasks):
            task.cancel()
        executor, self._executor = self._executor, None
        if executor is None:
            return
        # Chunks already queued to a worker would still run: end the workers.
        if terminate := getattr(executor, "terminate_workers", None):  # Python 3.14
            terminate()
            return
        processes = list((getattr(executor, "_processes", None) or {}).values())  # what terminate_workers does
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with suppress(OSError, ValueError):  # already ended
                process.terminate()
