"""Canonical URLs, dedupe keys, content hash and log-safe URLs."""

from __future__ import annotations

import pytest

from bot.feeds.urls import canonical_url, content_hash, item_key, loggable_url
from bot.models import FeedItem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://News.Example.COM/Story?b=2&a=1#comments", "https://news.example.com/Story?a=1&b=2"),
        ("http://news.example.com:80/x", "http://news.example.com/x"),
        ("https://news.example.com:443/x", "https://news.example.com/x"),
        ("https://news.example.com:8443/x", "https://news.example.com:8443/x"),
        ("https://news.example.com", "https://news.example.com/"),
        (
            "https://news.example.com/a?utm_source=rss&utm_medium=feed&id=7&fbclid=xyz&gclid=1&mc_cid=2&mc_eid=3"
            "&ref=homepage&cmpid=rss",
            "https://news.example.com/a?id=7",
        ),
        ("https://news.example.com/a?UTM_Campaign=x", "https://news.example.com/a"),
        ("https://news.example.com/a?q=a%20b&q=a+c", "https://news.example.com/a?q=a%20b&q=a%20c"),
        ("https://news.example.com/a?flag=", "https://news.example.com/a?flag="),
        ("https://news.example.com./a", "https://news.example.com/a"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
    ],
)
def test_canonical_url(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


def test_canonical_url_keeps_path_case_and_is_idempotent() -> None:
    once = canonical_url("https://EX.com/Path/To?utm_term=z&B=1&a=2")
    assert once == "https://ex.com/Path/To?B=1&a=2"
    assert canonical_url(once) == once


def test_content_hash_ignores_case_whitespace_and_punctuation() -> None:
    a = content_hash("Council Funds Legal Aid", "“Nobody should face a judge alone,” she said.\n\nMore.")
    b = content_hash("council funds   legal aid", '"nobody should face a judge alone" she said more')
    assert a == b
    assert len(a) == 64 and int(a, 16) >= 0
    assert content_hash("Council funds legal aid", "Nobody should face a judge.") != a


def test_content_hash_reads_punctuation_and_symbols_of_any_script_as_spaces_and_keeps_letters() -> None:
    a = content_hash("Café « Жизнь » reopens", "¿Quién paga? The owner — 50 € — and the town ©2026.")
    b = content_hash("café жизнь reopens", "quién paga the owner 50 and the town 2026")
    assert a == b
    assert content_hash("Cafe zhizn reopens", "quien paga the owner 50 and the town 2026") != b  # letters count


def test_item_key_prefers_canonical_url_then_guid_then_hash() -> None:
    base = dict(feed_url="https://f.example/rss", title="T")
    with_url = FeedItem(guid="g1", url="https://A.example/x?utm_source=rss", **base)
    same_story = FeedItem(guid="other", url="https://a.example/x#top", **base)
    assert item_key(with_url) == item_key(same_story) == "url:https://a.example/x"
    assert item_key(FeedItem(guid="g1", url=None, **base)).startswith("guid:")
    assert item_key(FeedItem(guid=None, url=None, summary="s", **base)).startswith("hash:")


def test_loggable_url_drops_credentials() -> None:
    out = loggable_url("https://user:pw@feeds.example/rss?api_key=SECRET&topic=border&token=T0K")
    assert "SECRET" not in out and "T0K" not in out and "pw" not in out and "user" not in out
    assert "topic=border" in out and out.startswith("https://feeds.example/rss?")
