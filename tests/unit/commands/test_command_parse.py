"""The shared command grammar: every platform sends its text through parse_command."""

from datetime import timedelta

import pytest

from bot.commands import UsageError, parse_command
from bot.commands import requests as rq


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/whosaid Homan", rq.WhoSaid("Homan")),
        ("/whosaid Tom Homan since:7d limit:3", rq.WhoSaid("Tom Homan", timedelta(days=7), 3)),
        ("/WHOSAID homan since:12h", rq.WhoSaid("homan", timedelta(hours=12))),
        ("/officials", rq.Officials()),
        ("/officials mayor since:2w", rq.Officials("mayor", timedelta(weeks=2))),
        ("/figures shelters", rq.Figures("shelters")),
        ("/news asylum backlog limit:10", rq.News("asylum backlog", None, 10)),
        ("/digest", rq.DigestNow()),
        ("/digest since:48h", rq.DigestNow(timedelta(hours=48))),
        ('/digest schedule "daily 08:00 America/New_York"', rq.DigestSchedule("daily 08:00 America/New_York")),
        ("/digest schedule every 6h", rq.DigestSchedule("every 6h")),
        ("/digest off", rq.DigestOff()),
        ("/watch Homan", rq.Watch("Homan")),
        ("/unwatch asylum", rq.Unwatch("asylum")),
        ("/feeds add https://example.org/rss?x=1", rq.FeedsAdd("https://example.org/rss?x=1")),
        ("/feeds remove 12", rq.FeedsRemove(12)),
        ("/feeds list", rq.FeedsList()),
        ("/newsbot help", rq.Help()),
        ("/newsbot help whosaid", rq.Help("whosaid")),
        ("/newsbot", rq.Help()),
    ],
)
def test_parses(text: str, expected: rq.Request) -> None:
    assert parse_command(text) == expected


def test_platform_form_with_separate_command() -> None:
    assert parse_command("Homan since:7d", "/whosaid") == rq.WhoSaid("Homan", timedelta(days=7))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("/whosaid", "whose quotes"),
        ("/whosaid Homan since:forever", "not a duration"),
        ("/whosaid Homan since:999w", "longer than a year"),
        ("/whosaid Homan limit:0", "limit must be"),
        ("/whosaid Homan limit:abc", "limit must be"),
        ("/whosaid Homan colour:red", "unknown option"),
        ('/whosaid "Homan', "unbalanced"),
        ("/news", "what to look for"),
        ("/digest sometimes", "unknown /digest"),
        ("/feeds add ftp://x", "/feeds add URL"),
        ("/feeds remove abc", "/feeds add URL"),
        ("/feeds", "/feeds add URL"),
        ("/nope", "unknown command"),
        ("whosaid Homan", "start with '/'"),
        ("/newsbot help nope", "no command"),
        ("/whosaid " + "x" * 600, "too long"),
    ],
)
def test_usage_errors(text: str, fragment: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_command(text)
    assert fragment in str(err.value)


def test_usage_error_carries_usage_line() -> None:
    with pytest.raises(UsageError) as err:
        parse_command("/whosaid")
    assert err.value.usage is not None and err.value.usage.startswith("/whosaid NAME")
