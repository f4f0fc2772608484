"""One worker at a time holds a named lease and does its job (bot.coordination.leadership), and the Discord gateway runs in
exactly one worker while every worker posts (handlers.discord.run_discord_worker against the fake Discord).

Leases are about a second long here (three for the Discord gateway); every wait is bounded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands import results as rs
from bot.coordination.leadership import Duty, Leadership
from bot.storage import Store, migrate
from bot.storage.tables import NamedLease
from config.settings import DiscordSettings, Settings
from handlers.discord import GATEWAY_LEASE, RestClient, run_discord_worker
from handlers.discord.publisher import DiscordPublisher
from tests.fakes.command_service import CannedService, digest_item, person, quote
from tests.fakes.discord_api import CHANNEL_ID, GUILD_ID, FakeDiscord, option
from tests.storage_fixtures import Backend

LEASE = 1.0
# The gateway test's lease: each try of a worker is bounded by a third of it, and a PostgreSQL write on a
# loaded machine (fsync among other helpers' runs) outlasts a third of a second now and then.
GATEWAY_LEASE_S = 3.0
JOB = "test.job"


def now() -> float:
    return asyncio.get_running_loop().time()


async def until(store: Store, name: str) -> datetime | None:
    async with AsyncSession(store.engine) as s:
        return await s.scalar(select(NamedLease.until).where(NamedLease.name == name))


@dataclass(frozen=True)
class LeaseRow:
    owner: str
    acquired_at: datetime
    until: datetime


async def lease_row(store: Store, name: str) -> LeaseRow:
    """The lease ``name`` as stored, run out or not."""
    async with AsyncSession(store.engine) as s:
        row = (await s.execute(select(NamedLease.owner, NamedLease.acquired_at, NamedLease.until)
                               .where(NamedLease.name == name))).one()
    return LeaseRow(*row)


async def held_throughout(store: Store, name: str, since: LeaseRow) -> bool:
    """Whether the holder seen in ``since`` has held ``name`` ever since and renewed it meanwhile.

    Nobody else took it in between: a new holder (even the old one back again after it) restamps
    ``acquired_at``. Whether the lease is unexpired at this very instant is left out on purpose: on a loaded
    machine a short lease may lapse between two renewals while the process waits for a CPU."""
    now = await lease_row(store, name)
    return now.owner == since.owner and now.acquired_at == since.acquired_at and now.until > since.until


async def lease_end(store: Store, name: str) -> float:
    """The loop time at which the lease ``name`` runs out (its ``until``, seen from this clock)."""
    end = await until(store, name)
    assert end is not None
    return now() + (end - datetime.now(UTC)).total_seconds()


async def eventually(predicate: Callable[[], object], timeout: float, what: str) -> float:
    """Wait until ``predicate()`` holds; the loop time it was first seen to hold."""
    async def poll() -> float:
        while not predicate():
            await asyncio.sleep(0.01)
        return now()

    try:
        return await asyncio.wait_for(poll(), timeout)
    except TimeoutError:
        raise AssertionError(f"not within {timeout} s: {what}") from None


@dataclass
class Jobs:
    """Duties that record when each worker does the job, and whether two ever did it at once."""

    running: set[str] = field(default_factory=set)
    overlaps: int = 0
    started: dict[str, list[float]] = field(default_factory=dict)
    ended: dict[str, list[float]] = field(default_factory=dict)

    def duty(self, who: str, body: Callable[[asyncio.Event], Awaitable[None]] | None = None) -> Duty:
        async def run(resign: asyncio.Event) -> None:
            if self.running:
                self.overlaps += 1
            self.running.add(who)
            self.started.setdefault(who, []).append(now())
            try:
                await (body(resign) if body else resign.wait())
            finally:
                self.running.discard(who)
                self.ended.setdefault(who, []).append(now())

        return run


@dataclass
class Contender:
    leadership: Leadership
    stop: asyncio.Event
    task: asyncio.Task[None]

    async def crash(self) -> None:
        """Stop without releasing the lease, as a killed worker does."""
        self.task.cancel()
        with suppress(asyncio.CancelledError):
            await asyncio.wait_for(self.task, 15)

    async def shut_down(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 15)


def contend(store: Any, who: str, jobs: Jobs, lease: float = LEASE, body: Any = None) -> Contender:
    leadership = Leadership(store, JOB, who, lease, duty_stop_s=2.0)
    stop = asyncio.Event()
    return Contender(leadership, stop, asyncio.create_task(leadership.run(jobs.duty(who, body), stop)))


@asynccontextmanager
async def contenders(*pairs: tuple[Any, str], jobs: Jobs) -> AsyncIterator[list[Contender]]:
    started = [contend(s, who, jobs) for s, who in pairs]
    try:
        yield started
    finally:
        for c in started:
            if not c.task.done():
                await c.shut_down()


# --- the lease loop ----------------------------------------------------------------------------------


async def test_one_holder_and_a_crash_hands_over_once_the_lease_runs_out(store: Store) -> None:
    jobs = Jobs()
    a = contend(store, "A", jobs)
    await eventually(lambda: a.leadership.leading, 5, "A takes the free lease")
    taken_by_a = await lease_row(store, JOB)
    async with contenders((store, "B"), jobs=jobs) as [b]:
        await asyncio.sleep(3 * LEASE)  # A renews; B keeps trying and stands by
        assert (jobs.running, a.leadership.terms, b.leadership.terms) == ({"A"}, 1, 0)
        assert await held_throughout(store, JOB, taken_by_a)

        await a.crash()
        crashed, runs_out = now(), await lease_end(store, JOB)
        assert (await lease_row(store, JOB)).owner == "A"  # a crash releases nothing (a release deletes the row)
        taken = await eventually(lambda: b.leadership.leading, 2 * LEASE + 2, "B takes over")
        assert taken >= runs_out  # not before A's lease ran out ...
        assert taken - crashed <= LEASE + LEASE / 3 + 1.0  # ... and within about a lease of the crash
        assert jobs.overlaps == 0 and jobs.running == {"B"}
    assert await store.lease_holder(JOB) is None  # B stopped cleanly: released


async def test_a_clean_stop_hands_over_at_the_next_try(store: Store) -> None:
    jobs = Jobs()
    long_lease = 6.0  # a handover well before it would run out can only come from the release
    a = contend(store, "A", jobs, lease=long_lease)
    await eventually(lambda: a.leadership.leading, 5, "A takes the lease")
    b = contend(store, "B", jobs, lease=long_lease)
    try:
        await asyncio.sleep(0.3)
        runs_out = await lease_end(store, JOB)
        await a.shut_down()
        assert jobs.ended["A"] and await store.lease_holder(JOB) in (None, "B")
        taken = await eventually(lambda: b.leadership.leading, long_lease / 3 + 2, "B takes over")
        assert taken < runs_out - 1.0
        assert jobs.overlaps == 0
    finally:
        await b.shut_down()


async def test_a_holder_whose_lease_was_taken_steps_down(store: Store) -> None:
    jobs = Jobs()
    async with contenders((store, "A"), jobs=jobs) as [a]:
        await eventually(lambda: a.leadership.leading, 5, "A takes the lease")
        # as if A had stalled past its lease and another worker had taken it meanwhile
        async with AsyncSession(store.engine) as s, s.begin():
            await s.execute(update(NamedLease).where(NamedLease.name == JOB).values(owner="intruder"))
        await eventually(lambda: not a.leadership.leading and not jobs.running, LEASE, "A stops its job")
        await asyncio.sleep(LEASE / 2)
        assert a.leadership.terms == 1 and await store.lease_holder(JOB) == "intruder"


class FlakyStore:
    """The store, until the database goes away."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.down = False

    async def acquire_lease(self, *args: Any, **kw: Any) -> bool:
        if self.down:
            raise ConnectionRefusedError("database away")
        return await self.store.acquire_lease(*args, **kw)

    async def release_lease(self, *args: Any, **kw: Any) -> bool:
        if self.down:
            raise ConnectionRefusedError("database away")
        return await self.store.release_lease(*args, **kw)


