"""A person's record (or every quote) as a file: CSV for spreadsheets, JSON Lines for scripts.

One row per statement and outlet: a statement carried by three outlets is three rows with the same
words, so a newsroom can filter by outlet; the attribution columns are the same in both formats.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.storage.rows import QuoteRow

COLUMNS = ("quote", "kind", "cue", "speaker", "title", "date", "outlet", "url")
FORMATS = ("csv", "jsonl")


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A file to attach to an answer: its name, bytes and how many statements it holds."""

    filename: str
    data: bytes
    statements: int


def rows(quotes: Iterable[QuoteRow]) -> Iterator[dict[str, str]]:
    """One dict per statement and source, keyed by COLUMNS."""
    for q in quotes:
        for src in q.all_sources():
            yield {
                "quote": " ".join(q.text.split()),
                "kind": q.kind,
                "cue": q.cue or "",
                "speaker": q.speaker or "",
                "title": src.title or "",
                "date": src.published.date().isoformat(),
                "outlet": src.source or "",
                "url": src.url or "",
            }


def _safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run: text starting with = + - @ is prefixed with a quote (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(quotes: Iterable[QuoteRow]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows(quotes):
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8")


def to_jsonl(quotes: Iterable[QuoteRow]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(quotes)).encode("utf-8")


def encode(quotes: Iterable[QuoteRow], fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    return to_csv(quotes) if fmt == "csv" else to_jsonl(quotes)


def filename(person: str | None, fmt: str = "csv") -> str:
    """``quotes-dana-orourke.csv``: ASCII letters, digits and dashes only, safe on every platform."""
    from bot.people.registry import normalise

    slug = re.sub(r"[^a-z0-9]+", "-", normalise(person or "all")).strip("-") or "quotes"
    return f"quotes-{slug}.{fmt}"
