"""One worker at a time: a job that must not run twice is done by the worker holding its named lease.

The Discord gateway is such a job: a second session would receive every interaction too, and only one
process may answer each. ``Leadership.run`` tries to take (or renew) the lease every third of a lease.
The worker that gets it starts the job (the ``duty``) and renews the lease while the job runs; the others
stand by and keep trying. The holder stops the job when another worker has the lease, or when it could
not renew it in time (the database away): it steps down at least a third of a lease before its lease
runs out, so the next holder's job never overlaps its own. A holder that dies (SIGKILL) leaves its lease
to run out, and another worker takes over within about a lease and a third; one that stops cleanly
releases the lease, and another takes over at its next try. Times come from each worker's clock: keep
the workers' clocks in sync (NTP), as the feed and article leases already need.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any, Protocol

from bot.coordination.leases import stop_task
from bot.infra.log import get_logger

log = get_logger(__name__)

# The job: given an event, it runs until the event is set and then returns promptly. Returning before,
# or raising, means it failed: the lease is released so that another worker may try.
Duty = Callable[[asyncio.Event], Coroutine[Any, Any, None]]

DUTY_STOP_S = 10.0  # how long a job may take to wind down before it is cancelled


class LeaseStore(Protocol):
    """What leadership needs of ``bot.storage.Store``."""

    async def acquire_lease(self, name: str, owner: str, seconds: float, now: datetime | None = None) -> bool: ...

    async def release_lease(self, name: str, owner: str) -> bool: ...


class Leadership:
    def __init__(
        self, store: LeaseStore, name: str, owner: str, lease_s: float, *, duty_stop_s: float = DUTY_STOP_S
    ) -> None:
        self.store = store
        self.name = name
        self.owner = owner
        self.lease_s = lease_s
        self.tick = lease_s / 3
        self.duty_stop_s = duty_stop_s
        self.terms = 0  # how many times this worker has taken the lease and started the job
        self._job: asyncio.Task[None] | None = None

    @property
    def leading(self) -> bool:
        """True while this worker runs the job."""
        return self._job is not None

    def _log(self, event: str, level: str = "info", **kw: object) -> None:
        getattr(log, level)(event, lease=self.name, owner=self.owner, **kw)

    async def run(self, duty: Duty, stop: asyncio.Event) -> None:
        """Contend for the lease and do ``duty`` while holding it, until ``stop``; then stop the job and
        release the lease. Cancelled (a crash, as tests simulate one), it stops the job but leaves the
        lease to run out, as a killed worker's does."""
        loop = asyncio.get_running_loop()
        me = asyncio.current_task()
        resign = asyncio.Event()
        deadline = 0.0  # loop time until which the lease surely lasts: taken at or after the try began
        try:
            while not stop.is_set():
                if me is not None and me.cancelling():
                    # a cancellation Python 3.11's wait_for lost (the awaited call finished as it came)
                    raise asyncio.CancelledError
                if self._job is not None and self._job.done():  # the job ended by itself (the gateway failed)
                    await self._end_job(resign, reason="job_ended")
                    await self._release()
                    await self._pause(self.lease_s, stop)  # meanwhile another worker may do better
                    continue
                began = loop.time()
                held, error = await self._try()
                if held:
                    deadline = began + self.lease_s
                    if self._job is None:
                        resign = asyncio.Event()
                        self._job = asyncio.create_task(duty(resign), name=f"lease:{self.name}")
                        self.terms += 1
                        self._log("leadership.gained", lease_s=self.lease_s)
                elif self._job is not None:
                    left = deadline - loop.time()
                    if held is False:  # another worker took it: our lease ran out unrenewed
                        await self._end_job(resign, reason="taken")
                    elif left <= self.tick:  # the next try would come too late: step down while the lease lasts
                        await self._end_job(resign, reason="not_renewed", error=repr(error))
                    else:
                        self._log("leadership.renew_failed", "warning", error=repr(error), expires_in_s=round(left, 2))
                elif error is not None:
                    self._log("leadership.try_failed", "warning", error=repr(error))
                await self._pause(self.tick - (loop.time() - began), stop)
        finally:
            leading = self._job is not None
            if leading:
                await self._end_job(resign, reason="stopping" if stop.is_set() else "cancelled")
        if leading:  # a clean stop: hand over now rather than after the lease
            await self._release()

    async def _try(self) -> tuple[bool | None, Exception | None]:
        """Take or renew the lease: (True, None) or (False, None), or (None, error) when the database did
        not answer within a tick."""
        try:
            held = await asyncio.wait_for(self.store.acquire_lease(self.name, self.owner, self.lease_s), self.tick)
        except Exception as e:  # noqa: BLE001 - the database may be away (TimeoutError included)
            return None, e
        return held, None

    async def _pause(self, seconds: float, stop: asyncio.Event) -> None:
        """Wait ``seconds``, less when ``stop`` is set or the job ends."""
        waiter = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({waiter, *([self._job] if self._job else [])}, timeout=max(seconds, 0.0),
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()

    async def _end_job(self, resign: asyncio.Event, *, reason: str, **kw: object) -> None:
        job, self._job = self._job, None
        if job is None:
            return
        resign.set()
        done, _ = await asyncio.wait({job}, timeout=self.duty_stop_s)
        interrupted = False if done else await stop_task(job)  # this task cancelled meanwhile: raise once logged
        failure = None if job.cancelled() else job.exception()
        level = "warning" if reason in ("taken", "not_renewed") else "info"
        if failure is not None:
            level, kw = "error", {**kw, "job_error": repr(failure)}
        elif reason == "job_ended":
            level = "error"
        self._log("leadership.lost", level, reason=reason, **kw)
        if interrupted:
            raise asyncio.CancelledError

    async def _release(self) -> None:
        try:
            await asyncio.wait_for(self.store.release_lease(self.name, self.owner), self.tick)
        except Exception as e:  # noqa: BLE001 - it runs out by itself
            self._log("leadership.release_failed", "warning", error=repr(e))
