"""Story grouping speed: 10,000 synthetic reports within 72 hours, batch and one new report at a time.

Synthetic news: events of 1-8 reports, each event with its own rare words, a few of 300 common words,
one or two of 400 officials (shared across events, as real officials are), a place and a day. Frames are
built directly (at run time they come from the extraction, parsed once per report and cached), so this
times the grouping itself. Baseline in the same process: today's main grouping before #15 (scikit-learn
TF-IDF over the whole window, a dense similarity matrix, union-find), at a size it can hold in memory.

usage: .venv/bin/python bench/stories_speed.py [--n 10000] [--baseline-n 2000]
Ends with one JSON line of figures.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, datetime, timedelta

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.publishing.events import EventGrouper, Idf, group_reports, terms
from bot.publishing.frames import EventFrame, resolve_place

START = datetime(2026, 3, 2, tzinfo=UTC)
CITIES = [
    "Austin",
    "Denver",
    "Phoenix",
    "Boston",
    "Chicago",
    "Miami",
    "Seattle",
    "Atlanta",
    "Houston",
    "Portland",
    "Detroit",
    "Tucson",
    "El Paso",
    "San Diego",
    "Newark",
    "Buffalo",
]


def synthetic(n: int, seed: int = 7) -> list[tuple[datetime, str, str, EventFrame, frozenset[str], int]]:
    """``n`` reports (when, title, lede, frame, figures, event), in time order within 72 hours."""
    rng = random.Random(seed)
    common = [f"c{i}" for i in range(300)]
    officials = [f"official{i}" for i in range(400)]
    verbs = [f"v{i}" for i in range(120)]
    out = []
    event = 0
    while len(out) < n:
        start = START + timedelta(hours=rng.uniform(0, 66))
        rare = [f"r{event}x{k}" for k in range(6)]
        people = frozenset(rng.sample(officials, rng.choice([1, 2])))
        place = (resolve_place(rng.choice(CITIES)),)
        verb = rng.choice(verbs)
        for _ in range(rng.randint(1, 8)):
            when = start + timedelta(hours=rng.uniform(0, 6))
            words = rng.sample(rare, 4) + rng.sample(common, 6) + [verb] + sorted(people)
            rng.shuffle(words)
            title, lede = " ".join(words[:7]), " ".join(words[7:] + rng.sample(common, 12) + rng.sample(rare, 2))
            frame = EventFrame(actions=frozenset({verb}), places=place, dates=frozenset({when.date()}), people=people)
            out.append((when, title, lede, frame, frozenset({f"{event * 7 + 1000:,}"}), event))
        event += 1
    return sorted(out[:n], key=lambda r: r[0])


def baseline(reports: list[tuple[datetime, str, str, EventFrame, frozenset[str], int]]) -> float:
    """Seconds for the pre-#15 grouping: TF-IDF over all, dense similarity, thresholds, union-find."""
    t = time.perf_counter()
    docs = [f"{title}. {lede[:200]} " + " ".join("p_" + p for p in f.people) for _, title, lede, f, _, _ in reports]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b").fit_transform(
        docs
    )
    sim = (vectors @ vectors.T).toarray()
    parent = list(range(len(reports)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in np.argwhere(np.triu(sim >= 0.2, 1)):
        if abs(reports[i][0] - reports[j][0]) <= timedelta(hours=72):
            parent[max(root(i), root(j))] = min(root(i), root(j))
    return time.perf_counter() - t


def batch(reports: list[tuple[datetime, str, str, EventFrame, frozenset[str], int]]) -> tuple[float, EventGrouper]:
    t = time.perf_counter()
    g = group_reports(
        [r[0] for r in reports], [(r[1], r[2]) for r in reports], [r[3] for r in reports], [r[4] for r in reports]
    )
    return time.perf_counter() - t, g


def incremental(reports: list[tuple[datetime, str, str, EventFrame, frozenset[str], int]], last: int) -> list[float]:
    """Milliseconds per report for the last ``last`` reports added one at a time to a grouper holding the rest."""
    g = EventGrouper(Idf())
    times = []
    for k, (when, title, lede, frame, figs, _) in enumerate(reports):
        t = time.perf_counter()
        g.add(when, terms(title, lede, frame.people, figs), frame, figs)
        if k >= len(reports) - last:
            times.append((time.perf_counter() - t) * 1000)
    return times


def purity(g: EventGrouper, reports: list[tuple[datetime, str, str, EventFrame, frozenset[str], int]]) -> float:
    """Share of stories whose reports are all of one synthetic event (a sanity check, not a quality figure)."""
    pure = sum(1 for s in g.stories if len({reports[m.index][5] for m in s.members}) == 1)
    return pure / len(g.stories)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--baseline-n", type=int, default=2_000)
    args = ap.parse_args()
    reports = synthetic(args.n)
    small = reports[: args.baseline_n]
    old_small = baseline(small)
    new_small, _ = batch(small)
    new_full, g = batch(reports)
    per = sorted(incremental(reports, 1000))
    figures = {
        "n": args.n,
        "events": len({r[5] for r in reports}),
        "baseline_batch_s_at_baseline_n": round(old_small, 3),
        "batch_s_at_baseline_n": round(new_small, 3),
        "ratio_vs_baseline_at_baseline_n": round(new_small / old_small, 2),
        "batch_s": round(new_full, 2),
        "batch_ms_per_report": round(new_full / args.n * 1000, 2),
        "incremental_ms_median": round(per[len(per) // 2], 2),
        "incremental_ms_p95": round(per[int(len(per) * 0.95)], 2),
        "incremental_ms_max": round(per[-1], 2),
        "stories": len(g.stories),
        "pure_story_share": round(purity(g, reports), 3),
    }
    for k, v in figures.items():
        print(f"{k:40s} {v}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
