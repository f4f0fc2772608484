"""Extraction of stored articles: the half of the article flow after polling (stored → extracted facts).

Articles are leased to one worker at a time, like feeds, and the lease is renewed while spaCy works.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from bot.coordination.leases import renewing, worker_id
from bot.infra import metrics
from bot.infra.clock import utcnow
from bot.infra.log import get_logger
from bot.ingest import Progress
from bot.models import ArticleInput, Extraction
from bot.nlp.extract import Extractor
from bot.storage.repo import Store
from config.settings import LEASE_S

log = get_logger(__name__)


class Processor:
    """Runs extraction over stored articles that have none yet, in a worker thread (spaCy is CPU-bound)."""

    def __init__(
        self, store: Store, extractor: Extractor, batch: int = 50, *, owner: str | None = None,
        lease_s: float = LEASE_S, clock: Callable[[], datetime] = utcnow,
    ):
        self.store = store
        self.extractor = extractor
        self.batch = batch
        self.owner = owner or worker_id()
        self.lease_s = lease_s
        self.clock = clock

    async def process_pending(self, progress: Progress | None = None, max_batches: int | None = None) -> int:
        done = 0
        batches = 0
        while max_batches is None or batches < max_batches:
            pending = await self.store.lease_pending(self.owner, self.batch, self.lease_s, now=self.clock())
            if not pending:
                break
            inputs = [a.to_input() for a in pending]
            held = {a.id for a in pending}
            async with renewing(self.store, "articles", self.owner, held, self.lease_s, self.clock):
                with metrics.EXTRACTION_SECONDS.time():
                    results = await asyncio.to_thread(_extract_all, self.extractor, inputs)
                # the batch's extractions in one transaction (all or none: on a crash before it commits,
                # their leases expire and another round extracts them again), then each failure
                extracted = [(art.id, res) for art, res in zip(pending, results, strict=True) if isinstance(res, Extraction)]
                await self.store.save_extractions(extracted)
                metrics.EXTRACTED.labels("ok").inc(len(extracted))
                held.difference_update(aid for aid, _ in extracted)
                for art, res in zip(pending, results, strict=True):
                    if isinstance(res, Exception):
                        log.error("article.extract_failed", article_id=art.id, error=repr(res))
                        await self.store.save_extraction_error(art.id, f"{type(res).__name__}: {res}")
                        metrics.EXTRACTED.labels("error").inc()
                        held.discard(art.id)
                done += len(pending)
            if progress:
                progress(len(pending))
            batches += 1
        return done


def _extract_all(extractor: Extractor, inputs: list[ArticleInput]) -> list[Extraction | Exception]:
    """Every article of a batch through the extractor, in a worker thread (spaCy holds the GIL in bursts)."""
    return list(extractor.extract_many(inputs))
