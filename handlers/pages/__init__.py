"""Read-only record pages on the web process: ``/people/<slug>``, ``/stories/<key>``, ``/figures``.

Server-rendered with Jinja2 (autoescaped: article text is hostile), no JavaScript, one small stylesheet;
each page behind a signed link (``bot.web_links``), a per-client rate limit and a strict
Content-Security-Policy (``handlers.pages.guard``). ``add_page_routes`` mounts them on an app.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.record import SummaryCache
from bot.web_links import FIGURES_PATH, signer_from
from config.settings import Settings
from handlers.pages.guard import GUARD, PageGuard, guarded, with_headers
from handlers.pages.views import ENGINE, SUMMARIES, figures_page, person_page, story_page

HERE = Path(__file__).resolve().parent
STYLESHEET = "/pages.css"
_CSS = (HERE / "static" / "pages.css").read_bytes()


async def _stylesheet(_: web.Request) -> web.StreamResponse:
    """The one stylesheet (no inline styles: the CSP allows 'self' only)."""
    response = web.Response(body=_CSS, content_type="text/css", charset="utf-8")
    with_headers(response)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def template_environment(app: web.Application) -> jinja2.Environment:
    """Jinja2 for the pages, every template autoescaped whatever its file name."""
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        default_helpers=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["stylesheet"] = STYLESHEET
    return env


def add_page_routes(app: web.Application, settings: Settings, engine: Callable[[], AsyncEngine]) -> None:
    """Mount the record pages and their stylesheet on ``app`` (GET only: no page changes anything).
    ``engine`` gives the database engine when a page is asked for (the web app's service owns the store)."""
    app[ENGINE] = engine
    app[SUMMARIES] = SummaryCache()
    app[GUARD] = PageGuard.create(signer_from(settings), settings.web.rate_limit)
    template_environment(app)
    app.router.add_get(STYLESHEET, _stylesheet)
    app.router.add_get("/people/{slug}", guarded(person_page))
    app.router.add_get("/stories/{key}", guarded(story_page))
    app.router.add_get(FIGURES_PATH, guarded(figures_page))
