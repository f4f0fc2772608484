"""The record pages in a real browser: Debian's Chromium, headless, driven by Playwright (which is pointed at
/usr/bin/chromium and never downloads a browser of its own). ``.ci/run`` installs chromium, so CI never
skips these; a developer machine without it skips them and says why.

A reader opens a person page from the link in a /whosaid answer (asked through the Slack endpoint), filters by a word, goes to page 2, downloads the CSV and
follows a story link; a tampered link gets the 403 page. Each page is saved as a screenshot under the
test's temporary folder, and every check reads what the page shows, not only its status."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import ClientSession, web
from pydantic import SecretStr

from bot.commands.service import CommandService
from bot.infra.clock import utcnow
from bot.storage.repo import Store
from bot.web_links import SIGNATURE, person_path, signer_from
from config.settings import Settings
from handlers.web import make_web_app
from tests.fakes.slack_api import FakeSlack, sign, slash_command_body
from tests.pages_fixtures import HOSTILE, WORD, Seeded, seed_record
from tests.support import free_port

CHROMIUM = Path(os.environ.get("NEWSBOT_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = bool(os.environ.get("NEWSBOT_REQUIRE_BROWSER"))  # .ci/run sets it: CI never skips these
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not REQUIRED,
    reason=f"{CHROMIUM} not installed (apt-get install chromium; .ci/run installs it)",
)
SECRET = "browser-test-secret"
SLACK_SECRET = "browser-test-slack-secret"
TIMEOUT_MS = 15_000  # per browser action: a loaded 2-core machine, not a hang


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[tuple[str, Settings, Seeded]]:
    """The web process's app (Slack endpoint included) on a free port of 127.0.0.1, over a store holding the
    browsing record; answers link to that address."""
    port = free_port()
    async with FakeSlack() as fake:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'pages.db'}",
            web_secret=SecretStr(SECRET),
            web={"base_url": f"http://127.0.0.1:{port}"},
            slack={"api_url": fake.api_url},
            SLACK_BOT_TOKEN="xoxb-pages",
            SLACK_SIGNING_SECRET=SLACK_SECRET,
        )
        store = await Store.open(settings.database_url)
        seeded = await seed_record(store)
        runner = web.AppRunner(make_web_app(settings, CommandService(store, settings)), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            yield f"http://127.0.0.1:{port}", settings, seeded
        finally:
            await runner.cleanup()
            await store.close()


async def whosaid_link(base: str, name: str) -> str:
    """The "Full record" link of a /whosaid answer, asked through Slack's endpoint as Slack would."""
    body = slash_command_body("/whosaid", name, "http://127.0.0.1:9/unused")
    async with (
        ClientSession() as http,
        http.post(f"{base}/slack/events", data=body, headers=sign(SLACK_SECRET, body)) as r,
    ):
        assert r.status == 200
        answer = await r.json()
    contexts = [e["text"] for b in answer["blocks"] if b["type"] == "context" for e in b["elements"]]
    [record] = [c for c in contexts if "Full record:" in c]
    url, label = record.strip("<>").split("|", 1)
    assert label.startswith("Full record: ") and base in url
    return url.replace("&amp;", "&")


@pytest.fixture
async def browser_page(tmp_path: Path) -> AsyncIterator[object]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            context = await browser.new_context(accept_downloads=True, java_script_enabled=False)
            page = await context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            yield page
        finally:
            await browser.close()


async def test_a_reader_browses_the_record(
    site: tuple[str, Settings, Seeded], browser_page: object, tmp_path: Path
) -> None:
    from playwright.async_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    base, _, seeded = site
    link = await whosaid_link(base, "Ada Quill")

    # the person page, from the link in a /whosaid answer
    response = await page.goto(link)
    assert response is not None and response.status == 200
    await expect(page.get_by_role("heading", level=1)).to_have_text("Ada Quill")
    await expect(page.locator("#count")).to_contain_text(f"{seeded.statements} statements")
    assert await page.locator("li.statement").count() == 25
    await expect(page.locator("li.statement").first).to_contain_text("ferry schedule number 0")
    await expect(page.locator("li.statement.indirect").first.locator(".label")).to_have_text("Paraphrased")
    await expect(page.locator("ul.titles")).to_contain_text("Harbor Commissioner")  # titles held over time
    await expect(page.locator("figcaption")).to_contain_text("36 mentions over 26 weeks")
    assert await page.locator("svg rect.bar").count() == 26  # the weekly chart, drawn without script
    await expect(page.locator("blockquote", has_text=HOSTILE)).to_be_visible()  # shown as text, not run
    assert await page.locator("main img, main script").count() == 0
    await page.screenshot(path=str(tmp_path / "person.png"), full_page=True)

    # filter by a word, with the form (no script: a plain GET)
    await page.get_by_label("Words").fill(WORD)
    await page.get_by_role("button", name="Filter").click()
    await expect(page.locator("#count")).to_contain_text(f"{seeded.with_word} statements match the filters")
    assert f"q={WORD}" in page.url and f"{SIGNATURE}=" in page.url
    await page.screenshot(path=str(tmp_path / "person-filtered.png"), full_page=True)

    # clear the filter, go to page 2
    await page.get_by_label("Words").fill("")
    await page.get_by_role("button", name="Filter").click()
    await page.get_by_role("link", name="Older →").click()
    await expect(page.locator("#count")).to_contain_text("Page 2.")
    assert await page.locator("li.statement").count() == 25
    await expect(page.get_by_role("link", name="← Newer")).to_be_visible()
    await page.screenshot(path=str(tmp_path / "person-page2.png"), full_page=True)

    # download the CSV of what page 2 shows (its filters: all of the record)
    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="CSV").click()
    download = await download_info.value
    assert download.suggested_filename.endswith(".csv")
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert len(rows) == seeded.statements and {r["kind"] for r in rows} == {"direct", "indirect"}

    # back to page 1, follow a story link
    await page.goto(link)
    await page.locator("a.story-link").first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Ferry timetable changes across the harbor")
    await expect(page.get_by_role("heading", name="Reports (3)")).to_be_visible()
    await expect(page.locator("section", has=page.get_by_role("heading", name="Officials"))).to_contain_text(
        "Bram Osei"
    )
    await page.screenshot(path=str(tmp_path / "story.png"), full_page=True)

    for shot in ("person.png", "person-filtered.png", "person-page2.png", "story.png"):
        assert (tmp_path / shot).stat().st_size > 5_000


async def test_a_tampered_link_gets_the_403_page(
    site: tuple[str, Settings, Seeded], browser_page: object, tmp_path: Path
) -> None:
    from playwright.async_api import Page, expect

    page: Page = browser_page  # type: ignore[assignment]
    base, settings, seeded = site
    link = signer_from(settings).url(base, person_path(seeded.person_id, "Ada Quill"), utcnow())
    tampered = link.replace(person_path(seeded.person_id, "Ada Quill"), person_path(seeded.person_id + 1, "x"))
    response = await page.goto(tampered)
    assert response is not None and response.status == 403
    await expect(page.get_by_role("heading", level=1)).to_have_text("This link is not valid")
    await expect(page.locator("body")).not_to_contain_text("Ada Quill")
    await page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
    assert (tmp_path / "refused.png").stat().st_size > 2_000
