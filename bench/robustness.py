"""Extraction on the same texts written differently: how much do the scores owe to typography and layout?

Each gold file of the evaluation kit is rewritten three ways, the gold labels alike, and scored with the
kit's own ``score.py`` beside the original:

- ``straight``: curly quotation marks and apostrophes made straight (as many sites and wires publish);
- ``one line``: every paragraph joined into one (feeds that drop the markup between paragraphs);
- ``blank lines``: paragraphs separated by a blank line;
- ``sentence lines``: a blank line after every sentence outside quotation marks (pages that put each
  sentence in its own block; initials and short abbreviations such as "Gov." are not sentence ends).

Each variant is scored against its original (``delta`` columns, the goal is no drop beyond ``TOLERANCE``).
By default the kit's seed, dev_excerpts and dev_gov files, and dev_reported split as
``bench/extraction_quality.py`` splits it (``dev_reported_a`` / ``dev_reported_blind``: only scores are
printed, never texts or errors).

    .venv/bin/python bench/robustness.py                      # every gold file of ../shared/eval
    .venv/bin/python bench/robustness.py path/to/gold.jsonl
    .venv/bin/python bench/robustness.py --open-only          # without the blind slice (work in progress)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import EVAL_DIR as EVAL
from common import GOLD_FILES, load_scorer, print_table, read_jsonl
from extraction_quality import extract

from bot.nlp.extract import Extractor
from bot.nlp.quotemarks import find_marks
from bot.runtime import make_extractor
from config.settings import load_settings

STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
METRICS = ("quotes", "quote_speaker", "attribution_accuracy", "officials", "figures", "relevance")


def _straight(text: str) -> str:
    return text.translate(STRAIGHT)


def _one_line(text: str) -> str:
    return " ".join(p.strip() for p in text.split("\n") if p.strip())


def _blank_lines(text: str) -> str:
    return text.replace("\n", "\n\n")


# a sentence end: . ? ! (and any closing marks) before a space and a capital or an opening mark
_SENTENCE_END = re.compile(r"(?<=[.?!])([\"”’']?)\s+(?=[\"“‘A-Z])")


# a period that ends an abbreviation, not a sentence: initials ("J.B.", "U.S."), a short capitalised word
# ("Gov.", "Sen.", "Calif.", "Jr.")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.)+|\b[A-Z][a-z]{0,4}\.)$")


def _sentence_lines(text: str) -> str:
    """A blank line after every sentence outside quotation marks (a quotation is one unit of the labels:
    splitting one would change what is labelled, not how the text looks)."""
    out = []
    for par in text.split("\n"):
        spans = [(m.start, m.end) for m in find_marks(par)]
        pieces, last = [], 0
        for m in _SENTENCE_END.finditer(par):
            if _ABBREVIATION.search(par, 0, m.start()) or any(lo <= m.start() < hi for lo, hi in spans):
                continue
            pieces.append(par[last : m.start()] + m.group(1) + "\n\n")
            last = m.end()
        out.append("".join(pieces) + par[last:])
    return "\n".join(out)


VARIANTS: dict[str, tuple[Callable[[str], str], bool]] = {  # name → (text rewrite, applied to the labels too)
    "original": (lambda t: t, False),
    "straight": (_straight, True),
    "one line": (_one_line, False),
    "blank lines": (_blank_lines, False),
    "sentence lines": (_sentence_lines, False),
}
TOLERANCE = 0.02  # no variant may score more than this below its original
REPORTED = "dev_reported.jsonl"
OPEN_LINES = 20  # as bench/extraction_quality.py: the first 20 lines of dev_reported are open, the rest blind


def _rewrite(value: Any, fix: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fix(value)
    if isinstance(value, list):
        return [_rewrite(v, fix) for v in value]
    if isinstance(value, dict):
        return {k: _rewrite(v, fix) for k, v in value.items()}
    return value


def gold_sets(paths: list[Path], open_only: bool = False) -> list[tuple[str, list[dict[str, Any]]]]:
    """(name, documents) of each gold file; dev_reported is split into its open and blind slices (the blind
    one left out with ``open_only``)."""
    out: list[tuple[str, list[dict[str, Any]]]] = []
    for path in paths:
        docs = read_jsonl(path)
        if path.name == REPORTED:
            out.append(("dev_reported_a", docs[:OPEN_LINES]))
            if not open_only:
                out.append(("dev_reported_blind", docs[OPEN_LINES:]))
        else:
            out.append((path.stem, docs))
    return out


def _score(sc: ModuleType, extractor: Extractor, docs: list[dict[str, Any]]) -> dict[str, Any]:
    golds = {str(d["id"]): d for d in docs}
    return sc.score(golds, extract(extractor, docs))


def _f1(result: dict[str, Any], metric: str) -> float | None:
    value = result.get(metric)
    return value.get("f1") if isinstance(value, dict) else value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", type=Path, default=[EVAL / f for f in (*GOLD_FILES, REPORTED)])
    ap.add_argument("--open-only", action="store_true", help="leave dev_reported's blind slice out")
    args = ap.parse_args()
    sc = load_scorer()
    extractor = make_extractor(load_settings(None))
    rows = []
    worst: dict[str, float] = {}
    for name, docs in gold_sets(args.gold, args.open_only):
        base: dict[str, float | None] = {}
        for variant, (fix, labels_too) in VARIANTS.items():
            changed = [_rewrite(d, fix) if labels_too else {**d, "text": fix(d["text"])} for d in docs]
            result = _score(sc, extractor, changed)
            values = {m: _f1(result, m) for m in METRICS}
            if variant == "original":
                base = values
            deltas = [(v - b) if v is not None and (b := base.get(m)) is not None else None for m, v in values.items()]
            for m, d in zip(METRICS, deltas, strict=True):
                if d is not None and m in ("quotes", "quote_speaker"):
                    worst[f"{name}/{variant}/{m}"] = round(d, 3)
            rows.append(
                [
                    name,
                    variant,
                    *(f"{v:.3f}" if v is not None else "–" for v in values.values()),
                    *(f"{d:+.3f}" if d is not None else "–" for d in deltas[:2]),
                ]
            )
    headers = [
        "file",
        "variant",
        "quotes F1",
        "quote+speaker F1",
        "attribution",
        "officials F1",
        "figures F1",
        "relevance F1",
        "Δ quotes",
        "Δ quote+speaker",
    ]
    print_table(headers, rows)
    drops = {k: v for k, v in worst.items() if v < -TOLERANCE}
    print(f"variants more than {TOLERANCE} below their original: {len(drops)}" + (f" {drops}" if drops else ""))
    print(
        json.dumps(
            {
                "bench": "robustness",
                "tolerance": TOLERANCE,
                "drops": drops,
                "rows": [dict(zip(headers, row, strict=True)) for row in rows],
            }
        )
    )


if __name__ == "__main__":
    main()
