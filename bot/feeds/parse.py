"""Feed bytes → FeedItems: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.0/1.1 through json.

Everything here is synchronous and CPU-bound; the fetcher runs ``parse_feed`` in a worker thread.

Why a separate entity check before feedparser: feedparser defends against entity expansion with
regular expressions (``sanitizer.replace_doctype``): it strips ``<!ENTITY`` declarations that start a
line and re-inserts only "safe" ones, then parses with expat (external general entities switched off)
or, on any error, its loose SGML parser. That keeps the classic billion-laughs document from expanding
in the version we use (6.0.x, measured), but it is a text-level filter over a grammar it does not parse,
it rewrites the document instead of refusing it, and an older release was reported opening a file named
in a feed's DOCTYPE (kurtmckee/feedparser#107). Feeds have no legitimate need for entity declarations,
so we refuse any document whose DTD declares one, using defusedxml's expat handlers: they fire on the
declaration itself, before any expansion, and we stop at the root element, so the check costs almost
nothing. A DOCTYPE without declarations (RSS 0.91's Netscape DTD reference) is still accepted.

Encodings: expat reads only UTF-8, UTF-16 with a BOM, Latin-1 and ASCII (it refuses multi-byte code
pages such as GB2312, Big5, Shift_JIS and EUC-KR outright), while feedparser reads many more. So the
document is first decoded once (``text.decode_xml``: BOM, UTF-16 without BOM, HTTP charset, XML
declaration, UTF-8, then a guess for a document that names no charset) and handed to both the entity
check and feedparser as the same UTF-8 bytes: the check sees exactly what the parser will read.
"""

from __future__ import annotations

import calendar
import importlib.util
import io
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from bot.errors import NewsbotError
from bot.feeds.limits import FEED_TITLE_MAX_CHARS, bound_item, cut
from bot.feeds.text import decode_body, html_to_text, squash, xml_to_utf8
from bot.models import FeedItem

JSON_FEED_TYPES = ("application/feed+json", "application/json")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_ENTITY_DECL = re.compile(rb"<!\s*ENTITY", re.I)
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")
_CHECK_CHUNK = 64 * 1024


def _skip_missing_sax_drivers() -> None:
    """feedparser asks xml.sax for its preferred drivers (``drv_libxml2``) before expat on every parse; a
    driver that is not installed is a failed import, a search of every directory of ``sys.path``, each
    time. Dropping the drivers that are not installed leaves the parser feedparser ends up with unchanged
    (expat), found at once."""
    preferred = feedparser.api.PREFERRED_XML_PARSERS
    preferred[:] = [name for name in preferred if importlib.util.find_spec(name) is not None]


_skip_missing_sax_drivers()


class FeedParseError(NewsbotError, ValueError):
    """The body is not a feed we can read (or one we refuse to read)."""


@dataclass(slots=True)
class ParsedFeed:
    title: str | None
    items: list[FeedItem]
    format: str  # feedparser's version ("rss20", "atom10", "rss10", "rss091u", ...) or "json1"/"json11"


class _RootReached(Exception):
    pass


class _StopAtRoot:
    """ElementTree parser target that stops parsing at the first element: the DTD comes before it."""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _RootReached

    def end(self, tag: str) -> None: ...
    def data(self, data: str) -> None: ...
    def close(self) -> None: ...


def reject_entity_declarations(body: bytes, charset: str | None = None) -> None:
    """Raise FeedParseError if the document's DTD declares entities (XML bomb, XXE), in any encoding."""
    _reject_entities_utf8(xml_to_utf8(body, charset))


def _reject_entities_utf8(body: bytes) -> None:
    parser = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    try:
        for start in range(0, len(body), _CHECK_CHUNK):
            parser.feed(body[start : start + _CHECK_CHUNK])
    except _RootReached:
        return
    except DefusedXmlException as e:
        name = getattr(e, "name", None) or "?"
        raise FeedParseError(
            f"refused: the XML DTD declares entities (first: {name!r}); feeds may not, as entity expansion "
            "(XML bombs) and external entities (XXE) are attacks"
        ) from None
    except ET.ParseError:
        # Malformed before the root element: feedparser may still recover it, but its fallbacks must not
        # meet an entity declaration, so look for one in the prolog.
        root = _ELEMENT_START.search(body)
        if _ENTITY_DECL.search(body[: root.start()] if root else body):
            raise FeedParseError("refused: malformed XML with entity declarations") from None


