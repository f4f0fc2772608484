"""Extraction: relevance, officials, figures and attributed quotes from article text (spaCy + our rules)."""

from bot.nlp.extract import Extractor

__all__ = ["Extractor"]
