"""Replies that are no answer at all are wrong with the same reason on either grading path."""

from __future__ import annotations

import pytest
from grading_bank import DROPOUT

from bot.bank.model import Question
from bot.grading.grader import Grader
from bot.grading.verdict import Verdict

PLAIN = Question(
    id="plain-01",
    bank="plain",
    question="What does a stack's pop operation do?",
    answer="Pop removes the element on top of the stack and returns it. The stack shrinks by one.",
    explanation="",
    language="en",
)
LIST = Question(
    id="plain-02",
    bank="plain",
    question="Name the three basic stack operations.",
    answer="push, pop, peek",
    explanation="",
    language="en",
)
GRADER = Grader([PLAIN, LIST, DROPOUT])


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("😀😀😀 🎉", "no words"),
        ("\x00\x01\x02\x03\x04\x05 ab", "does not look like text"),
        ("Pop removes the element on top of the stack and returns it. " * 6, "over and over"),
        ("What does a stack's pop operation do?", "repeats the question"),
        ("idk", "not an answer"),
        ("跳过", "not an answer"),
        ("top, element, stack, remove", "keywords"),
    ],
)
@pytest.mark.parametrize("question", [PLAIN, DROPOUT], ids=["reference-only", "key points"])
def test_no_answer_is_wrong_on_both_paths(question: Question, reply: str, reason: str) -> None:
    if reason == "repeats the question":
        reply = question.question
    if reason == "keywords" and question is DROPOUT:
        reply = "随机丢弃, 神经元, 训练时, 过拟合"
    grade = GRADER.grade(question, reply)
    assert grade.verdict is Verdict.WRONG
    assert reason in grade.reason
    assert grade.reason[0].isupper() and grade.reason.endswith(".")


def test_a_list_question_takes_a_list() -> None:
    assert GRADER.grade(LIST, "push, pop, peek").verdict is Verdict.CORRECT


def test_a_short_real_answer_is_no_non_answer() -> None:
    # "pass" inside a word, and "no" inside a sentence, are no skip.
    assert "not an answer" not in GRADER.grade(PLAIN, "it passes back the top").reason
    assert GRADER.grade(PLAIN, "removes the top element and returns it").verdict is Verdict.CORRECT
