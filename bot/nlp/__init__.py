"""Extraction: relevance, officials, figures and attributed quotes from article text (spaCy + our rules).

``Extractor`` is imported on first use, so that ``bot.nlp.relevance`` (topic files, which settings
validate at load) can be imported without spaCy: importing spaCy takes about a second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.nlp.extract import Extractor

__all__ = ["Extractor"]


def __getattr__(name: str) -> Any:
    if name == "Extractor":
        from bot.nlp.extract import Extractor

        return Extractor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
