"""Storage: the only user of aiosqlite. See docs/storage.md for the tables and their guarantees."""

from bot.store.errors import SchemaTooNewError, StoreError
from bot.store.rows import (
    AnswerState,
    AttemptOutcome,
    AttemptRow,
    DailyRow,
    DayCounts,
    QuizResultRow,
    QuizScore,
    QuizScoreLike,
    Refusal,
    ResultRow,
    StreakLike,
    StreakRow,
)
from bot.store.store import MAX_REPLY_CHARS, Store

__all__ = [
    "MAX_REPLY_CHARS",
    "AnswerState",
    "AttemptOutcome",
    "AttemptRow",
    "DailyRow",
    "DayCounts",
    "QuizResultRow",
    "QuizScore",
    "QuizScoreLike",
    "Refusal",
    "ResultRow",
    "SchemaTooNewError",
    "Store",
    "StoreError",
    "StreakLike",
    "StreakRow",
]
