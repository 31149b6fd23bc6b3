"""Invariants of grading against the banks shipped in questions/."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.loader import load_library
from bot.grading.grader import Grader
from bot.grading.verdict import Verdict

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
LIBRARY = load_library(sorted(QUESTIONS.glob("*.yaml")))
GRADER = Grader(LIBRARY.questions())
ALL = LIBRARY.questions()


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.id)
def test_reference_answer_is_correct_and_question_copy_is_wrong(question) -> None:  # type: ignore[no-untyped-def]
    assert GRADER.grade(question, question.answer).verdict is Verdict.CORRECT
    copied = GRADER.grade(question, question.question)
    assert copied.verdict is Verdict.WRONG
    assert copied.other_question is None


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.id)
def test_non_answer_is_wrong(question) -> None:  # type: ignore[no-untyped-def]
    assert GRADER.grade(question, "不知道，跳过").verdict is Verdict.WRONG
    assert GRADER.grade(question, "idk").verdict is Verdict.WRONG
