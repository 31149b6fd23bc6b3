"""Plain values the store takes and returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple, Protocol


@dataclass(frozen=True, slots=True)
class DailyRow:
    """A guild's daily question for one local day, as stored."""

    guild_id: int
    day: date
    question_id: str
    cycle: int
    number: int  # 1-based position in the cycle
    channel_id: int | None = None
    message_id: int | None = None  # None until posted
    thread_id: int | None = None
    closed: bool = False

    @property
    def posted(self) -> bool:
        return self.message_id is not None


@dataclass(frozen=True, slots=True)
class AttemptRow:
    attempt_no: int
    reply: str
    verdict: str
    score: float
    points: int  # as stored: 0 for attempts after the explanation was revealed
    created_at: str  # UTC ISO-8601


@dataclass(frozen=True, slots=True)
class ResultRow:
    """What one user has on one question on one day. Leaderboards sum `best_points`."""

    guild_id: int
    user_id: int
    question_id: str
    day: date
    attempts: int
    best_points: int
    best_verdict: str | None  # None while the user has not answered
    best_score: float | None
    revealed: bool
    forfeited: bool  # revealed before the first attempt: no points, never counted correct

    @property
    def correct(self) -> bool:
        return self.best_verdict == "correct" and not self.forfeited


class Refusal(StrEnum):
    NO_ATTEMPTS_LEFT = "no_attempts_left"
    ALREADY_CORRECT = "already_correct"


@dataclass(frozen=True, slots=True)
class AttemptOutcome:
    """What `record_attempt` did. When `refused` is set nothing was written."""

    refused: Refusal | None
    attempt_no: int  # number of this attempt; 0 when refused
    attempts_used: int  # attempts stored for this question and day, this one included
    points: int  # points stored for this attempt (0 after a reveal, or when refused)
    best_points: int  # what counts for this question after this call
    improved: bool  # this attempt became the best one (the first attempt always does)
    points_gained: int  # best_points after minus before; what to add to a running total
    forfeited: bool  # the explanation was already revealed, so this attempt earned nothing

    @property
    def recorded(self) -> bool:
        return self.refused is None


@dataclass(frozen=True, slots=True)
class StreakRow:
    current: int = 0
    best: int = 0
    last_day: date | None = None


@dataclass(frozen=True, slots=True)
class AnswerState:
    """What answering needs, read in one query: the day's daily, the user's result on it, the streak."""

    daily: DailyRow | None  # None: no daily that day (then result is None and streak empty)
    result: ResultRow | None  # None: the user neither answered nor revealed it
    streak: StreakRow


class DayCounts(NamedTuple):
    answered: int  # distinct users with at least one attempt
    correct: int  # distinct users whose best attempt was correct (not forfeited)


class StreakLike(Protocol):
    """Anything with a streak's three fields (`StreakRow`, the rules' `Streak`)."""

    @property
    def current(self) -> int: ...
    @property
    def best(self) -> int: ...
    @property
    def last_day(self) -> date | None: ...


class QuizScoreLike(Protocol):
    @property
    def user_id(self) -> int: ...
    @property
    def points(self) -> int: ...
    @property
    def correct(self) -> int: ...


@dataclass(frozen=True, slots=True)
class QuizScore:
    user_id: int
    points: int
    correct: int
    answered: int | None = None  # None: same as correct


@dataclass(frozen=True, slots=True)
class QuizResultRow:
    guild_id: int
    channel_id: int
    started_at: datetime  # aware UTC
    user_id: int
    points: int
    correct: int
    answered: int
