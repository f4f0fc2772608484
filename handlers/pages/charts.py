"""Chart geometry for inline SVG: the template draws rectangles and dots computed here, so the pages need
neither JavaScript nor an image endpoint, and a chart reads in any browser (each mark has a <title>)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

WIDTH = 520
HEIGHT = 140
AXIS = 20  # space under the bars for labels


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # what the bar's <title> says
    tick: str  # the axis label under it, or "" for none


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    dots: list[Dot]
    peak: str  # the value at the top of the scale
    summary: str  # the chart in words, for screen readers


def weekly_bars(weeks: Sequence[tuple[date, int]], every: int = 4) -> Chart:
    """One bar per week, scaled to the busiest; a date under every ``every``-th bar."""
    peak = max((n for _, n in weeks), default=0)
    plot = HEIGHT - AXIS
    slot = WIDTH / max(1, len(weeks))
    bars = []
    for i, (week, n) in enumerate(weeks):
        h = plot * n / peak if peak else 0.0
        label = f"week of {week:%Y-%m-%d}: {n} mention{'s' if n != 1 else ''}"
        bars.append(
            Bar(
                round(i * slot + 1, 1),
                round(plot - h, 1),
                round(slot - 2, 1),
                round(h, 1),
                label,
                f"{week:%b %d}" if i % every == 0 else "",
            )
        )
    total = sum(n for _, n in weeks)
    summary = f"{total} mentions over {len(weeks)} weeks; busiest week {peak}."
    return Chart(WIDTH, HEIGHT, bars, [], str(peak), summary)


def value_dots(points: Sequence[tuple[datetime, float, str]]) -> Chart:
    """Figures as dots: time across, value up (linear, from zero to the largest)."""
    if not points:
        return Chart(WIDTH, HEIGHT, [], [], "0", "No figures with a value to plot.")
    plot = HEIGHT - AXIS
    start = min(p[0] for p in points).timestamp()
    span = max(p[0] for p in points).timestamp() - start or 1.0
    peak = max(p[1] for p in points) or 1.0
    dots = [
        Dot(
            round(10 + (WIDTH - 20) * (when.timestamp() - start) / span, 1), round(plot - plot * value / peak, 1), label
        )
        for when, value, label in points
    ]
    first, last = min(p[0] for p in points), max(p[0] for p in points)
    ticks = [Bar(10, plot, 0, 0, "", f"{first:%Y-%m-%d}"), Bar(WIDTH - 80, plot, 0, 0, "", f"{last:%Y-%m-%d}")]
    summary = f"{len(points)} figures from {first:%Y-%m-%d} to {last:%Y-%m-%d}; largest {peak:,g}."
    return Chart(WIDTH, HEIGHT, ticks, dots, f"{peak:,g}", summary)
