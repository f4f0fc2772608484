"""Point discord.py at another REST base and gateway (a local fake in tests, or a self-hosted proxy).

discord.py keeps both as class attributes, so the override is process-wide; ``use_endpoints`` puts
the old values back when the client is done, so a test cannot leak its fake into the next one. Uses may
overlap (a worker's REST client and its gateway client, or two workers in one test process): the
original values come back when the last of them ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.infra.log import get_logger

log = get_logger(__name__)

_saved: tuple[str, yarl.URL] = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)  # before the first use
_users = 0  # uses in progress


@contextmanager
def use_endpoints(api_url: str | None = None, gateway_url: str | None = None) -> Iterator[None]:
    """``api_url`` like ``http://127.0.0.1:PORT/api/v10`` (it also serves interaction callbacks and
    webhook follow-ups); ``gateway_url`` like ``ws://127.0.0.1:PORT/gateway``."""
    global _saved, _users
    if _users == 0:
        _saved = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    _users += 1
    try:
        if api_url:
            Route.BASE = api_url.rstrip("/")
        if gateway_url:
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
        if api_url or gateway_url:
            log.info("discord.endpoints", api_url=Route.BASE, gateway_url=str(DiscordWebSocket.DEFAULT_GATEWAY))
        yield
    finally:
        _users -= 1
        if _users == 0:  # the last use ends: the values from before the first
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = _saved
