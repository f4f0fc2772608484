"""Leases on rows a worker works on (feeds, articles): who holds them, and renewing them while work runs.

A lease is an owner name and an expiry on the row (see ``bot.storage``); a worker that dies keeps its
share only until the lease runs out. ``renewing`` extends the leases every third of a lease.

Stopping the renewer must not lose the caller's own cancellation: awaiting a cancelled task raises
CancelledError whether the task was cancelled or the caller was, and Python 3.11's wait_for can even lose
a caller's cancellation outright; ``Task.cancelling()`` tells them apart (``stop_task``).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from bot.infra.log import get_logger

if TYPE_CHECKING:
    from bot.storage.repo import Store

log = get_logger(__name__)


async def stop_task(task: asyncio.Task[object]) -> bool:
    """Cancel ``task`` and wait until it has ended (its own failure stays on the task, to be read there).
    True when the calling task was cancelled meanwhile: it must raise CancelledError once wound up."""
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        return (me := asyncio.current_task()) is not None and me.cancelling() > 0
    except Exception:  # noqa: BLE001, S110 - read from the task by whoever cares
        pass
    return False


def worker_id() -> str:
    """Who holds a lease: this host and process, plus a random part so a reused pid is someone else."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@asynccontextmanager
async def renewing(
    store: Store, kind: Literal["feeds", "articles"], owner: str, ids: Collection[int], lease_s: float,
    clock: Callable[[], datetime],
) -> AsyncIterator[None]:
    """Renew ``owner``'s leases on ``ids`` (a live view: finished ones are removed by the caller) every
    third of a lease while the block runs, so slow work keeps its rows and dead workers lose theirs."""

    async def renew() -> None:
        while True:
            await asyncio.sleep(lease_s / 3)
            try:
                await store.renew_leases(kind, owner, list(ids), clock() + timedelta(seconds=lease_s))
            except Exception:  # the database may be away for a moment: the lease has two thirds left
                log.warning("lease.renew_failed", kind=kind, owner=owner, exc_info=True)

    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        if await stop_task(task):
            raise asyncio.CancelledError  # the caller's own cancellation came meanwhile: not swallowed
