"""What every record page goes through before its handler: a per-client rate limit, the link signature,
and the security headers (a Content-Security-Policy without inline script, no referrer: a signed link
must not leak to the outlets a reader clicks through to)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp_jinja2
from aiohttp import web
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage  # expires entries in an asyncio task, not a thread per hit
from limits.aio.strategies import MovingWindowRateLimiter

from bot.infra.clock import utcnow
from bot.infra.log import get_logger
from bot.web_links import EXPIRES, SIGNATURE, LinkCheck, LinkSigner

log = get_logger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "private, no-store",
}

_REFUSALS = {
    LinkCheck.UNSIGNED: (
        "This page needs a signed link",
        "Open it from a link newsbot gave you in Slack, Discord or the terminal.",
    ),
    LinkCheck.TAMPERED: (
        "This link is not valid",
        ("It was changed after newsbot signed it, or it belongs to another page. Ask newsbot again for a fresh link."),
    ),
    LinkCheck.EXPIRED: (
        "This link has expired",
        "Links stay valid for a limited time. Ask newsbot again for a fresh link.",
    ),
    LinkCheck.NOT_CONFIGURED: (
        "Record pages are not enabled",
        "The operator has not set NEWSBOT_WEB_SECRET (or allowed unsigned access).",
    ),
}


@dataclass(slots=True)
class PageGuard:
    """The signer and the rate limiter shared by the pages of one web process."""

    signer: LinkSigner
    limit: RateLimitItem
    limiter: MovingWindowRateLimiter

    @classmethod
    def create(cls, signer: LinkSigner, rate_limit: str) -> PageGuard:
        return cls(signer, parse(rate_limit), MovingWindowRateLimiter(MemoryStorage()))

    def expires_of(self, request: web.Request) -> int | None:
        """The expiry of the link this request came by (checked already), for signing onward links."""
        raw = request.query.get(EXPIRES, "")
        return int(raw) if raw.isdigit() and request.query.get(SIGNATURE) else None

    def onward(self, request: web.Request, path: str) -> dict[str, str]:
        """Query parameters that open ``path`` from this page (until this link's own expiry)."""
        return self.signer.query_until(path, self.expires_of(request))


GUARD = web.AppKey("page_guard", PageGuard)


def client_key(request: web.Request) -> str:
    """Who counts as one client: the peer address. Behind a proxy that is the proxy, so one limit for all;
    trusting X-Forwarded-For would let anyone pick a fresh address per request."""
    return request.remote or "unknown"


def with_headers(response: web.StreamResponse) -> web.StreamResponse:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def refusal(request: web.Request, status: int, heading: str, detail: str) -> web.Response:
    """A page saying why the reader cannot see what they asked for (403, 404, 429)."""
    response = aiohttp_jinja2.render_template(
        "refused.html", request, {"heading": heading, "detail": detail, "status": status}, status=status
    )
    with_headers(response)
    return response


def guarded(handler: Handler) -> Handler:
    """``handler`` behind the rate limit and the signature check, its answer with the security headers."""

    async def guarded_handler(request: web.Request) -> web.StreamResponse:
        guard = request.app[GUARD]
        if not await guard.limiter.hit(guard.limit, "pages", client_key(request)):
            log.warning("pages.rate_limited", client=client_key(request), path=request.path)
            reset = (await guard.limiter.get_window_stats(guard.limit, "pages", client_key(request))).reset_time
            response = refusal(
                request,
                429,
                "Too many requests",
                "This address has asked for many pages in a short time. Wait a minute and try again.",
            )
            response.headers["Retry-After"] = str(max(1, int(reset - time.time()) + 1))
            return response
        check = guard.signer.check(request.path, request.query.get(EXPIRES), request.query.get(SIGNATURE), utcnow())
        if check is not LinkCheck.OK:
            log.info("pages.refused", reason=check.value, path=request.path)
            return refusal(request, 403, *_REFUSALS[check])
        return with_headers(await handler(request))

    guarded_handler.__name__ = handler.__name__
    guarded_handler.__doc__ = handler.__doc__
    return guarded_handler
