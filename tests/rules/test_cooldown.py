"""The answer pacing limiter: a burst, then one action per refill period, per key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules.cooldown import PRUNE_ABOVE, TOLERANCE_S, Cooldown
from bot.rules.settings import RuleSettings

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_a_burst_is_allowed_then_the_next_waits_one_refill() -> None:
    clock = Clock()
    limiter = Cooldown(3, 5.0, clock)
    assert [limiter.take("bob") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("bob") == pytest.approx(5.0)
    clock.advance(2)
    assert limiter.take("bob") == pytest.approx(3.0)  # a refused try costs nothing
    clock.advance(3)
    assert limiter.take("bob") == 0.0
    assert limiter.take("bob") == pytest.approx(5.0)


def test_keys_are_independent() -> None:
    limiter = Cooldown(1, 10.0, Clock())
    assert limiter.take(("daily", 1, 7)) == 0.0
    assert limiter.take(("daily", 1, 7)) > 0
    assert limiter.take(("daily", 1, 8)) == 0.0  # another user
    assert limiter.take(("daily", 2, 7)) == 0.0  # the same user in another server
    assert limiter.take(("quiz", 1, 7)) == 0.0  # quiz answers are paced separately


def test_an_idle_key_gets_its_whole_burst_back() -> None:
    clock = Clock()
    limiter = Cooldown(4, 2.0, clock)
    for _ in range(4):
        limiter.take("bob")
    clock.advance(8)
    assert [limiter.take("bob") for _ in range(4)] == [0.0] * 4
    assert limiter.take("bob") > 0


def test_zero_refill_turns_pacing_off() -> None:
    limiter = Cooldown(1, 0.0, Clock())
    assert all(limiter.take("bob") == 0.0 for _ in range(100))
    assert len(limiter) == 0


def test_a_clock_set_back_locks_nobody_out_for_longer_than_one_refill() -> None:
    clock = Clock()
    limiter = Cooldown(2, 5.0, clock)
    limiter.take("bob")
    limiter.take("bob")
    clock.advance(-3600)
    assert 0 < limiter.take("bob") <= 5.0


def test_full_buckets_are_forgotten_when_many_keys_pile_up() -> None:
    clock = Clock()
    limiter = Cooldown(2, 1.0, clock)
    for user in range(PRUNE_ABOVE):
        limiter.take(user)
    clock.advance(10)
    limiter.take("late")
    assert len(limiter) <= 1


def test_many_busy_keys_are_kept_and_scanned_rarely() -> None:
    clock = Clock()
    limiter = Cooldown(2, 60.0, clock)  # nobody's bucket refills during the test
    scans = 0
    original = limiter._prune

    def counting(now: float) -> None:
        nonlocal scans
        before = limiter._prune_above
        original(now)
        scans += limiter._prune_above != before

    limiter._prune = counting  # type: ignore[method-assign]
    for user in range(4 * PRUNE_ABOVE):
        assert limiter.take(user) == 0.0
    assert len(limiter) == 4 * PRUNE_ABOVE  # busy keys are never forgotten
    assert scans <= 3  # the threshold doubles: 10k, 20k, 40k
    assert limiter.take(0) == 0.0 and limiter.take(0) > 0


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        Cooldown(0, 1.0, Clock())
    with pytest.raises(ValueError):
        Cooldown(1, -1.0, Clock())
    with pytest.raises(ValueError):
        RuleSettings(answer_burst=0)


def test_defaults_cover_every_daily_attempt() -> None:
    rules = RuleSettings()
    assert rules.answer_burst >= rules.max_attempts and rules.answer_refill_s > 0


@settings(max_examples=60, deadline=None)
@given(
    burst=st.integers(1, 6),
    refill=st.floats(0.5, 30.0),
    gaps=st.lists(st.floats(0.0, 40.0), min_size=1, max_size=60),
)
def test_never_more_than_burst_plus_elapsed_over_refill(burst: int, refill: float, gaps: list[float]) -> None:
    clock = Clock()
    limiter = Cooldown(burst, refill, clock)
    allowed = 0
    for gap in gaps:
        clock.advance(gap)
        wait = limiter.take("bob")
        assert wait >= 0
        allowed += wait == 0
        elapsed = (clock.now - START).total_seconds()
        assert allowed <= burst + (elapsed + TOLERANCE_S * len(gaps)) / refill


@settings(max_examples=40, deadline=None)
@given(burst=st.integers(1, 6), refill=st.floats(0.5, 30.0), used=st.integers(0, 12))
def test_waiting_the_returned_time_always_succeeds(burst: int, refill: float, used: int) -> None:
    clock = Clock()
    limiter = Cooldown(burst, refill, clock)
    for _ in range(used):
        limiter.take("bob")
    wait = limiter.take("bob")
    while wait == 0:  # still within the burst: use it up
        wait = limiter.take("bob")
    assert 0 < wait <= refill + TOLERANCE_S
    clock.advance(wait)
    assert limiter.take("bob") == 0.0
