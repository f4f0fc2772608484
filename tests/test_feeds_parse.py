"""Feed bytes → FeedItems: every format, charsets, malformed input and refused XML."""

from __future__ import annotations

import resource
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.feeds.parse import FeedParseError, parse_feed, reject_entity_declarations
from bot.feeds.text import decode_body, html_to_text

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
FEED_URL = "https://metro-ledger.example/feeds/immigration.xml"


def _parse(name: str, content_type: str | None = None, source: str | None = None):
    return parse_feed((FIXTURES / name).read_bytes(), feed_url=FEED_URL, content_type=content_type, source_name=source)


def billion_laughs(levels: int = 10) -> bytes:
    decls = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(decls) + "\n]>\n"
        f'<rss version="2.0"><channel><title>&lol{levels - 1};</title>'
        "<item><title>x</title><link>https://a.example/x</link></item></channel></rss>"
    ).encode()


# --- formats -------------------------------------------------------------------------------------


def test_rss091() -> None:
    feed = _parse("rss091.xml", "text/xml")
    assert feed.format.startswith("rss091") and feed.title == "Border Desk Weekly"
    assert [i.title for i in feed.items] == [
        "County shelters report rising intake",
        "Hearing on asylum backlog set for March",
    ]
    first = feed.items[0]
    assert first.url == "https://border-desk.example/2024/shelters-intake"
    assert first.summary == "Shelter operators in three counties said intake rose for a fourth month."  # HTML stripped
    assert first.source == "Border Desk Weekly" and first.feed_url == FEED_URL


def test_rss10_rdf() -> None:
    (item,) = _parse("rss10.rdf", "application/rdf+xml").items
    assert item.title == "Visa cap reached in record time"
    assert item.url == item.guid == "https://policy-wire.example/a/visa-cap"
    assert item.author == "Dana Whitfield"
    assert item.published == datetime(2024, 4, 2, 18, 30, tzinfo=UTC)


def test_rss20_content_encoded_dates_relative_links() -> None:
    feed = _parse("rss20.xml", "application/rss+xml; charset=utf-8", source="Metro Ledger")
    first, second = feed.items
    assert feed.format == "rss20" and feed.title == "Metro Ledger: Immigration"
    assert first.guid == "ledger-48213"
    assert first.summary == "The council voted 9-2 to fund legal aid."
    assert first.content == (
        "The council voted 9-2 on Monday to fund legal aid for asylum seekers.\n\n"
        "\u201cNobody should face a judge alone,\u201d said council member Ruth Adeyemi."
    )
    assert "alert" not in first.content  # script dropped
    assert first.published == datetime(2024, 12, 10, 14, 15, tzinfo=UTC)
    assert first.published.tzinfo is not None
    assert first.author == "Marisol Ortega" and first.source == "Metro Ledger"  # configured name wins
    assert second.url == "https://metro-ledger.example/news/relative-item"  # resolved against the feed URL


def test_atom() -> None:
    feed = _parse("atom.xml", "application/atom+xml")
    (item,) = feed.items
    assert feed.format == "atom10" and feed.title == "Harbor Gazette"
    assert item.title == "Detention center expansion approved"  # type="html" title stripped
    assert item.guid == "tag:harbor-gazette.example,2024:entry-77"
    assert item.url == "https://harbor-gazette.example/2024/12/detention-expansion"
    assert item.summary == "The county approved 400 more beds."
    assert item.content == "The county approved 400 more beds at the facility.\n\nOpponents plan an appeal."
    assert item.published == datetime(2024, 12, 12, 9, 30, tzinfo=UTC)  # published beats updated
    assert item.author == "Theo Lindqvist"


def test_json_feed_11() -> None:
    feed = _parse("jsonfeed11.json", "application/feed+json")
    first, second = feed.items
    assert feed.format == "json11" and feed.title == "Capitol Notes"
    assert first.guid == "2024-12-09-parole" and first.author == "Priya Raman"
    assert first.content == (
        "Two senators asked the department for monthly figures.\n\nThe letter cites 30,000 entries a month."
    )
    assert first.summary == "Two senators asked for monthly figures."
    assert first.published == datetime(2024, 12, 9, 21, 45, tzinfo=UTC)
    assert second.guid == "42" and second.title == ""
    assert second.url == "https://capitol-notes.example/2024/12/short-note"
    assert second.content == "A short note without a title.\n\nSecond paragraph."
    assert second.author == "Capitol Notes staff"  # falls back to the feed's authors


def test_json_feed_10_detected_without_content_type() -> None:
    feed = _parse("jsonfeed10.json", None)
    (item,) = feed.items
    assert feed.format == "json1"
    assert item.author == "Luis Herrera"  # 1.0 "author" object
    assert item.published == datetime(2024, 11, 30, 10, 0, tzinfo=UTC)  # naive → UTC


def test_plain_json_is_not_a_feed() -> None:
    with pytest.raises(FeedParseError, match="not a JSON Feed"):
        parse_feed(b'{"version": 2, "items": []}', feed_url=FEED_URL, content_type="application/json")
    with pytest.raises(FeedParseError, match="invalid JSON"):
        parse_feed(b'{"version": ', feed_url=FEED_URL, content_type="application/feed+json")


# --- charsets ------------------------------------------------------------------------------------

