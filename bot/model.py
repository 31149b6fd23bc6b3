"""Value types that cross layers: what the service returns and the store keeps.

Front ends, the service and the store all import these; this module imports only the pure core.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import IntEnum, StrEnum

from bot.bank.model import Question
from bot.grading.verdict import Grade
from bot.i18n import ENGLISH, N_, Translator
from bot.rules.cards import Rating, ReviewCard
from bot.rules.quiz import Standing

Clock = Callable[[], datetime]  # returns an aware UTC datetime

CONSOLE_GUILD = 0  # the terminal front end's guild id (Discord snowflakes are never 0)


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
    language: str | None = None  # Discord locale of public posts ("zh-CN"); None: the server's own


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
    replaced: str | None = None  # the id of a question that left the banks and this one took over


@dataclass(frozen=True, slots=True)
class DaySummary:
    """Shown when a daily question closes."""

    daily: Daily
    answered: int  # distinct users who answered
    correct: int  # distinct users whose best attempt was correct


class AnswerStatus(StrEnum):
    GRADED = "graded"
    EMPTY = "empty"  # nothing to grade; no attempt was used
    NO_ATTEMPTS_LEFT = "no_attempts_left"
    ALREADY_CORRECT = "already_correct"  # best attempt is already full marks; nothing more to gain
    NO_QUESTION = "no_question"  # nothing to answer (no setup / no daily yet / unknown id)
    CLOSED = "closed"  # the question's day is over
    QUESTION_GONE = "question_gone"  # the open daily's question left the banks: it cannot be graded


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
    # Above 0: the reply was longer than RuleSettings.max_reply_chars and only its first
    # `shortened_to` characters were graded and stored; front ends say so.
    shortened_to: int = 0
    # Set by the service (bot.service.disputes.can_dispute): front ends offer a Dispute button.
    disputable: bool = False


@dataclass(frozen=True, slots=True)
class Reveal:
    # The question; when `needs_confirmation` is set it is given only so the front end can name it
    # (and pass its id back): do not show the explanation yet.
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


class QuizReplyStatus(StrEnum):
    SCORED = "scored"  # first correct reply of this user to this question
    NOT_CORRECT = "not_correct"  # partial or wrong; the user may try again
    ALREADY_SCORED = "already_scored"
    TIMED_OUT = "timed_out"  # the question's time is up
    NO_QUIZ = "no_quiz"  # no quiz is running in this channel
    EMPTY = "empty"  # nothing to grade


@dataclass(frozen=True, slots=True)
class QuizView:
    """A channel's quiz as front ends show it."""

    guild_id: int
    channel_id: int
    question: Question | None  # None once finished
    number: int  # 1-based
    total: int
    deadline: datetime | None  # aware UTC; None once finished
    time_limit_s: int
    finished: bool = False
    standings: tuple[Standing, ...] = ()  # filled in once finished


@dataclass(frozen=True, slots=True)
class QuizReply:
    status: QuizReplyStatus
    question: Question | None = None
    grade: Grade | None = None
    points: int = 0  # points this reply earned
    total_points: int = 0  # the user's points in this quiz so far
    answer: QuizAnswerKey | None = None  # the stored reply, when it was kept
    # Set by the service (bot.service.disputes.can_dispute): front ends offer a Dispute button.
    disputable: bool = False


class ServiceError(Exception):
    """A request that cannot be done, with a message for the user saying what to do.

    `message` is an English message id whose `{name}` placeholders are filled from `params`:
    `str(error)` is the English text, `error.text(t)` the text in the translator's language.
    """

    def __init__(self, message: str = "", /, **params: object) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params

    def text(self, t: Translator) -> str:
        return t.gettext(self.message, **self.params) if self.message else ""


class SlowDown(ServiceError):
    """The user answered too often in a short time; nothing was graded or stored."""

    def __init__(self, retry_after_s: float) -> None:
        self.retry_after_s = retry_after_s
        wait = max(1, math.ceil(retry_after_s))
        super().__init__(N_("Slow down: you are answering too fast. Try again in {wait} s."), wait=wait)


# ---------------------------------------------------------------------- personal study (reviews)


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    reminder_hour: int | None = None  # local hour in the guild's zone; None: no reminder
    retention: float = 0.9  # FSRS desired retention
    prefer_dm: bool = False  # /review start opens in DMs unless told otherwise
    last_reminded: date | None = None  # local day of the last reminder


@dataclass(frozen=True, slots=True)
class ReviewQueue:
    """How many cards are due now, how many there are, and when the next one falls due."""

    due_now: int
    total: int
    next_due: datetime | None  # aware UTC; None when no card is due later


@dataclass(frozen=True, slots=True)
class ReviewPrompt:
    card: ReviewCard
    question: Question
    queue: ReviewQueue  # counted before this card is answered


class ReviewStatus(StrEnum):
    GRADED = "graded"
    EMPTY = "empty"  # nothing to grade; the card is unchanged
    STALE = "stale"  # this showing of the card was already answered (another session) or removed
    GONE = "gone"  # the question is no longer in the loaded banks


@dataclass(frozen=True, slots=True)
class ReviewAnswer:
    status: ReviewStatus
    question: Question | None = None
    grade: Grade | None = None
    rating: Rating | None = None
    next_due: datetime | None = None  # when this card comes back (aware UTC)
    queue: ReviewQueue | None = None  # after this answer


@dataclass(frozen=True, slots=True)
class ReviewCounts:
    """Answers given in review sessions: their own counts, apart from the leaderboard."""

    reviewed: int
    correct: int


@dataclass(frozen=True, slots=True)
class ReminderDue:
    guild_id: int
    user_id: int
    due_now: int


# ------------------------------------------------------------------------------ progress stats


