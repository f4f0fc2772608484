"""Feed bytes → FeedItems: every format, charsets, malformed input and refused XML."""

from __future__ import annotations

import io
import json
import re
import resource
import subprocess
import sys
import tarfile
import tracemalloc
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import feedparser
import pytest

from bot.feeds.limits import FEED_TITLE_MAX_CHARS, TEXT_MAX_CHARS, TITLE_MAX_CHARS
from bot.feeds.parse import FeedParseError, ParsedFeed, parse_feed, reject_entity_declarations
from bot.feeds.text import decode_body, decode_xml, html_to_text
from tests.builders import billion_laughs
from tests.support import TESTS

FIXTURES = TESTS / "fixtures" / "feeds"
FEED_URL = "https://metro-ledger.example/feeds/immigration.xml"


def _parse(name: str, content_type: str | None = None, source: str | None = None):
    return parse_feed((FIXTURES / name).read_bytes(), feed_url=FEED_URL, content_type=content_type, source_name=source)


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


def test_json_feed_fields_are_bounded_like_rss_ones() -> None:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "Desk " * 200, "items": [
        {"id": "x" * 5000, "url": "https://desk.example/" + "y" * 3000, "title": "Shelters " * 1000,
         "content_text": "Officials counted arrivals. " * 5000, "authors": [{"name": "Reporter " * 50}]}]}
    feed = parse_feed(json.dumps(doc).encode(), feed_url=FEED_URL, content_type="application/feed+json")
    (item,) = feed.items
    assert feed.title is not None and len(feed.title) <= FEED_TITLE_MAX_CHARS
    assert len(item.title) <= TITLE_MAX_CHARS and item.title.startswith("Shelters Shelters")
    assert len(item.content) <= TEXT_MAX_CHARS and item.author is not None and len(item.author) <= 200
    assert item.url is None and item.guid is not None and item.guid.startswith("sha256:")
    assert item.source is not None and len(item.source) <= 200


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


# --- every encoding feedparser reads ---------------------------------------------------------------
# Our own wording, written in each encoding: a title and three items, as a small outlet's feed would be.

NEWS = {
    "zh-hans": ("移民法院积压案件继续增加", ["市长表示，本市将为寻求庇护者再开放两个收容所。",
                                  "律师说，许多家庭要等待多年才能出庭。", "边境官员上周登记了一千二百名新抵达者。"]),
    "zh-hant": ("移民法院積壓案件繼續增加", ["市長表示，本市將為尋求庇護者再開放兩個收容所。",
                                  "律師說，許多家庭要等待多年才能出庭。", "邊境官員上週登記了一千二百名新抵達者。"]),
    "ja": ("入国管理局が新しい規則を発表", ["市長は、亡命希望者のための避難所を二か所増やすと述べた。",
                                 "弁護士によると、多くの家族が何年も審理を待っている。",
                                 "国境の職員は先週、千二百人の新たな到着者を登録した。"]),
    "ko": ("이민 법원 사건 적체 증가", ["시장은 망명 신청자를 위한 보호소 두 곳을 더 열겠다고 말했다.",
                               "변호사들은 많은 가족이 몇 년씩 재판을 기다린다고 말했다.",
                               "국경 관리들은 지난주 새로 도착한 천이백 명을 등록했다."]),
    "en": ("\u201cNa\u00efve\u201d caf\u00e9 rules", ["The caf\u00e9 owner said the 5\u20ac fee \u2014 a first \u2014 stays.",
                                            "Officials called the r\u00e9sum\u00e9 checks na\u00efve.",
                                            "\u201cWe will not wait,\u201d the council said."]),
}


def news_feed(lang: str, declared: str | None, *, extra: str = "") -> str:
    title, paragraphs = NEWS[lang]
    items = "".join(f"<item><title>{title} {n}</title><link>https://desk.example/{lang}/{n}</link>"
                    f"<description>{text}{extra if n == 0 else ''}</description></item>"
                    for n, text in enumerate(paragraphs))
    decl = f'<?xml version="1.0" encoding="{declared}"?>' if declared else '<?xml version="1.0"?>'
    return f'{decl}\n<rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'


def assert_news(feed: ParsedFeed, lang: str, *, extra: str = "") -> None:
    title, paragraphs = NEWS[lang]
    assert feed.title == title
    assert [i.title for i in feed.items] == [f"{title} {n}" for n in range(3)]
    assert [i.summary for i in feed.items] == [paragraphs[0] + extra, *paragraphs[1:]]


