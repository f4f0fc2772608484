"""The bundled demo outlets: their data, their feeds and the server that serves them."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from html import escape

import aiohttp
import feedparser
import pytest

from bot.demo.data import articles_of, load_articles, load_cast, load_outlets
from bot.demo.feeds import JSON_FEED_VERSION, item_id
from bot.demo.server import DemoFeedServer
from config.settings import DEMO_CONFIG, load_settings


@pytest.fixture
async def demo():
    async with DemoFeedServer() as server:
        yield server


@pytest.fixture
async def http():
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        yield session


async def fetch(http: aiohttp.ClientSession, url: str, **headers: str) -> tuple[int, Mapping[str, str], bytes]:
    async with http.get(url, headers=headers) as r:
        return r.status, r.headers.copy(), await r.read()  # header names stay case-insensitive


def feed_url(demo: DemoFeedServer, fmt: str) -> tuple[str, str]:
    outlet = next(o for o in load_outlets() if o.feed_format == fmt)
    return outlet.id, demo.base_url + outlet.feed_path


# ------------------------------------------------------------------ the data


def quoted_spans(text: str) -> list[str]:
    """Quotations of 4+ words, curly or straight; a quote left open runs to the paragraph's end
    (newswire style for a quote that continues in the next paragraph)."""
    spans = []
    for para in text.split("\n\n"):
        for m in re.finditer(r'[“"]([^”"]*)(?:[”"]|$)', para):
            if len(m.group(1).split()) >= 4:
                spans.append(m.group(1).strip())
    return spans


def test_sample_counts_and_lengths() -> None:
    articles = load_articles()
    assert 20 <= len(articles) <= 24
    assert len({a.id for a in articles}) == len(articles)
    assert len({a.path for a in articles}) == len(articles)
    assert sum(not a.relevant for a in articles) >= 3
    for a in articles:
        words = len(a.text.split())
        assert 150 <= words <= 350, (a.id, words)
        assert len(a.paragraphs) >= 5, a.id
        assert 0 < a.offset_hours < 72, a.id
    # An off-topic story uses a topic word in another sense, to test relevance.
    assert any(re.search(r"\b(border|removal)\b", a.text) for a in articles if not a.relevant)


def test_stories_told_by_two_outlets() -> None:
    outlets_by_story: dict[str, set[str]] = defaultdict(set)
    for a in load_articles():
        if a.story:
            outlets_by_story[a.story].add(a.outlet)
    assert sum(len(o) >= 2 for o in outlets_by_story.values()) >= 4
    # A story id shared by one outlet only would be a labelling slip.
    assert all(len(o) >= 2 for o in outlets_by_story.values())


def test_every_quote_is_labelled_and_spoken_by_fictional_people() -> None:
    cast = load_cast()
    for a in load_articles():
        labelled = [q.text for q in a.quotes]
        for q in a.quotes:
            assert q.text in a.text, (a.id, q.text)
            assert cast.knows(q.speaker), (a.id, q.speaker)
            assert q.speaker_is_org == (q.speaker in cast.organisations), (a.id, q.speaker)
        for span in quoted_spans(a.text):
            assert any(span.rstrip(",") == q for q in labelled), (a.id, span)


def test_one_official_is_clearly_the_most_quoted() -> None:
    articles_per_speaker = Counter(s for a in load_articles() for s in {q.speaker for q in a.quotes})
    (top, n), (_, runner_up) = articles_per_speaker.most_common(2)
    assert n >= 3 and n > runner_up, articles_per_speaker.most_common(3)
    assert next(p for p in load_cast().people if p.name == top).official


def test_outlets_cover_three_formats_one_summary_only() -> None:
    outlets = load_outlets()
    assert sorted(o.feed_format for o in outlets) == ["atom", "json", "rss"]
    assert sum(not o.full_text for o in outlets) == 1
    assert all(articles_of(o.id) for o in outlets)
    assert {a.outlet for a in load_articles()} == {o.id for o in outlets}


# ------------------------------------------------------------------ the server


async def test_starts_on_free_loopback_port(demo: DemoFeedServer, http: aiohttp.ClientSession) -> None:
    assert demo.base_url.startswith("http://127.0.0.1:") and demo.port > 0
    status, _, body = await fetch(http, demo.base_url + "/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    async with DemoFeedServer() as other:
        assert other.port != demo.port
    status, _, _ = await fetch(http, demo.base_url + "/no/such/page.html")
    assert status == 404


async def test_base_url_needs_a_running_server() -> None:
    with pytest.raises(RuntimeError):
        _ = DemoFeedServer().base_url


@pytest.mark.parametrize("fmt", ["rss", "atom"])
async def test_xml_feeds_parse(demo: DemoFeedServer, http: aiohttp.ClientSession, fmt: str) -> None:
    outlet_id, url = feed_url(demo, fmt)
    status, headers, body = await fetch(http, url)
    assert status == 200 and headers["Content-Type"].startswith(f"application/{fmt}+xml")
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    articles = articles_of(outlet_id)
    assert len(parsed.entries) == len(articles)
    assert [e.id for e in parsed.entries] == [item_id(a) for a in articles]
    assert all(e.link.startswith(demo.base_url) and e.summary for e in parsed.entries)


async def test_full_text_only_where_the_outlet_gives_it(demo: DemoFeedServer, http: aiohttp.ClientSession) -> None:
    for fmt in ("rss", "atom"):
        outlet_id, url = feed_url(demo, fmt)
        outlet = next(o for o in load_outlets() if o.id == outlet_id)
        parsed = feedparser.parse((await fetch(http, url))[2])
        for entry, article in zip(parsed.entries, articles_of(outlet_id), strict=False):
            if outlet.full_text:
                assert escape(article.paragraphs[-1], quote=False) in entry.content[0].value
            else:
                assert "content" not in entry


async def test_json_feed_is_valid(demo: DemoFeedServer, http: aiohttp.ClientSession) -> None:
    outlet_id, url = feed_url(demo, "json")
    status, headers, body = await fetch(http, url)
    assert status == 200 and headers["Content-Type"].startswith("application/feed+json")
    feed = json.loads(body)
    assert feed["version"] == JSON_FEED_VERSION and feed["title"] and feed["feed_url"] == url
    items = feed["items"]
    assert len(items) == len(articles_of(outlet_id))
    assert len({i["id"] for i in items}) == len(items)
    for item, article in zip(items, articles_of(outlet_id), strict=True):
        assert isinstance(item["id"], str) and item["url"].startswith(demo.base_url)
        assert item["content_text"] == article.text  # this outlet carries full text
        datetime.fromisoformat(item["date_published"])


async def test_dates_fall_within_the_last_three_days(demo: DemoFeedServer, http: aiohttp.ClientSession) -> None:
    now = datetime.now(UTC)
    dates: list[datetime] = []
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse((await fetch(http, feed_url(demo, fmt)[1]))[2])
        dates += [datetime(*e.published_parsed[:6], tzinfo=UTC) for e in parsed.entries]
    feed = json.loads((await fetch(http, feed_url(demo, "json")[1]))[2])
    dates += [datetime.fromisoformat(i["date_published"]) for i in feed["items"]]
    assert len(dates) == len(load_articles())
    assert all(now - timedelta(days=3) <= d <= now for d in dates)


async def test_conditional_requests_get_304(demo: DemoFeedServer, http: aiohttp.ClientSession) -> None:
    for _, url in demo.feed_urls():
        status, headers, body = await fetch(http, url)
        assert status == 200 and body
        etag, last_modified = headers["ETag"], headers["Last-Modified"]
        status, _, body = await fetch(http, url, **{"If-None-Match": etag})
        assert status == 304 and body == b""
        status, _, _ = await fetch(http, url, **{"If-Modified-Since": last_modified})
        assert status == 304
        status, _, body = await fetch(http, url, **{"If-None-Match": '"stale"'})
        assert status == 200 and body
    # 200, 304, 304, 200 for each feed
    assert all(demo.hits[url.removeprefix(demo.base_url)] == 4 for _, url in demo.feed_urls())


async def test_article_page_carries_the_body(demo: DemoFeedServer, http: aiohttp.ClientSession) -> None:
    article = next(a for a in load_articles() if a.outlet == "frontera-ledger")
    status, headers, body = await fetch(http, demo.article_url(article))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    html = body.decode()
    for paragraph in article.paragraphs:
        assert f"<p>{escape(paragraph, quote=False)}</p>" in html
    assert "<nav" in html and "<footer" in html  # boilerplate for the extractor to strip
    assert (await fetch(http, demo.article_url(article), **{"If-None-Match": headers["ETag"]}))[0] == 304


async def test_demo_config_loads_once_expanded(demo: DemoFeedServer, tmp_path) -> None:
    path = tmp_path / "demo.toml"
    path.write_text(demo.expand(DEMO_CONFIG.read_text(encoding="utf-8")), encoding="utf-8")
    settings = load_settings(path)
    assert [(f.name, f.url) for f in settings.feeds] == demo.feed_urls()
    assert settings.http.allow_private_addresses


async def test_runs_standalone() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.demo.server", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        lines = []
        for _ in range(1 + len(load_outlets())):
            lines.append((await asyncio.wait_for(proc.stdout.readline(), 20)).decode())
        urls = [line.split(": ", 1)[1].strip() for line in lines[1:]]
        async with aiohttp.ClientSession() as session:
            for url in urls:
                assert (await fetch(session, url))[0] == 200
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), 10) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
