"""Record pages over HTTP (no browser): access, escaping, headers, filters, paging, downloads, limits.
The browser tests (tests/test_pages_browser.py) drive the same pages through Chromium."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.commands.service import CommandService
from bot.storage import record
from bot.storage.repo import Store
from bot.web_links import EXPIRES, SIGNATURE, person_path, signer_from, story_path
from config.settings import Settings
from handlers.pages.guard import CSP
from handlers.web import make_web_app
from tests.pages_fixtures import ARTICLES, HOSTILE, NOW, OUTLETS, WORD, Seeded, seed_record
from tests.storage_fixtures import backend, query_plans, store  # noqa: F401  (fixtures)

SECRET = "page-test-secret"


def page_settings(tmp_path: Path, **web: object) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}",
        web_secret=SecretStr(SECRET),
        web={"base_url": "http://testserver", **web},
    )


async def started(settings: Settings, st: Store) -> TestClient:
    client = TestClient(TestServer(make_web_app(settings, CommandService(st, settings))))
    await client.start_server()
    return client


@pytest.fixture
async def seeded(store: Store) -> Seeded:  # noqa: F811
    return await seed_record(store)


@pytest.fixture
async def client(tmp_path: Path, store: Store, seeded: Seeded) -> AsyncIterator[TestClient]:  # noqa: F811
    c = await started(page_settings(tmp_path), store)
    try:
        yield c
    finally:
        await c.close()


def signed(path: str, settings_path: Path | None = None, **params: str) -> str:
    """A link as an answer would give it (the test server's base URL left off)."""
    settings = Settings(web_secret=SecretStr(SECRET))
    from bot.infra.clock import utcnow

    url = signer_from(settings).url("", path, utcnow(), params)
    return url


async def test_a_signed_link_shows_the_person_with_labelled_statements(client: TestClient, seeded: Seeded) -> None:
    resp = await client.get(signed(person_path(seeded.person_id, "Ada Quill")))
    html = await resp.text()
    assert resp.status == 200
    assert "<h1>Ada Quill</h1>" in html
    assert f"{seeded.statements} statements" in html
    assert html.count('class="statement direct"') + html.count('class="statement indirect"') == record.PAGE_SIZE
    assert "Direct quote" in html and "Paraphrased" in html
    for outlet in OUTLETS:
        assert outlet in html
    assert "Harbor Commissioner" in html and "Port Authority chair" in html  # titles held over time
    assert html.count('class="bar"') == record.CHART_WEEKS
    assert f"{ARTICLES} mentions over {record.CHART_WEEKS} weeks" in html  # the weeks up to the latest mention


async def test_newest_first(client: TestClient, seeded: Seeded) -> None:
    html = await (await client.get(signed(person_path(seeded.person_id, "Ada Quill")))).text()
    assert html.index("ferry schedule number 1 ") < html.index("ferry schedule number 2 ")


async def test_hostile_article_text_is_escaped(client: TestClient, seeded: Seeded) -> None:
    html = await (await client.get(signed(person_path(seeded.person_id, "Ada Quill")))).text()
    assert HOSTILE not in html and "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


async def test_security_headers(client: TestClient, seeded: Seeded) -> None:
    resp = await client.get(signed(person_path(seeded.person_id, "Ada Quill")))
    assert resp.headers["Content-Security-Policy"] == CSP
    assert "script-src" not in CSP and "unsafe-inline" not in CSP and "default-src 'none'" in CSP
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    css = await client.get("/pages.css")
    assert css.status == 200 and css.content_type == "text/css"


@pytest.mark.parametrize("how", ["unsigned", "tampered", "expired", "other page"])
async def test_bad_links_get_a_clear_403_page(client: TestClient, seeded: Seeded, how: str) -> None:
    path = person_path(seeded.person_id, "Ada Quill")
    url = signed(path)
    if how == "unsigned":
        url = path
    elif how == "tampered":
        url = url.replace(f"{SIGNATURE}=", f"{SIGNATURE}=x")
    elif how == "expired":
        from bot.infra.clock import utcnow

        signer = signer_from(Settings(web_secret=SecretStr(SECRET)))
        url = signer.url("", path, utcnow() - timedelta(days=31))
    elif how == "other page":
        q = urlsplit(url).query
        url = person_path(seeded.person_id + 1, "Bram Osei") + "?" + q
    resp = await client.get(url)
    html = await resp.text()
    assert resp.status == 403
    assert resp.headers["Content-Security-Policy"] == CSP
    expected = {
        "unsigned": "needs a signed link",
        "tampered": "not valid",
        "expired": "has expired",
        "other page": "not valid",
    }[how]
    assert expected in html and "Ada Quill" not in html


async def test_unsigned_access_when_the_operator_allows_it(tmp_path: Path, store: Store, seeded: Seeded) -> None:  # noqa: F811
    c = await started(page_settings(tmp_path, allow_unsigned=True), store)
    try:
        resp = await c.get(person_path(seeded.person_id, "Ada Quill"))
        assert resp.status == 200 and "Ada Quill" in await resp.text()
    finally:
        await c.close()


async def test_filters_by_word_outlet_kind_and_dates(client: TestClient, seeded: Seeded) -> None:
    path = person_path(seeded.person_id, "Ada Quill")
    html = await (await client.get(signed(path, q=WORD))).text()
    assert f"{seeded.with_word} statements match the filters" in html
    html = await (await client.get(signed(path, outlet=OUTLETS[1], kind="indirect"))).text()
    indirect_in_outlet = sum(1 for n in range(ARTICLES) if n % 3 == 1 and n % 2 == 0)
    assert f"{indirect_in_outlet} statements match" in html
    assert 'class="statement direct"' not in html
    day = (NOW - timedelta(days=2)).date().isoformat()
    html = await (await client.get(signed(path, **{"from": day, "to": day}))).text()
    assert "2 statements match" in html and "ferry schedule number 2 " in html  # article 2: direct + paraphrase


async def test_paging_keeps_the_signature_and_filters(client: TestClient, seeded: Seeded) -> None:
    path = person_path(seeded.person_id, "Ada Quill")
    html = await (await client.get(signed(path, kind="direct"))).text()
    assert 'rel="next"' in html
    next_href = html.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    q = parse_qs(urlsplit(next_href).query)
    assert q["page"] == ["2"] and q["kind"] == ["direct"] and EXPIRES in q and SIGNATURE in q
    resp = await client.get(next_href)
    page2 = await resp.text()
    assert resp.status == 200 and "Page 2." in page2 and 'rel="prev"' in page2
    direct = ARTICLES + 1
    assert page2.count('class="statement direct"') == direct - record.PAGE_SIZE


async def test_csv_and_json_downloads_hold_what_the_page_shows(client: TestClient, seeded: Seeded) -> None:
    path = person_path(seeded.person_id, "Ada Quill")
    resp = await client.get(signed(path, q=WORD, format="csv"))
    assert resp.status == 200 and resp.content_type == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(await resp.text())))
    assert len(rows) == seeded.with_word
    assert {r["kind"] for r in rows} == {"direct", "indirect"}
    hostile = next(r for r in rows if "owned" in r["text"])
    assert hostile["text"] == HOSTILE  # a CSV is data: nothing escaped, nothing lost
    resp = await client.get(signed(path, format="json"))
    data = json.loads(await resp.text())
    assert data["person"]["name"] == "Ada Quill" and data["matching"] == seeded.statements
    assert len(data["statements"]) == seeded.statements and len(data["mentions_per_week"]) == record.CHART_WEEKS


