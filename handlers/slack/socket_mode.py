"""Socket Mode: Slack pushes commands over a websocket, so no public URL is needed (SLACK_APP_TOKEN)."""

from __future__ import annotations

from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from config.settings import Settings


async def connect_socket_mode(settings: Settings, bolt_app: AsyncApp) -> AsyncSocketModeHandler:
    """Open the connection (apps.connections.open through the app's client, then the websocket).

    The handler answers envelopes in the background; call ``close_async()`` on it to stop.
    """
    if settings.slack_app_token is None:
        raise ValueError("Socket Mode needs SLACK_APP_TOKEN (an xapp- token with connections:write)")
    handler = AsyncSocketModeHandler(bolt_app, settings.slack_app_token.get_secret_value())
    await handler.connect_async()
    return handler
