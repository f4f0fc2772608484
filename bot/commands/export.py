"""A person's record (or every quote) as a file: CSV for spreadsheets, JSON Lines for scripts.

One row per statement and outlet: a statement carried by three outlets is three rows with the same
words, so a newsroom can filter by outlet; the attribution columns are the same in both formats.

A person's whole record is written batch by batch as the store reads it (``Store.record_batches``):
``chunks`` gives the file's bytes a batch at a time (``newsbot export quotes`` writes each as it comes),
``collect`` gathers them for an upload, up to the bytes the platform accepts in one file (past that the
answer says so instead of holding more).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Iterable, Iterator
from contextlib import aclosing
from dataclasses import dataclass

from bot.storage.rows import QuoteRow

COLUMNS = ("quote", "kind", "cue", "speaker", "title", "date", "outlet", "url")
FORMATS = ("csv", "jsonl")
MAX_BYTES = 50_000_000  # an upload's file is held in memory: no platform gets a larger one than this


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A file to attach to an answer: its name, bytes and how many statements it holds. When the record
    is larger than the platform accepts in one file (``too_large``, the limit in bytes), ``data`` is
    empty and ``statements`` counts those that fitted."""

    filename: str
    data: bytes
    statements: int
    too_large: int | None = None

    def too_large_note(self, person: str) -> str | None:
        """One line saying the file is too large to upload and where to get the whole record instead."""
        if self.too_large is None:
            return None
        return (
            f"The whole record is more than {_megabytes(self.too_large)} as CSV, larger than a file here may be: "
            f"write it with: newsbot export quotes --person {_cli_word(person)} (or download pages of it as CSV "
            "from the person's record page)."
        )


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.0f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} kB"


def _cli_word(text: str) -> str:
    """``text`` as one shell argument (double-quoted when it has a space or an apostrophe)."""
    return f'"{text}"' if any(c in text for c in " '") else text


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


def _csv(quotes: Iterable[QuoteRow], header: bool) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    if header:
        writer.writeheader()
    for row in rows(quotes):
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8")


def to_csv(quotes: Iterable[QuoteRow]) -> bytes:
    return _csv(quotes, header=True)


def to_jsonl(quotes: Iterable[QuoteRow]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(quotes)).encode("utf-8")


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")


def encode(quotes: Iterable[QuoteRow], fmt: str) -> bytes:
    _check(fmt)
    return to_csv(quotes) if fmt == "csv" else to_jsonl(quotes)


async def chunks(batches: AsyncIterable[list[QuoteRow]], fmt: str) -> AsyncIterator[tuple[bytes, int]]:
    """The file of every batch of statements, a piece at a time: (bytes, statements in them); the CSV
    header comes first, on its own."""
    _check(fmt)
    if fmt == "csv":
        yield _csv((), header=True), 0
    async for batch in batches:
        yield (_csv(batch, header=False) if fmt == "csv" else to_jsonl(batch)), len(batch)


async def collect(
    batches: AsyncGenerator[list[QuoteRow], None], name: str, max_bytes: int = MAX_BYTES, fmt: str = "csv"
) -> ExportFile:
    """The file of every batch, for an upload of at most ``max_bytes``: reading stops (and the file says
    ``too_large``) as soon as the next batch would pass it, so memory holds at most that much."""
    data = bytearray()
    statements = 0
    async with aclosing(batches):
        async for piece, n in chunks(batches, fmt):
            if len(data) + len(piece) > max_bytes:
                return ExportFile(filename(name, fmt), b"", statements, too_large=max_bytes)
            data += piece
            statements += n
    return ExportFile(filename(name, fmt), bytes(data), statements)


def filename(person: str | None, fmt: str = "csv") -> str:
    """``quotes-dana-orourke.csv``: ASCII letters, digits and dashes only, safe on every platform."""
    from bot.people.registry import normalise

    slug = re.sub(r"[^a-z0-9]+", "-", normalise(person or "all")).strip("-") or "quotes"
    return f"quotes-{slug}.{fmt}"
