"""Points for a graded reply to the daily question."""

from __future__ import annotations

from bot.grading.verdict import Verdict
from bot.rules.settings import RuleSettings


def base_points(verdict: Verdict, rules: RuleSettings) -> int:
    """Full points for correct, a share (half by default) for partial, none for wrong."""
    if verdict is Verdict.CORRECT:
        return rules.full_points
    if verdict is Verdict.PARTIAL:
        return int(rules.full_points * rules.partial_share)
    return 0


def streak_bonus(streak: int, rules: RuleSettings) -> int:
    """+per_day for every consecutive day before today in the streak, capped.

    A streak of 1 (today only) earns nothing; 2 earns +1; 6 or more earns the cap (+5).
    """
    return max(0, min((streak - 1) * rules.streak_bonus_per_day, rules.streak_bonus_cap))


def keeps_streak(verdict: Verdict, rules: RuleSettings) -> bool:
    return verdict is Verdict.CORRECT or (verdict is Verdict.PARTIAL and rules.streak_counts_partial)


def attempt_points(verdict: Verdict, streak: int, forfeited: bool, rules: RuleSettings) -> int:
    """What one attempt is worth: base points plus the streak bonus, or 0 when forfeited.

    `streak` is the streak including today when this attempt keeps it, as returned by
    streaks.extend(). The bonus only goes to attempts that earn points.
    """
    if forfeited:
        return 0
    base = base_points(verdict, rules)
    return base + streak_bonus(streak, rules) if base > 0 else 0


def attempts_left(used: int, rules: RuleSettings) -> int:
    return max(0, rules.max_attempts - used)