CP1252_FEED = (
    '<?xml version="1.0" encoding="windows-1252"?>\n<rss version="2.0"><channel><title>Caf\u00e9 Centrale</title>'
    "<item><title>\u201cWe will not wait,\u201d says caf\u00e9 owner</title><link>https://c.example/1</link>"
    "<description>Na\u00efve hopes \u2014 and a 5\u20ac fee.</description></item></channel></rss>"
).encode("cp1252")


@pytest.mark.parametrize(
    "content_type", [None, "application/rss+xml", "text/xml", "text/xml; charset=windows-1252", "application/xml"]
)
def test_windows_1252_feed_decodes(content_type: str | None) -> None:
    assert b"\x93" in CP1252_FEED and b"\xe9" in CP1252_FEED  # really not UTF-8
    feed = parse_feed(CP1252_FEED, feed_url=FEED_URL, content_type=content_type)
    assert feed.title == "Caf\u00e9 Centrale"
    (item,) = feed.items
    assert item.title == "\u201cWe will not wait,\u201d says caf\u00e9 owner"
    assert item.summary == "Na\u00efve hopes \u2014 and a 5\u20ac fee."


def test_decode_body_header_meta_utf8_and_guess() -> None:
    text = "Caf\u00e9 \u201cquoted\u201d r\u00e9sum\u00e9 na\u00efve " * 20
    assert decode_body(text.encode("cp1252"), "windows-1252") == text
    assert decode_body(text.encode("utf-8"), None) == text
    assert decode_body(text.encode("utf-8"), "bogus-charset") == text
    html = f'<html><head><meta charset="windows-1252"></head><body>{text}</body></html>'
    assert text in decode_body(html.encode("cp1252"), None, html=True)
    guessed = decode_body(("Le caf\u00e9 est ferm\u00e9 aujourd'hui, d\u00e9sol\u00e9. " * 30).encode("latin-1"))
    assert "caf\u00e9" in guessed and "\ufffd" not in guessed


# --- malformed and hostile XML ---------------------------------------------------------------------


def test_malformed_xml_with_recoverable_entries_is_accepted() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Loose &amp; Co</title>'
        b"<item><title>Fish & chips &nbsp; policy</title><link>https://l.example/1</link></item>"
        b"<item><title>Second</title><link>https://l.example/2</link></item>"
        b"</channel>"  # unclosed <rss>, bare &, undefined entity
    )
    feed = parse_feed(body, feed_url=FEED_URL, content_type="application/rss+xml")
    assert [i.url for i in feed.items] == ["https://l.example/1", "https://l.example/2"]


@pytest.mark.parametrize(
    "body",
    [
        b"this is not a feed at all",
        b"<?xml version='1.0'?><rss><channel><title>cut",
        b"<html><body><p>Hi</p></body></html>",
    ],
)
def test_unrecoverable_or_non_feed_is_a_parse_error(body: bytes) -> None:
    with pytest.raises(FeedParseError):
        parse_feed(body, feed_url=FEED_URL, content_type="text/xml")


def test_empty_body_is_a_parse_error() -> None:
    with pytest.raises(FeedParseError, match="empty"):
        parse_feed(b"  \n", feed_url=FEED_URL)


def test_billion_laughs_refused_without_memory_growth() -> None:
    bomb = billion_laughs()  # would expand to 10**9 "lol"s, about 3 GB
    assert len(bomb) < 2048
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    try:
        with pytest.raises(FeedParseError, match="entities"):
            parse_feed(bomb, feed_url=FEED_URL, content_type="application/rss+xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert peak < 1_000_000, peak
    assert rss_growth_kib < 20_000, rss_growth_kib


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0">'
        b"<channel><title>&x;</title></channel></rss>",
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://169.254.169.254/x.dtd"> %p;]><rss/>',
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "harmless">]><rss version="2.0"><channel/></rss>',
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY a "b">]><rss/>'.encode("utf-16"),
        # malformed before the root, so expat gives up: the byte scan still sees the declaration
        b'<?xml version="1.0"?><!DOCTYPE r [ <!BOGUS> <!ENTITY a "&b;&b;"> <!ENTITY b "x"> ]><rss/>',
    ],
    ids=["xxe-file", "xxe-parameter", "any-entity", "utf16", "malformed-prolog"],
)
def test_entity_declarations_refused(body: bytes) -> None:
    with pytest.raises(FeedParseError, match="refused"):
        reject_entity_declarations(body)


def test_doctype_without_entities_is_fine() -> None:
    reject_entity_declarations((FIXTURES / "rss091.xml").read_bytes())  # Netscape DTD reference
    reject_entity_declarations(b"<rss><channel/></rss>")
    reject_entity_declarations(b"garbage, feedparser decides")


# --- HTML → text -----------------------------------------------------------------------------------


def test_html_to_text_paragraphs_and_entities() -> None:
    html = (
        "<div><p>First &amp; <b>bold</b>\n  paragraph.</p><p>Second<br>line</p>"
        "<ul><li>one</li><li>two</li></ul><script>var x = 1;</script><style>p{}</style>Tail<br><br>after</div>"
    )
    assert html_to_text(html) == "First & bold paragraph.\n\nSecond line\n\none\n\ntwo\n\nTail\n\nafter"
    assert html_to_text("Plain   text\n\n\nnext") == "Plain text\n\nnext"
    assert html_to_text("Tom &amp; Jerry") == "Tom & Jerry"
    assert html_to_text("") == ""
