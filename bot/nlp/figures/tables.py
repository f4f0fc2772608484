"""Pipe tables: each numeric cell is a figure, counting its column's header and its row's first cell."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.models import Figure

_PIPE_ROW = re.compile(r"\|.*\|")


def is_table_row(text: str) -> bool:
    return bool(_PIPE_ROW.search(text)) or text.count("|") >= 2


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.split("|")]


def table_figures(rows: list[str]) -> Iterator[Figure]:
    """Counts of a pipe table (``rows``: the texts of its paragraphs) come from its header row and each row's
    first cell."""
    header = _cells(rows[0])
    for row in rows[1:]:
        cells = _cells(row)
        label = cells[0]
        for col, cell in enumerate(cells[1:], start=1):
            value = _parse_cell(cell)
            if value is None:
                continue
            head = header[col] if col < len(header) else ""
            yield Figure(
                text=cell,
                value=value,
                counts=f"{head} {label}".strip(),
                unit="percent" if cell.endswith("%") else None,
                sentence=row.strip(),
            )


def _parse_cell(cell: str) -> float | None:
    m = re.fullmatch(r"\$?\s*(\d[\d,]*(?:\.\d+)?)\s*%?", cell)
    return float(m.group(1).replace(",", "")) if m else None

