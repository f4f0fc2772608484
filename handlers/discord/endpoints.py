"""Point discord.py at another REST base and gateway (a local fake in tests, or a self-hosted proxy).

discord.py keeps both as class attributes, so the override is process-wide; ``use_endpoints`` puts
the old values back when the client is done, so a test cannot leak its fake into the next one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.log import get_logger

log = get_logger(__name__)


@contextmanager
def use_endpoints(api_url: str | None = None, gateway_url: str | None = None) -> Iterator[None]:
    """``api_url`` like ``http://127.0.0.1:PORT/api/v10`` (it also serves interaction callbacks and
    webhook follow-ups); ``gateway_url`` like ``ws://127.0.0.1:PORT/gateway``."""
    old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    if api_url:
        Route.BASE = api_url.rstrip("/")
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    if api_url or gateway_url:
        log.info("discord.endpoints", api_url=Route.BASE, gateway_url=str(DiscordWebSocket.DEFAULT_GATEWAY))
    try:
        yield
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old_base, old_gateway