DECLARED = [  # (language, codec the bytes are in, label the feed declares)
    ("zh-hans", "gb2312", "GB2312"), ("zh-hans", "gbk", "GBK"), ("zh-hans", "gb18030", "GB18030"),
    ("zh-hant", "big5", "Big5"), ("ja", "shift_jis", "Shift_JIS"), ("ja", "euc_jp", "EUC-JP"),
    ("ko", "euc_kr", "EUC-KR"), ("en", "cp1252", "windows-1252"), ("en", "utf-8", "UTF-8"),
]


@pytest.mark.parametrize(("lang", "codec", "label"), DECLARED, ids=[c for _, c, _ in DECLARED])
def test_feed_in_declared_multibyte_encoding(lang: str, codec: str, label: str) -> None:
    body = news_feed(lang, label).encode(codec)
    assert_news(parse_feed(body, feed_url=FEED_URL, content_type="application/rss+xml"), lang)
    # the same document with the charset in the HTTP header instead
    body = news_feed(lang, None).encode(codec)
    assert_news(parse_feed(body, feed_url=FEED_URL, content_type=f"application/rss+xml; charset={label}"), lang)


@pytest.mark.parametrize(
    ("lang", "codec", "label", "extra"),
    [("zh-hans", "gbk", "GB2312", "记者刘镕报道。"),  # 镕 is GBK, not GB2312
     ("ja", "cp932", "Shift_JIS", "①"),  # circled digits are Windows-31J, not JIS X 0208
     ("ko", "cp949", "EUC-KR", "똠")],  # a UHC syllable outside KS X 1001
    ids=["gbk-labelled-gb2312", "cp932-labelled-shift_jis", "cp949-labelled-euc-kr"],
)
def test_feed_labelled_with_the_narrower_charset_reads_as_browsers_read_it(
        lang: str, codec: str, label: str, extra: str) -> None:
    body = news_feed(lang, label, extra=extra).encode(codec)
    with pytest.raises(UnicodeDecodeError):
        body.decode(codec.replace("gbk", "gb2312").replace("cp932", "shift_jis").replace("cp949", "euc_kr"))
    assert_news(parse_feed(body, feed_url=FEED_URL, content_type="application/rss+xml"), lang, extra=extra)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("declared", ["standard", "alias", "no-encoding", "no-declaration"])
def test_utf16_and_utf32_without_bom(codec: str, declared: str) -> None:
    width = codec.rsplit("-", 1)[0]  # utf-16 / utf-32
    label = {"standard": width.upper(), "alias": width.replace("-", ""), "no-encoding": None,
             "no-declaration": None}[declared]
    doc = news_feed("ja", label)
    if declared == "no-declaration":
        doc = doc.split("\n", 1)[1]
    body = doc.encode(codec)
    assert not body.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert_news(parse_feed(body, feed_url=FEED_URL, content_type="application/rss+xml"), "ja")


@pytest.mark.parametrize(("lang", "codec"), [("zh-hans", "gb18030"), ("zh-hant", "big5"), ("ja", "shift_jis"),
                                             ("ja", "euc_jp"), ("ko", "euc_kr"), ("en", "cp1252")])
@pytest.mark.parametrize("content_type", ["application/rss+xml", "text/xml", None])
def test_feed_naming_no_charset_is_not_mojibake(lang: str, codec: str, content_type: str | None) -> None:
    body = news_feed(lang, None).encode(codec)
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert_news(parse_feed(body, feed_url=FEED_URL, content_type=content_type), lang)


def test_http_charset_that_cannot_be_right_gives_way_to_the_declaration() -> None:
    body = news_feed("zh-hant", "Big5").encode("big5")
    feed = parse_feed(body, feed_url=FEED_URL, content_type="application/rss+xml; charset=utf-8")
    assert_news(feed, "zh-hant")


def test_decode_xml_reports_the_codec_it_used() -> None:
    assert decode_xml(news_feed("ko", "EUC-KR").encode("euc_kr"))[1] == "cp949"
    assert decode_xml("\ufeff<rss/>".encode("utf-16-le"))[1] == "utf-16-le"
    assert decode_xml(b"<rss/>", "bogus-charset") == ("<rss/>", "utf-8")
    garbage = b'<?xml version="1.0" encoding="utf-8"?><rss>\xff\xfe\xfd</rss>'
    assert decode_xml(garbage)[0].endswith("</rss>")  # a declaration that cannot be right: a guess, no error


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


