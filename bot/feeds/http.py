"""The polite, bounded HTTP client for feeds and article pages.

One ``aiohttp.ClientSession`` per fetcher. Limits: ``max_connections`` requests in flight overall and
``per_host`` per host (our own semaphores, so queued requests do not spend their timeout waiting for a
pooled connection; the connector's limits are the same numbers as a backstop), connect and total
timeouts per request, bodies streamed and cut at ``max_body_bytes``, redirects followed by hand so that
every hop passes the private-address guard. ``fetch_feed`` and ``fetch_article_text`` never raise for
network, HTTP or parse problems: they report them.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal

import aiohttp
from aiohttp.abc import AbstractResolver
from multidict import CIMultiDictProxy
from yarl import URL

from bot.errors import NewsbotError
from bot.feeds.backoff import parse_retry_after
from bot.feeds.fulltext import HTML_TYPES, extract_main_text
from bot.feeds.guard import BlockedAddress, GuardedResolver, check_public_url
from bot.feeds.parse import FeedParseError, parse_feed
from bot.feeds.text import decode_body
from bot.feeds.urls import loggable_url
from bot.infra.log import get_logger
from bot.models import FeedItem
from config.settings import HttpSettings

log = get_logger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, */*;q=0.1"
)
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_PERMANENT_STATUSES = frozenset({301, 308})
_CHUNK = 64 * 1024

FetchStatus = Literal["ok", "not_modified", "error"]


@dataclass(slots=True)
class FeedState:
    """What the poller remembers about a feed between polls."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0


@dataclass(slots=True)
class FetchResult:
    """The outcome of one poll.

    error_kind is one of: "timeout", "too_large", "http_4xx", "http_5xx", "rate_limited" (429), "parse",
    "redirect_loop", "too_many_redirects", "blocked_address", "dns", "tls", "connection", "invalid_url",
    "internal". On errors etag/last_modified echo the state's, so the poller can keep them.
    """

    url: str
    status: FetchStatus
    items: list[FeedItem] = field(default_factory=list)
    feed_title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    http_status: int | None = None
    error: str | None = None
    error_kind: str | None = None
    retry_after: float | None = None  # seconds, from Retry-After on 429/503
    final_url: str | None = None  # where the feed was read after redirects
    moved_permanently: bool = False  # every redirect hop was 301/308: the poller may store final_url
    feed_format: str | None = None  # "rss20", "atom10", "json11", ...
    bytes_read: int = 0
    elapsed_ms: float = 0.0