async def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    from handlers.pages.downloads import csv_response

    body = csv_response([{"text": '=HYPERLINK("http://evil")'}], "x", ["text"]).text or ""
    assert "'=HYPERLINK" in body


async def test_story_page_lists_reports_officials_quotes_figures(client: TestClient, seeded: Seeded) -> None:
    resp = await client.get(signed(story_path(seeded.story_key)))
    html = await resp.text()
    assert resp.status == 200
    assert "Ferry timetable changes across the harbor" in html
    assert "Reports (3)" in html
    assert "Ada Quill" in html and "Bram Osei" in html
    assert "ferry crossings cancelled" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    # officials link onward to their pages, signed until this link's expiry
    href = html.split('href="/people/', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert (await client.get("/people/" + href)).status == 200


async def test_figures_page_searches_and_draws(client: TestClient, seeded: Seeded) -> None:
    resp = await client.get(signed("/figures", q="ferry"))
    html = await resp.text()
    assert resp.status == 200 and f"{ARTICLES} figures" in html and html.count('class="dot"') == ARTICLES
    rows = list(
        csv.DictReader(io.StringIO(await (await client.get(signed("/figures", q="ferry", format="csv"))).text()))
    )
    assert len(rows) == ARTICLES and rows[0]["counts"] == "ferry crossings cancelled"
    html = await (await client.get(signed("/figures", q="nonexistentword"))).text()
    assert "No figure matches" in html


async def test_unknown_person_or_story_is_404(client: TestClient, seeded: Seeded) -> None:
    assert (await client.get(signed("/people/999999-nobody"))).status == 404
    assert (await client.get(signed("/people/not-a-number"))).status == 404
    assert (await client.get(signed(story_path("zzz")))).status == 404


async def test_rate_limit_per_client(tmp_path: Path, store: Store, seeded: Seeded) -> None:  # noqa: F811
    c = await started(page_settings(tmp_path, rate_limit="3/minute"), store)
    try:
        url = signed("/figures")
        statuses = [(await c.get(url)).status for _ in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
        resp = await c.get(url)
        assert int(resp.headers["Retry-After"]) >= 1 and "Too many requests" in await resp.text()
        assert (await c.get("/healthz")).status in (200, 503)  # health is not rate limited
    finally:
        await c.close()


async def test_pages_change_nothing(client: TestClient, seeded: Seeded) -> None:
    for method in ("post", "put", "delete"):
        resp = await getattr(client, method)(signed("/figures"))
        assert resp.status == 405


async def test_answers_link_to_the_record_only_when_pages_have_an_address(
    tmp_path: Path,
    store: Store,  # noqa: F811
    seeded: Seeded,
) -> None:
    from handlers.discord.render import render as discord_render
    from handlers.slack.render import render_whosaid
    from handlers.terminal.render import render_whosaid as terminal_whosaid

    linked = await CommandService(store, page_settings(tmp_path)).handle("Ada Quill", "whosaid")
    assert linked.record is not None  # type: ignore[union-attr]
    assert linked.record.text == f"Full record: {seeded.statements} statements →"  # type: ignore[union-attr]
    assert linked.record.url.startswith("http://testserver/people/")  # type: ignore[union-attr]
    slack = json.dumps(render_whosaid(linked).blocks)  # type: ignore[arg-type]
    assert "Full record: 55 statements" in slack and "http://testserver/people/" in slack
    discord = json.dumps([r.embeds[0].to_dict() for r in discord_render(linked, "whosaid") if r.embeds])
    assert "Full record: 55 statements" in discord
    from rich.console import Console

    console = Console(width=400, record=True)
    console.print(terminal_whosaid(linked))  # type: ignore[arg-type]
    assert "Full record: 55 statements" in console.export_text()

    plain = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}", web_secret=SecretStr(SECRET))
    unlinked = await CommandService(store, plain).handle("Ada Quill", "whosaid")
    assert unlinked.record is None  # type: ignore[union-attr]
    assert "Full record" not in json.dumps(render_whosaid(unlinked).blocks)  # type: ignore[arg-type]


async def test_digest_items_link_to_stored_stories(tmp_path: Path, store: Store, seeded: Seeded) -> None:  # noqa: F811
    service = CommandService(store, page_settings(tmp_path), clock=lambda: NOW + timedelta(hours=1))
    digest = await service.digest(timedelta(days=3))
    first = digest.items[0]
    assert first.story_key != seeded.story_key and first.page_url is None  # no page for a story never stored
    await store.save_story(first.story_key, first.headline, first.article_ids, now=NOW)
    digest = await service.digest(timedelta(days=3))
    [linked] = [i for i in digest.items if i.page_url]
    assert linked.story_key == first.story_key
    assert linked.page_url.startswith(f"http://testserver/stories/{first.story_key}?")  # type: ignore[union-attr]
    from handlers.slack.render import render_digest

    assert "Full story" in json.dumps([m.blocks for m in render_digest(digest)])


async def test_a_person_page_reads_statements_off_the_index(store: Store, seeded: Seeded) -> None:  # noqa: F811
    """The page's statements come in index order, not from sorting the person's whole record."""
    plans = await query_plans(store, lambda st: record.statements(st.engine, seeded.person_id, record.StatementFilter()))
    listing = plans[0]  # the page's rows are asked for first
    assert "ix_quotes_person_id_published" in listing, listing
    if store.engine.dialect.name == "sqlite":
        assert "TEMP B-TREE FOR ORDER BY" not in listing, listing


async def test_a_filtered_page_reads_its_window_from_the_index_alone(store: Store, seeded: Seeded) -> None:  # noqa: F811
    """The newest statements a kind filter searches are read off the covering index: no table row per
    statement of the window, only the rows of the page shown (migration 0010)."""
    f = record.StatementFilter(kind="direct")
    plans = await query_plans(store, lambda st: record.statements(st.engine, seeded.person_id, f))
    listing = plans[0]
    if store.engine.dialect.name == "sqlite":
        assert "USING COVERING INDEX ix_quotes_person_id_published" in listing, listing
        assert "TEMP B-TREE FOR ORDER BY" not in listing.split("|")[0], listing
    else:
        assert re.search(r"Index Only Scan (Backward )?using ix_quotes_person_id_published", listing), listing


async def test_filters_search_a_bounded_window_and_say_so(
    monkeypatch: pytest.MonkeyPatch,
    store: Store,  # noqa: F811
    seeded: Seeded,
) -> None:
    monkeypatch.setattr(record, "SCAN_WINDOW", 10)
    found = await record.statements(store.engine, seeded.person_id, record.StatementFilter(kind="direct"), per_page=2)
    assert found.windowed and found.has_next and 1 <= found.total <= 10  # direct ones among the newest 10
    everything = await record.statements(store.engine, seeded.person_id, record.StatementFilter(), per_page=2)
    assert not everything.windowed and everything.total == seeded.statements  # unfiltered: the whole record
    monkeypatch.setattr(record, "COUNT_CAP", 20)
    capped = await record.statements(store.engine, seeded.person_id, record.StatementFilter(), per_page=2)
    assert capped.capped and capped.total == 20
    monkeypatch.setattr(record, "SCAN_WINDOW", 1000)
    whole = await record.statements(store.engine, seeded.person_id, record.StatementFilter(kind="direct"), per_page=2)
    assert not whole.windowed
