"""Score the extractor on the bundled sample articles: an evaluation set of our own, never tuned on.

The samples (bot/demo/samples) were written by the team with every direct quote labelled with its
speaker, every person with a role, and relevance. They are not real news, so the figures here are a
check that the rules generalise beyond the kit's dev sets, not a substitute for them.

    .venv/bin/python bench/score_samples.py [--write-gold PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load_scorer  # noqa: E402

from bot.demo.data import load_articles, load_cast  # noqa: E402
from bot.models import ArticleInput  # noqa: E402
from bot.nlp import Extractor  # noqa: E402


def gold() -> list[dict]:
    cast = load_cast()
    docs = []
    for a in load_articles():
        officials = [{"name": p.name, "title": p.role} for p in cast.people if p.official and p.name in a.text]
        docs.append({
            "id": a.id, "title": a.title, "text": a.text, "immigration_relevant": a.relevant,
            "quotes": [{"quote": q.text, "speaker": q.speaker, "kind": q.kind} for q in a.quotes],
            "labelled_kinds": ["direct"], "officials": officials, "figures": [],
        })
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write-gold", type=Path, help="also write the gold JSONL here")
    args = ap.parse_args()
    docs = gold()
    if args.write_gold:
        args.write_gold.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    inputs = [ArticleInput(text=d["text"], title=d["title"], id=d["id"]) for d in docs]
    preds = {d["id"]: r.to_schema(d["id"]) for d, r in zip(docs, Extractor().extract_many(inputs), strict=True)
             if not isinstance(r, Exception)}
    res = load_scorer().score({d["id"]: d for d in docs}, preds)
    print(f"sample articles: {res['docs']} (direct quotes {sum(len(d['quotes']) for d in docs)})")
    for k in ("quotes", "quote_speaker", "officials", "relevance"):
        r = res[k]
        print(f"{k:14s} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")
    print(f"attribution accuracy: {res['attribution_accuracy']:.3f}  "
          "(official titles are long role descriptions here, so title accuracy is not reported)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
