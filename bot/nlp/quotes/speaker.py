"""A speaker as the rules give one: a person's name, or an organisation's (``is_org``); and the writings
that speak for whoever issued them ("the memo said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
