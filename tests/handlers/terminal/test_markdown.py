"""Markdown digests, and every platform's rendering of an oversized digest within its limits."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.publishing.digest import Digest, DigestItem, DigestQuote, DigestSource
from config.settings import Settings
from handlers.slack.client import web_client
from handlers.slack.poster import Poster
from handlers.slack.publisher import SlackPublisher
from handlers.terminal.formats import render_as
from handlers.terminal.markdown import render_digest
from tests.fakes.discord_api import limit_problems
from tests.fakes.slack_api import FakeSlack, check_message
from tests.support import ROOT

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WORDS = "the council voted again on the shelter budget after a long night of testimony from residents "


def huge_item(n: int) -> DigestItem:
    return DigestItem(
        story_key=f"a{n}",
        headline=f"Story {n}: " + WORDS * 5,
        summary=WORDS * 60,
        officials=[(f"Official {k} " + "Name" * 20, "Deputy Assistant Secretary " * 10) for k in range(4)],
        figures=[(f"{k},000", WORDS * 5) for k in range(3)],
        quote=DigestQuote("Lena Park", WORDS * 40, "direct", "Harbor Tribune", f"https://tribune.example/{n}"),
        sources=[
            DigestSource(f"Outlet {k}", WORDS, f"https://outlet{k}.example/{n}/" + "x" * 100, NOW) for k in range(12)
        ],
        updated=NOW,
    )


def huge_digest(n: int = 50) -> Digest:
    return Digest(since=NOW - timedelta(days=1), generated_at=NOW, items=[huge_item(i) for i in range(n)])


def test_markdown_digest_has_every_part_and_escapes_outside_text() -> None:
    item = DigestItem(
        story_key="a1",
        headline="Council [approves] *$42 million*",
        summary="1. Shelters stay open <b>all</b> winter.",
        officials=[("Lena Park", "Mayor")],
        figures=[("$42 million", "shelter budget")],
        quote=DigestQuote("Lena Park", "No family sleeps outside", "direct", "Harbor Tribune", "https://t.example/1"),
        sources=[
            DigestSource("Harbor Tribune", "t", "https://t.example/1", NOW),
            DigestSource("Capitol Wire", "c", "javascript:alert(1)", NOW),
        ],
    )
    md = render_digest(Digest(since=NOW - timedelta(days=1), generated_at=NOW, items=[item]))
    assert "### 1. [Council \\[approves\\] \\*$42 million\\*](<https://t.example/1>)" in md
    assert "\\1. Shelters stay open \\<b\\>all\\</b\\> winter." in md
    assert "**Officials:** Lena Park — Mayor" in md and "**$42 million** shelter budget" in md
    assert "“No family sleeps outside” — Lena Park, [Harbor Tribune](<https://t.example/1>)" in md
    assert "**Sources (2):**" in md and "javascript:" not in md.replace("Capitol Wire", "")


def test_empty_markdown_digest_says_nothing_new() -> None:
    md = render_digest(Digest(since=NOW - timedelta(days=1), generated_at=NOW, items=[]))
    assert "Nothing new since 2026-11-24 12:00 UTC." in md


def test_oversized_digest_respects_every_platform_limit() -> None:
    d = huge_digest()
    slack = json.loads(render_as(d, "slack"))
    assert len(slack) > 1 and all(check_message(m) == [] for m in slack)
    discord = json.loads(render_as(d, "discord"))
    assert len(discord) > 1 and all(limit_problems(m) == [] for m in discord)
    text = json.dumps(slack, ensure_ascii=False) + json.dumps(discord, ensure_ascii=False)
    assert all(f"Story {n}:" in text for n in range(50))  # split across messages, nothing dropped
    assert "…" in text  # long text was cut at a word, with an ellipsis
    assert render_as(d, "terminal").count("Story ") >= 50
    assert render_digest(d).count("### ") == 50


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as f:
        yield f


async def test_slack_publisher_posts_an_oversized_digest_with_story_keys(fake_slack: FakeSlack) -> None:
    settings = Settings(slack={"api_url": fake_slack.api_url}, SLACK_BOT_TOKEN="xoxb-test-token")
    pub = SlackPublisher(Poster(web_client(settings), min_interval=0))
    parts = await pub.publish_digest("C1", huge_digest(12))
    calls = fake_slack.calls_to("chat.postMessage")
    assert len(calls) == len(parts) > 1 and all(c.problems == [] for c in calls)
    for part, call in zip(parts, calls, strict=True):
        assert part.sent.message_id == part.sent.thread_ref is not None
        meta = call.params["metadata"]
        meta = json.loads(meta) if isinstance(meta, str) else meta
        assert meta["event_payload"]["stories"] == list(part.keys)  # each message carries only its own stories
    assert [k for p in parts for k in p.keys] == [f"a{n}" for n in range(12)]
    # this fake keeps no history: the publisher cannot tell, and says so (the dispatcher then never reposts)
    assert await pub.find_posted("C1", ["a1"], NOW) is None


def test_docs_renderings_are_present_and_within_limits() -> None:
    """docs/digest-* are made by `make docs` (newsbot digest --demo --format …); the posted ones must be postable."""

    docs = ROOT / "docs"
    slack = json.loads((docs / "digest-slack.json").read_text(encoding="utf-8"))
    discord = json.loads((docs / "digest-discord.json").read_text(encoding="utf-8"))
    assert slack and all(check_message(m) == [] for m in slack)
    assert discord and all(limit_problems(m) == [] for m in discord)
    md = (docs / "digest-markdown.md").read_text(encoding="utf-8")
    terminal = (docs / "digest-terminal.txt").read_text(encoding="utf-8")
    assert md.count("**Sources (2):**") == 5  # the samples' five two-outlet stories, merged
    assert "Immigration policy digest" in terminal
