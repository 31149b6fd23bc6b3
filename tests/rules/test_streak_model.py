"""Streaks against a plain model: after any run of counting days (repeats on a day allowed), the
current streak is the length of the last unbroken run of days, the best is the longest run, and
what `shown` reports on any later day follows from the last counting day alone."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from bot.rules.streaks import Streak, extend, shown

START = date(2026, 2, 20)  # runs cross a month end
# Gaps between counting days: 0 is a second answer the same day, 1 the next day, more a break.
gaps = st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=60)


def _runs(days: list[date]) -> list[int]:
    """Lengths of the runs of consecutive distinct days, in order."""
    distinct = sorted(set(days))
    runs = [1]
    for before, after in pairwise(distinct):
        runs.append(runs[-1] + 1 if after - before == timedelta(days=1) else 1)
    return runs


@given(gaps, st.integers(min_value=0, max_value=3))
def test_current_and_best_are_the_last_and_longest_runs(steps: list[int], later: int) -> None:
    days, day = [], START
    for gap in steps:
        day += timedelta(days=gap)
        days.append(day)
    streak = Streak()
    for d in days:
        streak = extend(streak, d)
    runs = _runs(days)
    assert streak.current == runs[-1]
    assert streak.best == max(runs)
    assert streak.last_day == days[-1]
    expected_shown = runs[-1] if later <= 1 else 0  # alive today and the day after, then gone
    assert shown(streak, days[-1] + timedelta(days=later)) == expected_shown
