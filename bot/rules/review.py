"""Spaced repetition: how a graded answer rates a card, and when the card comes back.

Scheduling is FSRS through its maintained library (`fsrs`); this module only maps our grades to
FSRS ratings and converts between our `ReviewCard` and the library's card. Pure: the review time
is passed in, nothing reads a clock.

Rating map (documented in docs/architecture.md):
- wrong -> Again, partial -> Hard, correct -> Good;
- correct when the card's previous rating was Again -> Easy: the user missed it last time and now
  recalls it fully on the first try, which is the one case a free-text grade tells us the answer
  came easily. A grade says nothing about effort otherwise, so Good is the honest default.
Only the first answer to a question counts (the service keys each rating by where it came from):
after one attempt the feedback names the missed key points, so later attempts measure reading,
not memory.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

import fsrs

from bot.grading.verdict import Verdict
from bot.rules.cards import CardState, Rating, ReviewCard

MIN_RETENTION = 0.80
MAX_RETENTION = 0.97
DEFAULT_RETENTION = 0.90
DEFAULT_REMINDER_HOUR = 18  # reminders turned on without an hour: early evening


def rating_for(verdict: Verdict, previous: Rating | None) -> Rating:
    """The FSRS rating of a graded answer (see the module docstring)."""
    if verdict is Verdict.WRONG:
        return Rating.AGAIN
    if verdict is Verdict.PARTIAL:
        return Rating.HARD
    return Rating.EASY if previous is Rating.AGAIN else Rating.GOOD


def valid_retention(value: float) -> bool:
    return MIN_RETENTION <= value <= MAX_RETENTION


def reminder_hour_after(turn_on: bool | None, hour: int | None, stored: int | None) -> int | None:
    """The reminder hour once reminders are turned on or off, or an hour is given: None when
    off, else the hour given, the one stored, or the default."""
    if turn_on is False:
        return None
    return next(h for h in (hour, stored, DEFAULT_REMINDER_HOUR) if h is not None)


def new_card(guild_id: int, user_id: int, question_id: str, now: datetime) -> ReviewCard:
    """A card never rated: due now, in FSRS's first learning step."""
    now = _utc(now)
    return ReviewCard(
        guild_id, user_id, question_id, due=now, stability=None, difficulty=None,
        state=CardState.LEARNING, step=0, last_review=None, last_rating=None, reps=0, lapses=0,
        created_at=now,
    )  # fmt: skip


def review(
    card: ReviewCard, rating: Rating, now: datetime, retention: float = DEFAULT_RETENTION
) -> ReviewCard:
    """The card after being rated `rating` at `now`, scheduled by FSRS for `retention`."""
    if not valid_retention(retention):
        raise ValueError(f"retention must be between {MIN_RETENTION} and {MAX_RETENTION}")
    now = _utc(now)
    scheduled, _ = _scheduler(round(retention, 4)).review_card(_to_fsrs(card), fsrs.Rating(int(rating)), now)
    lapsed = card.state is CardState.REVIEW and rating is Rating.AGAIN
    return ReviewCard(
        card.guild_id,
        card.user_id,
        card.question_id,
        due=_utc(scheduled.due),
        stability=scheduled.stability,
        difficulty=scheduled.difficulty,
        state=CardState(int(scheduled.state)),
        step=scheduled.step,
        last_review=now,
        last_rating=rating,
        reps=card.reps + 1,
        lapses=card.lapses + int(lapsed),
        created_at=card.created_at,
    )


def retrievability(card: ReviewCard, now: datetime, retention: float = DEFAULT_RETENTION) -> float:
    """FSRS's estimate of the chance the user recalls the card at `now` (0 for a new card)."""
    if card.last_review is None:
        return 0.0
    return float(_scheduler(round(retention, 4)).get_card_retrievability(_to_fsrs(card), _utc(now)))


@lru_cache(maxsize=32)
def _scheduler(retention: float) -> fsrs.Scheduler:
    # No fuzzing: the same history always gives the same due date, which users can check and
    # tests can pin down. Schedulers are cached by retention (users pick from a small range).
    return fsrs.Scheduler(desired_retention=retention, enable_fuzzing=False)


def _to_fsrs(card: ReviewCard) -> fsrs.Card:
    # card_id is given: without one the library reads the wall clock and sleeps a millisecond.
    return fsrs.Card(
        card_id=1,
        state=fsrs.State(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("review times must be timezone-aware")
    return moment.astimezone(UTC)
