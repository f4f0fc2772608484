"""The weekly chart: a real PNG of the most-quoted officials' mentions and the week's headline figures."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta

from bot.publishing.charts import headline_figures, mentions_per_day, most_quoted, weekly_chart
from tests.builders import NOW, art


def week() -> list:
    return [
        art(1, "Shelter budget", "A", hours_ago=30, officials=[("Lena Park", "Mayor"), ("Ana Ruiz", "Judge")],
            quotes=[("Lena Park", "We will keep every shelter open.", "direct"),
                    ("Lena Park", "Every bed is counted.", "direct"), ("Ana Ruiz", "The docket is full.", "direct")],
            figures=[("$42 million", 42e6, "shelter budget"), ("two", 2, "shelters")]),
        art(2, "Shelter vote", "B", hours_ago=2, officials=[("Lena Park", "Mayor")],
            quotes=[("Bystander", "I was there.", "direct")], figures=[("$42 million", 42e6, "shelter budget"),
                                                                     ("8,412", 8412, "migrant encounters")]),
    ]


def test_most_quoted_counts_officials_only_and_mentions_per_day() -> None:
    arts = week()
    assert most_quoted(arts) == ["Lena Park", "Ana Ruiz"]
    days = [(NOW - timedelta(days=1)).date(), NOW.date()]
    assert mentions_per_day(arts, ["Lena Park"], days) == {"Lena Park": [1, 1]}
    figures = headline_figures(arts)
    assert [f[0] for f in figures] == ["$42 million", "8,412"]  # reported twice first; "two" is no headline


def test_weekly_chart_is_a_png_with_a_description() -> None:
    png, description = weekly_chart(week(), NOW)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1200, 500)
    assert "Lena Park" in description and "2 headline figures" in description


def test_weekly_chart_of_a_quiet_week_still_draws() -> None:
    png, description = weekly_chart([], datetime(2026, 11, 25, tzinfo=UTC))
    assert png[:4] == b"\x89PNG" and "most quoted: no one" in description
