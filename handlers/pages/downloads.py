"""CSV and JSON downloads of what a page shows. Article text is hostile here too: a CSV cell that starts
like a formula is prefixed with an apostrophe, so a spreadsheet shows it instead of running it."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from aiohttp import web

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def rows_of(items: Sequence[Any]) -> list[dict[str, Any]]:
    """Dataclass rows as plain dicts, in field order."""
    return [dataclasses.asdict(i) for i in items]


def csv_response(rows: list[dict[str, Any]], filename: str, columns: Sequence[str]) -> web.Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return web.Response(
        text=out.getvalue(),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def json_response(payload: dict[str, Any], filename: str) -> web.Response:
    body = json.dumps(payload, default=_plain, ensure_ascii=False, indent=1)
    return web.Response(
        text=body,
        content_type="application/json",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.json"'},
    )
