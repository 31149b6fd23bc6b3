"""The English bank on hand-written replies (english_replies.jsonl): correct ones in unusual
wording (formulas in words or symbols, Chinese, terse notes), the right idea next to a standard
misconception, and misconceptions alone. Written from the concepts, not from any labeled set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.bank.loader import load_library
from bot.grading.grader import Grader
from bot.grading.verdict import Verdict

HERE = Path(__file__).resolve().parent
LIBRARY = load_library([HERE.parents[1] / "questions" / "llm-training.en.yaml"])
GRADER = Grader(LIBRARY.questions())
REPLIES = [json.loads(line) for line in (HERE / "english_replies.jsonl").read_text("utf-8").splitlines()]


@pytest.mark.parametrize("record", REPLIES, ids=lambda r: f"{r['id']}-{r['label']}")
def test_english_bank_grades_hand_written_reply_as_labeled(record: dict[str, str]) -> None:
    question = LIBRARY.get(record["id"])
    assert question is not None
    grade = GRADER.grade(question, record["reply"])
    assert grade.verdict is Verdict(record["label"]), grade.reason


def test_the_set_covers_every_question_and_every_label() -> None:
    labels = {(r["id"], r["label"]) for r in REPLIES}
    for question in LIBRARY.questions():
        assert (question.id, "correct") in labels
    assert {label for _, label in labels} == {"correct", "partial", "wrong"}
