"""`make docs`: screenshots of a person page and a story page (docs/person-page.png, docs/story-page.png) from the
bundled sample outlets, polled and extracted offline at the fixed date of docs/digest-*.

The pages are served by the web process's own app on 127.0.0.1 and opened from the links real answers carry:
the "Full record" link of a /whosaid answer for the most-quoted person, and the "Full story" link of the
digest's first story (stored, as the poster loop stores each story it posts). Headless Chromium is Debian's
(/usr/bin/chromium, or NEWSBOT_CHROMIUM), driven by Playwright, which downloads nothing; without it this
says so in one line and makes no screenshot. Nothing here touches the network beyond 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from aiohttp import web
from pydantic import SecretStr

from bot.commands import results as rs
from bot.commands.service import CommandService
from bot.demo.server import DemoFeedServer
from bot.infra.log import configure_logging
from bot.runtime import open_store, poll_and_process
from config.settings import DEMO_CONFIG, Settings, load_settings
from handlers.demo import most_quoted
from handlers.digest_docs import ANCHOR, WINDOW
from handlers.web import make_web_app

DOCS = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("NEWSBOT_CHROMIUM", "/usr/bin/chromium"))
WIDTH, HEIGHT = 1100, 1400  # one screenful: the head of each page, not its whole length
LINK_DAYS = 3650  # links are signed at the samples' fixed date; they must still open today
TIMEOUT_MS = 30_000


def docs_settings(db: Path, feeds_base: str) -> Settings:
    """The demo configuration on a fresh SQLite file, with a throwaway secret for this run's page links."""
    settings = load_settings(DEMO_CONFIG, placeholders={"demo": feeds_base})
    web_settings = settings.web.model_copy(update={"link_days": LINK_DAYS})
    return settings.model_copy(
        update={"database_url": f"sqlite+aiosqlite:///{db}", "web": web_settings,
                "web_secret": SecretStr(secrets.token_urlsafe(32))}
    )


async def page_links(service: CommandService) -> tuple[str, str]:
    """The person page and story page links that a /whosaid answer and a posted digest story carry."""
    speaker = await most_quoted(service, ANCHOR - WINDOW)
    if speaker is None:
        raise SystemExit("make docs: the samples quote nobody; no person page to show")
    answer = await service.handle(speaker, "whosaid")
    assert isinstance(answer, rs.WhoSaidAnswer) and answer.record is not None, answer
    digest = await service.digest(WINDOW)
    top = max(digest.items, key=lambda i: len(i.sources))  # the story most outlets carried
    await service.store.save_story(top.story_key, top.headline, top.article_ids, now=ANCHOR)  # as the poster does
    story = next(i for i in (await service.digest(WINDOW)).items if i.story_key == top.story_key)
    assert story.page_url is not None
    return answer.record.url, story.page_url


async def screenshot(urls: dict[Path, str]) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                           args=["--no-sandbox", "--disable-gpu"])
        try:
            context = await browser.new_context(viewport={"width": WIDTH, "height": HEIGHT},
                                                java_script_enabled=False)
            page = await context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            for path, url in urls.items():
                response = await page.goto(url)
                if response is None or response.status != 200:
                    raise SystemExit(f"make docs: {url} answered {response.status if response else 'nothing'}")
                await page.screenshot(path=str(path))
                print(f"wrote {path.relative_to(DOCS.parent)}")
        finally:
            await browser.close()


async def make_screenshots() -> None:
    with tempfile.TemporaryDirectory(prefix="newsbot-docs-") as tmp:
        async with DemoFeedServer(now=ANCHOR) as feeds:
            settings = docs_settings(Path(tmp) / "docs.db", feeds.base_url)
            async with open_store(settings) as store:
                await poll_and_process(settings, force=True, store=store)
                runner = web.AppRunner(make_web_app(settings, CommandService(store, settings)), access_log=None)
                await runner.setup()
                site = web.TCPSite(runner, "127.0.0.1", 0)
                await site.start()
                try:
                    port = runner.addresses[0][1]
                    web_settings = settings.web.model_copy(update={"base_url": f"http://127.0.0.1:{port}"})
                    linked = settings.model_copy(update={"web": web_settings})
                    # the digest's window is the samples' fixed date; links are signed from that date too
                    service = CommandService(store, linked, clock=lambda: ANCHOR + timedelta(minutes=1))
                    person, story = await page_links(service)
                    await screenshot({DOCS / "person-page.png": person, DOCS / "story-page.png": story})
                finally:
                    await runner.cleanup()


def main() -> int:
    if not CHROMIUM.exists():
        print(f"make docs: {CHROMIUM} not found, page screenshots skipped (apt-get install chromium)")
        return 0
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("make docs: playwright is not installed (pip install -e '.[dev]'), page screenshots skipped")
        return 0
    configure_logging("WARNING")
    asyncio.run(make_screenshots())
    return 0


if __name__ == "__main__":
    sys.exit(main())
