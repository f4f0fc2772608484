"""A local web server for the bundled sample outlets: feeds, article pages and a health check.

    async with DemoFeedServer() as demo:
        for name, url in demo.feed_urls(): ...

It binds 127.0.0.1 on a free port, renders everything once at start (dates anchored to that moment,
so the stories are always the last three days' news), and answers conditional requests with 304 so
the poller's ETag / Last-Modified handling is exercised. ``python -m bot.demo.server`` runs it alone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import signal
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

from aiohttp import web

from bot.demo.data import SampleArticle, articles_of, load_articles, load_outlets
from bot.demo.feeds import FEED_CONTENT_TYPES, HTML_CONTENT_TYPE, render_article_page, render_feed, render_outlet_index
from bot.infra.log import configure_logging, get_logger

log = get_logger(__name__)

# Stands for the server's base URL in config/demo.toml, replaced before the settings are validated.
DEMO_PLACEHOLDER = "{demo}"


@dataclass(frozen=True, slots=True)
class _Resource:
    body: bytes
    content_type: str
    last_modified: datetime
    etag: str  # unquoted

    @classmethod
    def of(cls, body: bytes, content_type: str, last_modified: datetime) -> _Resource:
        return cls(body, content_type, last_modified, hashlib.sha256(body).hexdigest()[:20])


class DemoFeedServer:
    """The demo outlets on ``http://127.0.0.1:<port>``; an async context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, now: datetime | None = None) -> None:
        self.host = host
        self.port = port
        # HTTP dates have one-second precision: keep the anchor on a whole second so that
        # Last-Modified round-trips exactly through If-Modified-Since.
        self.anchor = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self.hits: Counter[str] = Counter()  # path -> requests answered (200 or 304)
        self._resources: dict[str, _Resource] = {}
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

    async def __aenter__(self) -> DemoFeedServer:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("DemoFeedServer is not running: use 'async with DemoFeedServer() as demo'")
        return self._base_url

    def feed_urls(self) -> list[tuple[str, str]]:
        """(outlet name, feed URL) for every outlet."""
        return [(o.name, self.base_url + o.feed_path) for o in load_outlets()]

    def article_url(self, article: SampleArticle) -> str:
        return self.base_url + article.path

    def expand(self, text: str) -> str:
        """Replace the ``{demo}`` placeholder (as used in config/demo.toml) with the base URL."""
        return text.replace(DEMO_PLACEHOLDER, self.base_url)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/{path:.*}", self._serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        # With port 0 the OS picks a free port; read back the one it chose.
        self.port = self._runner.addresses[0][1]
        self._base_url = f"http://{self.host}:{self.port}"
        self._render(self._base_url)
        log.info("demo.started", base_url=self._base_url, outlets=len(load_outlets()))

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            log.info("demo.stopped", base_url=self._base_url)
        self._base_url = None

    def _render(self, base_url: str) -> None:
        anchor = self.anchor
        resources: dict[str, _Resource] = {}
        for outlet in load_outlets():
            articles = articles_of(outlet.id)
            newest = max((a.published(anchor) for a in articles), default=anchor)
            feed = render_feed(outlet, articles, base_url, anchor)
            resources[outlet.feed_path] = _Resource.of(feed, FEED_CONTENT_TYPES[outlet.feed_format], newest)
            index = render_outlet_index(outlet, articles, base_url)
            resources[outlet.homepage] = _Resource.of(index, HTML_CONTENT_TYPE, newest)
            for a in articles:
                related = [r for r in articles if r is not a][:4]
                page = render_article_page(a, outlet, base_url, anchor, related)
                resources[a.path] = _Resource.of(page, HTML_CONTENT_TYPE, a.published(anchor))
        self._resources = resources

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "articles": len(load_articles())})

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        res = self._resources.get(request.path)
        if res is None:
            raise web.HTTPNotFound(text="not found")
        self.hits[request.path] += 1
        headers = {"Cache-Control": "no-cache"}
        if _not_modified(request, res):
            resp = web.Response(status=304, headers=headers)
        else:
            resp = web.Response(body=res.body, headers={**headers, "Content-Type": res.content_type})
        resp.etag = res.etag
        resp.last_modified = res.last_modified
        return resp


def _not_modified(request: web.Request, res: _Resource) -> bool:
    # RFC 9110 13.1.3: If-None-Match wins; If-Modified-Since counts only without it.
    if request.if_none_match is not None:
        return any(tag.value in (res.etag, "*") for tag in request.if_none_match)
    since = request.if_modified_since
    return since is not None and res.last_modified <= since


async def _serve_forever(host: str, port: int) -> None:
    async with DemoFeedServer(host=host, port=port) as demo:
        print(f"Demo outlets at {demo.base_url} (Ctrl-C stops)", flush=True)
        for name, url in demo.feed_urls():
            print(f"  {name}: {url}", flush=True)
        stop = asyncio.Event()
        # SIGTERM (docker stop, timeout) shuts down as cleanly as Ctrl-C does.
        with contextlib.suppress(NotImplementedError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.demo.server", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="Address to bind (default: loopback only).")
    parser.add_argument("--port", type=int, default=0, help="Port (default: any free port).")
    args = parser.parse_args(argv)
    configure_logging()  # logs to stderr, leaving stdout to the URL listing
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve_forever(args.host, args.port))


if __name__ == "__main__":
    main()
