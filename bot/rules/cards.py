"""A user's spaced-repetition card and FSRS's ratings and states, as plain values.

Kept apart from bot.rules.review (which wraps the `fsrs` library) so that value types can name
them without loading the scheduler.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum


class Rating(IntEnum):
    """FSRS's four ratings; how a grade maps onto them is bot.rules.review.rating_for."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class CardState(IntEnum):
    """FSRS's card states."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """One user's spaced-repetition card for one question in one guild (FSRS memory state)."""

    guild_id: int
    user_id: int
    question_id: str
    due: datetime  # aware UTC
    stability: float | None
    difficulty: float | None
    state: CardState
    step: int | None
    last_review: datetime | None
    last_rating: Rating | None
    reps: int  # ratings given so far; also the key that stops one showing being answered twice
    lapses: int  # times a card in review was forgotten (rated Again)
    created_at: datetime
