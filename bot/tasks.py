"""Stopping a background task without losing the caller's own cancellation.

Awaiting a cancelled task raises CancelledError whether the task was cancelled or the caller was, and
Python 3.11's wait_for can even lose a caller's cancellation outright; ``Task.cancelling()`` tells them
apart, so a caller that stops a helper task can still be stopped itself.
"""

from __future__ import annotations

import asyncio


async def stop_task(task: asyncio.Task[object]) -> bool:
    """Cancel ``task`` and wait until it has ended (its own failure stays on the task, to be read there).
    True when the calling task was cancelled meanwhile: it must raise CancelledError once wound up."""
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        return (me := asyncio.current_task()) is not None and me.cancelling() > 0
    except Exception:  # noqa: BLE001, S110 - read from the task by whoever cares
        pass
    return False
