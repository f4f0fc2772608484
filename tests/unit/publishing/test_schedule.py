from datetime import UTC, datetime, timedelta

import pytest

from bot.publishing.schedule import ScheduleError, parse_schedule

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


def test_daily_in_a_time_zone() -> None:
    s = parse_schedule("daily 08:00 America/New_York")
    assert s.next_after(NOW) == datetime(2026, 11, 26, 13, 0, tzinfo=UTC)  # 08:00 EST is 13:00 UTC


def test_every_interval_is_aligned() -> None:
    s = parse_schedule("every 6h")
    assert s.next_after(NOW) == datetime(2026, 11, 25, 18, 0, tzinfo=UTC)


def test_cron_expression_with_zone() -> None:
    s = parse_schedule("30 7 * * 1-5 Europe/Paris")
    assert s.next_after(NOW) == datetime(2026, 11, 26, 6, 30, tzinfo=UTC)


def test_missed_slots_catch_up_once() -> None:
    s = parse_schedule("every 1h")
    last = NOW - timedelta(hours=3, minutes=30)  # three slots missed
    assert s.due(last, NOW)
    # after the catch-up run, the next run is the next slot, not the missed ones
    assert not s.due(NOW, NOW + timedelta(minutes=59))


@pytest.mark.parametrize("spec", [
    "sometimes", "daily 25:00", "every 5m", "daily 08:00 Mars/Olympus", "* * *",
    "daily 08:00 America",  # a directory of the zone database, not a zone
    "0 8 * * 1-5 Europe",
    "0 0 31 2 *",  # valid cron syntax, but 31 February never comes
    "0 0 30 2 * Europe/Paris",
])
def test_bad_specs(spec: str) -> None:
    with pytest.raises(ScheduleError):
        parse_schedule(spec)


def test_a_schedule_that_never_fires_says_so() -> None:
    with pytest.raises(ScheduleError, match="never"):
        parse_schedule("0 0 31 2 *")
