"""The weekly picture: mentions per day of the week's most-quoted officials, and its headline figures.

A matplotlib ``Figure`` built without pyplot renders with the Agg canvas: no display, no global state,
so the caller may draw it in a worker thread.
"""

from __future__ import annotations

import io
import textwrap
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from bot.publishing.stories import DISTINCTIVE, StoryArticle

TOP_OFFICIALS = 5
TOP_FIGURES = 6
DAYS = 7


def most_quoted(articles: Sequence[StoryArticle], n: int = TOP_OFFICIALS) -> list[str]:
    """Officials with the most quotes in ``articles`` (speakers who are not officials don't count)."""
    officials = {o.name for a in articles for o in a.officials}
    counts = Counter(q.speaker for a in articles for q in a.quotes if q.speaker in officials)
    return [name for name, _ in counts.most_common(n)]


def mentions_per_day(articles: Sequence[StoryArticle], names: Sequence[str], days: Sequence[date]) -> dict[str, list[int]]:
    """For each name, the number of articles naming them on each day."""
    per: dict[str, Counter[date]] = {n: Counter() for n in names}
    for a in articles:
        if a.published is None:
            continue
        for name in {o.name for o in a.officials} & set(names):
            per[name][a.published.date()] += 1
    return {n: [per[n][d] for d in days] for n in names}


def headline_figures(articles: Sequence[StoryArticle], n: int = TOP_FIGURES) -> list[tuple[str, float, str]]:
    """(number as written, value, what it counts) of the week's distinctive figures, those reported by the
    most articles first, then the largest."""
    seen: dict[str, tuple[str, float, str]] = {}
    reports: Counter[str] = Counter()
    for a in articles:
        if getattr(a, "relevant", True) is False:
            continue
        for text in {f.text for f in a.figures}:
            reports[text] += 1
        for f in a.figures:
            if f.value and abs(f.value) >= DISTINCTIVE and f.counts and f.text not in seen:
                seen[f.text] = (f.text, float(f.value), f.counts)
    return sorted(seen.values(), key=lambda x: (-reports[x[0]], -abs(x[1])))[:n]


def weekly_chart(articles: Sequence[StoryArticle], now: datetime) -> tuple[bytes, str]:
    """The PNG and a one-line description of it."""
    days = [(now - timedelta(days=k)).date() for k in range(DAYS - 1, -1, -1)]
    names = most_quoted(articles)
    series = mentions_per_day(articles, names, days)
    figures = headline_figures(articles)

    fig = Figure(figsize=(12, 5), dpi=100)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.2]})
    labels = [d.strftime("%a %d") for d in days]
    for name in names:
        left.plot(labels, series[name], marker="o", label=name)
    left.set_title("Most-quoted officials: articles naming them per day")
    left.set_ylabel("articles")
    left.yaxis.get_major_locator().set_params(integer=True)
    if names:
        left.legend(fontsize=8, loc="upper left")
    else:
        left.text(0.5, 0.5, "no quoted officials this week", ha="center", va="center", transform=left.transAxes)
    left.tick_params(axis="x", labelrotation=45, labelsize=8)

    if figures:
        ylabels = [textwrap.shorten(f"{t} {c}", 48, placeholder="…") for t, _, c in figures]
        right.barh(range(len(figures)), [abs(v) for _, v, _ in figures], color="#2b6cb0")
        right.set_yticks(range(len(figures)), ylabels, fontsize=8)
        right.invert_yaxis()
        right.set_xscale("log")  # dollars and head counts differ by orders of magnitude
        right.xaxis.set_minor_formatter(NullFormatter())
    else:
        right.text(0.5, 0.5, "no headline figures this week", ha="center", va="center", transform=right.transAxes)
        right.set_yticks([])
    right.set_title("Headline figures of the week (log scale)")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    who = ", ".join(names[:3]) if names else "no one"
    description = (f"Week to {now:%Y-%m-%d}: {len(articles)} articles; most quoted: {who}; "
                   f"{len(figures)} headline figures.")
    return buf.getvalue(), description
