"""Holding one request at a fake platform, to stop or kill the client at the worst moment.

``hold = fake.hold(...)`` keeps a matching request waiting in the fake before it is recorded or answered.
``await hold.arrived.wait()`` tells the test it is there; then ``hold.release()`` lets it through (posted
and answered as usual) or ``hold.drop()`` ends it as if it never reached the platform: nothing recorded,
nothing posted, answered 503 (the client that sent it is normally gone by then).
"""

from __future__ import annotations

import asyncio


class Hold:
    def __init__(self, after: int = 0) -> None:
        self.after = after  # matching requests let through before the one held
        self.arrived = asyncio.Event()
        self._done = asyncio.Event()
        self.dropped = False

    def take(self) -> bool:
        """Count one matching request: True when it is the one to hold."""
        if self.arrived.is_set():
            return False
        if self.after > 0:
            self.after -= 1
            return False
        return True

    async def wait(self) -> bool:
        """In the fake's handler: wait for the test's word. True to go on, False when dropped."""
        self.arrived.set()
        await self._done.wait()
        return not self.dropped

    def release(self) -> None:
        self._done.set()

    def drop(self) -> None:
        self.dropped = True
        self._done.set()
