"""The Chinese bank on hand-written replies (chinese_replies.jsonl): the right idea next to a
classic misconception of the concept (one per question), which must not get full credit, and
correct replies that hedge ("不能完全消除", "并不能保证"), which must keep it. Written from the
concepts, not from any labeled set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.bank.loader import load_library
from bot.grading.grader import Grader
from bot.grading.verdict import Verdict

HERE = Path(__file__).resolve().parent
LIBRARY = load_library([HERE.parents[1] / "questions" / "llm-training.zh.yaml"])
GRADER = Grader(LIBRARY.questions())
REPLIES = [json.loads(line) for line in (HERE / "chinese_replies.jsonl").read_text("utf-8").splitlines()]


@pytest.mark.parametrize("record", REPLIES, ids=lambda r: f"{r['id']}-{r['label']}")
def test_chinese_bank_grades_hand_written_reply_as_labeled(record: dict[str, str]) -> None:
    question = LIBRARY.get(record["id"])
    assert question is not None
    grade = GRADER.grade(question, record["reply"])
    assert grade.verdict is Verdict(record["label"]), grade.reason
