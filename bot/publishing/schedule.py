"""Digest schedules: "every 6h", "daily 08:00 America/New_York", or a cron expression; and the windows
people give a digest or a command ("24h", "7d": ``parse_duration``).

Cron expressions are evaluated by croniter, in UTC unless a time zone follows ("0 8 * * 1-5 Europe/Paris").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import CroniterError, croniter

from bot.errors import NewsbotError

_EVERY = re.compile(r"^every\s+(\d{1,4})\s*([mhd])$", re.I)
_DAILY = re.compile(r"^daily\s+([01]?\d|2[0-3]):([0-5]\d)(?:\s+(\S+))?$", re.I)
_UNIT = {"m": "minutes", "h": "hours", "d": "days"}
# A cron expression must have a next slot from here: "0 0 31 2 *" is valid syntax but never fires, and
# croniter raises when asked for its next slot (which would fail every dispatch round of its channel).
_PROBE_FROM = datetime(2000, 1, 1, tzinfo=UTC)


class ScheduleError(NewsbotError, ValueError):
    pass


_DURATION = re.compile(r"^(\d{1,4})\s*([mhdw])$")
_DURATION_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
MAX_DURATION = timedelta(days=366)


class DurationError(NewsbotError, ValueError):
    pass


def parse_duration(value: str) -> timedelta:
    """A window such as "30m", "24h", "7d" or "2w" (at most a year)."""
    m = _DURATION.match(value.strip().lower())
    if not m:
        raise DurationError(f"'{value}' is not a duration: use e.g. 30m, 24h, 7d or 2w")
    delta = timedelta(**{_DURATION_UNITS[m.group(2)]: int(m.group(1))})
    if delta > MAX_DURATION:
        raise DurationError("durations longer than a year are not supported")
    return delta


@dataclass(frozen=True, slots=True)
class Schedule:
    spec: str
    every: timedelta | None = None
    cron: str | None = None
    tz: str = "UTC"

    def next_after(self, moment: datetime) -> datetime:
        """The first slot strictly after ``moment`` (an aware datetime); returned in UTC."""
        if self.every is not None:
            # slots are aligned on multiples of the interval since the epoch, so restarts don't drift
            epoch = datetime(1970, 1, 1, tzinfo=moment.tzinfo)
            n = (moment - epoch) // self.every + 1
            return epoch + n * self.every
        zone = ZoneInfo(self.tz)
        nxt = croniter(self.cron, moment.astimezone(zone)).get_next(datetime)
        return nxt.astimezone(ZoneInfo("UTC"))

    def due(self, last_run: datetime | None, now: datetime) -> bool:
        """True when a slot has passed since ``last_run``: however many were missed, one run catches up."""
        if last_run is None:
            return True
        return self.next_after(last_run) <= now

    def describe(self) -> str:
        if self.every is not None:
            return f"every {self.spec.split(None, 1)[1]}"
        return f"{self.spec}" if self.spec.lower().startswith("daily") else f"cron “{self.cron}” ({self.tz})"


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America" is a directory of the database
        raise ScheduleError(f"unknown time zone '{name}' (use an IANA name such as America/New_York)") from None
    return name


def parse_schedule(spec: str) -> Schedule:
    spec = " ".join(spec.split())
    if m := _EVERY.match(spec):
        delta = timedelta(**{_UNIT[m.group(2).lower()]: int(m.group(1))})
        if delta < timedelta(minutes=15):
            raise ScheduleError("digests can run at most every 15 minutes")
        return Schedule(spec=spec, every=delta)
    if m := _DAILY.match(spec):
        tz = _zone(m.group(3) or "UTC")
        return Schedule(spec=spec, cron=f"{int(m.group(2))} {int(m.group(1))} * * *", tz=tz)
    parts = spec.split()
    if len(parts) in (5, 6):
        expr, tz = " ".join(parts[:5]), _zone(parts[5]) if len(parts) == 6 else "UTC"
        if croniter.is_valid(expr):
            return _fires(Schedule(spec=spec, cron=expr, tz=tz))
    raise ScheduleError(
        f"'{spec}' is not a schedule: use 'every 6h', 'daily 08:00 America/New_York' or a cron expression "
        "like '0 8 * * 1-5 America/New_York'"
    )


def _fires(schedule: Schedule) -> Schedule:
    try:
        schedule.next_after(_PROBE_FROM)
    except CroniterError:
        raise ScheduleError(f"'{schedule.spec}' never comes round (no such date, e.g. 31 February): "
                            "check the day and month fields") from None
    return schedule
