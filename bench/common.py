"""Shared inputs for the benchmarks: the evaluation kit's documents and its scorer.

The kit lives beside the project (../shared/eval, or $NEWSBOT_EVAL_DIR); it is read at run time and
never copied into the project. Scripts exit with a message when it is absent.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from itertools import cycle, islice
from pathlib import Path
from types import ModuleType

from bot.models import ArticleInput

EVAL_DIR = Path(os.environ.get("NEWSBOT_EVAL_DIR", Path(__file__).resolve().parents[2] / "shared" / "eval"))
GOLD_FILES = ("seed_gold.jsonl", "dev_excerpts.jsonl", "dev_gov.jsonl")


def require_eval_dir() -> Path:
    if not EVAL_DIR.is_dir():
        print(f"skipped: evaluation kit not found at {EVAL_DIR} (set NEWSBOT_EVAL_DIR)", file=sys.stderr)
        raise SystemExit(0)
    return EVAL_DIR


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def to_article(d: dict) -> ArticleInput:
    return ArticleInput(text=d["text"], title=d.get("title"), url=d.get("url"), id=str(d.get("id")))


def gold_documents() -> list[dict]:
    """Seed + dev excerpts + government releases, in that order."""
    base = require_eval_dir()
    return [d for name in GOLD_FILES for d in read_jsonl(base / name)]


def cycled_articles(n: int, source: Path | None = None) -> list[ArticleInput]:
    """``n`` articles built by cycling the texts of ``source`` (a JSONL file) or of the gold files."""
    docs = read_jsonl(source) if source is not None else gold_documents()
    if not docs:
        raise SystemExit(f"no documents in {source or EVAL_DIR}")
    return [to_article(d) for d in islice(cycle(docs), n)]


def load_scorer() -> ModuleType:
    """The kit's score.py, imported by path."""
    path = require_eval_dir() / "score.py"
    spec = importlib.util.spec_from_file_location("newsbot_eval_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
