"""One- or two-sentence summaries. STUB: to be written (issue 3)."""

from __future__ import annotations

from bot.nlp.document import ArticleDoc


def summarize(adoc: ArticleDoc) -> str:
    for para in adoc.paragraphs:
        for sent in para.sents:
            return sent.text
    return ""
