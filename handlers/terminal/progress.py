"""Progress of long steps (``newsbot demo``): a bar on a terminal, a line per step elsewhere."""

from __future__ import annotations

from typing import Self

from rich.console import Console


class ProgressReporter:
    """A rich progress bar on a terminal; a log line per step otherwise (CI, Procfile processes)."""

    def __init__(self, description: str, total: int | None, console: Console | None = None):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = console or Console(stderr=True)
        self.description = description
        self.done = 0
        self.total = total
        self._progress = None
        if self.console.is_terminal:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._task = self._progress.add_task(description, total=total)

    def __enter__(self) -> Self:
        if self._progress:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress:
            self._progress.stop()

    def set_total(self, total: int) -> None:
        self.total = total
        if self._progress:
            self._progress.update(self._task, total=total)

    def __call__(self, n: int = 1) -> None:
        self.done += n
        if self._progress:
            self._progress.advance(self._task, n)
        else:
            of = f"/{self.total}" if self.total else ""
            self.console.print(f"{self.description}: {self.done}{of}", highlight=False)
