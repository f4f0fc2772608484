"""Block Kit rendering: escaping, cutting, and Slack's limits for every kind of answer."""

from datetime import timedelta

import pytest

from bot.commands import results as rs
from bot.commands.parse import COMMANDS
from bot.storage.rows import ArticleRow, FeedRow, FigureRow, OfficialRow
from handlers.slack.mrkdwn import cut, escape, link, safe_url
from handlers.slack.render import MAX_BLOCKS, PICK_ACTION, render, render_alert, render_digest
from tests.fakes.command_service import WHEN, digest, digest_item, match, person, quote
from tests.fakes.slack_api import check_message, live_mentions, mrkdwn_texts
from tests.support import ROOT

HOSTILE = "Alert <!channel> and <@U123>: 5 < 7 & 9 > 3 <https://evil.example|click>"


def payload(msg) -> dict:
    return {"text": msg.text, "blocks": msg.blocks}


def all_text(msg) -> str:
    return "\n".join(mrkdwn_texts(payload(msg)))


def test_escape_makes_mentions_inert() -> None:
    assert escape("<!channel> & <@U123> a<b>c") == "&lt;!channel&gt; &amp; &lt;@U123&gt; a&lt;b&gt;c"


@pytest.mark.parametrize("limit", [10, 25, 60])
def test_cut_at_word_boundary_within_limit(limit: int) -> None:
    text = "the quick brown fox jumps over the lazy dog " * 3
    out = cut(text, limit)
    assert len(out) <= limit and out.endswith("…")
    assert text.startswith(out[:-1])
    assert text[len(out) - 1] == " "  # the cut fell between words


def test_cut_keeps_short_text_and_never_splits_an_entity() -> None:
    assert cut("short", 10) == "short"
    out = cut(escape("&" * 40), 21)
    assert len(out) <= 21 and not out[:-1].endswith(("&", "&a", "&am", "&amp"))
    assert out[:-1].replace("&amp;", "") == ""


def test_link_escapes_title_and_neutralises_url() -> None:
    assert link("https://x.example/a?b=1&c=2", "A <b> & c") == "<https://x.example/a?b=1&c=2|A &lt;b&gt; &amp; c>"
    assert "|" not in safe_url("https://x.example/a|b>c")  # would end the link early
    assert link("javascript:alert(1)", "Bad") == "Bad"
    assert link(None, "No url <here>") == "No url &lt;here&gt;"


def test_whosaid_labels_paraphrase_and_escapes_article_text() -> None:
    answer = rs.WhoSaidAnswer("Homan", person(), [
        quote(HOSTILE, "direct"), quote("leaders should cooperate or step aside", "indirect", n=2)])
    [msg] = render(answer)
    assert check_message(payload(msg)) == []
    assert live_mentions(payload(msg)) == []
    text = all_text(msg)
    assert "&lt;!channel&gt;" in text and "&lt;@U123&gt;" in text and "5 &lt; 7 &amp; 9 &gt; 3" in text
    direct, indirect = msg.blocks[1]["text"]["text"], msg.blocks[2]["text"]["text"]
    assert "Paraphrase" not in direct and direct.startswith("“")
    assert indirect.startswith("_Paraphrase") and "step aside" in indirect
    assert "<https://news.example/2?a=1&b=2|Story 2 &lt;b&gt; &amp; more>" in indirect
    assert "1 direct, 1 paraphrased" in msg.blocks[0]["text"]["text"]


def test_whosaid_many_long_quotes_stay_within_limits() -> None:
    words = ("immigration enforcement policy statement " * 200).strip()
    answer = rs.WhoSaidAnswer("Homan", person(), [quote(words, n=i) for i in range(25)])
    [msg] = render(answer)
    assert check_message(payload(msg)) == []
    assert all(b["text"]["text"].count("…") == 1 for b in msg.blocks[1:])


def test_ambiguous_name_gives_buttons_that_rerun_with_the_window() -> None:
    answer = rs.WhoSaidAnswer("Adams", None, candidates=[
        match("Eric Adams", "mayor", 1), match("Jerome Adams", "surgeon general", 2)], since=timedelta(days=7))
    [msg] = render(answer)
    assert check_message(payload(msg)) == []
    buttons = msg.blocks[-1]["elements"]
    assert [b["value"] for b in buttons] == ["'Eric Adams' since:168h", "'Jerome Adams' since:168h"]
    assert all(b["action_id"].startswith(PICK_ACTION) for b in buttons)
    assert buttons[0]["text"]["text"] == "Eric Adams (mayor)"


