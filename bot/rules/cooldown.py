"""Per-user pacing: a few actions at once, then one more every so often (a token bucket).

One user hammering the answer paths must not crowd out everyone else, while a normal user never
notices: the burst covers every attempt a daily question allows. Pure: the clock is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime

Clock = Callable[[], datetime]  # aware datetimes

# Above this many keys, forget the ones whose bucket is full again (they behave like new keys).
PRUNE_ABOVE = 10_000
# Waits shorter than this count as none: datetimes round to microseconds, so a caller that waits
# exactly the time it was told must not be refused by a rounding error.
TOLERANCE_S = 1e-3


class Cooldown:
    """At most `burst` actions per key at once; afterwards one more each `refill_s` seconds.

    Kept as one number per key, the time at which its bucket is full again (the "generic cell
    rate" form of a token bucket), so an idle key costs nothing to forget. `refill_s == 0`
    turns pacing off.
    """

    def __init__(self, burst: int, refill_s: float, clock: Clock) -> None:
        if burst < 1:
            raise ValueError("burst must be at least 1")
        if refill_s < 0:
            raise ValueError("refill_s must not be negative")
        self.burst = burst
        self.refill_s = refill_s
        self._clock = clock
        self._full_at: dict[Hashable, float] = {}
        self._prune_above = PRUNE_ABOVE

    def take(self, key: Hashable) -> float:
        """Use one action for `key`: 0.0 when allowed, else the seconds until one is allowed.

        A refused action uses nothing, so waiting the returned time always succeeds.
        """
        if self.refill_s == 0:
            return 0.0
        now = self._clock().timestamp()
        # A clock set back (tests, a corrected system clock) must not lock anyone out for long.
        full_at = min(max(self._full_at.get(key, now), now), now + self.burst * self.refill_s)
        wait = full_at + self.refill_s - now - self.burst * self.refill_s
        if wait > TOLERANCE_S:
            return wait
        self._full_at[key] = full_at + self.refill_s
        self._prune(now)
        return 0.0

    def _prune(self, now: float) -> None:
        if len(self._full_at) <= self._prune_above:
            return
        self._full_at = {k: t for k, t in self._full_at.items() if t > now}
        # With many keys still busy, wait until the dict doubles before scanning again, so the
        # scans cost O(1) per action on average however many users are active.
        self._prune_above = max(PRUNE_ABOVE, 2 * len(self._full_at))

    def __len__(self) -> int:
        """Keys currently remembered (for tests and monitoring)."""
        return len(self._full_at)