async def test_a_holder_that_cannot_renew_steps_down_before_its_lease_runs_out(store: Store) -> None:
    jobs = Jobs()
    flaky = FlakyStore(store)
    async with contenders((flaky, "A"), jobs=jobs) as [a]:
        await eventually(lambda: a.leadership.leading, 5, "A takes the lease")
        await asyncio.sleep(LEASE / 2)
        flaky.down = True
        runs_out = await lease_end(store, JOB)  # A cannot renew past this
        async with contenders((store, "B"), jobs=jobs) as [b]:
            stepped_down = await eventually(lambda: not a.leadership.leading and not jobs.running, 2 * LEASE,
                                            "A stops its job")
            assert stepped_down < runs_out  # before anyone else may take over
            await eventually(lambda: b.leadership.leading, 2 * LEASE, "B takes over")
            assert jobs.overlaps == 0 and a.leadership.terms == 1
            flaky.down = False
            await asyncio.sleep(LEASE)
            assert not a.leadership.leading and jobs.running == {"B"}  # back, but B holds it now


async def test_a_failed_job_lets_another_worker_take_over(store: Store) -> None:
    jobs = Jobs()

    async def fails(_: asyncio.Event) -> None:
        await asyncio.sleep(0.1)
        raise RuntimeError("gateway refused")

    a = contend(store, "A", jobs, body=fails)
    try:
        await eventually(lambda: a.leadership.terms == 1, 5, "A takes the lease")
        runs_out = await lease_end(store, JOB)
        async with contenders((store, "B"), jobs=jobs) as [b]:
            taken = await eventually(lambda: b.leadership.leading, 2 * LEASE, "B takes over")
            assert taken < runs_out  # A released it: B did not wait for it to run out
            assert a.leadership.terms == 1 and not a.leadership.leading and jobs.overlaps == 0
    finally:
        await a.shut_down()


