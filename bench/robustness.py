"""Extraction on the same texts written differently: how much do the scores owe to typography and layout?

Each gold file of the evaluation kit is rewritten three ways, the gold labels alike, and scored with the
kit's own ``score.py`` beside the original:

- ``straight``: curly quotation marks and apostrophes made straight (as many sites and wires publish);
- ``one line``: every paragraph joined into one (feeds that drop the markup between paragraphs);
- ``blank lines``: paragraphs separated by a blank line.

    .venv/bin/python bench/robustness.py                      # ../shared/eval/{seed_gold,dev_excerpts,dev_gov}
    .venv/bin/python bench/robustness.py path/to/gold.jsonl
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import EVAL_DIR as EVAL
from common import print_table

STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
METRICS = ("quotes", "quote_speaker", "attribution_accuracy", "officials", "figures", "relevance")


def _straight(text: str) -> str:
    return text.translate(STRAIGHT)


def _one_line(text: str) -> str:
    return " ".join(p.strip() for p in text.split("\n") if p.strip())


def _blank_lines(text: str) -> str:
    return text.replace("\n", "\n\n")


VARIANTS: dict[str, tuple[Callable[[str], str], bool]] = {  # name → (text rewrite, applied to the labels too)
    "original": (lambda t: t, False),
    "straight": (_straight, True),
    "one line": (_one_line, False),
    "blank lines": (_blank_lines, False),
}


def _rewrite(value: Any, fix: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fix(value)
    if isinstance(value, list):
        return [_rewrite(v, fix) for v in value]
    if isinstance(value, dict):
        return {k: _rewrite(v, fix) for k, v in value.items()}
    return value


def _score(gold: Path, workdir: Path) -> dict[str, Any]:
    pred = workdir / f"{gold.stem}.pred.jsonl"
    newsbot = Path(sys.executable).with_name("newsbot")
    with pred.open("w") as out:
        subprocess.run([str(newsbot), "extract", "--jsonl", str(gold)], stdout=out, stderr=subprocess.DEVNULL,
                       check=True)
    done = subprocess.run([sys.executable, str(EVAL / "score.py"), str(gold), str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _f1(result: dict[str, Any], metric: str) -> float | None:
    value = result.get(metric)
    return value.get("f1") if isinstance(value, dict) else value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", type=Path,
                    default=[EVAL / f for f in ("seed_gold.jsonl", "dev_excerpts.jsonl", "dev_gov.jsonl")])
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for gold in args.gold:
            docs = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
            for name, (fix, labels_too) in VARIANTS.items():
                variant = Path(tmp) / f"{gold.stem}.{name.replace(' ', '_')}.jsonl"
                with variant.open("w", encoding="utf-8") as out:
                    for doc in docs:
                        changed = _rewrite(doc, fix) if labels_too else {**doc, "text": fix(doc["text"])}
                        out.write(json.dumps(changed) + "\n")
                result = _score(variant, Path(tmp))
                rows.append([gold.stem, name, *(f"{v:.3f}" if (v := _f1(result, m)) is not None else "–"
                                                for m in METRICS)])
    headers = ["file", "variant", "quotes F1", "quote+speaker F1", "attribution", "officials F1", "figures F1",
               "relevance F1"]
    print_table(headers, rows)
    print(json.dumps({"bench": "robustness", "rows": [dict(zip(headers, row, strict=True)) for row in rows]}))


if __name__ == "__main__":
    main()