HOSTILE = {
    "billion-laughs": billion_laughs().decode(),
    "external-system": '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                       '<rss version="2.0"><channel><title>&x;</title><item><title>t</title></item></channel></rss>',
    "external-public": '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x PUBLIC "-//A//B" "http://169.254.169.254/">]>'
                       '<rss version="2.0"><channel><title>&x;</title><item><title>t</title></item></channel></rss>',
    "parameter-entity": '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "http://10.0.0.1/x.dtd"> %p;]>'
                        '<rss version="2.0"><channel><item><title>t</title></item></channel></rss>',
}
# (codec the bytes are in, label in the XML declaration or None, HTTP charset or None)
HOSTILE_ENCODINGS = [
    ("utf-16", "UTF-16", None), ("utf-16-le", "UTF-16", None), ("utf-16-be", None, None),
    ("utf-32-le", None, None), ("gb2312", "GB2312", None), ("big5", None, "big5"), ("shift_jis", "Shift_JIS", None),
    ("euc_kr", "EUC-KR", "euc-kr"), ("cp037", "cp037", None), ("utf-16-le", "UTF-16", "utf-8"),
]


@pytest.mark.parametrize("attack", list(HOSTILE))
@pytest.mark.parametrize(("codec", "label", "charset"), HOSTILE_ENCODINGS,
                         ids=[f"{c}-{lab}-{ch}" for c, lab, ch in HOSTILE_ENCODINGS])
def test_entity_attacks_refused_in_every_encoding(attack: str, codec: str, label: str | None, charset: str | None) -> None:
    doc = HOSTILE[attack]
    if label:
        doc = doc.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{label}"?>')
    body = doc.encode(codec)
    content_type = "application/rss+xml" + (f"; charset={charset}" if charset else "")
    tracemalloc.start()
    try:
        with pytest.raises(FeedParseError, match="refused"):
            parse_feed(body, feed_url=FEED_URL, content_type=content_type)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, peak  # refused before anything expanded


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


# --- feedparser's own test feeds ----------------------------------------------------------------------


def _feedparser_tests() -> Path:
    """feedparser's tests/ folder, from its sdist on PyPI (cached under the venv, where
    bench/feedparser_corpus.py keeps it too); skips when it cannot be had (no registry reachable)."""
    release = version("feedparser")
    root = Path(sys.prefix) / "cache" / "feedparser-tests" / release / "tests"
    if root.is_dir():
        return root
    sdist_dir = root.parent / "sdist"
    got = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                          f"feedparser=={release}", "-d", str(sdist_dir)], capture_output=True, check=False)
    archives = sorted(sdist_dir.glob("feedparser-*.tar.gz"))
    if got.returncode != 0 or not archives:
        pytest.skip(f"feedparser {release}'s sdist could not be downloaded from PyPI (pip download failed)")
    with tarfile.open(archives[0]) as tar:
        members = [m for m in tar.getmembers() if "/tests/" in m.name and m.isfile()]
        for m in members:
            m.name = m.name.split("/tests/", 1)[1]
        tar.extractall(root, members=members, filter="data")
    return root


@pytest.mark.slow
def test_every_feed_of_feedparsers_encoding_tests_that_feedparser_reads_we_read() -> None:
    """Its encoding folder: 219 feeds in code pages from Big5 to EBCDIC, with and without HTTP charsets.
    (bench/feedparser_corpus.py measures the whole corpus over HTTP.)"""
    header = re.compile(rb"^Header:\s+([^:]+):(.+)$", re.MULTILINE)
    files = sorted((_feedparser_tests() / "encoding").glob("*.xml"))
    assert len(files) > 200
    missed = []
    for path in files:
        body = path.read_bytes()
        headers = {k.decode().strip().lower(): v.decode().strip() for k, v in header.findall(body)}
        content_type = headers.get("content-type", "application/xml")
        d = feedparser.parse(io.BytesIO(body), response_headers={"content-type": content_type})
        try:
            feed = parse_feed(body, feed_url=FEED_URL, content_type=content_type)
        except FeedParseError:
            feed = None
        # we keep an entry that has a link, an id, or a title or text left once its HTML is read
        kept = [e for e in d.entries if e.get("link") or e.get("id") or any(html_to_text(e.get(k) or "")
                for k in ("title", "summary"))]
        if (d.entries or (not d.bozo and d.get("version"))) and (feed is None or len(feed.items) < len(kept)):
            missed.append(path.name)
    assert missed == []
