"""One article page, for `newsbot ingest URL` and `extract URL`: its main text and what the page says about
itself (title, outlet, canonical address, publication date, from <meta> tags and JSON-LD via trafilatura).

The page is fetched by the poller's own FeedFetcher (same private-address guard, redirects, timeouts and
size cap); unlike ``fetch_article_text``, which the poller wants quiet, a failure here raises PageError
with a sentence for the person at the terminal: refused, unresolvable, timed out, blocked, too large.
"""

from __future__ import annotations

import asyncio
import errno
from dataclasses import dataclass
from datetime import UTC, datetime

import aiohttp
import trafilatura
from yarl import URL

from bot.errors import NewsbotError
from bot.feeds.fulltext import extract_main_text
from bot.feeds.http import FeedFetcher, _classify
from config.settings import HttpSettings

# htmldate (inside trafilatura) with the time of day when the page gives one.
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


@dataclass(frozen=True, slots=True)
class ArticlePage:
    url: str  # where it was read, after redirects
    text: str
    title: str | None = None
    outlet: str | None = None
    canonical_url: str | None = None
    published: datetime | None = None


class PageError(NewsbotError):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


async def fetch_article_page(fetcher: FeedFetcher, url: str, http: HttpSettings) -> ArticlePage:
    """The page at ``url`` with its text and metadata; PageError when it cannot be had."""
    try:
        html, final_url = await fetcher.get_html(url)
    except Exception as e:
        raise PageError(*explain(e, url, http)) from e
    page = await asyncio.to_thread(_read_page, html, final_url)
    if page is None:
        raise PageError("empty", "the page has no article text that could be extracted")
    return page


def _read_page(html: str, url: str) -> ArticlePage | None:
    text = extract_main_text(html, url)
    if not text:
        return None
    meta = trafilatura.extract_metadata(
        html, default_url=url,
        date_config={"original_date": True, "extensive_search": True, "outputformat": _DATE_FORMAT,
                     "max_date": datetime.now(UTC).strftime("%Y-%m-%d")})
    canonical = meta.url if meta.url and meta.url.startswith(("http://", "https://")) else None
    return ArticlePage(url=url, text=text, title=meta.title or None, outlet=meta.sitename or None,
                       canonical_url=canonical, published=_date(meta.date))


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def explain(exc: BaseException, url: str, http: HttpSettings) -> tuple[str, str]:
    """(kind, one sentence) for a failed page fetch."""
    kind, message = _classify(exc)
    host = URL(url).host or url
    os_error = getattr(exc, "os_error", exc)
    if kind == "connection" and isinstance(os_error, OSError) and os_error.errno == errno.ECONNREFUSED:
        port = getattr(exc, "port", None) or URL(url).port
        return "refused", f"connection refused by {host}:{port} (is the server up?)"
    if kind == "dns":
        reason = getattr(os_error, "strerror", None) or message
        return "dns", f"cannot resolve host {host} ({reason})"
    if kind == "timeout":
        if isinstance(exc, aiohttp.ConnectionTimeoutError):
            return "timeout", f"could not connect to {host} within {http.connect_timeout} s (http.connect_timeout)"
        return "timeout", f"no answer from {host} within {http.total_timeout} s (http.total_timeout)"
    if kind == "blocked_address":
        hint = " (http.allow_private_addresses or http.allowed_hosts permits it)" if "non-public" in message else ""
        return kind, f"{message}{hint}"
    if kind == "too_large":
        return kind, f"{message} (http.max_body_bytes)"
    if kind in ("http_4xx", "http_5xx", "rate_limited"):
        return kind, f"the server answered {message}"
    return kind, message
