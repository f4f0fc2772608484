"""Several web processes on one port: gunicorn's arbiter forks ``web_processes`` aiohttp workers that
share the listening socket, restarts any that die, and stops them all on SIGTERM. One event loop is
one core: with 50 slash commands in flight a single process queues them (see bench/RESULTS.md).

The workers count metrics in files of a directory of their own (prometheus-client's multiprocess mode),
so /metrics adds up every worker's, whichever answers. That must be set before prometheus-client is
first imported: nothing here imports the app until the environment says where the files go.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from config.settings import Settings

if TYPE_CHECKING:
    from aiohttp import web

GRACEFUL_S = 10  # how long a worker may finish requests in flight after SIGTERM
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def app_factory(settings: Settings) -> Callable[[], Awaitable[web.Application]]:
    """What each worker runs once forked: its own store (engines are not shared across processes)."""

    async def build() -> web.Application:
        from bot.runtime import open_service
        from handlers.web import make_web_app

        resources = AsyncExitStack()
        service = await resources.enter_async_context(open_service(settings))
        app = make_web_app(settings, service)

        async def close(_: web.Application) -> None:
            await resources.aclose()

        app.on_cleanup.append(close)
        return app

    return build


def _worker_exited(_server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # its live-gauge files go; its counts stay in the sum


class _Logs(Logger):
    """gunicorn's own messages through our logging (structured, tokens redacted) instead of its handlers."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in list(log.handlers):
                log.removeHandler(handler)
            log.propagate = True


class _Server(BaseApplication):  # gunicorn ships no type hints
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
    own_dir = not os.environ.get(MULTIPROC_ENV)
    master = os.getpid()
    if own_dir:  # an operator's own directory is theirs to keep; ours is new, so empty, and removed after
        os.environ[MULTIPROC_ENV] = tempfile.mkdtemp(prefix="newsbot-metrics-")
    try:
        _Server(app_factory(settings), {
            "bind": f"0.0.0.0:{port}",
            "workers": settings.web_processes,
            "worker_class": "aiohttp.GunicornWebWorker",
            "graceful_timeout": GRACEFUL_S,
            "proc_name": "newsbot-web",
            "control_socket_disable": True,  # gunicornc is not used; and $HOME may be read-only
            "loglevel": settings.log_level.lower(),
            "child_exit": _worker_exited,
            "logger_class": _Logs,
        }).run()
    finally:
        # Workers are forked from here and leave through this block too: only the master, once they have all
        # stopped, removes the directory (a worker that left first would pull it from under one still booting).
        if own_dir and os.getpid() == master:
            shutil.rmtree(os.environ.pop(MULTIPROC_ENV), ignore_errors=True)
