"""Bytes → str with the right charset, and HTML fragments → plain paragraphs."""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import lxml.etree
import lxml.html

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _try_decode(body: bytes, charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        codecs.lookup(charset)
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def decode_body(body: bytes, header_charset: str | None = None, *, html: bool = False) -> str:
    """Decode a response body: BOM, then the HTTP charset, then (HTML) a <meta charset>, then UTF-8,
    then charset-normalizer's guess. Never raises; undecodable bytes become U+FFFD as a last resort."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, "replace")
    text = _try_decode(body, header_charset)
    if text is None and html and (m := _META_CHARSET.search(body[:4096])):
        text = _try_decode(body, m.group(1).decode("ascii"))
    if text is None:
        text = _try_decode(body, "utf-8")
    if text is None:
        best = charset_normalizer.from_bytes(body).best()
        text = str(best) if best is not None else body.decode("utf-8", "replace")
    return text


_BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
        "table", "tr", "section", "article", "header", "footer", "aside", "figure", "figcaption", "hr", "address",
        "details", "summary", "main", "nav",
    }
)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object")
_PARA_BREAK = re.compile(r"\n\s*\n")


def squash(text: str) -> str:
    """Collapse whitespace inside paragraphs; paragraphs stay separated by one blank line."""
    paras = (" ".join(p.split()) for p in _PARA_BREAK.split(text))
    return "\n\n".join(p for p in paras if p)


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment, one paragraph per block element (the NLP splits on blank lines)."""
    if "<" not in html and "&" not in html:
        return squash(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return squash(re.sub(r"<[^>]*>", " ", html))
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCK_TAGS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    return squash(root.text_content())
