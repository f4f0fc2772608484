"""Story grouping speed: 10,000 synthetic reports within 72 hours, batch and one new report at a time, with
the cost of each new report's event frame, old path against new in the same run.

Synthetic news: events of 1-8 reports, each event with its own rare words, a few of 300 common words,
one or two of 400 officials (shared across events, as real officials are), a place and a day. Frames are
built directly for the grouping figures. Baseline in the same process: today's main grouping before #15
(scikit-learn TF-IDF over the whole window, a dense similarity matrix, union-find), at a size it can hold in
memory.

Frame cost per new report (real articles: ``dev_stories.jsonl`` of the evaluation kit, real pipeline):
- old path: the poster parses the lede with spaCy at grouping time (``Framer`` on an uncached article), after
  a one-time pipeline load and GeoNames table build per process;
- new path: the frame was read at extraction from the extractor's parse (``frame_of_article``: timed too, as
  cost moved into the extraction worker) and is read back from the ``articles.event_frame`` JSON column
  (SQLAlchemy over SQLite, 10,000 rows) and decoded (``frame_from_json`` + ``with_people``).
End to end per new report = its frame + its incremental grouping at 10,000 (each of the last 1,000 reports
paired with a dev article's frame cost, in turn).

Poster rounds (``--rounds R``): a window of ``n`` reports, each round the ``--per-round`` oldest leave and as
many new ones come; the same rounds grouped by today's poster (``group`` over the whole window, batch) and by
the kept grouping (``LiveStories.update``), in the same process, frames read as stored (a stub framer hands
each report its prebuilt frame, so neither path pays for frames). Batch is timed on the last round's window
only (it takes minutes at 10,000), and the kept grouping's start (its first round: the whole window at once);
the two partitions of the last window are compared (B-cubed agreement).

usage: .venv/bin/python bench/stories_speed.py [--n 10000] [--baseline-n 2000] [--no-frames]
       .venv/bin/python bench/stories_speed.py --rounds 20 [--per-round 50] [--n 10000]   # poster rounds only
Ends with one JSON line of figures.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.publishing.events import EventGrouper, Idf, group_reports, terms
from bot.publishing.frames import EventFrame, Framer, resolve_place
from bot.publishing.stories import LiveStories, group

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine_note, require_eval_dir  # noqa: E402

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
    out: list[tuple[datetime, str, str, EventFrame, frozenset[str], int]] = []
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


def _ms(t: float) -> float:
    return (time.perf_counter() - t) * 1000


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def frame_costs() -> dict[str, Any]:
    """Per-article frame cost on the kit's real articles: the old grouping-time parse, the new extraction-time
    read from the extractor's parse, and the new grouping-time decode of the stored JSON."""
    from bot.nlp.document import parse_articles
    from bot.nlp.extract import Extractor
    from bot.nlp.summary import summarize
    from bot.publishing import frames as fm
    from bot.publishing.story_lines import LineArticle, read_lines

    path = require_eval_dir() / "dev_stories.jsonl"
    pairs = list(read_lines(path.open(encoding="utf-8")))
    t = time.perf_counter()
    ex = Extractor()
    nlp = ex.nlp
    load_ms = _ms(t)
    fm._gazetteer.cache_clear()
    t = time.perf_counter()
    fm._gazetteer()
    geonames_ms = _ms(t)
    adocs = list(parse_articles(nlp, [inp for _, inp in pairs]))
    extraction_ms, old_ms, read_ms, stored = [], [], [], []
    for (art, inp), adoc in zip(pairs, adocs, strict=True):
        summary = summarize(adoc)
        t = time.perf_counter()
        frame = fm.frame_of_article(inp.title or "", adoc.title, adoc.paragraphs, summary, inp.published)
        data = fm.frame_to_json(frame, fm.lede_key(inp.title or "", summary))
        extraction_ms.append(_ms(t))
        stored.append(data)
        line = LineArticle(id=art.id, key=art.key, title=art.title, url=None, source=art.source,
                           published=art.published, summary=summary)
        framer = fm.Framer(nlp=nlp)  # a new report: nothing cached
        t = time.perf_counter()
        framer.frames([line])
        old_ms.append(_ms(t))
        text = json.dumps(data)
        t = time.perf_counter()
        back = fm.frame_from_json(json.loads(text), fm.lede_key(art.title, summary))
        assert back is not None
        back.with_people(o.name for o in art.officials)
        read_ms.append(_ms(t))
    return {
        "articles": len(pairs),
        "pipeline_load_ms": load_ms,
        "geonames_build_ms": geonames_ms,
        "old_parse_ms": old_ms,
        "extraction_frame_ms": extraction_ms,
        "decode_ms": read_ms,
        "stored": stored,
    }


