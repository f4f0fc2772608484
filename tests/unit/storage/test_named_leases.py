"""Named leases (``Store.acquire_lease``/``release_lease``): one owner at a time, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bot.storage import Store, migrate
from tests.storage_fixtures import Backend

T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
NAME = "discord.gateway"


async def test_two_owners_contend_and_only_the_holder_renews(store: Store) -> None:
    assert await store.acquire_lease(NAME, "w1", 30, now=T0)
    assert not await store.acquire_lease(NAME, "w2", 30, now=T0 + timedelta(seconds=1))
    assert await store.acquire_lease(NAME, "w1", 30, now=T0 + timedelta(seconds=10))  # renewed: until T0+40s
    assert not await store.acquire_lease(NAME, "w2", 30, now=T0 + timedelta(seconds=35))  # would have expired
    assert await store.lease_holder(NAME, now=T0 + timedelta(seconds=39)) == "w1"
    # another name is another job
    assert await store.acquire_lease("other.job", "w2", 30, now=T0 + timedelta(seconds=1))


async def test_an_expired_lease_goes_to_the_next_taker(store: Store) -> None:
    assert await store.acquire_lease(NAME, "w1", 5, now=T0)
    assert not await store.acquire_lease(NAME, "w2", 5, now=T0 + timedelta(seconds=5))  # the last instant is w1's
    assert await store.lease_holder(NAME, now=T0 + timedelta(seconds=6)) is None  # run out: nobody holds it
    assert await store.acquire_lease(NAME, "w2", 5, now=T0 + timedelta(seconds=6))
    assert await store.lease_holder(NAME, now=T0 + timedelta(seconds=6)) == "w2"
    # the old holder, back from a pause, cannot renew what it lost
    assert not await store.acquire_lease(NAME, "w1", 5, now=T0 + timedelta(seconds=7))
    assert await store.lease_holder(NAME, now=T0 + timedelta(seconds=7)) == "w2"


async def test_acquired_at_is_kept_by_renewals_and_reset_by_a_takeover(store: Store) -> None:
    async def acquired_at() -> datetime:
        async with store.engine.connect() as conn:
            raw = (await conn.execute(text("SELECT acquired_at FROM leases WHERE name = :n"), {"n": NAME})).scalar_one()
        return raw if isinstance(raw, datetime) else datetime.fromisoformat(raw)

    await store.acquire_lease(NAME, "w1", 5, now=T0)
    await store.acquire_lease(NAME, "w1", 5, now=T0 + timedelta(seconds=3))
    assert (await acquired_at()).replace(tzinfo=UTC) == T0
    await store.acquire_lease(NAME, "w2", 5, now=T0 + timedelta(seconds=20))
    assert (await acquired_at()).replace(tzinfo=UTC) == T0 + timedelta(seconds=20)


async def test_release_hands_over_at_once_and_only_by_the_holder(store: Store) -> None:
    assert await store.acquire_lease(NAME, "w1", 60, now=T0)
    assert not await store.release_lease(NAME, "w2")  # not w2's to give away
    assert not await store.acquire_lease(NAME, "w2", 60, now=T0 + timedelta(seconds=1))
    assert await store.release_lease(NAME, "w1")
    assert await store.lease_holder(NAME, now=T0 + timedelta(seconds=1)) is None
    assert await store.acquire_lease(NAME, "w2", 60, now=T0 + timedelta(seconds=1))  # long before w1's expiry
    assert not await store.release_lease(NAME, "w1")  # released already: a late second release is harmless
    assert await store.lease_holder(NAME, now=T0 + timedelta(seconds=2)) == "w2"


async def test_workers_racing_on_their_own_engines_get_one_winner(backend: Backend) -> None:
    """Several workers (one engine each, as separate processes have) try at the same moment, for a lease
    that is missing and then for one that has run out: exactly one wins each time."""
    engines = [backend.engine() for _ in range(4)]
    await migrate(engines[0])
    stores = [Store(e) for e in engines]
    try:
        for round_, now in enumerate((T0, T0 + timedelta(seconds=10))):
            won = await asyncio.gather(*(s.acquire_lease(NAME, f"w{i}", 5, now=now) for i, s in enumerate(stores)))
            assert sum(won) == 1, (round_, won)
            assert await stores[0].lease_holder(NAME, now=now) == f"w{won.index(True)}"
    finally:
        for s in stores:
            await s.close()
