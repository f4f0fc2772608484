"""Direct quotes: our extractor against textacy's rule-based ``direct_quotations`` on the gold files.

    .venv/bin/python bench/quotes_vs_textacy.py        (needs the bench extra: pip install -e .[bench])

Both sides read the same spaCy parses (ours splits paragraphs first; textacy gets each paragraph, since
it gives up on a whole document when one quotation spans paragraphs). textacy triples become schema
quotes: speaker = the speaker tokens joined, text = the quotation without its marks, kind "direct".
Both are scored with the evaluation kit's ``score`` function; textacy finds only direct quotes, so on
files that also label reported speech its recall is bounded by that.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import GOLD_FILES, load_scorer, read_jsonl, require_eval_dir, to_article  # noqa: E402

from bot.nlp.document import parse_articles  # noqa: E402
from bot.nlp.extract import Extractor  # noqa: E402

ROWS = (("quotes", "quotes"), ("quote+speaker", "quote_speaker"))


def textacy_quotes(adoc) -> tuple[list[dict], int]:
    """Schema quotes from textacy for one parsed article, and how many paragraphs it gave up on."""
    from textacy.extract.triples import direct_quotations

    quotes, bailed = [], 0
    for para in adoc.paragraphs:
        try:
            triples = list(direct_quotations(para))
        except ValueError:  # an odd number of quotation marks: textacy refuses the paragraph
            bailed += 1
            continue
        for speaker, cue, content in triples:
            inner = content[1:-1] if len(content) > 2 and content[0].is_quote else content
            quotes.append({
                "text": inner.text.strip(),
                "speaker": " ".join(t.text for t in speaker) or None,
                "kind": "direct",
                "cue": " ".join(t.text for t in cue) or None,
            })
    return quotes, bailed


def main() -> int:
    base = require_eval_dir()
    if importlib.util.find_spec("textacy") is None:
        print("skipped: textacy is not installed (pip install -e .[bench])", file=sys.stderr)
        return 0
    scorer = load_scorer()
    extractor = Extractor()
    golds: dict[str, dict[str, dict]] = {}
    ours: dict[str, dict] = {}
    theirs: dict[str, dict] = {}
    bailed = 0
    for name in GOLD_FILES:
        docs = read_jsonl(base / name)
        golds[name] = {str(d["id"]): d for d in docs}
        articles = [to_article(d) for d in docs]
        for d, result in zip(docs, extractor.extract_many(articles), strict=True):
            doc_id = str(d["id"])
            ours[doc_id] = {"id": doc_id} if isinstance(result, Exception) else result.to_schema(doc_id)
        for d, adoc in zip(docs, parse_articles(extractor.nlp, articles), strict=True):
            quotes, n = textacy_quotes(adoc)
            bailed += n
            theirs[str(d["id"])] = {"id": str(d["id"]), "quotes": quotes}

    golds["all"] = {k: v for name in GOLD_FILES for k, v in golds[name].items()}
    print(f"{'file':20s} {'metric':14s} {'ours P/R/F1':>20s}   {'textacy P/R/F1':>20s}   {'F1 diff':>7s}")
    summary = {}
    for name, gold in golds.items():
        a = scorer.score(gold, {k: ours[k] for k in gold})
        b = scorer.score(gold, {k: theirs[k] for k in gold})
        for label, key in ROWS:
            ra, rb = a[key], b[key]
            print(f"{name:20s} {label:14s} {_prf(ra):>20s}   {_prf(rb):>20s}   {ra['f1'] - rb['f1']:+7.3f}")
        att = (a["attribution_accuracy"], b["attribution_accuracy"])
        print(f"{name:20s} {'attribution':14s} {_num(att[0]):>20s}   {_num(att[1]):>20s}")
        summary[name] = a["quote_speaker"]["f1"] - b["quote_speaker"]["f1"]
    print(f"textacy gave up on {bailed} paragraph(s) with unbalanced quotation marks")
    print(f"quote+speaker F1 difference (ours - textacy), all files: {summary['all']:+.3f}")
    return 0


def _prf(r: dict) -> str:
    return f"{r['precision']:.3f}/{r['recall']:.3f}/{r['f1']:.3f}"


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
