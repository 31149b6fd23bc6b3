"""Streaks: consecutive local days on which a user's daily answer counted.

Which verdicts count is scoring.keeps_streak(). A day with no counting answer resets the streak
(revealing the explanation first and then answering earns nothing, so it does not count either).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Streak:
    current: int = 0
    best: int = 0
    last_day: date | None = None  # last local day that counted


def extend(streak: Streak, today: date) -> Streak:
    """The streak after a counting answer on `today`; counting twice on one day changes nothing."""
    if streak.last_day == today:
        return streak
    if streak.last_day is not None and streak.last_day == today - timedelta(days=1):
        current = streak.current + 1
    else:
        current = 1
    return Streak(current=current, best=max(streak.best, current), last_day=today)


def shown(streak: Streak, today: date) -> int:
    """The streak as it stands today: still alive if the last counting day was today or yesterday."""
    if streak.last_day is None:
        return 0
    if streak.last_day >= today - timedelta(days=1):
        return streak.current
    return 0