def store_read_ms(frames: list[dict[str, Any]], n: int) -> dict[str, float]:
    """Milliseconds per row to read ``articles.event_frame`` for ``n`` articles through the real table (SQLite,
    SQLAlchemy's JSON type), against reading the same rows without it."""
    from sqlalchemy import create_engine, insert, select

    from bot.storage.tables import Article, Base

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    rows = [
        {"title": f"t{i}", "published": START, "text": "", "summary": "", "announce": True, "extractions": 1,
         "event_frame": frames[i % len(frames)]}
        for i in range(n)
    ]
    with engine.begin() as conn:
        conn.execute(insert(Article), rows)
    out = {}
    for name, cols in (("without_frame", (Article.id, Article.title)), ("with_frame", (Article.id, Article.title,
                                                                                      Article.event_frame))):
        best = float("inf")
        for _ in range(3):
            with engine.connect() as conn:
                t = time.perf_counter()
                got = conn.execute(select(*cols)).all()
                best = min(best, _ms(t) / n)
            assert len(got) == n
        out[name] = best
    engine.dispose()
    return out


@dataclass(frozen=True, slots=True)
class _Figure:
    text: str
    value: float


@dataclass(slots=True)
class _Report:
    """A synthetic report shaped as a stored article (what ``group`` and ``LiveStories`` read)."""

    id: int
    title: str
    summary: str
    published: datetime
    figures: list[_Figure]
    url: str | None = None
    source: str | None = None
    relevance: float | None = 0.9
    quotes: tuple[()] = ()
    officials: tuple[()] = ()


class _StoredFrames(Framer):
    """Frames as the store hands them over (read at extraction): no parse, no pipeline."""

    def __init__(self, frames: dict[int, EventFrame]) -> None:
        super().__init__(model="none")
        self.by_id = frames

    def frames(self, articles: Sequence[Any]) -> list[EventFrame]:
        return [self.by_id[a.id] for a in articles]


def _agreement(x: list[list[int]], y: list[list[int]]) -> float:
    """B-cubed F1 of partition ``x`` against ``y`` (1.0: the same stories)."""
    of_x = {i: frozenset(c) for c in x for i in c}
    of_y = {i: frozenset(c) for c in y for i in c}
    p = sum(len(of_x[i] & of_y[i]) / len(of_x[i]) for i in of_x) / len(of_x)
    r = sum(len(of_x[i] & of_y[i]) / len(of_y[i]) for i in of_y) / len(of_y)
    return 2 * p * r / (p + r)


