"""next_poll_delay and Retry-After parsing (the HTTP side of 429/503 is in test_feeds_http)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from bot.feeds.backoff import next_poll_delay, parse_retry_after
from config.settings import PollSettings

POLL = PollSettings(interval=900, backoff_base=60, backoff_max=3600)


class _Fixed:
    """An rng whose uniform() always returns the low or the high end."""

    def __init__(self, high: bool) -> None:
        self.high = high

    def uniform(self, a: float, b: float) -> float:
        return b if self.high else a


def test_no_failures_means_the_interval() -> None:
    assert next_poll_delay(0, 900, POLL) == 900
    assert next_poll_delay(0, 300, POLL, rng=_Fixed(True)) == 300


def test_backoff_bounds_double_and_cap() -> None:
    for n, ceiling in [(1, 60), (2, 120), (3, 240), (4, 480), (6, 1920), (7, 3600), (50, 3600), (10_000, 3600)]:
        assert next_poll_delay(n, 900, POLL, rng=_Fixed(False)) == ceiling / 2
        assert next_poll_delay(n, 900, POLL, rng=_Fixed(True)) == ceiling


def test_jitter_spreads_delays_within_bounds_and_grows() -> None:
    rng = random.Random(7)
    previous_max = 0.0
    for n in range(1, 7):
        ceiling = min(3600, 60 * 2 ** (n - 1))
        samples = [next_poll_delay(n, 900, POLL, rng=rng) for _ in range(200)]
        assert all(ceiling / 2 <= s <= ceiling for s in samples)
        assert len({round(s, 6) for s in samples}) > 150  # jittered, not constant
        assert min(samples) >= previous_max  # each failure waits at least as long as any before it
        previous_max = max(samples)


def test_retry_after_is_a_floor_capped_at_backoff_max() -> None:
    assert next_poll_delay(1, 900, POLL, retry_after=120, rng=_Fixed(True)) == 120
    assert next_poll_delay(1, 900, POLL, retry_after=10, rng=_Fixed(True)) == 60
    assert next_poll_delay(0, 900, POLL, retry_after=2000) == 2000
    assert next_poll_delay(1, 900, POLL, retry_after=10**9) == 3600


def test_parse_retry_after_seconds_and_http_date() -> None:
    now = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after(" 0 ") == 0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now=now) == 90
    assert parse_retry_after(format_datetime(now - timedelta(hours=1), usegmt=True), now=now) == 0
    for bad in (None, "", "soon", "-5", "1.5e9"):
        assert parse_retry_after(bad) is None
