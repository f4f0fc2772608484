"""Article page HTML → its main text (boilerplate such as navigation, footers and comments removed)."""

from __future__ import annotations

import trafilatura

HTML_TYPES = ("text/html", "application/xhtml+xml")


def extract_main_text(html: str, url: str | None = None) -> str | None:
    """The article body as paragraphs separated by blank lines, or None when nothing article-like is found.

    CPU-bound (lxml + heuristics): call it in a worker thread.
    """
    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        with_metadata=False,
    )
    if not text or not text.strip():
        return None
    # trafilatura puts one paragraph per line; the NLP stage expects blank lines between paragraphs.
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
