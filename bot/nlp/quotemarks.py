"""Quotation-mark spans in one paragraph, found on characters (the parser does not pair marks).

Handles straight and curly double marks, curly single marks and straight single marks used as
quotes (not apostrophes), a quotation nested in another (skipped: it belongs to the outer one),
a paragraph that opens a quotation it never closes, the common typo of an opening mark used
as the closing one (‘… beyond, “said X’), and mixed marks (“We will reopen," … "It takes time.”: a
curly quotation closed by a straight mark after punctuation, a straight one closed by a curly mark).
Marks pair within one paragraph only: the caller passes a paragraph's text.
"""

from __future__ import annotations

from dataclasses import dataclass

_CLOSE_BEFORE = ",.;:!?—–-"


@dataclass(slots=True)
class MarkSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    closed: bool = True  # False when the paragraph ends inside the quotation
    opened: bool = True  # False for text before a stray closing mark (a quotation begun earlier)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _closes(prev: str, nxt: str) -> bool:
    """A straight mark shaped like a closing one: against the end of a word or sentence ("…assist.\"")
    and not the start of one. A digit before it is an inch mark (5'10\"), not speech."""
    return (prev.isalpha() or prev in _CLOSE_BEFORE) and not _is_word(nxt)


def _continues(text: str, i: int) -> bool:
    """An opening mark at ``i`` after a finished sentence and a space, before a capital: the next paragraph
    of a quotation, not a closing mark typed the wrong way (which follows a comma and precedes "said")."""
    before = text[:i]
    return before[-1:].isspace() and before.rstrip()[-1:] in ".?!" and text[i + 1 : i + 2].isupper()


def find_marks(text: str) -> list[MarkSpan]:
    """Top-level quotation spans of ``text``, in order."""
    spans: list[MarkSpan] = []
    n = len(text)
    open_at = -1  # index of the opening mark of the current top-level quotation
    kind = ""  # "d" double curly, "s" straight double, "q" curly single, "a" straight single
    nested = ""  # the closing character awaited by a nested quotation
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if open_at >= 0 and nested:
            if ch == nested and not (nested in "’'" and _is_word(nxt)):
                nested = ""
            continue
        if ch == "“":
            if open_at < 0:
                open_at, kind = i, "d"
            elif kind in "ds" and _continues(text, i) and i > open_at + 1:
                # paragraph_continuation_in_one_block: “A. “B …” – a quotation running over paragraphs opens
                # each with a mark and closes only the last; with the breaks lost, each opening ends the one
                # before and begins the next
                spans.append(MarkSpan(open_at + 1, i, closed=False))
                open_at, kind = i, "d"
            elif kind in "ds" and text[:i].rstrip()[-1:] in _CLOSE_BEFORE and i > open_at + 1:
                spans.append(MarkSpan(open_at + 1, i))  # an opening mark typed where a closing one belongs
                open_at = -1
            else:
                nested = "”"
        elif ch == "”":
            if open_at >= 0 and kind in "ds":
                spans.append(MarkSpan(open_at + 1, i))
                open_at = -1
            elif open_at < 0 and not spans:
                spans.append(MarkSpan(0, i, opened=False))  # closes a quotation begun in an earlier paragraph
        elif ch == '"':
            if open_at < 0 and not spans and _closes(prev, nxt):
                spans.append(MarkSpan(0, i, opened=False))  # as ” above: a quotation begun in an earlier paragraph
            elif open_at < 0:
                open_at, kind = i, "s"
            elif kind == "s" and prev.isspace() and _is_word(nxt) and text[:i].rstrip()[-1:] not in _CLOSE_BEFORE:
                # shaped like an opening mark after a word: a quotation inside this one ('a "lack of
                # imagination"'); after a comma it is the closing mark typed with a space (', "said X')
                nested = '"'
            elif kind == "s":
                spans.append(MarkSpan(open_at + 1, i))
                open_at = -1
            elif kind == "d" and _closes(prev, nxt) and text[:i].rstrip()[-1:] in _CLOSE_BEFORE + "”’'":
                # mixed_quote_marks: “We will reopen," – a curly quotation closed by a straight mark after
                # its last word's punctuation, as editors' retyping leaves it
                spans.append(MarkSpan(open_at + 1, i))
                open_at = -1
            elif kind == "d":
                nested = '"'
        elif ch == "‘":
            if open_at < 0:
                open_at, kind = i, "q"
            else:
                nested = "’"
        elif ch == "’":
            if open_at >= 0 and kind == "q" and not _is_word(nxt):
                spans.append(MarkSpan(open_at + 1, i))
                open_at = -1
        elif ch == "'":
            if open_at < 0 and not _is_word(prev) and _is_word(nxt):
                open_at, kind = i, "a"
            elif open_at >= 0 and kind == "a" and not _is_word(nxt) and not prev.isspace():
                spans.append(MarkSpan(open_at + 1, i))
                open_at = -1
            elif open_at >= 0 and kind in "ds" and not _is_word(prev) and _is_word(nxt):
                nested = "'"
    if open_at >= 0 and kind in "ds":
        spans.append(MarkSpan(open_at + 1, n, closed=False))
    return [s for s in spans if text[s.start : s.end].strip()]
