"""Shared helpers for the service tests (a fixed clock and a small graded bank)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from bot.bank.model import Bank, KeyPoint, Library, Question
from bot.service import StudyService


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def make_question(i: int, bank: str = "test") -> Question:
    """Replies naming `alpha<i>` and `beta<i>` are correct; naming one of them is partial."""
    return Question(
        id=f"{bank}-{i:02d}",
        bank=bank,
        question=f"Question {i} about the sky?",
        answer=f"Because of alpha{i} and beta{i}.",
        explanation=f"Explanation {i}.",
        key_points=(KeyPoint(f"alpha{i}", (f"alpha{i}",)), KeyPoint(f"beta{i}", (f"beta{i}",))),
        topics=("even" if i % 2 == 0 else "odd",),
        language="en",
    )


def make_library(count: int = 6, bank: str = "test", start: int = 0) -> Library:
    questions = tuple(make_question(i, bank) for i in range(start, start + count))
    return Library(banks=(Bank(bank, "Test bank", "en", f"{bank}.yaml", questions),))


def correct(q: Question) -> str:
    n = int(q.id.rsplit("-", 1)[1])
    return f"it is alpha{n} and also beta{n}"


def partial(q: Question) -> str:
    n = int(q.id.rsplit("-", 1)[1])
    return f"mostly alpha{n} in the air"


WRONG = "I like cats very much"

# 2024-05-06 is a Monday.
START = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)


Factory = Callable[..., Awaitable[StudyService]]
