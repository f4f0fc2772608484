"""The Slack Web API client every part of the app shares: base URL from settings, retries built in."""

from __future__ import annotations

from typing import Any

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


class AnyServerErrorRetryHandler(AsyncServerErrorRetryHandler):
    """Retry every 5xx with backoff (the built-in one retries only 500 and 503)."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code < 600


def retry_handlers() -> list[AsyncRetryHandler]:
    # A 429 means Slack did not take the call, so retrying after Retry-After posts the message once.
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
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
