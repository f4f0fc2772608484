"""The article flow into the store: poll feeds (``poller``), store each item once (``items``), read files
and pages for ``newsbot extract``/``ingest`` (``sources``), then extract the stored articles
(``processor``). The service loop, ``newsbot poll --once``, ``newsbot ingest`` and the demo all drive
these same objects."""

from collections.abc import Callable

Progress = Callable[[int], None]  # called with the number of units just finished
