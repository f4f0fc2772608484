"""When to poll a feed next: the configured interval, or exponential backoff with jitter after failures."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol

from config.settings import PollSettings


class _Uniform(Protocol):
    def uniform(self, a: float, b: float) -> float: ...


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP dates are GMT by definition
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def next_poll_delay(
    failures: int,
    interval: float,
    poll: PollSettings,
    retry_after: float | None = None,
    rng: _Uniform = random,
) -> float:
    """Seconds until the next poll.

    No failures: ``interval``. After ``n`` failures: "equal jitter" backoff, uniform in [d/2, d] with
    d = min(backoff_max, backoff_base * 2**(n-1)), so retries of many feeds failing together spread out
    while the delay still grows with each failure. A server's ``Retry-After`` is a floor (capped at
    backoff_max so a hostile header cannot park a feed for years).
    """
    if failures <= 0:
        delay = float(interval)
    else:
        ceiling = min(float(poll.backoff_max), poll.backoff_base * 2.0 ** min(failures - 1, 62))
        delay = ceiling / 2 + rng.uniform(0, ceiling / 2)
    if retry_after is not None and retry_after > 0:
        delay = max(delay, min(retry_after, float(poll.backoff_max)))
    return delay