def poster_rounds(n: int, rounds: int, per_round: int) -> dict[str, Any]:
    """Seconds per poster round, batch (``group``) against kept (``LiveStories``), on the same windows."""
    raw = synthetic(n + rounds * per_round)
    reports = [_Report(i, title, lede, when, [_Figure(f, float(f.replace(",", ""))) for f in figs])
               for i, (when, title, lede, _, figs, _) in enumerate(raw)]
    framer = _StoredFrames({i: r[3] for i, r in enumerate(raw)})
    live: LiveStories[_Report] = LiveStories(framer)
    known: dict[int, str] = {}  # nothing posted: no stored stories

    def window(r: int) -> list[_Report]:
        return reports[r * per_round: n + r * per_round]

    t = time.perf_counter()
    live.update(window(0), known)
    start = time.perf_counter() - t
    per: list[float] = []
    for r in range(1, rounds + 1):
        t = time.perf_counter()
        kept = live.update(window(r), known)
        per.append(time.perf_counter() - t)
    t = time.perf_counter()
    fresh = group(window(rounds), known, framer)
    batch_round = time.perf_counter() - t
    median = _pct(per, 0.5)
    return {
        "rounds": rounds,
        "per_round": per_round,
        "window": n,
        "batch_round_s": round(batch_round, 2),
        "kept_start_s": round(start, 2),
        "kept_round_ms_median": round(median * 1000, 1),
        "kept_round_ms_p95": round(_pct(per, 0.95) * 1000, 1),
        "kept_round_ms_max": round(max(per) * 1000, 1),
        "kept_ms_per_new_report_median": round(median * 1000 / per_round, 2),
        "ratio_kept_vs_batch_round": round(median / batch_round, 5),
        "placed": live.placed,
        "removed": live.removed,
        "revisited": live.revisited,
        "stories_kept": len(kept),
        "stories_batch": len(fresh),
        "agreement_b3_f1_kept_vs_batch": round(_agreement([s.article_ids for s in kept],
                                                          [s.article_ids for s in fresh]), 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--baseline-n", type=int, default=2_000)
    ap.add_argument("--no-frames", action="store_true", help="grouping figures only (no pipeline, no kit)")
    ap.add_argument("--rounds", type=int, default=0, help="poster rounds only: batch against kept, this many rounds")
    ap.add_argument("--per-round", type=int, default=50, help="new reports per poster round")
    args = ap.parse_args()
    load_before = machine_note()
    if args.rounds:
        rounds = poster_rounds(args.n, args.rounds, args.per_round)
        rounds |= {"load_before": load_before, "load_after": machine_note()}
        for k, v in rounds.items():
            print(f"{k:40s} {v}")
        print(json.dumps(rounds))
        return
    reports = synthetic(args.n)
    small = reports[: args.baseline_n]
    old_small = baseline(small)
    new_small, _ = batch(small)
    new_full, g = batch(reports)
    per = incremental(reports, 1000)
    ordered = sorted(per)
    figures: dict[str, Any] = {
        "n": args.n,
        "events": len({r[5] for r in reports}),
        "baseline_batch_s_at_baseline_n": round(old_small, 3),
        "batch_s_at_baseline_n": round(new_small, 3),
        "ratio_vs_baseline_at_baseline_n": round(new_small / old_small, 2),
        "batch_s": round(new_full, 2),
        "batch_ms_per_report": round(new_full / args.n * 1000, 2),
        "incremental_ms_median": round(ordered[len(ordered) // 2], 2),
        "incremental_ms_p95": round(ordered[int(len(ordered) * 0.95)], 2),
        "incremental_ms_max": round(ordered[-1], 2),
        "stories": len(g.stories),
        "pure_story_share": round(purity(g, reports), 3),
    }
    if not args.no_frames:
        fc = frame_costs()
        store = store_read_ms(fc["stored"], args.n)
        column_ms = max(0.0, store["with_frame"] - store["without_frame"])
        new_frame = [d + column_ms for d in fc["decode_ms"]]
        old_e2e = [p + fc["old_parse_ms"][k % fc["articles"]] for k, p in enumerate(per)]
        new_e2e = [p + new_frame[k % fc["articles"]] for k, p in enumerate(per)]
        figures |= {
            "frame_articles": fc["articles"],
            "old_frame_parse_ms_median": round(_pct(fc["old_parse_ms"], 0.5), 2),
            "old_frame_parse_ms_p95": round(_pct(fc["old_parse_ms"], 0.95), 2),
            "old_once_per_process_ms": round(fc["pipeline_load_ms"] + fc["geonames_build_ms"]),
            "new_frame_store_read_ms_per_row": round(column_ms, 4),
            "new_frame_decode_ms_median": round(_pct(fc["decode_ms"], 0.5), 4),
            "new_frame_ms_median": round(_pct(new_frame, 0.5), 4),
            "new_once_per_process_ms": 0,
            "extraction_frame_ms_median": round(_pct(fc["extraction_frame_ms"], 0.5), 2),
            "extraction_frame_ms_p95": round(_pct(fc["extraction_frame_ms"], 0.95), 2),
            "e2e_old_ms_median": round(_pct(old_e2e, 0.5), 2),
            "e2e_old_ms_p95": round(_pct(old_e2e, 0.95), 2),
            "e2e_new_ms_median": round(_pct(new_e2e, 0.5), 2),
            "e2e_new_ms_p95": round(_pct(new_e2e, 0.95), 2),
            "e2e_ratio_new_vs_old_median": round(_pct(new_e2e, 0.5) / _pct(old_e2e, 0.5), 3),
            # derived: a poster (re)started with n reports in its window needs every frame once
            "cold_start_frames_s_old": round((sum(fc["old_parse_ms"]) / fc["articles"] * args.n
                                              + fc["pipeline_load_ms"] + fc["geonames_build_ms"]) / 1000, 1),
            "cold_start_frames_s_new": round(sum(new_frame) / len(new_frame) * args.n / 1000, 2),
        }
    figures["load_before"] = load_before
    figures["load_after"] = machine_note()
    for k, v in figures.items():
        print(f"{k:40s} {v}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
