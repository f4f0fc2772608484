"""The extraction pool: worker processes forked once from the main thread, each extracting whole chunks."""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import threading
from collections.abc import Iterable, Iterator

import pytest

from bot.models import ArticleInput, Extraction
from bot.nlp.extract import Extractor
from bot.nlp.pool import ExtractionPool


class LengthExtractor(Extractor):
    """Loads nothing; scores an article by its length, and fails one that is empty. An article whose text is
    "frozen?" is scored by how many objects the collector's permanent generation holds in the worker."""

    def load(self) -> None:
        pass

    def extract_many(self, articles: Iterable[ArticleInput], chunk: int = 200) -> Iterator[Extraction | Exception]:
        for article in articles:
            if article.text == "frozen?":
                yield Extraction(relevant=True, relevance=float(gc.get_freeze_count()))
                continue
            yield Extraction(relevant=True, relevance=float(len(article.text))) if article.text else ValueError("empty")


async def test_chunks_come_back_in_order_and_the_workers_end_cleanly() -> None:
    """Forked from the main thread, the workers exit with code 0 (forked from an executor's thread, a
    process exits with 1: its exit handler joins that thread, itself)."""
    pool = ExtractionPool(LengthExtractor(), processes=2)
    before = set(multiprocessing.active_children())
    await pool.start()
    workers = [p for p in multiprocessing.active_children() if p not in before]
    try:
        tasks = [pool.submit([ArticleInput(text="x" * (k + n + 1)) for n in range(3)]) for k in range(6)]
        tasks.append(pool.submit([ArticleInput(text="Officials said so."), ArticleInput(text="")]))
        results = await asyncio.wait_for(asyncio.gather(*tasks), 30)
    finally:
        await pool.close()
    for k in range(6):
        assert [r.relevance for r in results[k] if isinstance(r, Extraction)] == [k + 1, k + 2, k + 3]
    assert results[6][1] == "ValueError: empty"  # an article's failure travels as text
    assert len(workers) == 2 and [w.exitcode for w in workers] == [0, 0]


async def test_the_workers_keep_what_was_loaded_before_the_fork_out_of_collections_and_this_process_does_not() -> None:
    pool = ExtractionPool(LengthExtractor(), processes=2)
    await pool.start()
    try:
        [[frozen]] = await asyncio.wait_for(asyncio.gather(pool.submit([ArticleInput(text="frozen?")])), 30)
    finally:
        await pool.close()
    assert isinstance(frozen, Extraction) and frozen.relevance > 1000  # every object alive at the fork
    assert gc.get_freeze_count() == 0


async def test_the_pool_is_started_from_the_main_thread_only() -> None:
    pool = ExtractionPool(LengthExtractor(), processes=2)
    errors: list[BaseException] = []

    def elsewhere() -> None:
        try:
            asyncio.run(pool.start())
        except RuntimeError as e:
            errors.append(e)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join(30)
    assert len(errors) == 1 and "main thread" in str(errors[0])
    pool.abort()


def test_a_pool_that_was_never_started_sends_nothing() -> None:
    with pytest.raises(RuntimeError, match="not started"):
        ExtractionPool(LengthExtractor(), processes=2).submit([ArticleInput(text="x")])