def _mime(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    mime, _, params = content_type.partition(";")
    m = re.search(r"charset\s*=\s*\"?([^\";\s]+)", params, re.I)
    return mime.strip().lower(), (m.group(1) if m else None)


def _looks_like_json(body: bytes) -> bool:
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def parse_feed(
    body: bytes, *, feed_url: str, content_type: str | None = None, source_name: str | None = None
) -> ParsedFeed:
    """Parse a feed body; raise FeedParseError when it is not a readable feed."""
    if not body.strip():
        raise FeedParseError("empty body")
    mime, charset = _mime(content_type)
    if mime in JSON_FEED_TYPES or _looks_like_json(body):
        return _parse_json_feed(body, charset, feed_url=feed_url, source_name=source_name)
    return _parse_xml_feed(body, mime, charset, feed_url=feed_url, source_name=source_name)


# --- XML (RSS, RDF, Atom) -----------------------------------------------------------------------


def _detail_text(value: str | None, detail: dict[str, Any] | None) -> str:
    if not value:
        return ""
    kind = (detail or {}).get("type", "text/html")
    return html_to_text(value) if any(t in kind for t in _HTML_TYPES) else squash(value)


def _struct_to_utc(t: time.struct_time | None) -> datetime | None:
    if not t:
        return None
    try:  # feedparser normalises dates to UTC struct_time
        return datetime.fromtimestamp(calendar.timegm(t), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def entry_to_item(e: Any, feed_url: str, source: str | None, *, summary: str, published: datetime | None) -> FeedItem:
    """A feedparser-shaped entry (feedparser's own, or another parser's with the same keys) as a FeedItem;
    the summary and date are given because parsers name and normalise them differently."""
    content = ""
    for c in e.get("content") or ():
        if text := _detail_text(c.get("value"), c):
            content = text
            break
    author = (e.get("author_detail") or {}).get("name") or e.get("author") or None
    return FeedItem(
        feed_url=feed_url,
        guid=e.get("id") or None,
        url=e.get("link") or None,
        title=_detail_text(e.get("title"), e.get("title_detail")),
        summary=summary,
        content=content,
        published=published,
        author=author,
        source=source,
    )


def _parse_xml_feed(
    body: bytes, mime: str, charset: str | None, *, feed_url: str, source_name: str | None
) -> ParsedFeed:
    utf8 = xml_to_utf8(body, charset)
    _reject_entities_utf8(utf8)
    # feedparser gets the bytes the check saw, labelled UTF-8 so it does not decode them a second way.
    headers = {"content-location": feed_url, "content-type": f"{mime or 'application/xml'}; charset=utf-8"}
    # A file object, not bytes: given bytes, feedparser first tries them as a local *file name*.
    try:
        d = feedparser.parse(io.BytesIO(utf8), response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    except Exception as e:  # its loose parser trips on some hostile input (e.g. ValueError on "&#1114112;")
        raise FeedParseError(f"unreadable feed: {type(e).__name__}: {e}") from None
    if not d.entries:
        if d.bozo:
            raise FeedParseError(f"malformed feed, no entries recovered: {d.get('bozo_exception')}")
        if not d.get("version"):
            raise FeedParseError("not an RSS, Atom or JSON feed")
    title = _feed_title(_detail_text(d.feed.get("title"), d.feed.get("title_detail")))
    source = source_name or title
    items = (
        entry_to_item(
            e,
            feed_url,
            source,
            summary=_detail_text(e.get("summary"), e.get("summary_detail")),
            published=_struct_to_utc(e.get("published_parsed") or e.get("updated_parsed")),
        )
        for e in d.entries
    )
    return ParsedFeed(title=title, items=_kept(items), format=d.get("version") or "")


def _has_substance(item: FeedItem) -> bool:
    return bool(item.url or item.guid or item.title or item.summary or item.content)


def _feed_title(title: str) -> str | None:
    return cut(title, FEED_TITLE_MAX_CHARS) or None


def _kept(items: Iterable[FeedItem]) -> list[FeedItem]:
    """The items worth storing, each field within its limit (bot.feeds.limits)."""
    return [bound_item(i)[0] for i in items if _has_substance(i)]


# --- JSON Feed -----------------------------------------------------------------------------------


def _json_date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        dt = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return (dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt).astimezone(UTC)


def _json_author(obj: dict[str, Any]) -> str | None:
    authors = obj.get("authors")
    candidates = authors if isinstance(authors, list) else [obj.get("author")]  # 1.1 list, 1.0 object
    for a in candidates:
        name = a.get("name") if isinstance(a, dict) else None
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _parse_json_feed(body: bytes, charset: str | None, *, feed_url: str, source_name: str | None) -> ParsedFeed:
    try:
        doc = json.loads(decode_body(body, charset or "utf-8"))
    except (json.JSONDecodeError, RecursionError) as e:
        raise FeedParseError(f"invalid JSON: {e}") from None
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise FeedParseError("JSON body is not a JSON Feed (no jsonfeed.org version)")
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        raise FeedParseError("JSON Feed has no items list")
    title = _feed_title(squash(_str(doc.get("title"))))
    source = source_name or title
    base = _str(doc.get("feed_url")) or feed_url
    items: list[FeedItem] = []
    for it in raw_items:
        if not isinstance(it, dict):
            continue
        guid = it.get("id")
        link = _str(it.get("url")) or _str(it.get("external_url"))
        content = squash(_str(it.get("content_text"))) or html_to_text(_str(it.get("content_html")))
        item = FeedItem(
            feed_url=feed_url,
            guid=str(guid) if guid not in (None, "") else None,
            url=urljoin(base, link) if link else None,
            title=squash(_str(it.get("title"))),
            summary=squash(_str(it.get("summary"))),
            content=content,
            published=_json_date(it.get("date_published") or it.get("date_modified")),
            author=_json_author(it) or _json_author(doc),
            source=source,
        )
        items.append(item)
    fmt = "json" + version.rstrip("/").rsplit("/", 1)[-1].replace(".", "")
    return ParsedFeed(title=title, items=_kept(items), format=fmt)
