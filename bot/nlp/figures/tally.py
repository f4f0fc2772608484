"""Vote tallies: "The bill passed 61-15" is two figures, the votes in favor and the votes against."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.models import Figure
from bot.nlp.lexicon.quantities import TALLY_LEMMAS, TALLY_MAX
from bot.nlp.numbers import DIGITS


def tally_figure(doc: Doc, run: list[Token]) -> Figure | None:
    """``vote_tally``: "The bill passed 61-15", "approved by a vote of 7 to 2": each side of a vote's tally is a
    figure, the first the votes in favor, the second the votes against (a score, "won 3-1", has no vote in its
    sentence and stays out, as ``tally`` and ``hyphen_compound`` leave it)."""
    if len(run) != 1 or not DIGITS.match(run[0].text):
        return None
    t = run[0]
    if (side := vote_tally_side(t)) is None:
        return None
    value = float(t.text.replace(",", ""))
    return Figure(text=t.text, value=value, counts=f"votes {side}", unit="votes", sentence=t.sent.text.strip())


def vote_tally_side(t: Token) -> str | None:
    """ "in favor" or "against" when ``t`` is a side of a tally in a sentence about a vote (``TALLY_LEMMAS``)."""
    side = _tally_side(t.doc, t.i) if DIGITS.match(t.text) else None
    if side is None or not any(u.lemma_.lower() in TALLY_LEMMAS for u in t.sent):
        return None
    return side


def _tally_side(doc: Doc, i: int) -> str | None:
    """ "in favor" when the number at ``i`` opens a tally "N-M" / "N to M", "against" when it closes one."""

    def joined(a: int) -> bool:  # tokens a, a+1, a+2 are number, link, number: "61-15" unspaced, or "61 to 15"
        if a < 0 or a + 2 >= len(doc) or not (DIGITS.match(doc[a].text) and DIGITS.match(doc[a + 2].text)):
            return False
        link = doc[a + 1]
        dash = link.text in {"-", "–"} and not doc[a].whitespace_ and not link.whitespace_
        if not (dash or link.lower_ == "to"):
            return False
        # not a range ("from 61 to 15", "ages 12 to 17") nor an order number ("No. 2020-68")
        before = doc[a - 1].lower_ if a > 0 else ""
        high = max(float(doc[x].text.replace(",", "")) for x in (a, a + 2))
        return before not in {"from", "between", "ages", "no.", "number"} and high <= TALLY_MAX

    if joined(i):
        return "in favor"
    if joined(i - 2):
        return "against"
    return None

