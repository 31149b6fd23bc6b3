from datetime import date

import pytest

from bot.grading.verdict import Verdict
from bot.rules.scoring import attempt_points, attempts_left, base_points, keeps_streak, streak_bonus
from bot.rules.settings import RuleSettings
from bot.rules.streaks import Streak, extend, shown

RULES = RuleSettings()


def test_correct_earns_full_points_partial_a_share_wrong_none() -> None:
    assert base_points(Verdict.CORRECT, RULES) == 10
    assert base_points(Verdict.PARTIAL, RULES) == 5
    assert base_points(Verdict.WRONG, RULES) == 0
    assert base_points(Verdict.PARTIAL, RuleSettings(full_points=7)) == 3


@pytest.mark.parametrize(("streak", "bonus"), [(0, 0), (1, 0), (2, 1), (3, 2), (6, 5), (40, 5)])
def test_streak_bonus_is_capped(streak: int, bonus: int) -> None:
    assert streak_bonus(streak, RULES) == bonus


def test_an_attempt_earns_base_plus_streak_bonus_and_nothing_when_wrong_or_forfeited() -> None:
    assert attempt_points(Verdict.CORRECT, 3, False, RULES) == 12
    assert attempt_points(Verdict.PARTIAL, 3, False, RULES) == 7
    assert attempt_points(Verdict.WRONG, 3, False, RULES) == 0  # no bonus without points
    assert attempt_points(Verdict.CORRECT, 3, True, RULES) == 0  # forfeited


def test_correct_keeps_the_streak_and_partial_only_when_the_rules_say_so() -> None:
    assert keeps_streak(Verdict.CORRECT, RULES)
    assert keeps_streak(Verdict.PARTIAL, RULES)
    assert not keeps_streak(Verdict.WRONG, RULES)
    assert not keeps_streak(Verdict.PARTIAL, RuleSettings(streak_counts_partial=False))


def test_attempts_left_count_down_to_zero_and_never_below() -> None:
    assert attempts_left(0, RULES) == 3
    assert attempts_left(3, RULES) == 0
    assert attempts_left(5, RULES) == 0


def test_settings_reject_nonsense() -> None:
    with pytest.raises(ValueError):
        RuleSettings(max_attempts=0)
    with pytest.raises(ValueError):
        RuleSettings(quiz_count=30)


def test_streak_grows_on_consecutive_days_and_resets_after_a_gap() -> None:
    s = extend(Streak(), date(2024, 5, 1))
    assert (s.current, s.best) == (1, 1)
    s = extend(s, date(2024, 5, 2))
    s = extend(s, date(2024, 5, 2))  # twice on one day counts once
    s = extend(s, date(2024, 5, 3))
    assert (s.current, s.best) == (3, 3)
    s = extend(s, date(2024, 5, 5))  # missed the 4th
    assert (s.current, s.best, s.last_day) == (1, 3, date(2024, 5, 5))


def test_streak_shown_expires_after_a_missed_day() -> None:
    s = Streak(current=4, best=4, last_day=date(2024, 5, 3))
    assert shown(s, date(2024, 5, 3)) == 4
    assert shown(s, date(2024, 5, 4)) == 4  # today not answered yet, still alive
    assert shown(s, date(2024, 5, 5)) == 0
    assert shown(Streak(), date(2024, 5, 5)) == 0


def test_streak_across_month_end() -> None:
    s = extend(extend(Streak(), date(2024, 2, 29)), date(2024, 3, 1))
    assert s.current == 2