# --- the Discord gateway in one worker of two --------------------------------------------------------


@dataclass
class DiscordWorker:
    owner: str
    store: Store
    rest: RestClient
    stop: asyncio.Event
    task: asyncio.Task[None]


def canned() -> CannedService:
    return CannedService(answers={"whosaid": rs.WhoSaidAnswer("Homan", person(), [quote("We will act.")])})


async def start_worker(fake: FakeDiscord, backend: Backend, owner: str, service: CannedService) -> DiscordWorker:
    settings = Settings(
        discord=DiscordSettings(api_url=fake.api_url, gateway_url=fake.gateway_url, guild_ids=[GUILD_ID],
                                gateway_lease=GATEWAY_LEASE_S),
        discord_token="fake-token",
    )
    store = Store(backend.engine())  # an engine of its own, as a worker process has
    rest, stop = RestClient(), asyncio.Event()
    task = asyncio.create_task(run_discord_worker(settings, service, store, stop, owner=owner, rest=rest))
    return DiscordWorker(owner, store, rest, stop, task)


async def test_one_worker_holds_the_gateway_and_another_takes_over_after_a_crash(backend: Backend) -> None:
    engine = backend.engine()
    await migrate(engine)
    await engine.dispose()
    services = {"A": canned(), "B": canned()}
    workers: list[DiscordWorker] = []
    async with FakeDiscord() as fake:
        try:
            workers.append(a := await start_worker(fake, backend, "A", services["A"]))
            await fake.wait_for(lambda: fake.guilds_sent or a.task.done(), timeout=10)
            assert not a.task.done(), a.task
            taken_by_a = await lease_row(a.store, GATEWAY_LEASE)
            assert taken_by_a.owner == "A"
            workers.append(b := await start_worker(fake, backend, "B", services["B"]))
            await eventually(b.rest.is_ready, 10, "B logs in over REST")
            await asyncio.sleep(3 * GATEWAY_LEASE_S)  # several renewals and tries
            assert len(fake.identifies) == 1 and fake.most_sessions_open == 1
            assert await held_throughout(a.store, GATEWAY_LEASE, taken_by_a)  # A renewed; B never had it

            # the standby posts over REST; commands reach the holder only, and are answered once
            sent = await DiscordPublisher(b.rest.poster).publish_item(str(CHANNEL_ID), digest_item(1), watch="Homan")
            assert int(sent.message_id or 0) > 0 and len(fake.messages[CHANNEL_ID]) == 1
            i = await fake.interact("whosaid", [option("name", "Homan")])
            await fake.wait_for(lambda: fake.callback_for(i))
            await asyncio.sleep(0.2)
            assert [c["id"] for c in fake.callbacks] == [i["id"]]
            assert (len(services["A"].calls), len(services["B"].calls)) == (1, 0)

            a.task.cancel()  # killed: no clean close of anything, no release
            with suppress(asyncio.CancelledError):
                await asyncio.wait_for(a.task, 15)
            crashed, runs_out = now(), await lease_end(b.store, GATEWAY_LEASE)
            await fake.wait_for(lambda: len(fake.identifies) == 2, timeout=2 * GATEWAY_LEASE_S + 5)
            assert fake.identifies[1] >= runs_out  # B connected only once A's lease had run out ...
            # ... and about a lease after the crash
            assert fake.identifies[1] - crashed <= GATEWAY_LEASE_S + GATEWAY_LEASE_S / 3 + 3.0
            assert fake.most_sessions_open == 1
            assert await b.store.lease_holder(GATEWAY_LEASE) == "B"

            await fake.wait_for(lambda: fake.guilds_sent, timeout=5)
            j = await fake.interact("whosaid", [option("name", "Homan")])
            assert (await fake.wait_for(lambda: fake.callback_for(j)))["type"] == 4
            assert len(services["B"].calls) == 1
            await DiscordPublisher(b.rest.poster).publish_item(str(CHANNEL_ID), digest_item(2))
            assert len(fake.messages[CHANNEL_ID]) == 2

            b.stop.set()  # a clean stop closes the gateway and gives the lease back
            await asyncio.wait_for(b.task, 15)
            assert b.task.exception() is None
            assert await b.store.lease_holder(GATEWAY_LEASE) is None
            assert fake.sessions_open == 0 and len(fake.identifies) == 2
        finally:
            for w in workers:
                w.stop.set()
                w.task.cancel()
                with suppress(BaseException):
                    await asyncio.wait_for(w.task, 15)
                await w.store.close()


