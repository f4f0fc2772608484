"""A reported clause: a token span of the Doc with the name of the rule that took it, and the verbs that report.

A rule (``Rule``) sees the verb and the quotation mask of its paragraph (True for tokens inside quotation marks)
and returns the spans ``[lo, hi)`` of what the verb reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from bot.nlp import lexicon as lx
from bot.nlp.lexicon import deps
from bot.nlp.lexicon import speech as sx


@dataclass(frozen=True, slots=True)
class Clause:
    lo: int
    hi: int
    rule: str
    skip: tuple[int, int] | None = None  # tokens inside [lo, hi) that are not reported (an inserted "she said")


Rule = Callable[[Token, list[bool]], list[Clause]]


def is_reporting_verb(tok: Token) -> bool:
    """A verb of saying, ruling, promising or demanding (by lemma)."""
    lemma = tok.lemma_.lower()
    return tok.pos_ in deps.VERB_POS and (
        lemma in lx.SPEECH_VERBS or lemma in sx.RULING_VERBS or lemma in sx.COMMITMENT_VERBS or lemma in sx.DEMAND_VERBS
    )

