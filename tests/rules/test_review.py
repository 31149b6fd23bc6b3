"""The grade -> FSRS rating map and the scheduling wrapper (pure, clock passed in)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.grading.verdict import Verdict
from bot.rules.cards import CardState, Rating
from bot.rules.review import (
    DEFAULT_REMINDER_HOUR,
    new_card,
    rating_for,
    reminder_hour_after,
    retrievability,
    review,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("verdict", "previous", "expected"),
    [
        (Verdict.WRONG, None, Rating.AGAIN),
        (Verdict.WRONG, Rating.GOOD, Rating.AGAIN),
        (Verdict.PARTIAL, None, Rating.HARD),
        (Verdict.PARTIAL, Rating.AGAIN, Rating.HARD),
        (Verdict.CORRECT, None, Rating.GOOD),
        (Verdict.CORRECT, Rating.HARD, Rating.GOOD),
        (Verdict.CORRECT, Rating.GOOD, Rating.GOOD),
        (Verdict.CORRECT, Rating.AGAIN, Rating.EASY),  # missed last time, right at once now
    ],
)
def test_each_verdict_rates_a_card_as_documented(
    verdict: Verdict, previous: Rating | None, expected: Rating
) -> None:
    assert rating_for(verdict, previous) is expected


def test_a_new_card_learns_then_graduates_with_growing_intervals() -> None:
    card = new_card(1, 2, "q", NOW)
    assert card.due == NOW and card.reps == 0 and card.state is CardState.LEARNING
    card = review(card, Rating.GOOD, NOW)
    assert card.state is CardState.LEARNING and card.due - NOW == timedelta(minutes=10)
    intervals = []
    for _ in range(4):
        at = card.due
        card = review(card, Rating.GOOD, at)
        intervals.append(card.due - at)
    assert card.state is CardState.REVIEW and card.reps == 5
    assert intervals == sorted(intervals) and intervals[-1] > timedelta(days=20)


def test_forgetting_a_card_in_review_is_a_lapse_and_brings_it_back_soon() -> None:
    card = new_card(1, 2, "q", NOW)
    for _ in range(3):
        card = review(card, Rating.GOOD, card.due)
    assert card.state is CardState.REVIEW
    at = card.due
    lapsed = review(card, Rating.AGAIN, at)
    assert lapsed.lapses == 1 and lapsed.state is CardState.RELEARNING
    assert lapsed.due - at <= timedelta(minutes=10) and lapsed.last_rating is Rating.AGAIN


def test_a_higher_target_retention_schedules_sooner() -> None:
    card = new_card(1, 2, "q", NOW)
    for _ in range(3):
        card = review(card, Rating.GOOD, card.due)
    at = card.due
    assert review(card, Rating.GOOD, at, 0.97).due < review(card, Rating.GOOD, at, 0.80).due
    with pytest.raises(ValueError):
        review(card, Rating.GOOD, at, 0.99)


def test_times_must_be_aware_and_retrievability_decays() -> None:
    with pytest.raises(ValueError):
        new_card(1, 2, "q", datetime(2026, 3, 2))
    card = review(new_card(1, 2, "q", NOW), Rating.GOOD, NOW)
    assert retrievability(new_card(1, 2, "q", NOW), NOW) == 0.0
    assert retrievability(card, NOW + timedelta(days=1)) > retrievability(card, NOW + timedelta(days=30))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(list(Rating)), st.integers(min_value=0, max_value=60 * 24 * 400)),
        min_size=1,
        max_size=30,
    ),
    st.floats(min_value=0.80, max_value=0.97),
)
def test_any_history_keeps_the_card_valid(history: list[tuple[Rating, int]], retention: float) -> None:
    card = new_card(1, 2, "q", NOW)
    at = NOW
    for rating, minutes in history:
        at += timedelta(minutes=minutes)  # reviews may come early, late or very late
        card = review(card, rating, at, retention)
        assert card.due > at and card.last_review == at and card.last_rating is rating
        assert card.stability is not None and card.stability > 0
        assert card.difficulty is not None and 1 <= card.difficulty <= 10
    assert card.reps == len(history)
    assert card.lapses <= sum(1 for r, _ in history if r is Rating.AGAIN)


def test_reminder_hour_after_turning_reminders_on_or_off() -> None:
    assert reminder_hour_after(False, 7, 9) is None  # off wins over an hour given
    assert reminder_hour_after(None, 7, 9) == 7
    assert reminder_hour_after(True, None, 9) == 9  # the stored hour is kept
    assert reminder_hour_after(True, None, None) == DEFAULT_REMINDER_HOUR
    assert reminder_hour_after(True, 0, None) == 0  # midnight is an hour, not "none given"
