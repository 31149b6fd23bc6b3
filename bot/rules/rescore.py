"""Recompute a user's daily points and streak after one of their answers was regraded.

A moderator's decision changes the verdict of one attempt. Its day's best attempt may change,
and with it whether that day kept the streak, which moves the streak bonus of every later day.
`rescore` replays the user's days in order with the rules the service uses when answers arrive
(scoring.attempt_points, streaks.extend), so the totals come out exactly as if the answer had been
graded that way in the first place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.grading.verdict import Verdict
from bot.rules.scoring import attempt_points, keeps_streak
from bot.rules.settings import RuleSettings
from bot.rules.streaks import Streak, extend

_RANK = {Verdict.WRONG: 0, Verdict.PARTIAL: 1, Verdict.CORRECT: 2}


@dataclass(frozen=True, slots=True)
class DayResult:
    """One of the user's results: the best verdict that counts for it, and whether it was forfeited."""

    question_id: str
    day: date
    verdict: Verdict | None  # None: revealed without answering
    score: float
    points: int  # as stored now
    forfeited: bool


@dataclass(frozen=True, slots=True)
class Rescored:
    question_id: str
    day: date
    verdict: Verdict
    score: float
    points: int
    streak: int  # the streak the day's points were computed with


def best_attempt(attempts: Sequence[tuple[Verdict, float]]) -> tuple[Verdict, float]:
    """The attempt that counts among (verdict, score) pairs of one day: best verdict, then score.

    Within one day every attempt that earns points earns the same streak bonus, so the store's
    order (points, score, verdict) is the same as (verdict, score).
    """
    return max(attempts, key=lambda a: (_RANK[a[0]], a[1]))


def rescore(days: Sequence[DayResult], rules: RuleSettings) -> tuple[list[Rescored], Streak]:
    """Points of every answered day (in day order) and the streak after the last one."""
    streak = Streak()
    out: list[Rescored] = []
    for item in sorted(days, key=lambda d: d.day):
        if item.verdict is None:
            continue
        if keeps_streak(item.verdict, rules) and not item.forfeited:
            streak = extend(streak, item.day)
        points = attempt_points(item.verdict, streak.current, item.forfeited, rules)
        out.append(Rescored(item.question_id, item.day, item.verdict, item.score, points, streak.current))
    return out, streak
