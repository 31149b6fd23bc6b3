"""The one API every front end (console, Discord) calls.

It joins the pure parts (bank, grading, rules) to storage. Front ends pass plain ids and text
and get plain values back; they hold no rules and no SQL of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from bot.bank.model import Question
from bot.grading.verdict import Grade

Clock = Callable[[], datetime]  # returns an aware UTC datetime


class Period(StrEnum):
    ALL = "all"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class GuildSetup:
    guild_id: int
    channel_id: int
    post_time: time  # local wall-clock time in `timezone`
    timezone: str  # IANA name, e.g. "Asia/Shanghai"
    role_id: int | None = None
    thread: bool = False
    banks: tuple[str, ...] = ()  # empty: every loaded bank


@dataclass(frozen=True, slots=True)
class Daily:
    """A guild's question for one local day."""

    guild_id: int
    day: date  # the guild's local date
    question: Question
    number: int  # 1-based position in the guild's current cycle
    cycle_size: int
    channel_id: int | None = None
    message_id: int | None = None  # None until the post was sent
    thread_id: int | None = None
    closed: bool = False


@dataclass(frozen=True, slots=True)
class DaySummary:
    """Shown when a daily question closes."""

    daily: Daily
    answered: int  # distinct users who answered
    correct: int  # distinct users whose best attempt was correct


class AnswerStatus(StrEnum):
    GRADED = "graded"
    NO_ATTEMPTS_LEFT = "no_attempts_left"
    ALREADY_CORRECT = "already_correct"  # best attempt is already full marks; nothing more to gain
    NO_QUESTION = "no_question"  # nothing to answer (no setup / no daily yet / unknown id)
    CLOSED = "closed"  # the question's day is over


@dataclass(frozen=True, slots=True)
class AnswerResult:
    status: AnswerStatus
    question: Question | None = None
    grade: Grade | None = None
    points: int = 0  # points this attempt is worth (0 when forfeited)
    best_points: int = 0  # what counts for this question after this attempt
    attempt: int = 0  # 1-based number of this attempt
    attempts_left: int = 0
    streak: int = 0
    forfeited: bool = False  # the explanation was revealed before answering


@dataclass(frozen=True, slots=True)
class Reveal:
    question: Question | None
    # True: the user has not answered yet and was not warned; call again with confirm=True.
    needs_confirmation: bool = False
    forfeits: bool = False  # revealing now forfeits this question's points


@dataclass(frozen=True, slots=True)
class UserStats:
    user_id: int
    points: int
    answered: int
    correct: int
    accuracy: float  # correct / answered, 0 when nothing answered
    streak: int
    best_streak: int
    rank: int | None  # 1-based, None when the user has no points


@dataclass(frozen=True, slots=True)
class LeaderRow:
    rank: int
    user_id: int
    points: int
    answered: int
    correct: int
    accuracy: float


@dataclass(frozen=True, slots=True)
class LeaderboardPage:
    period: Period
    rows: tuple[LeaderRow, ...]
    page: int  # 0-based
    pages: int
