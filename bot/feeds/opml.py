"""OPML, the subscription list every feed reader imports and exports: read with ``listparser`` (maintained,
made for it) behind the same defused-XML guard as feeds, written with ElementTree.

A malformed file or one that declares entities is refused whole, with one line saying why: an import either
reads the entire list or changes nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

import listparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from bot.feeds.parse import FeedParseError, reject_entity_declarations
from bot.feeds.text import xml_to_utf8
from bot.storage.rows import FeedRow

MAX_OPML_BYTES = 5_000_000


class OpmlError(ValueError):
    """The file is not an OPML list we read; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    url: str
    title: str | None


def parse_opml(body: bytes) -> list[OpmlFeed]:
    """The http(s) feeds an OPML file lists (nested outlines too), each once, in order.

    >>> parse_opml(b'<opml version="2.0"><body><outline text="Wire" xmlUrl="https://wire.example/rss"/></body></opml>')
    [OpmlFeed(url='https://wire.example/rss', title='Wire')]
    """
    if len(body) > MAX_OPML_BYTES:
        raise OpmlError(f"the file is larger than {MAX_OPML_BYTES:,} bytes")
    try:
        reject_entity_declarations(body)  # XML bombs and external entities: refused before any parsing
        utf8 = xml_to_utf8(body)
        root = fromstring(utf8, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except FeedParseError as e:
        raise OpmlError(str(e).removeprefix("refused: ")) from None
    except (ET.ParseError, DefusedXmlException) as e:
        raise OpmlError(f"not well-formed XML ({' '.join(str(e).split())})") from None
    if root.tag.rsplit("}", 1)[-1].lower() != "opml":
        raise OpmlError(f"not an OPML file (its root element is <{root.tag}>, not <opml>)")
    parsed = listparser.parse(utf8)
    if parsed.bozo:
        raise OpmlError(f"not a readable OPML list ({' '.join(str(parsed.bozo_exception).split())})")
    seen: dict[str, OpmlFeed] = {}
    for f in parsed.feeds:
        url = (f.url or "").strip()
        if url.startswith(("http://", "https://")) and url not in seen:
            seen[url] = OpmlFeed(url, " ".join((f.title or "").split())[:200] or None)
    return list(seen.values())


def export_opml(feeds: Sequence[FeedRow], title: str = "newsbot feeds") -> bytes:
    """An OPML 2.0 document listing ``feeds`` (name, URL), as feed readers import it."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(opml, "body")
    for f in feeds:
        name = f.name or f.title or f.url
        ET.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=f.url)
    ET.indent(opml)
    return ET.tostring(opml, encoding="utf-8", xml_declaration=True) + b"\n"
