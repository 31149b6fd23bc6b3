"""Waiting on a condition: every change in the fake wakes the waiters, who re-check at once.

Conditions may also look at the bot's own state (its cache, its views), which the fake cannot
observe, so waiters re-check every few milliseconds as well.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
RECHECK_SECONDS = 0.005
# How long a wait may take before it fails. A bound on a hang, never a pace: waits end as soon as
# their condition holds, so a generous bound costs nothing and a loaded machine stays green.
WAIT_SECONDS = 20.0


class Notifier:
    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def notify(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait_until(
        self, check: Callable[[], T | None], timeout: float, explain: Callable[[], str]
    ) -> T:
        """Return the first truthy value of `check()`; fail with `explain()` after `timeout` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = check()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout:g}s: {explain()}")
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.add(waiter)
            try:
                await asyncio.wait_for(waiter, min(remaining, RECHECK_SECONDS))
            except TimeoutError:
                pass
            finally:
                self._waiters.discard(waiter)
