"""What the grader says about one reply."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    WRONG = "wrong"


@dataclass(frozen=True, slots=True)
class Grade:
    verdict: Verdict
    score: float  # in [0, 1]
    found: tuple[str, ...] = ()  # key points the reply states (their `point` text)
    missed: tuple[str, ...] = ()  # key points it does not
    reason: str = ""  # one short sentence a user can read
    # Set when the reply looks like the answer to another question of the bank.
    other_question: str | None = None
    # Set when the verdict came from the group's reviewed replies (bot.grading.reviewed).
    reviewed: bool = False