def test_unknown_name_lists_closest_names() -> None:
    [msg] = render(rs.WhoSaidAnswer("Homen", None, suggestions=["Tom Homan", "Thomas Homan"]))
    assert "No one called “Homen”" in all_text(msg)
    assert [b["value"] for b in msg.blocks[-1]["elements"]] == ["'Tom Homan'", "'Thomas Homan'"]


def _results() -> list[rs.Result]:
    official = OfficialRow(person_id=1, name="Eric <Adams>", title="mayor & co", mentions=4, last_seen=WHEN)
    figure = FigureRow(text="1,200", value=1200, unit=None, counts="people <!here> in shelters", qualifier=None,
                       sentence="…", article_id=1, article_title="T", url="https://n.example/1", source="Outlet",
                       published=WHEN)
    article = ArticleRow(id=1, feed_id=None, title="Title <!channel>", url="https://n.example/1", source="Outlet",
                         published=WHEN, summary=HOSTILE * 30, relevance=0.9, relevant=True, announce=True)
    feed = FeedRow(id=3, url="https://n.example/rss", name="N", title=None, etag=None, last_modified=None,
                   interval=None, next_poll_at=None, failures=2, last_error="HTTP 500 <oops>", last_error_kind="http",
                   last_success_at=None, last_polled_at=None, enabled=True, created_at=WHEN)
    return [
        rs.OfficialsAnswer(None, [official] * 60),
        rs.OfficialsAnswer("nobody", []),
        rs.FiguresAnswer("shelters", [figure] * 40),
        rs.NewsAnswer("asylum", [article] * 25),
        rs.NewsAnswer("nothing", []),
        rs.FeedsAnswer([feed] * 30),
        rs.FeedsAnswer([]),
        rs.HelpAnswer(list(COMMANDS.values())),
        rs.Notice("Watching “<!channel>” in this channel."),
        rs.Notice("Only admins", ok=False),
        rs.UsageAnswer("limit must be a whole number", COMMANDS["whosaid"].usage),
        rs.DigestAnswer(digest([])),
    ]


@pytest.mark.parametrize("result", _results(), ids=lambda r: type(r).__name__)
def test_every_answer_is_within_limits_and_inert(result: rs.Result) -> None:
    for msg in render(result):
        assert check_message(payload(msg)) == [], msg.blocks
        assert live_mentions(payload(msg)) == []
        assert msg.text


def test_usage_answer_shows_the_usage_line() -> None:
    [msg] = render(rs.UsageAnswer("say whose quotes you want", COMMANDS["whosaid"].usage))
    assert "Usage: `/whosaid NAME [since:7d] [limit:5]`" in all_text(msg)
    assert not msg.in_channel


def test_big_digest_is_split_across_messages_in_order() -> None:
    items = [digest_item(n, summary=("policy " * 300), quote_text=HOSTILE) for n in range(1, 51)]
    messages = render_digest(digest(items))
    assert len(messages) > 1
    headlines = []
    for msg in messages:
        assert check_message(payload(msg)) == []
        assert live_mentions(payload(msg)) == []
        assert len(msg.blocks) <= MAX_BLOCKS and msg.in_channel
        headlines += [t.split("|")[1].split(">")[0] for t in mrkdwn_texts(payload(msg)) if t.startswith("*<")]
    assert headlines == [f"Headline {n}" for n in range(1, 51)]
    assert messages[0].blocks[0]["type"] == "header"
    assert messages[-1].text.endswith(f"({len(messages)}/{len(messages)})")


def test_empty_digest_says_so() -> None:
    [msg] = render_digest(digest([]))
    assert "Nothing new since" in all_text(msg)


def test_alert_names_the_watch() -> None:
    msg = render_alert("Homan <!here>", digest_item(1))
    assert check_message(payload(msg)) == [] and live_mentions(payload(msg)) == []
    assert "Watch: *Homan &lt;!here&gt;*" in all_text(msg)


def test_manifest_lists_every_command_with_the_scopes_we_use() -> None:
    yaml = pytest.importorskip("yaml")
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    commands = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert set(commands) == {f"/{name}" for name in COMMANDS}
    assert all(c["url"].endswith("/slack/events") and c["description"] for c in commands.values())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "commands", "chat:write", "chat:write.public", "files:write", "users:read", "channels:history",
        "groups:history"}
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is False
