"""Several web processes on one port: gunicorn's arbiter forks ``web_processes`` aiohttp workers that
share the listening socket, restarts any that die, and stops them all on SIGTERM. One event loop is
one core: with 50 slash commands in flight a single process queues them (see bench/RESULTS.md)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

from aiohttp import web
from gunicorn.app.base import BaseApplication

from bot.runtime import open_service
from config.settings import Settings
from handlers.web import make_web_app

GRACEFUL_S = 10  # how long a worker may finish requests in flight after SIGTERM


def app_factory(settings: Settings) -> Callable[[], Awaitable[web.Application]]:
    """What each worker runs once forked: its own store (engines are not shared across processes)."""

    async def build() -> web.Application:
        resources = AsyncExitStack()
        service = await resources.enter_async_context(open_service(settings))
        app = make_web_app(settings, service)

        async def close(_: web.Application) -> None:
            await resources.aclose()

        app.on_cleanup.append(close)
        return app

    return build


class _Server(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
    def __init__(self, factory: Callable[[], Awaitable[web.Application]], options: dict[str, Any]) -> None:
        self._factory = factory
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[[], Awaitable[web.Application]]:
        return self._factory


def serve(settings: Settings, port: int) -> None:
    """Run ``settings.web_processes`` workers on ``port`` until SIGTERM or SIGINT."""
    _Server(app_factory(settings), {
        "bind": f"0.0.0.0:{port}",
        "workers": settings.web_processes,
        "worker_class": "aiohttp.GunicornWebWorker",
        "graceful_timeout": GRACEFUL_S,
        "proc_name": "newsbot-web",
        "control_socket_disable": True,  # gunicornc is not used; and $HOME may be read-only
        "loglevel": settings.log_level.lower(),
    }).run()
