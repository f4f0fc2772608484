"""Quotation-mark spans in one paragraph, found on characters (the parser does not pair marks).

Handles straight and curly double marks, curly single marks and straight single marks used as
quotes (not apostrophes), a quotation nested in another (skipped: it belongs to the outer one),
a paragraph that opens a quotation it never closes, the common typo of an opening mark used
as the closing one (‘… beyond, “said X’), and mixed marks (“We will reopen," … "It takes time.”: a
curly quotation closed by a straight mark after punctuation, a straight one closed by a curly mark).
Marks pair within one paragraph only: the caller passes a paragraph's text. Each mark character has its
ordered named rules (``MARK_RULES``) over one ``MarkScan``; the first that applies decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

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


@dataclass(slots=True)
class MarkScan:
    """One paragraph's scan for quotation marks: what the mark rules read and change.

    ``kind`` names the open quotation's marks: "d" double curly, "s" straight double, "q" curly single,
    "a" straight single. ``nested`` is the closing character awaited by a quotation inside the open one."""

    text: str
    spans: list[MarkSpan] = field(default_factory=list)
    open_at: int = -1  # index of the opening mark of the current top-level quotation
    kind: str = ""
    nested: str = ""
    i: int = 0  # the mark being read
    prev: str = " "  # the character before it
    nxt: str = " "  # the character after it

    def at(self, i: int) -> None:
        """Read the mark at ``i``."""
        self.i = i
        self.prev = self.text[i - 1] if i else " "
        self.nxt = self.text[i + 1] if i + 1 < len(self.text) else " "

    def before(self) -> str:
        """The last non-blank character before the mark."""
        return self.text[: self.i].rstrip()[-1:]

    def open(self, kind: str) -> bool:
        self.open_at, self.kind = self.i, kind
        return True

    def close(self) -> bool:
        self.spans.append(MarkSpan(self.open_at + 1, self.i))
        self.open_at = -1
        return True

    def nest(self, closer: str) -> bool:
        self.nested = closer
        return True


MarkRule = Callable[[MarkScan], bool]


def nested_quotation_ends(s: MarkScan) -> bool:
    """``nested_quotation``: inside “She said ‘no way’ twice”, the inner quotation belongs to the outer one;
    every mark is skipped until the inner closing mark (not an apostrophe: ‘don’t’ goes on)."""
    if s.open_at < 0 or not s.nested:
        return False
    if s.text[s.i] == s.nested and not (s.nested in "’'" and _is_word(s.nxt)):
        s.nested = ""
    return True


def curly_opens(s: MarkScan) -> bool:
    """“We are ready” — a curly opening mark outside any quotation opens one."""
    return s.open_at < 0 and s.open("d")


def paragraph_continuation_in_one_block(s: MarkScan) -> bool:
    """“The fares stay. “The buses run …” — a quotation running over paragraphs opens each with a mark
    and closes only the last; with the breaks lost, each opening ends the one before and begins the next.
    The same with straight marks ('"The fares stay. "The buses run …"'): a closing straight mark follows
    its punctuation at once, so one after a sentence end and a space opens the next paragraph."""
    if not (s.kind in "ds" and _continues(s.text, s.i) and s.i > s.open_at + 1):
        return False
    s.spans.append(MarkSpan(s.open_at + 1, s.i, closed=False))
    return s.open(s.kind)


def opening_mark_as_closing(s: MarkScan) -> bool:
    """‘… we did the work, “said Tova Brill’ — an opening mark typed where a closing one belongs, after
    the punctuation that ends the quoted words."""
    return s.kind in "ds" and s.before() in _CLOSE_BEFORE and s.i > s.open_at + 1 and s.close()


def curly_nested(s: MarkScan) -> bool:
    """“They wrote “never” on it” — any other curly opening mark inside a quotation nests in it."""
    return s.nest("”")


def curly_closes(s: MarkScan) -> bool:
    """“We are ready” — a curly closing mark closes a double quotation."""
    return s.open_at >= 0 and s.kind in "ds" and s.close()


def closes_earlier_paragraph(s: MarkScan) -> bool:
    """``quotation_from_earlier_paragraph``: ‘and we will stay.” Oren Vale said.’ — a closing mark first in
    a paragraph ends a quotation begun in an earlier paragraph."""
    if s.open_at >= 0 or s.spans:
        return False
    s.spans.append(MarkSpan(0, s.i, opened=False))
    return True


def straight_closes_earlier_paragraph(s: MarkScan) -> bool:
    """'and we will stay." Oren Vale said.' — as ``closes_earlier_paragraph``, for a straight mark shaped
    like a closing one."""
    return s.open_at < 0 and not s.spans and _closes(s.prev, s.nxt) and closes_earlier_paragraph(s)


def straight_opens(s: MarkScan) -> bool:
    """'"We are ready," she said' — a straight mark outside any quotation opens one."""
    return s.open_at < 0 and s.open("s")


def straight_nested(s: MarkScan) -> bool:
    """'"It shows a "lack of imagination" here"' — a straight mark shaped like an opening one after a word
    opens a quotation inside this one; after a comma it is the closing mark typed with a space (', "said X')."""
    return s.kind == "s" and s.prev.isspace() and _is_word(s.nxt) and s.before() not in _CLOSE_BEFORE and s.nest('"')


def straight_closes(s: MarkScan) -> bool:
    """'"We are ready," she said' — any other straight mark closes a straight quotation."""
    return s.kind == "s" and s.close()


def mixed_quote_marks(s: MarkScan) -> bool:
    """“We will reopen," Pia Lund said — a curly quotation closed by a straight mark after its last word's
    punctuation, as editors' retyping leaves it."""
    return s.kind == "d" and _closes(s.prev, s.nxt) and s.before() in _CLOSE_BEFORE + "”’'" and s.close()


