"""Discord rendering: escaping, word-boundary cuts, and Discord's embed limits for every answer."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.commands import results as rs
from bot.commands.parse import COMMANDS
from bot.publishing.digest import DigestQuote
from bot.storage.rows import ArticleRow, FeedRow, FigureRow, OfficialRow
from handlers.discord.escape import ELLIPSIS, clip, escape, link
from handlers.discord.render import Reply, render, render_alert, render_digest
from tests.fakes.command_service import WHEN, digest, digest_item, match, person, quote
from tests.fakes.discord_api import embed_text, limit_problems

HOSTILE = "Hey @everyone and @here, <@123456789012345678> <@&123456789012345678> **bold** [x](https://evil.example)"
WORDS = "Officials said the shelter system was near capacity and asked for federal help " * 120


def payloads(replies: list[Reply]) -> list[dict]:
    return [{"content": r.content, "embeds": [e.to_dict() for e in r.embeds]} for r in replies]


def text_of(replies: list[Reply]) -> str:
    return "\n".join((p["content"] or "") + "\n" + "\n".join(embed_text(e) for e in p["embeds"]) for p in payloads(replies))


def assert_within_limits(replies: list[Reply]) -> None:
    assert replies
    for p in payloads(replies):
        assert limit_problems(p) == []


def test_escape_neutralises_mentions_and_markdown() -> None:
    out = escape(HOSTILE)
    assert "@everyone" not in out and "@here" not in out
    assert "<@123456789012345678>" not in out and "<@&123456789012345678>" not in out
    assert "\\*\\*bold\\*\\*" in out


def test_link_label_cannot_close_early() -> None:
    out = link("A [bracketed] (title)", "https://news.example/a (b)")
    assert out == "[A (bracketed) (title)](https://news.example/a%20%28b%29)"
    assert link("no url", "javascript:alert(1)") == "no url"


def test_clip_cuts_at_a_word_with_ellipsis_and_link() -> None:
    out = clip(WORDS, 300, "https://news.example/1")
    assert len(out) <= 300
    assert out.endswith(f"{ELLIPSIS} [more](https://news.example/1)")
    kept = out.split(ELLIPSIS)[0]
    assert WORDS.startswith(kept) and WORDS[len(kept)] == " "  # the cut fell on a space


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=400), st.integers(min_value=1, max_value=300))
def test_clip_never_exceeds_its_limit(text: str, limit: int) -> None:
    out = clip(text, limit, "https://news.example/x")
    assert len(out) <= limit
    if len(text) <= limit:
        assert out == text


def test_whosaid_labels_paraphrase_and_escapes_quotes() -> None:
    answer = rs.WhoSaidAnswer("Homan", person(), [quote(f"We will act. {HOSTILE}"), quote("cities should step aside", "indirect")],
                              since=timedelta(days=7))
    replies = render(answer)
    assert_within_limits(replies)
    text = text_of(replies)
    assert "What Tom Homan said in the last 7 days" in text
    assert "*Paraphrase:* cities should step aside" in text
    assert "“We will act." in text
    assert "@everyone" not in text and "<@&123456789012345678>" not in text
    assert "[Example News](https://news.example/1?a=1&b=2)" in text


def test_whosaid_with_many_long_quotes_stays_within_limits() -> None:
    answer = rs.WhoSaidAnswer("Homan", person(), [quote(WORDS, n=i) for i in range(25)])
    replies = render(answer)
    assert_within_limits(replies)
    assert text_of(replies).count("Example News") == 25  # every quote shown, each cut short
    assert f"{ELLIPSIS} [more](https://news.example/3?a=1&b=2)" in text_of(replies)


def test_whosaid_ambiguous_unknown_and_silent() -> None:
    ambiguous = render(rs.WhoSaidAnswer("Adams", None, candidates=[match("Eric Adams", "mayor", 1), match("Jo Adams", None, 2)]))
    assert "**Eric Adams** — mayor" in text_of(ambiguous)
    unknown = render(rs.WhoSaidAnswer("Homen", None, suggestions=["Tom Homan"]))
    assert "Did you mean Tom Homan?" in text_of(unknown)
    silent = render(rs.WhoSaidAnswer("Homan", person(), [], since=timedelta(hours=12)))
    assert "No quotes from Tom Homan in the last 12 hours." in text_of(silent)


def test_list_answers_within_limits() -> None:
    officials = rs.OfficialsAnswer(None, [OfficialRow(i, f"Official {i} {HOSTILE}", "secretary", 2, WHEN) for i in range(25)])
    figures = rs.FiguresAnswer("border", [
        FigureRow("2.9 million", 2.9e6, None, WORDS, None, WORDS, i, "t", f"https://news.example/{i}", "Outlet", WHEN)
        for i in range(25)])
    news = rs.NewsAnswer("asylum", [
        ArticleRow(i, None, f"Title [{i}] {HOSTILE}", f"https://news.example/{i}", "Outlet", WHEN, WORDS, 0.9, True, True)
        for i in range(25)])
    feeds = rs.FeedsAnswer([FeedRow(i, f"https://feeds.example/{i}_x.xml", None, "Feed", None, None, None, None, 3,
                                    WORDS, "http", None, None, True, WHEN) for i in range(40)])
    for answer in (officials, figures, news, feeds):
        replies = render(answer)
        assert_within_limits(replies)
        assert "@everyone" not in text_of(replies)
    assert len(render(news)) >= 2  # 25 long entries cannot fit one message: they continue
    assert "Official 24" in text_of(render(officials))


def test_help_notice_usage() -> None:
    help_ = render(rs.HelpAnswer(list(COMMANDS.values())))
    assert_within_limits(help_)
    assert help_[0].ephemeral and "/digest now [since]" in text_of(help_)
    ok = render(rs.Notice("Watching “@everyone” in this channel."))
    assert not ok[0].ephemeral and "@everyone" not in ok[0].content
    usage = render(rs.UsageAnswer("'x' is not a duration", COMMANDS["whosaid"].usage), "whosaid")
    assert usage[0].ephemeral and "Usage: `/whosaid NAME" in usage[0].content


def test_large_digest_splits_across_messages_within_limits() -> None:
    items = [digest_item(n, summary=WORDS, quote_text=WORDS) for n in range(1, 11)]
    replies = render_digest(digest(items))
    assert len(replies) >= 2
    assert_within_limits(replies)
    text = text_of(replies)
    assert all(f"Headline {n}" in text for n in range(1, 11))
    assert "Tom Homan (border czar)" in text and "**1,200** — people in shelters" in text
    assert sum(len(r.embeds) for r in replies) == 11  # a header and one embed per story


def test_empty_digest_and_alert() -> None:
    assert "Nothing new since" in render_digest(digest([]))[0].content
    alert = render_alert(digest_item(1, summary=HOSTILE), watch="Homan")
    assert_within_limits(alert)
    assert alert[0].embeds[0].author.name == "Watch: Homan"
    assert "@everyone" not in text_of(alert)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=5000), min_size=4, max_size=4))
def test_any_story_text_stays_within_limits_and_silent(parts: list[str]) -> None:
    headline, summary, said, speaker = (f"{p} @everyone" for p in parts)
    item = digest_item(1, summary=summary, quote_text=said)
    item.headline = headline
    item.quote = DigestQuote(speaker, said, "indirect", speaker, "https://news.example/1")
    replies = render_digest(digest([item] * 3))
    assert_within_limits(replies)
    assert "@everyone" not in text_of(replies)
