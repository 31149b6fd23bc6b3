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
    # Set when the reply gives one of two paired things the other's role: (first, second).
    swapped: tuple[str, str] | None = None
    # The question's false claim the reply states, as the bank words it.
    false_claim: str | None = None
    # Why the reply is no answer at all (empty, keyword list, steps out of order, ...): an English
    # message id without placeholders, so a front end can translate it as it is.
    problem: str | None = None
    # The reply's language ("zh" or "en"): feedback names key points in it where the bank can.
    language: str = "en"
    # Set when the verdict came from the group's reviewed replies (bot.grading.reviewed).
    reviewed: bool = False


def with_language(grade: Grade, language: str) -> Grade:
    """The grade with its reply language set: dataclasses.replace, without its per-call look at
    the fields (it ran on every reply). test_verdict checks that no field is left out."""
    return Grade(
        grade.verdict,
        grade.score,
        grade.found,
        grade.missed,
        grade.reason,
        grade.other_question,
        grade.swapped,
        grade.false_claim,
        grade.problem,
        language,
        grade.reviewed,
    )