def straight_nested_in_curly(s: MarkScan) -> bool:
    """“They wrote "never" on it” — any other straight mark inside a curly quotation nests in it."""
    return s.kind == "d" and s.nest('"')


def single_curly_opens(s: MarkScan) -> bool:
    """‘We are ready’ — a curly single opening mark outside any quotation opens one."""
    return s.open_at < 0 and s.open("q")


def single_curly_nested(s: MarkScan) -> bool:
    """“She said ‘no’ twice” — a curly single opening mark inside a quotation nests in it."""
    return s.nest("’")


def single_curly_closes(s: MarkScan) -> bool:
    """‘We are ready’ — a curly single closing mark not followed by a letter (not ‘don’t’) closes it."""
    return s.open_at >= 0 and s.kind == "q" and not _is_word(s.nxt) and s.close()


def apostrophe_opens(s: MarkScan) -> bool:
    """'We are ready' — a straight single mark before a word and after none opens a quotation; one inside a
    word ("Vale's") is an apostrophe."""
    return s.open_at < 0 and not _is_word(s.prev) and _is_word(s.nxt) and s.open("a")


def apostrophe_closes(s: MarkScan) -> bool:
    """'We are ready' — a straight single mark after a word and before none closes a single quotation."""
    return s.open_at >= 0 and s.kind == "a" and not _is_word(s.nxt) and not s.prev.isspace() and s.close()


def apostrophe_nested(s: MarkScan) -> bool:
    """ "She said 'no way' twice" — a straight single mark opening a word inside a double quotation nests."""
    return s.open_at >= 0 and s.kind in "ds" and not _is_word(s.prev) and _is_word(s.nxt) and s.nest("'")


# For each mark, in this order: the first rule that applies decides what the mark does.
MARK_RULES: dict[str, tuple[MarkRule, ...]] = {
    "“": (curly_opens, paragraph_continuation_in_one_block, opening_mark_as_closing, curly_nested),
    "”": (curly_closes, closes_earlier_paragraph),
    '"': (
        straight_closes_earlier_paragraph,
        straight_opens,
        paragraph_continuation_in_one_block,
        straight_nested,
        straight_closes,
        mixed_quote_marks,
        straight_nested_in_curly,
    ),
    "‘": (single_curly_opens, single_curly_nested),
    "’": (single_curly_closes,),
    "'": (apostrophe_opens, apostrophe_closes, apostrophe_nested),
}


# The characters ``MARK_RULES`` has rules for: the scan visits these only, not every character of the text.
_MARK_CHARS = re.compile("[" + re.escape("".join(MARK_RULES)) + "]")


def find_marks(text: str) -> list[MarkSpan]:
    """Top-level quotation spans of ``text``, in order (``MARK_RULES`` for each mark, a nested quotation first)."""
    s = MarkScan(text)
    for m in _MARK_CHARS.finditer(text):
        rules = MARK_RULES[m.group()]
        s.at(m.start())
        if nested_quotation_ends(s):
            continue
        any(rule(s) for rule in rules)
    if s.open_at >= 0 and s.kind in "ds":
        s.spans.append(MarkSpan(s.open_at + 1, len(text), closed=False))
    return [sp for sp in s.spans if text[sp.start : sp.end].strip()]