async def test_worker_posts_over_rest_serves_the_gateway_and_releases_it_on_stop(
    tmp_path: Any, monkeypatch: Any
) -> None:
    """``newsbot run`` with DISCORD_TOKEN: the dispatcher posts to the Discord channel through the REST client,
    the worker holds the gateway (one session), and stopping it gives the lease back."""
    from handlers import app

    monkeypatch.setattr(app, "DISPATCH_TICK_S", 0.5)  # the first round may come before the REST login
    async with FakeDiscord() as fake:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'w.db'}", DISCORD_TOKEN="fake-token",
            discord={"api_url": fake.api_url, "gateway_url": fake.gateway_url, "guild_ids": [GUILD_ID],
                     "channels": [CHANNEL_ID], "gateway_lease": LEASE},
            digest={"schedule": "every 6h"},
        )
        stop = asyncio.Event()
        worker = asyncio.create_task(app.run_worker(settings, stop))
        try:
            await fake.wait_for(lambda: fake.messages[CHANNEL_ID] or worker.done(), timeout=60)
            assert not worker.done(), worker
            await fake.wait_for(lambda: fake.guilds_sent, timeout=10)
            assert "Nothing new" in str(fake.messages[CHANNEL_ID][0])
            assert len(fake.identifies) == 1 and fake.most_sessions_open == 1
        finally:
            stop.set()
            await asyncio.wait_for(worker, 30)
        assert worker.exception() is None and fake.sessions_open == 0
    store = await Store.open(settings.database_url)
    try:
        assert await store.lease_holder(GATEWAY_LEASE) is None  # released: the next worker need not wait
    finally:
        await store.close()


async def test_a_cancellation_lost_on_the_way_still_stops_the_loop() -> None:
    """Python 3.11's wait_for loses a cancellation that comes as the awaited call finishes; the loop must
    stop all the same, and wind its job up."""

    class CancelsAsItAnswers:
        def __init__(self) -> None:
            self.calls = 0
            self.victim: asyncio.Task[None] | None = None

        async def acquire_lease(self, name: str, owner: str, seconds: float, now: datetime | None = None) -> bool:
            self.calls += 1
            if self.calls == 3 and self.victim is not None:
                self.victim.cancel()  # the cancellation and the answer arrive together
            return True

        async def release_lease(self, name: str, owner: str) -> bool:
            return True

    store = CancelsAsItAnswers()
    wound_up = asyncio.Event()

    async def duty(resign: asyncio.Event) -> None:
        await resign.wait()
        wound_up.set()

    task = asyncio.create_task(Leadership(store, JOB, "A", 0.3, duty_stop_s=1.0).run(duty, asyncio.Event()))
    store.victim = task
    done, _ = await asyncio.wait({task}, timeout=5)
    assert task in done and task.cancelled()
    assert wound_up.is_set() and store.calls == 3
