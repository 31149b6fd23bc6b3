"""A quiz in one channel: a fixed list of questions, each open for a limited time.

Pure state machine; the caller passes the current instant to every step and grades replies itself.
Each user scores once per question, on their first correct reply within the time limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.bank.model import Question
from bot.grading.verdict import Verdict


class QuizOutcome(StrEnum):
    SCORED = "scored"
    NOT_CORRECT = "not_correct"  # partial or wrong: no points, the user may try again
    ALREADY_SCORED = "already_scored"
    TIMED_OUT = "timed_out"  # the question's time is up; wait for the next one
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int
    user_id: int
    points: int
    correct: int
    answered: int  # questions the user replied to in time


class QuizSession:
    def __init__(
        self, questions: Sequence[Question], time_limit: timedelta, now: datetime, points: int = 1
    ) -> None:
        if not questions:
            raise ValueError("a quiz needs at least one question")
        if time_limit <= timedelta(0):
            raise ValueError("time limit must be positive")
        self.questions: tuple[Question, ...] = tuple(questions)
        self.time_limit = time_limit
        self.points = points
        self.index = 0
        self.opened_at = now
        self.finished = False
        self._scores: dict[int, int] = {}
        self._correct: dict[int, int] = {}
        self._last_scored: dict[int, datetime] = {}  # earlier wins a tie
        self._solved: set[tuple[int, int]] = set()  # (question index, user)
        self._solved_at: dict[tuple[int, int], datetime] = {}  # when each was first answered right
        self._replied: set[tuple[int, int]] = set()

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def number(self) -> int:
        """1-based number of the current question."""
        return self.index + 1

    @property
    def deadline(self) -> datetime:
        return self.opened_at + self.time_limit

    def current(self) -> Question | None:
        return None if self.finished else self.questions[self.index]

    def timed_out(self, now: datetime) -> bool:
        return now >= self.deadline

    def answer(self, user_id: int, verdict: Verdict, now: datetime) -> QuizOutcome:
        if self.finished:
            return QuizOutcome.FINISHED
        if self.timed_out(now):
            return QuizOutcome.TIMED_OUT
        key = (self.index, user_id)
        self._replied.add(key)
        self._scores.setdefault(user_id, 0)
        self._correct.setdefault(user_id, 0)
        if key in self._solved:
            return QuizOutcome.ALREADY_SCORED
        if verdict is not Verdict.CORRECT:
            return QuizOutcome.NOT_CORRECT
        self._solved.add(key)
        self._solved_at[key] = now
        self._scores[user_id] = self._scores.get(user_id, 0) + self.points
        self._correct[user_id] = self._correct.get(user_id, 0) + 1
        self._last_scored[user_id] = now
        return QuizOutcome.SCORED

    def credit(self, user_id: int, index: int, at: datetime) -> None:
        """A reply given at `at` to question `index` counts as correct after all (a decided
        dispute): the user's standing becomes what it would be had it been graded so then."""
        key = (index, user_id)
        if key in self._solved and self._solved_at.get(key, at) <= at:
            return  # already scored on it, earlier
        self._replied.add(key)
        self._solved.add(key)
        self._solved_at[key] = at
        mine = [moment for (_, u), moment in self._solved_at.items() if u == user_id]
        self._scores[user_id] = len(mine) * self.points
        self._correct[user_id] = len(mine)
        self._last_scored[user_id] = max(mine)

    def solvers(self) -> list[int]:
        """Users who scored on the current question."""
        return sorted(u for i, u in self._solved if i == self.index)

    def next(self, now: datetime) -> Question | None:
        """Move to the next question; None (and the quiz is finished) after the last one."""
        if self.finished:
            return None
        if self.index + 1 >= self.total:
            self.finished = True
            return None
        self.index += 1
        self.opened_at = now
        return self.questions[self.index]

    def stop(self) -> list[Standing]:
        self.finished = True
        return self.ranking()

    def forget(self, user_id: int) -> None:
        """Drop everything about one user (their data was deleted); the quiz goes on without them."""
        for scores in (self._scores, self._correct, self._last_scored):
            scores.pop(user_id, None)
        self._solved = {k for k in self._solved if k[1] != user_id}
        self._solved_at = {k: v for k, v in self._solved_at.items() if k[1] != user_id}
        self._replied = {k for k in self._replied if k[1] != user_id}

    def ranking(self) -> list[Standing]:
        """Everyone who replied in time: most points first, then who reached them earlier.

        Users with equal points share a rank ("1, 2, 2, 4").
        """
        never = datetime.max.replace(tzinfo=self.opened_at.tzinfo)
        order = sorted(self._scores, key=lambda u: (-self._scores[u], self._last_scored.get(u, never), u))
        rows: list[Standing] = []
        for pos, user in enumerate(order):
            same = rows and rows[-1].points == self._scores[user]
            rank = rows[-1].rank if same else pos + 1
            replied = sum(1 for _, u in self._replied if u == user)
            rows.append(Standing(rank, user, self._scores[user], self._correct[user], replied))
        return rows


@dataclass(frozen=True, slots=True)
class QuizReplyRecord:
    """One graded reply of a user in a quiz, as stored: question number (1-based), attempt,
    verdict and when it was given."""

    number: int
    attempt_no: int
    verdict: Verdict
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class QuizTally:
    """A user's quiz standing computed from their replies (what QuizSession would hold)."""

    points: int
    correct: int
    answered: int
    scored_at: datetime | None
    earned: dict[tuple[int, int], int]  # (number, attempt) -> points that reply earned


def tally(replies: Sequence[QuizReplyRecord], points: int) -> QuizTally:
    """Grade a user's replies from scratch by the quiz rules: each question scores once, on its
    first correct reply; later replies to it earn nothing."""
    first: dict[int, QuizReplyRecord] = {}
    for r in sorted(replies, key=lambda r: (r.answered_at, r.number, r.attempt_no)):
        if r.verdict is Verdict.CORRECT and r.number not in first:
            first[r.number] = r
    earned = {(r.number, r.attempt_no): 0 for r in replies}
    earned.update({(r.number, r.attempt_no): points for r in first.values()})
    scored_at = max((r.answered_at for r in first.values()), default=None)
    answered = len({r.number for r in replies})
    return QuizTally(points * len(first), len(first), answered, scored_at, earned)