class FetchError(NewsbotError):
    def __init__(
        self,
        kind: str,
        message: str,
        *,
        http_status: int | None = None,
        retry_after: float | None = None,
        bytes_read: int = 0,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.http_status = http_status
        self.retry_after = retry_after
        self.bytes_read = bytes_read


@dataclass(slots=True)
class _Response:
    url: str  # after redirects
    status: int
    headers: CIMultiDictProxy[str]
    charset: str | None
    body: bytes
    permanent: bool


def _classify(exc: BaseException) -> tuple[str, str]:
    """(error_kind, message) for an exception raised while fetching."""
    if isinstance(exc, FetchError):
        return exc.kind, str(exc)
    if isinstance(exc, BlockedAddress):
        return "blocked_address", str(exc)
    if isinstance(exc, TimeoutError):  # aiohttp's timeout errors subclass it too
        return "timeout", "timed out"
    if isinstance(exc, (aiohttp.ClientConnectorDNSError, socket.gaierror)):
        return "dns", f"name resolution failed: {exc}"
    if isinstance(exc, (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError)):
        return "tls", str(exc)
    if isinstance(exc, (aiohttp.InvalidURL, ValueError)):
        return "invalid_url", str(exc)
    if isinstance(exc, (aiohttp.ClientError, OSError)):
        return "connection", f"{type(exc).__name__}: {exc}"
    return "internal", f"{type(exc).__name__}: {exc}"


def _status_error(status: int, headers: CIMultiDictProxy[str]) -> FetchError:
    retry_after = parse_retry_after(headers.get("Retry-After")) if status in (429, 503) else None
    if status == 429:
        return FetchError("rate_limited", "HTTP 429 Too Many Requests", http_status=status, retry_after=retry_after)
    kind = "http_5xx" if status >= 500 else "http_4xx" if status >= 400 else "http_other"
    return FetchError(kind, f"HTTP {status}", http_status=status, retry_after=retry_after)


class FeedFetcher:
    """``async with FeedFetcher(settings.http) as f: result = await f.fetch_feed(FeedState(url))``."""

    def __init__(self, http: HttpSettings, *, resolver: AbstractResolver | None = None) -> None:
        self._http = http
        self._resolver = resolver  # None: the loop's getaddrinfo
        self._session: aiohttp.ClientSession | None = None
        self._guarded: GuardedResolver | None = None
        self._global_slots = asyncio.Semaphore(http.max_connections)
        self._host_slots: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> FeedFetcher:
        self._guarded = GuardedResolver(
            self._resolver,
            allow_private=self._http.allow_private_addresses,
            allowed_hosts=self._http.allowed_hosts,
        )
        connector = aiohttp.TCPConnector(
            limit=self._http.max_connections,
            limit_per_host=self._http.per_host,
            resolver=self._guarded,
            ttl_dns_cache=60,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=aiohttp.ClientTimeout(total=self._http.total_timeout, connect=self._http.connect_timeout),
            headers={"User-Agent": self._http.user_agent},
            # The default jar scopes cookies per domain; keeping them lets "set cookie, redirect to
            # yourself" consent/CDN checks finish instead of looking like redirect loops.
            trust_env=False,
        )
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._guarded is not None:
            await self._guarded.close()
            self._guarded = None

    # --- public API ----------------------------------------------------------------------------

    async def fetch_feed(self, state: FeedState, source_name: str | None = None) -> FetchResult:
        """Poll one feed (conditional GET) and parse it. Never raises for network or parse problems."""
        started = time.monotonic()
        headers = {"Accept": FEED_ACCEPT}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        try:
            resp = await self._get(state.url, headers)
            result = await self._feed_result(state, resp, source_name)
        except Exception as e:
            kind, message = _classify(e)
            if kind == "internal":
                log.exception("feed.fetch_bug", url=loggable_url(state.url))
            result = FetchResult(
                url=state.url,
                status="error",
                etag=state.etag,
                last_modified=state.last_modified,
                http_status=getattr(e, "http_status", None),
                error=message,
                error_kind=kind,
                retry_after=getattr(e, "retry_after", None),
                bytes_read=getattr(e, "bytes_read", 0),
            )
        result.elapsed_ms = round((time.monotonic() - started) * 1000, 1)
        (log.warning if result.status == "error" else log.info)(
            "feed.fetch",
            url=loggable_url(state.url),
            status=result.status,
            http_status=result.http_status,
            items=len(result.items),
            error_kind=result.error_kind,
            error=result.error,
            bytes=result.bytes_read,
            elapsed_ms=result.elapsed_ms,
        )
        return result

    async def get_html(self, url: str) -> tuple[str, str]:
        """An HTML page, decoded, and the address it was read from after redirects (every hop guarded, the
        body size-capped); raises FetchError (or a guard's error) when it cannot be had."""
        resp = await self._get(url, {"Accept": HTML_ACCEPT}, html_only=True)
        return decode_body(resp.body, resp.charset, html=True), resp.url

    async def fetch_article_text(self, url: str) -> str | None:
        """The main text of an article page (HTML only, size-capped, guarded), or None on any failure."""
        started = time.monotonic()
        try:
            html, final_url = await self.get_html(url)
            text = await asyncio.to_thread(extract_main_text, html, final_url)
            outcome, kind = ("ok" if text else "empty"), None
        except Exception as e:
            kind, _ = _classify(e)
            if kind == "internal":
                log.exception("article.fetch_bug", url=loggable_url(url))
            text, outcome = None, "error"
        log.info(
            "article.fetch",
            url=loggable_url(url),
            status=outcome,
            error_kind=kind,
            chars=len(text or ""),
            elapsed_ms=round((time.monotonic() - started) * 1000, 1),
        )
        return text

    # --- internals -----------------------------------------------------------------------------

    async def _feed_result(self, state: FeedState, resp: _Response, source_name: str | None) -> FetchResult:
        result = FetchResult(
            url=state.url,
            status="not_modified",
            http_status=resp.status,
            final_url=resp.url,
            moved_permanently=resp.permanent,
            bytes_read=len(resp.body),
        )
        if resp.status == 304:
            result.etag = resp.headers.get("ETag") or state.etag
            result.last_modified = resp.headers.get("Last-Modified") or state.last_modified
            return result
        try:
            parsed = await asyncio.to_thread(
                parse_feed,
                resp.body,
                feed_url=resp.url,
                content_type=resp.headers.get("Content-Type"),
                source_name=source_name,
            )
        except FeedParseError as e:
            raise FetchError("parse", str(e), http_status=resp.status, bytes_read=len(resp.body)) from None
        except Exception as e:  # a parser crash on hostile input is a parse failure too
            raise FetchError("parse", f"parser failed: {type(e).__name__}: {e}", http_status=resp.status) from None
        result.status = "ok"
        result.items, result.feed_title, result.feed_format = parsed.items, parsed.title, parsed.format
        # A 200 without validators means the old ones are stale: do not carry them over.
        result.etag, result.last_modified = resp.headers.get("ETag"), resp.headers.get("Last-Modified")
        return result

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        slot = self._host_slots.get(host)
        if slot is None:
            slot = self._host_slots[host] = asyncio.Semaphore(self._http.per_host)
        return slot

    async def _get(self, url: str, headers: dict[str, str], *, html_only: bool = False) -> _Response:
        """GET with manual redirects (each hop guarded); returns a 2xx or 304 response, else raises."""
        if self._session is None:
            raise RuntimeError("use 'async with FeedFetcher(...)' before fetching")
        http = self._http
        current = URL(url)
        # A URL may come round twice (a site that sets a cookie and redirects to itself); a third time is a loop.
        visits = Counter({str(current): 1})
        permanent = True
        for _hop in range(http.max_redirects + 1):
            await check_public_url(current, http.allow_private_addresses, http.allowed_hosts, self._resolver)
            # Host slot first: holding a global slot while queueing behind one busy host would starve others.
            async with (
                self._host_slot((current.host or "").lower()),
                self._global_slots,
                self._session.get(current, headers=headers, allow_redirects=False) as resp,
            ):
                location = resp.headers.get("Location")
                if resp.status not in _REDIRECT_STATUSES or not location:
                    redirected = visits.total() > 1
                    return await self._final_response(resp, html_only, permanent=permanent and redirected)
                permanent = permanent and resp.status in _PERMANENT_STATUSES
                current = resp.url.join(URL(location))
            visits[str(current)] += 1
            if visits[str(current)] > 2:
                raise FetchError("redirect_loop", f"redirect loop back to {loggable_url(str(current))}",
                                 http_status=resp.status)
        raise FetchError("too_many_redirects", f"more than {http.max_redirects} redirects")

    async def _final_response(self, resp: aiohttp.ClientResponse, html_only: bool, *, permanent: bool) -> _Response:
        if resp.status == 304:
            body = b""
        elif 200 <= resp.status < 300:
            if html_only and resp.content_type not in HTML_TYPES:
                raise FetchError("not_html", f"content type {resp.content_type!r} is not HTML", http_status=resp.status)
            body = await self._read_capped(resp)
        else:
            raise _status_error(resp.status, resp.headers)
        return _Response(
            url=str(resp.url),
            status=resp.status,
            headers=resp.headers,
            charset=resp.charset,
            body=body,
            permanent=permanent,
        )

    async def _read_capped(self, resp: aiohttp.ClientResponse) -> bytes:
        """Stream the body, aborting as soon as it would exceed max_body_bytes (memory stays ≤ cap + a chunk)."""
        cap = self._http.max_body_bytes
        if resp.content_length is not None and resp.content_length > cap:
            resp.close()
            raise FetchError("too_large", f"Content-Length {resp.content_length} exceeds the {cap}-byte cap",
                             http_status=resp.status)
        buf = bytearray()
        async for chunk in resp.content.iter_chunked(_CHUNK):
            if len(buf) + len(chunk) > cap:
                read = len(buf) + len(chunk)
                resp.close()  # drop the connection rather than drain the rest
                raise FetchError("too_large", f"body exceeds the {cap}-byte cap", http_status=resp.status,
                                 bytes_read=read)
            buf += chunk
        return bytes(buf)
