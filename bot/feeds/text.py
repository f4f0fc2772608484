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


# --- XML documents: every encoding feedparser reads, handed on as UTF-8 -------------------------------

# Labels as feeds write them, mapped to the wider codec browsers decode them with (WHATWG Encoding
# Standard): a page declared GB2312 is really GBK/GB18030, Shift_JIS is Windows-31J, EUC-KR is UHC
# (cp949), ISO-8859-1 is windows-1252. The declared codec is still tried when the wider one fails.
_WIDER = {
    "gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "shift_jis": "cp932", "euc_kr": "cp949",
    "iso8859-1": "cp1252",
}
_LABELS = {  # labels Python's codecs do not know
    "x-gbk": "gbk", "windows-31j": "cp932", "x-sjis": "shift_jis", "csunicode": "utf-16", "ucs-2": "utf-16",
    "iso-10646-ucs-2": "utf-16", "ucs-4": "utf-32", "iso-10646-ucs-4": "utf-32", "csucs4": "utf-32",
}
_XML_DECL = re.compile(r"^<\?xml[^>]*?\?>")
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_UTF8_DECL = '<?xml version="1.0" encoding="utf-8"?>'
_GUESS_BYTES = 256 * 1024  # charset-normalizer reads this much of an undeclared document


def _codecs_for(label: str | None) -> list[str]:
    """The codecs to try for a declared label, the wider one first; [] for an unknown label."""
    if not label:
        return []
    label = label.strip().lower()
    try:
        name = codecs.lookup(_LABELS.get(label, label)).name
    except LookupError:
        return []
    return [_WIDER[name], name] if name in _WIDER else [name]


def _sniff_wide(body: bytes) -> tuple[str | None, int]:
    """(codec, BOM length) for UTF-32/UTF-16/UTF-8 with a BOM, UTF-16/32 without one (XML starts with ASCII
    markup, so every other byte of its head is NUL: XML 1.0 appendix F), or EBCDIC; (None, 0) otherwise."""
    if body[:4] in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE):
        return ("utf-32-le" if body[:4] == codecs.BOM_UTF32_LE else "utf-32-be"), 4
    if body[:3] == codecs.BOM_UTF8:
        return "utf-8", 3
    if body[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return ("utf-16-le" if body[:2] == codecs.BOM_UTF16_LE else "utf-16-be"), 2
    if body[:4] == b"\x00\x00\x00<":
        return "utf-32-be", 0
    if body[:4] == b"<\x00\x00\x00":
        return "utf-32-le", 0
    head = body[:64]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if len(head) >= 8 and max(even, odd) >= len(head) // 4 and min(even, odd) == 0:
        return ("utf-16-be" if even else "utf-16-le"), 0
    if body[:4] == b"\x4c\x6f\xa7\x94":  # "<?xm" in EBCDIC: the declaration names the code page
        return "cp037", 0
    return None, 0


def _declared_encoding(body: bytes, reader: str | None) -> str | None:
    """The encoding named in the XML declaration, read in ``reader`` (None: ASCII-compatible)."""
    head = body[:512]
    if reader:
        head = head.decode(reader, "replace").encode("ascii", "replace")
    m = _XML_ENCODING.match(head)
    return m.group(1).decode("ascii") if m else None


def _guess(body: bytes) -> str | None:
    """charset-normalizer's guess from the head of the document, cut at a line end so no character is split.
    Between equally good guesses, windows-1252: the web's default for text that names no charset (WHATWG),
    where Latin text without a label mostly comes from (short text scores cp1250 and cp1252 the same)."""
    head = body[:_GUESS_BYTES]
    if len(body) > _GUESS_BYTES and (cut := head.rfind(b"\n")) > 0:
        head = head[:cut]
    matches = charset_normalizer.from_bytes(head)
    best = matches.best()
    if best is None:
        return None
    for m in matches:
        if (m.chaos, m.coherence) == (best.chaos, best.coherence) and "cp1252" in m.could_be_from_charset:
            return "cp1252"
    return best.encoding


def decode_xml(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """(text, codec) of an XML document in any encoding feedparser reads, or one that names none.

    Order: a BOM or the UTF-16/32 byte pattern (unambiguous), the HTTP charset (RFC 7303 puts it above the
    document's own declaration), the XML declaration, UTF-8; the first that decodes cleanly wins. When the
    document declares nothing and is not UTF-8, charset-normalizer guesses (feedparser alone would fall
    back to windows-1252: mojibake). Never raises: undecodable bytes become U+FFFD as a last resort."""
    wide, bom = _sniff_wide(body)
    if wide and wide != "cp037":  # the byte width is certain; a declared "utf-16" says nothing more
        return body[bom:].decode(wide, "replace"), wide
    declared = _declared_encoding(body, wide)
    candidates = [*_codecs_for(header_charset), *_codecs_for(declared), wide or "utf-8"]
    if not header_charset and not declared and not wide:
        candidates.append(_guess(body) or "cp1252")
    tried: list[str] = []
    for codec in candidates:
        if codec in tried:
            continue
        tried.append(codec)
        try:
            return body.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    fallback = _guess(body) or candidates[0]
    return body.decode(fallback, "replace"), fallback


def xml_to_utf8(body: bytes, header_charset: str | None = None) -> bytes:
    """The document as UTF-8 with a declaration saying so, for parsers that must agree on what they read."""
    text, codec = decode_xml(body, header_charset)
    declared = _declared_encoding(body, None)
    if codec == "utf-8" and (declared is None or _codecs_for(declared) == ["utf-8"]) \
            and not body.startswith(codecs.BOM_UTF8):
        return body  # already so (most feeds): no copy of a large body
    text = text.removeprefix("\ufeff")
    text = _XML_DECL.sub(_UTF8_DECL, text, count=1) if text.startswith("<?xml") else f"{_UTF8_DECL}\n{text}"
    return text.encode("utf-8", "replace")


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
