"""One- or two-sentence summaries taken from the article's lede.

News leads with its main point, so the summary is the first one or two whole sentences of the first
paragraph that is prose: datelines ("WASHINGTON –", "(CNN) —"), bylines, all-caps headline lines,
promotional lines and table rows are skipped, a paragraph that is only a quotation is used only if
nothing else is left, and a sentence is never cut nor left with an unbalanced quotation mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span

from bot.nlp.document import LEDE_START, WIRE_TAG, ArticleDoc

MAX_CHARS = 300
_TOLERANCE = 1.2  # a lede sentence up to 20% over MAX_CHARS beats falling back to a later one

# "WASHINGTON –", "NEW ORLEANS —", "ATLANTA (AP) —", "(CNN) —", "Washington, D.C. –",
# "SEOUL/BARCELONA, Spain ―", "May 11, 4:13 p.m. --", "WASHINGTON, Aug. 29, 2012-"
_DATELINE = re.compile(r"^(?P<head>[^\n–—―]{1,70}?)\s*(?:--|[–—―]|\s-\s|(?<=\d)-(?=[A-Z]))\s*")
# "(CNN)A suspect …": a wire service's tag run into the lede with no dash after it
_WIRE_TAG = re.compile(rf"^{WIRE_TAG}\s*{LEDE_START}")
_HEAD_WORD = re.compile(r"^[(\[]*(?:[A-Z0-9]|a\.m\.|p\.m\.|de|of|and)")
_METADATA = re.compile(r"^\s*(?:date|updated|published|posted)[:\s]+\d{4}-\d{2}-\d{2}\S*\s+", re.I)
_BULLET = re.compile(r"^\s*[•·▪*]\s*")
_BYLINE = re.compile(r"^(?:By|BY)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and)\s.*)?$")
_PROMO = re.compile(
    r"\b(?:click here|sign up|subscribe|newsletter|read more|follow us|download the|get the .{0,20}app|"
    r"contributed to this report|all rights reserved|advertisement)\b",
    re.I,
)
_SPEAKER_LABEL = re.compile(r"^[A-Z][A-Z .'’-]{1,30}:\s")  # "MODERATOR: ..." transcript turns
_OPEN_QUOTES = "“\"«"


def summarize(adoc: ArticleDoc, max_chars: int = MAX_CHARS) -> str:
    """The article's first one or two complete sentences of prose, at most ``max_chars`` when possible."""
    # prefer narrative paragraphs to ones that open with a quotation (epigraphs, statements): the first
    # narrative one that serves is the summary, and the paragraphs after it need not be read
    narrative: list[list[str]] = []
    quoted: list[list[str]] = []
    for sentences in _candidates(adoc):
        if sentences[0][0] in _OPEN_QUOTES:
            quoted.append(sentences)
            continue
        narrative.append(sentences)
        if (lede := _lede(sentences, max_chars)) is not None:
            return lede
    for sentences in quoted:
        if (lede := _lede(sentences, max_chars)) is not None:
            return lede
    # only overlong sentences: a headline is a better summary than a cut sentence
    if adoc.title is not None and adoc.title.text.strip():
        return adoc.title.text.strip()
    return min((s[0] for s in narrative + quoted), key=len, default="")


def _candidates(adoc: ArticleDoc) -> Iterator[list[str]]:
    """The whole sentences of each prose paragraph, in order (``_paragraph_sentences``), but for paragraphs
    inside a multi-paragraph quotation (the speaker's words)."""
    open_quote = False
    for text, sents in zip(adoc.paragraph_texts, adoc.sentences, strict=True):
        inside = open_quote
        open_quote = _quote_open_after(text, open_quote)
        if not inside:
            sentences = _paragraph_sentences(text, sents)
            if sentences:
                yield sentences


def _lede(sentences: list[str], max_chars: int) -> str | None:
    """A paragraph's first sentence, with the second when both fit in ``max_chars``; None when the first is
    overlong (more than ``_TOLERANCE`` times ``max_chars``)."""
    first = sentences[0]
    if len(first) > max_chars * _TOLERANCE:
        return None
    if len(sentences) > 1 and len(first) + 1 + len(sentences[1]) <= max_chars:
        return f"{first} {sentences[1]}"
    return first


def _quote_open_after(text: str, was_open: bool) -> bool:
    """Whether a quotation is still open after this paragraph. A quotation spanning paragraphs
    reopens each one with a mark and closes only in the last; some texts drop the reopening marks."""
    stripped = _BULLET.sub("", text).lstrip()
    curly_open, curly_close, straight = text.count("“"), text.count("”"), text.count('"')
    if not was_open or stripped[:1] in _OPEN_QUOTES:
        return curly_open > curly_close or straight % 2 == 1
    return not (curly_close > curly_open or straight % 2 == 1)


def _paragraph_sentences(text: str, sents: list[Span]) -> list[str]:
    """Whole sentences of a prose paragraph (its text and its parsed sentences) with quotation marks
    balanced; [] for non-prose lines."""
    if _skip_paragraph(text):
        return []
    offset = lede_prefix_len(text)
    pieces = [text[max(s.start_char, offset) : s.end_char].strip() for s in sents if s.end_char > offset]
    out: list[str] = []
    pending = ""
    for piece in pieces:
        if not piece:
            continue
        pending = f"{pending} {piece}".strip() if pending else piece
        if _balanced(pending):
            out.append(pending)
            pending = ""
        elif pending.count(" ") > 120:  # a quotation that never closes in this paragraph
            pending = ""
    return [s for s in out if _is_sentence(s)]


def _skip_paragraph(text: str) -> bool:
    stripped = _BULLET.sub("", text).strip()
    words = stripped.split()
    if len(words) < 6 or "|" in stripped:
        return True  # subheadings, captions, table rows
    letters = list(filter(str.isalpha, stripped))
    if letters and sum(map(str.isupper, letters)) / len(letters) > 0.7:
        return True  # all-caps headline or promo line
    if _BYLINE.match(stripped) or _PROMO.search(stripped) or _SPEAKER_LABEL.match(stripped):
        return True
    return stripped.endswith(":")  # "... issued the following statement:" introduces, does not summarise


def lede_prefix_len(text: str) -> int:
    """Length of a leading bullet, metadata stamp or dateline to drop."""
    n = 0
    for rx in (_BULLET, _METADATA):
        m = rx.match(text, n)
        if m:
            n = m.end()
    m = _DATELINE.match(text[n:])
    if m and _is_dateline(m.group("head"), text[n + m.end():]):
        n += m.end()
    elif tag := _WIRE_TAG.match(text[n:]):
        n += tag.end()
    return n


def _is_dateline(head: str, rest: str) -> bool:
    """'WASHINGTON', '(CNN)', 'Washington, D.C.', 'May 11, 4:13 p.m.' -- not 'US President Jo Bell – who'."""
    words = head.replace("/", " ").split()
    if not words or not all(_HEAD_WORD.match(w) for w in words) or not rest[:1].isupper() and rest[:1] not in "“\"":
        return False
    first = words[0].strip("()")
    return head.startswith("(") or "," in head or any(c.isdigit() for c in head) or (first.isupper() and len(first) > 2)


def _balanced(s: str) -> bool:
    return s.count("“") == s.count("”") and s.count('"') % 2 == 0 and s.count("«") == s.count("»")


def _is_sentence(s: str) -> bool:
    return len(s.split()) >= 4 and s[-1] in ".!?”\"’)"
