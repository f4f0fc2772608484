"""The Slack Web API client every part of the app shares: base URL from settings, retries built in.

Retries never repeat a call that may already have posted something. A 5xx, or a connection lost after the
request went out, can follow a message Slack did post; sending it again would show it twice. Those calls
fail instead, and the dispatcher, which wrote the post's intent first, looks for the message in the
channel's history (``bot.publishing.poster_loop``). A 429, or a connection never opened, certainly posted nothing.
"""

from __future__ import annotations

from typing import Any

from aiohttp import ClientConnectorError, ClientOSError, ServerConnectionError, ServerDisconnectedError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from config.settings import Settings

# Web API methods that post: done twice, they show twice.
POSTING_METHODS = frozenset({
    "chat.postMessage", "chat.postEphemeral", "chat.scheduleMessage", "files.completeUploadExternal",
})


def posts(request: HttpRequest) -> bool:
    """Whether ``request`` calls a Web API method that posts."""
    return request.url.rstrip("/").rsplit("/", 1)[-1] in POSTING_METHODS


class AnyServerErrorRetryHandler(AsyncServerErrorRetryHandler):
    """Retry every 5xx with backoff (the built-in one retries only 500 and 503), except for a call that posts."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code < 600 and not posts(request)


class ConnectionErrorRetryHandler(AsyncConnectionErrorRetryHandler):
    """Retry a lost connection; for a call that posts, only when the connection never opened."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if posts(request):
            return isinstance(error, ClientConnectorError)
        return await super()._can_retry_async(state=state, request=request, response=response, error=error)


# the built-in handler's errors, plus a refused connection (a subclass of ClientOSError it already retries)
CONNECTION_ERRORS = (ServerConnectionError, ServerDisconnectedError, ClientOSError)


def retry_handlers() -> list[AsyncRetryHandler]:
    # A 429 means Slack did not take the call, so retrying after Retry-After posts the message once.
    return [
        ConnectionErrorRetryHandler(max_retry_count=2, error_types=[*CONNECTION_ERRORS]),
        AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        AnyServerErrorRetryHandler(max_retry_count=2),
    ]


def web_client(settings: Settings, token: str | None = None) -> AsyncWebClient:
    """A client for the bot token, aimed at ``slack.api_url`` when set (tests, proxies)."""
    if token is None and settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
    kwargs: dict[str, Any] = {"token": token, "retry_handlers": retry_handlers()}
    if settings.slack.api_url:
        kwargs["base_url"] = settings.slack.api_url.rstrip("/") + "/"
    return AsyncWebClient(**kwargs)
