"""The record pages: a person's statements, a story's reports, figures by what they count. Read-only: every
handler answers GET from ``bot.storage.record`` and changes nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.infra.clock import utcnow
from bot.storage import record
from bot.web_links import EXPIRES, SIGNATURE, person_id_of, person_path, story_path
from handlers.pages.charts import value_dots, weekly_bars
from handlers.pages.downloads import csv_response, json_response, rows_of
from handlers.pages.guard import GUARD, refusal

ENGINE: web.AppKey[Callable[[], AsyncEngine]] = web.AppKey("pages_engine")
SUMMARIES = web.AppKey("pages_summaries", record.SummaryCache)  # people's titles, outlets, weekly counts
DOWNLOAD_ROWS = 1000  # statements in a download: the filtered record, newest first, up to this
FORMATS = ("csv", "json")
_MAX_FIELD = 200  # characters kept of a filter: longer input is not a search anybody typed


def _field(request: web.Request, name: str) -> str:
    return request.query.get(name, "").strip()[:_MAX_FIELD]


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _page(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


def _filters(request: web.Request) -> record.StatementFilter:
    kind = _field(request, "kind")
    return record.StatementFilter(
        words=_field(request, "q"),
        outlet=_field(request, "outlet"),
        kind=kind if kind in record.KINDS else "",
        since=_day(_field(request, "from")),
        until=_day(_field(request, "to")),
    )


def _href(request: web.Request, path: str, **params: str | int | None) -> str:
    """``path`` with ``params`` (empty ones dropped) and the signature that opens it from this page."""
    query = {k: str(v) for k, v in params.items() if v not in (None, "")}
    query.update(request.app[GUARD].onward(request, path))
    return path + (f"?{urlencode(query)}" if query else "")


def _same_page(request: web.Request, **changes: str | int | None) -> str:
    """This page's address with some parameters changed (the signature kept: it covers the path only)."""
    query = {k: v for k, v in request.query.items() if k not in (EXPIRES, SIGNATURE)}
    query.update({k: str(v) for k, v in changes.items() if v is not None})
    return _href(request, request.path, **query)


def _hidden_signature(request: web.Request) -> dict[str, str]:
    """What a filter form carries along unseen, so submitting it keeps the page open."""
    return {k: request.query[k] for k in (EXPIRES, SIGNATURE) if k in request.query}


async def person_page(request: web.Request) -> web.StreamResponse:
    """``/people/<slug>``: statements under the reader's filters, with the person's titles, outlets, chart."""
    person_id = person_id_of(request.match_info["slug"])
    filters = _filters(request)
    fmt = _field(request, "format")
    download = fmt in FORMATS
    shown = None
    if person_id is not None:  # the person, their summary and a page of statements, on one connection
        shown = await record.person_page(
            request.app[ENGINE](),
            person_id,
            filters,
            utcnow(),
            1 if download else _page(_field(request, "page")),
            DOWNLOAD_ROWS if download else record.PAGE_SIZE,
            request.app[SUMMARIES],
        )
    if shown is None:
        return refusal(request, 404, "No such person", "Nobody in the record has this address.")
    found, listing = shown
    if download:
        return _person_download(fmt, found, filters, listing)
    context = {
        "record": found,
        "summary_rows": record.SUMMARY_ROWS,
        "scan_window": record.SCAN_WINDOW,
        "listing": listing,
        "filters": filters,
        "chart": weekly_bars([(w.week, w.mentions) for w in found.weeks]),
        "hidden": _hidden_signature(request),
        "story_href": lambda key: _href(request, story_path(key)),
        "page_href": lambda n: _same_page(request, page=n),
        "download_href": lambda fmt: _same_page(request, format=fmt, page=None),
        "outlet_href": lambda outlet: _same_page(request, outlet=outlet, page=1),
    }
    return aiohttp_jinja2.render_template("person.html", request, context)


_STATEMENT_COLUMNS = ("published", "kind", "text", "cue", "source", "article_title", "url", "article_id", "story_key")


def _person_download(
    fmt: str, found: record.PersonRecord, filters: record.StatementFilter, listing: record.StatementPage
) -> web.Response:
    name = person_path(found.person.id, found.person.name).removeprefix("/people/")
    rows = rows_of(listing.statements)
    if fmt == "csv":
        return csv_response(rows, f"{name}-statements", _STATEMENT_COLUMNS)
    return json_response(
        {
            "person": asdict(found.person),
            "filters": asdict(filters),
            "matching": listing.total,
            "matching_capped": listing.capped,
            "statements": rows,
            "titles": rows_of(found.titles),
            "outlets": [{"source": s, "quotes": n} for s, n in found.outlets],
            "mentions_per_week": rows_of(found.weeks),
        },
        f"{name}-statements",
    )


async def story_page(request: web.Request) -> web.StreamResponse:
    """``/stories/<key>``: the story's reports by outlet and time, its officials, quotes and figures."""
    found = await record.story(request.app[ENGINE](), request.match_info["key"])
    if found is None:
        return refusal(request, 404, "No such story", "No story in the record has this address.")
    fmt = _field(request, "format")
    if fmt == "csv":
        rows = [{**asdict(a), "kind": "article"} for a in found.articles]
        rows += [{**asdict(q), "kind": f"quote ({q.kind})", "title": q.text} for q in found.quotes]
        rows += [{**asdict(f), "kind": "figure", "title": f"{f.text} {f.counts}"} for f in found.figures]
        return csv_response(
            rows, f"story-{found.key}", ("kind", "published", "source", "title", "speaker", "url", "article_id", "id")
        )
    if fmt == "json":
        return json_response(asdict(found), f"story-{found.key}")
    sources = {a.id: a.source for a in found.articles}
    context = {
        "story": found,
        "sources": sources,
        "person_href": lambda pid, name: _href(request, person_path(pid, name)),
        "download_href": lambda fmt: _same_page(request, format=fmt),
    }
    return aiohttp_jinja2.render_template("story.html", request, context)


async def figures_page(request: web.Request) -> web.StreamResponse:
    """``/figures?q=…``: figures whose count or sentence holds the words, as a table and a chart."""
    query = _field(request, "q")
    found = await record.figures(request.app[ENGINE](), query)
    fmt = _field(request, "format")
    if fmt == "csv":
        return csv_response(
            rows_of(found),
            "figures",
            ("published", "text", "value", "unit", "counts", "qualifier", "sentence", "source", "article_title", "url"),
        )
    if fmt == "json":
        return json_response({"query": query, "figures": rows_of(found)}, "figures")
    units = Counter(f.unit or "" for f in found if f.value is not None)
    unit = units.most_common(1)[0][0] if units else ""
    points = [
        (f.published, f.value, f"{f.text} {f.counts} ({f.source or 'unknown outlet'}, {f.published:%Y-%m-%d})")
        for f in found
        if f.value is not None and (f.unit or "") == unit
    ]
    context: dict[str, Any] = {
        "query": query,
        "figures": found,
        "unit": unit,
        "chart": value_dots(points),
        "hidden": _hidden_signature(request),
        "download_href": lambda fmt: _same_page(request, format=fmt),
    }
    return aiohttp_jinja2.render_template("figures.html", request, context)
