"""A speaker as the rules give one: a person's name, or an organisation's (``is_org``); the writings
that speak for whoever issued them ("the memo said"); and the noun phrase a speaker is written as.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.lexicon import speech as sx

DOCUMENTS = lx.DOCUMENT_NOUNS | sx.STATING_DOCUMENTS | lx.ISSUED_DOCUMENTS


@dataclass(slots=True)
class Speaker:
    name: str | None
    is_org: bool = False


_DET_OR_POSSESSIVE = re.compile(r"^(the|a|an)\s+|\s*['’]s$", re.IGNORECASE)


def strip_det(text: str) -> str:
    """ "The Harbor Agency's" → "Harbor Agency": no determiner, no possessive ending."""
    return _DET_OR_POSSESSIVE.sub("", text).strip()


def noun_phrase_text(tok: Token) -> str:
    """A speaker noun phrase without determiners, clauses or asides: "city officials"."""
    keep = [tok]
    for c in tok.children:
        if c.dep_ in {"compound", "amod", "nmod", "poss"} and c.i < tok.i:
            keep.extend(c.subtree)
        if c.dep_ == "prep" and c.lower_ in {"of", "for"} and c.i > tok.i:
            keep.extend(c.subtree)
    keep.sort(key=lambda t: t.i)
    return strip_det(tok.doc[keep[0].i : keep[-1].i + 1].text)