class StatsPeriod(IntEnum):
    MONTH = 30
    QUARTER = 90
    YEAR = 365


@dataclass(frozen=True, slots=True)
class DayStats:
    day: date  # the guild's local day
    points: int
    answered: int
    correct: int
    counted: bool  # the day counts for the streak (a correct or partial daily, not forfeited)


@dataclass(frozen=True, slots=True)
class TopicStats:
    topic: str
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class ProgressStats:
    """One user's history over a period, as the /stats chart and its text summary show it."""

    user_id: int
    start: date  # first local day of the period
    end: date  # today, local
    days: tuple[DayStats, ...]  # only days with answers, oldest first
    topics: tuple[TopicStats, ...]  # weakest first
    streak: int
    best_streak: int

    @property
    def points(self) -> int:
        return sum(d.points for d in self.days)

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.days)

    @property
    def correct(self) -> int:
        return sum(d.correct for d in self.days)


@dataclass(frozen=True, slots=True)
class StatsChart:
    stats: ProgressStats
    png: bytes
    summary: str  # the chart in words, for screen readers


# ---------------------------------------------------------------------------------- your data


class ForgetScope(StrEnum):
    HERE = "here"
    EVERYWHERE = "everywhere"


@dataclass(frozen=True, slots=True)
class ForgetReport:
    scope: ForgetScope
    rows_deleted: int


# ---------------------------------------------------------------------- a group's own material


@dataclass(frozen=True, slots=True)
class UploadedBank:
    """A bank a server uploaded, as stored (the YAML text exactly as it was checked)."""

    guild_id: int
    name: str
    title: str
    source: str
    questions: int
    uploaded_by: int
    uploaded_at: str  # UTC ISO-8601


@dataclass(frozen=True, slots=True)
class BankInfo:
    """One bank of a server's library as /bank list shows it."""

    name: str
    title: str
    questions: int
    uploaded: bool  # False: bundled with the bot


@dataclass(frozen=True, slots=True)
class UploadCheck:
    """What checking an uploaded file found: the problems (shown as `line: field: message`), or a bank."""

    name: str
    title: str = ""
    questions: int = 0
    problems: tuple[UploadProblem, ...] = ()
    more_problems: int = 0  # problems found beyond those listed
    replaces: bool = False  # a bank of this name is already uploaded (confirm before replacing)
    yaml: str = ""  # the bank as YAML, what is stored and exported

    @property
    def ok(self) -> bool:
        return not self.problems


class DisputeStatus(StrEnum):
    OPEN = "open"
    CORRECT = "correct"  # accepted as correct
    PARTIAL = "partial"  # accepted as partial
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Dispute:
    """A user's appeal of one graded daily answer, and its decision once taken."""

    id: int
    guild_id: int
    user_id: int
    question_id: str
    day: date
    attempt_no: int
    reply: str
    verdict: str  # the grade as it was: correct / partial / wrong
    score: float
    reason: str  # the grader's reason
    note: str  # the user's note
    status: DisputeStatus
    opened_at: str
    decided_by: int | None = None
    decided_at: str | None = None
    channel_id: int | None = None  # where it was posted for review
    message_id: int | None = None
    quiz: QuizAnswerKey | None = None  # a quiz answer's dispute: which quiz and question

    @property
    def open(self) -> bool:
        return self.status is DisputeStatus.OPEN


@dataclass(frozen=True, slots=True)
class DisputePage:
    rows: tuple[Dispute, ...]
    page: int  # 0-based
    pages: int


@dataclass(frozen=True, slots=True)
class Decision:
    """What deciding a dispute did: the dispute afterwards and the user's points before and after."""

    dispute: Dispute
    points_before: int
    points_after: int


@dataclass(frozen=True, slots=True)
class QuizAnswerKey:
    """One graded reply in a quiz: the quiz (channel and start), its question number and the
    user's attempt at that question (1, 2, ...)."""

    channel_id: int
    started_at: datetime
    number: int
    attempt_no: int = 1


@dataclass(frozen=True, slots=True)
class UploadProblem:
    """One thing wrong with an uploaded file, at a line and a field of the bank.

    The upload check's own messages are English message ids with `{name}` placeholders filled
    from `params`, so they are shown in the reader's language. Problems the bank checker
    (bot/bank) found arrive as its finished English text, without params, and stay English.
    """

    line: int
    field: str
    message: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, t: Translator) -> str:
        # The `line: field: message` layout of `studybot bank check`; field names are the bank
        # format's own keys, the same in every language.
        return f"{self.line}: {self.field}: {t.gettext(self.message, **self.params)}"

    def __str__(self) -> str:
        return self.text(ENGLISH)


def utc_iso(moment: datetime) -> str:
    """`moment` in UTC as ISO-8601 with milliseconds and Z, e.g. 2026-03-02T01:00:00.000Z: the
    shape SQLite's column defaults write, so stored times compare as text."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class ShardLease:
    """A bot process's hold on a shard while it runs it (`expires_at` ISO UTC, renewed as it runs)."""

    shard_id: int
    owner: str
    expires_at: str


QUESTION_GONE = N_("This question is no longer in the loaded banks.")
# Said to whoever tries to answer an open daily whose question left the banks.
QUESTION_REMOVED = N_(
    "Today's question was removed from the question banks, so it can no longer be answered or "
    "scored. The next daily question comes as usual."
)


def gone_question(question_id: str) -> Question:
    """What a daily shows for a question that left the banks after it was chosen: no bank, and
    `QUESTION_GONE` (a message id, translated where it is shown) in place of every text."""
    gone = QUESTION_GONE
    return Question(id=question_id, bank="", question=gone, answer=gone, explanation=gone)


def is_gone(question: Question) -> bool:
    return not question.bank and question.question == QUESTION_GONE
