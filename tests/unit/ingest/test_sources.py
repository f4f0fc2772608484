"""bot/sources.py: the encodings of files a person hands newsbot, and bounded JSON Lines reading."""

from __future__ import annotations

import io
import json

import pytest

from bot.ingest.sources import SourceError, decode_text, jsonl_lines
from tests.samples import ARTICLE

LATIN1_ARTICLE = ARTICLE.replace("\u201c", '"').replace("\u201d", '"')


@pytest.mark.parametrize("encoding, text", [
    ("utf-8", ARTICLE), ("utf-8-sig", ARTICLE), ("utf-16", ARTICLE), ("utf-16-le", ARTICLE), ("utf-16-be", ARTICLE),
    ("utf-32", ARTICLE), ("cp1252", ARTICLE), ("latin-1", LATIN1_ARTICLE),
    ("latin-1", "Peña"),  # too short for a guess: a few high bytes in ASCII are Western letters
    ("cp1252", "El alcalde dijo: «Estamos listos» — y añadió que la ciudad abrirá dos refugios… ¿Por qué?"),
    ("cp1250", "Ministerstwo spraw wewnętrznych ogłosiło nowe zasady dla cudzoziemców, którzy przyjeżdżają."),
    ("cp1251", "Министерство внутренних дел объявило новые правила для мигрантов, прибывающих в страну."),
    ("shift_jis", "入国管理局は新しい規則を発表しました。移民の数は増えています。"),
])
def test_common_encodings_decode_to_the_text(encoding: str, text: str) -> None:
    assert decode_text(text.encode(encoding)) == text


def test_binary_data_is_not_text() -> None:
    with pytest.raises(SourceError):
        decode_text(b"%PDF-1.4\x00\x01\x02\xff\xfe\x00\x00binary\x00\x00\x07")


def test_jsonl_encoding_is_chosen_from_the_whole_start_not_the_first_line() -> None:
    lines = [{"id": "a", "text": "plain ASCII"}, {"id": "b", "text": LATIN1_ARTICLE}]
    data = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in lines).encode("latin-1")
    got = [json.loads(line.text or "") for line in jsonl_lines(io.BytesIO(data), 1 << 20)]
    assert got == lines


def test_jsonl_long_line_is_skipped_in_pieces() -> None:
    data = b'{"id": 1, "text": "' + b"x" * 300_000 + b'"}\n{"id": 2, "text": "y"}\n'
    got = list(jsonl_lines(io.BytesIO(data), 1000))
    assert got[0].text is None and got[0].error and "1000-byte cap" in got[0].error
    assert got[1].number == 2 and json.loads(got[1].text or "") == {"id": 2, "text": "y"}
