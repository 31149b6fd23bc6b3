from datetime import UTC, datetime, timedelta

import pytest

from bot.bank.model import Question
from bot.grading.verdict import Verdict
from bot.rules.quiz import QuizOutcome, QuizSession

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
LIMIT = timedelta(seconds=30)


def q(i: int) -> Question:
    return Question(id=f"q{i}", bank="b", question=f"Q{i}?", answer=f"A{i}", explanation=f"E{i}")


def test_first_correct_answer_per_user_scores_once() -> None:
    s = QuizSession([q(1), q(2)], LIMIT, T0)
    assert s.answer(1, Verdict.WRONG, T0) is QuizOutcome.NOT_CORRECT
    assert s.answer(1, Verdict.CORRECT, T0 + timedelta(seconds=5)) is QuizOutcome.SCORED
    assert s.answer(1, Verdict.CORRECT, T0 + timedelta(seconds=6)) is QuizOutcome.ALREADY_SCORED
    assert s.answer(2, Verdict.CORRECT, T0 + timedelta(seconds=7)) is QuizOutcome.SCORED
    assert s.solvers() == [1, 2]
    assert [(r.user_id, r.points) for r in s.ranking()] == [(1, 1), (2, 1)]
    assert [r.rank for r in s.ranking()] == [1, 1]


def test_answers_after_time_limit_do_not_score() -> None:
    s = QuizSession([q(1)], LIMIT, T0)
    assert s.answer(1, Verdict.CORRECT, T0 + LIMIT) is QuizOutcome.TIMED_OUT
    assert s.ranking() == []


def test_users_who_only_missed_are_ranked_last_with_zero() -> None:
    s = QuizSession([q(1)], LIMIT, T0)
    s.answer(9, Verdict.WRONG, T0)
    s.answer(8, Verdict.PARTIAL, T0)
    s.answer(8, Verdict.CORRECT, T0 + timedelta(seconds=3))
    rows = s.ranking()
    assert [(r.rank, r.user_id, r.points, r.correct, r.answered) for r in rows] == [
        (1, 8, 1, 1, 1),
        (2, 9, 0, 0, 1),
    ]


def test_next_restarts_the_clock_and_finishes_after_last() -> None:
    s = QuizSession([q(1), q(2)], LIMIT, T0)
    later = T0 + timedelta(minutes=5)
    assert s.next(later) == q(2)
    assert s.number == 2
    assert s.deadline == later + LIMIT
    assert s.answer(3, Verdict.CORRECT, later + timedelta(seconds=1)) is QuizOutcome.SCORED
    assert s.next(later) is None
    assert s.finished
    assert s.current() is None
    assert s.answer(3, Verdict.CORRECT, later) is QuizOutcome.FINISHED


def test_ranking_orders_by_points_then_earlier() -> None:
    s = QuizSession([q(1), q(2)], LIMIT, T0)
    s.answer(5, Verdict.CORRECT, T0 + timedelta(seconds=2))
    s.answer(6, Verdict.CORRECT, T0 + timedelta(seconds=1))
    s.next(T0 + timedelta(seconds=40))
    s.answer(5, Verdict.CORRECT, T0 + timedelta(seconds=41))
    rows = s.stop()
    assert [(r.rank, r.user_id, r.points, r.correct, r.answered) for r in rows] == [
        (1, 5, 2, 2, 2),
        (2, 6, 1, 1, 1),
    ]
    assert s.finished


def test_quiz_needs_questions() -> None:
    with pytest.raises(ValueError):
        QuizSession([], LIMIT, T0)
