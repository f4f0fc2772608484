"""What a person hands `newsbot extract` and `ingest`: a file, standard input or a page address.

Files obey the cap of HTTP bodies (``http.max_body_bytes``): they are read at most one byte past it, so a
50 MB file costs no more memory than a 5 MB one, and a blocking read stays interruptible (plain reads in
the main thread, where Ctrl-C raises at once). Bytes become text whatever their encoding: UTF-8 and UTF-16
(with or without BOM) by their marks, older single-byte encodings by charset-normalizer's guess, which on
mostly-English text cannot tell cp1252 from its neighbours: there cp1252, the usual one, wins ties.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, AnyStr, BinaryIO

import charset_normalizer

from bot.errors import NewsbotError

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = "cp1252"  # what "Latin-1" files from Windows editors are; a superset of Latin-1's printable range
_MULTIBYTE = ("big5", "gb", "hz", "shift_jis", "cp932", "cp949", "cp950", "euc", "johab", "iso2022")
_SAMPLE = 1 << 20  # bytes of a JSONL file looked at to choose its encoding


class SourceError(NewsbotError):
    """Input that cannot be used, worded for the person who gave it (one line)."""


def source_url(source: str) -> str | None:
    """``source`` when it is a page address (http or https), None for a file; SourceError for other schemes."""
    m = _SCHEME.match(source)
    if m is None:
        return None
    if m.group(1).lower() not in ("http", "https"):
        raise SourceError(f"unsupported scheme '{m.group(1)}': only http:// and https:// pages can be fetched "
                          "(save the file and give its path instead)")
    return source


def read_text(source: str | os.PathLike[str], max_bytes: int) -> str:
    """The text of a file (``-``: standard input), at most ``max_bytes`` of it; SourceError when larger,
    OSError when unreadable."""
    if str(source) == "-":
        return decode_text(_read_capped(sys.stdin.buffer, max_bytes, "standard input"))
    path = Path(source)
    size = path.stat().st_size
    if path.is_file() and size > max_bytes:  # refused without reading a byte
        raise SourceError(f"{path} is {size} bytes, over the {max_bytes}-byte cap (http.max_body_bytes)")
    with path.open("rb") as f:  # FIFOs and devices report no size: the read itself is bounded
        return decode_text(_read_capped(f, max_bytes, str(path)))


def _read_capped(stream: BinaryIO, max_bytes: int, name: str) -> bytes:
    body = stream.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise SourceError(f"{name} is over the {max_bytes}-byte cap (http.max_body_bytes)")
    return body


# ---------------------------------------------------------------- encodings
def decode_text(body: bytes) -> str:
    """``body`` as text in whatever common encoding it is; SourceError for binary data."""
    encoding = guess_encoding(body)
    if encoding is None:
        raise SourceError("not text: no known encoding fits its bytes")
    return body.decode(encoding, "replace")


def guess_encoding(body: bytes) -> str | None:
    """A codec name for ``body`` (which may be the start of a longer file), None when it looks binary."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    has_nul = b"\x00" in body
    if has_nul and (utf16 := _utf16_without_bom(body)):
        return utf16
    if not has_nul and _is_utf8(body):
        return "utf-8"
    return _legacy(body, has_nul)


def _utf16_without_bom(body: bytes) -> str | None:
    """UTF-16 of mostly-Latin text has a NUL in every other byte."""
    n = len(body) // 2
    if n == 0:
        return None
    even, odd = body[0:2 * n:2].count(0), body[1:2 * n:2].count(0)
    if odd > n * 0.3 and even < n * 0.05:
        return "utf-16-le"
    if even > n * 0.3 and odd < n * 0.05:
        return "utf-16-be"
    return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as e:
        # a sample may end inside a character
        return e.reason == "unexpected end of data" and e.start >= len(body) - 3
    return True


def _legacy(body: bytes, has_nul: bool) -> str | None:
    matches = [m for m in charset_normalizer.from_bytes(body)
               if has_nul or not m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        return None if has_nul else _WESTERN
    least = min(m.chaos for m in matches)
    if any(m.encoding == _WESTERN and m.chaos <= least + 0.01 for m in matches):
        return _WESTERN  # its neighbours (cp1250, hp_roman8, ...) often score higher on English text
    best = min(matches, key=lambda m: (m.chaos, -m.coherence))
    # A few high bytes in ASCII text (a short "Peña") are Western letters, not an East Asian encoding.
    if best.encoding.startswith(_MULTIBYTE) and sum(b < 0x80 for b in body) >= 0.7 * len(body):
        return _WESTERN
    return str(best.encoding)


# ---------------------------------------------------------------- JSON Lines
@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str | None  # None when the line could not be read
    error: str | None = None


def jsonl_lines(stream: BinaryIO, max_line_bytes: int) -> Iterator[Line]:
    """The lines of a JSON Lines stream in any common encoding (chosen once from its first megabyte), read
    one at a time; a line over ``max_line_bytes`` is reported and skipped without being held in memory."""
    head = stream.read(_SAMPLE)
    encoding = guess_encoding(head) or _WESTERN
    whole = io.BufferedReader(_Rewound(head, stream))
    if encoding.startswith(("utf-16", "utf-32")):
        text = io.TextIOWrapper(whole, encoding=encoding, errors="replace", newline="")
        yield from _lines(text.readline, "\n", max_line_bytes, lambda s: s)
    else:
        yield from _lines(whole.readline, b"\n", max_line_bytes, lambda b: _decode_line(b, encoding))


class _Rewound(io.RawIOBase):
    """``head``, already read from ``rest`` to choose the encoding, followed by the rest of ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data: bytes | memoryview = self._head[:len(buffer)]
        if data:
            self._head = self._head[len(data):]
        else:
            data = getattr(self._rest, "read1", self._rest.read)(len(buffer))  # what is there, not a full buffer
        buffer[:len(data)] = data
        return len(data)


def _decode_line(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return decode_text(raw)  # a line in another encoding than the start of the file


def _lines(readline: Callable[[int], AnyStr], newline: AnyStr, max_len: int,
           decode: Callable[[AnyStr], str]) -> Iterator[Line]:
    number = 0
    while line := readline(max_len + 1):
        number += 1
        if len(line) > max_len and not line.endswith(newline):
            while (rest := readline(1 << 16)) and not rest.endswith(newline):
                pass  # skip the rest of the line, a piece at a time
            yield Line(number, None, f"line {number}: longer than the {max_len}-byte cap (http.max_body_bytes)")
            continue
        try:
            yield Line(number, decode(line))
        except SourceError as e:
            yield Line(number, None, f"line {number}: {e}")


# ---------------------------------------------------------------- publication dates
def parse_published(value: str) -> datetime:
    """An ISO 8601 date or date-time as UTC (a time without offset is local time); ValueError otherwise."""
    when = datetime.fromisoformat(value.strip())
    return when.astimezone(UTC)


def clamp_to_now(when: datetime, now: datetime | None = None) -> tuple[datetime, bool]:
    """``when``, or now when it lies in the future (digests sort by date: a future one would stick on
    top); the flag says whether it was clamped."""
    now = now or datetime.now(UTC)
    return (now, True) if when > now else (when, False)
