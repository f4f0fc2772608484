"""Group commit of poll results: feeds that finish close together share one write transaction.

Each feed's poll hands its new items and outcome (``PolledFeed``) to ``BatchedWrites.write`` and waits for
the commit. One writer task takes what has gathered — up to ``poll.write_batch`` feeds, after at most
``poll.write_wait`` seconds — and writes it with ``Store.record_polls``. If a batch fails, each of its feeds
is tried alone, so one feed the database refuses never takes the others down with it. Nothing is
committed that a feed's poll did not hand over whole, and a feed whose write failed keeps its lease
until it runs out: its next poll reads it again, and the dedupe keys make that retry store only what is
missing.
"""

from __future__ import annotations

import asyncio
import contextlib

from bot.infra.log import get_logger
from bot.storage.repo import Store
from bot.storage.rows import PolledFeed

log = get_logger(__name__)

Written = list[int | None]  # each article's new id, or None for a duplicate
_Waiting = tuple[PolledFeed, "asyncio.Future[Written]"]


class BatchedWrites:
    """Poll results written a batch at a time by one writer task (see the module's docstring)."""

    def __init__(self, store: Store, max_feeds: int, max_wait: float) -> None:
        self.store = store
        self.max_feeds = max_feeds
        self.max_wait = max_wait
        self._waiting: list[_Waiting] = []
        self._full = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None

    async def write(self, polled: PolledFeed) -> Written:
        """Queue one feed's results and wait until they are committed (or their write failed: raised).
        A caller cancelled meanwhile does not withdraw them: they are written whole or not at all."""
        done: asyncio.Future[Written] = asyncio.get_running_loop().create_future()
        done.add_done_callback(_retrieved)  # a caller cancelled meanwhile does not hear of a failed write
        self._waiting.append((polled, done))
        if len(self._waiting) >= self.max_feeds:
            self._full.set()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._run(), name="poll-batched-writes")
        return await asyncio.shield(done)

    async def drain(self) -> None:
        """Wait until everything queued so far is written (or failed)."""
        if self._writer is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._writer)

    async def aclose(self) -> None:
        """Write what is queued, then stop. Cancelled meanwhile: what is not committed is left to the next poll."""
        try:
            await self.drain()
        finally:
            if self._writer is not None and not self._writer.done():
                self._writer.cancel()
                await asyncio.gather(self._writer, return_exceptions=True)

    async def _run(self) -> None:
        taken: list[_Waiting] = []
        try:
            while self._waiting:
                if len(self._waiting) < self.max_feeds:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._full.wait(), self.max_wait)
                self._full.clear()
                taken, self._waiting = self._waiting[: self.max_feeds], self._waiting[self.max_feeds :]
                await self._write(taken)
                taken = []
        finally:  # cancelled: the waiting feeds learn it, nothing of theirs is half written
            for _, done in [*taken, *self._waiting]:
                if not done.done():
                    done.cancel()
            self._waiting.clear()

    async def _write(self, batch: list[_Waiting]) -> None:
        try:
            results = await self.store.record_polls([p for p, _ in batch])
        except Exception as e:
            if len(batch) == 1:
                _settle(batch[0][1], error=e)
                return
            log.warning("poll.batch_write_failed", feeds=len(batch), error=repr(e))
            for one in batch:  # each feed alone: only the one at fault fails
                await self._write([one])
            return
        for (_, done), written in zip(batch, results, strict=True):
            _settle(done, written)


def _settle(done: asyncio.Future[Written], written: Written | None = None, error: Exception | None = None) -> None:
    if done.done():
        return
    if error is not None:
        done.set_exception(error)
    else:
        done.set_result(written or [])


def _retrieved(done: asyncio.Future[Written]) -> None:
    if not done.cancelled():
        done.exception()
