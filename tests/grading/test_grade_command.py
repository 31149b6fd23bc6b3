"""`studybot grade`: one JSON line out per line in, in order, errors reported per line."""

from __future__ import annotations

import io
import json

from grading_bank import BANK

from bot.bank.model import Bank, Library
from bot.grade_command import run_batch

LIBRARY = Library((Bank("t", "test bank", "zh", "t.yaml", BANK),))


def run(lines: list[str], library: Library | None = LIBRARY) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    status = run_batch(io.StringIO("\n".join(lines) + "\n"), out, library)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def test_lines_are_graded_in_order_with_all_fields() -> None:
    status, results = run(
        [
            json.dumps({"id": "t-gru", "reply": "只有更新门和重置门"}),
            json.dumps({"id": "t-dropout", "reply": "不知道"}),
            json.dumps({"id": "t-dropout", "reply": "防止过拟合"}),
        ]
    )
    assert status == 0
    assert [r["verdict"] for r in results] == ["correct", "wrong", "partial"]
    assert [r["id"] for r in results] == ["t-gru", "t-dropout", "t-dropout"]
    for result in results:
        assert {"verdict", "score", "found", "missed", "reason"} <= result.keys()


def test_bad_lines_get_an_error_line_and_the_stream_goes_on() -> None:
    status, results = run(
        [
            "not json at all",
            json.dumps({"id": "no-such-question", "reply": "x"}),
            json.dumps({"id": "t-gru", "reply": 42}),
            json.dumps(["a", "list"]),
            json.dumps({"question": "q", "reply": "r"}),
            json.dumps({"id": "t-gru", "reply": "更新门和重置门"}),
        ]
    )
    assert status == 1
    assert len(results) == 6
    assert [r.get("line") for r in results[:5]] == [1, 2, 3, 4, 5]
    assert all("error" in r for r in results[:5])
    assert "no-such-question" in str(results[1]["error"])
    assert results[5]["verdict"] == "correct"


def test_reference_only_lines_need_no_bank() -> None:
    line = {
        "question": "What is a queue?",
        "answer": "A queue is a first-in first-out collection: enqueue at the back, dequeue at the front.",
        "reply": "first-in first-out: you enqueue at the back and dequeue at the front",
    }
    status, results = run([json.dumps(line)], library=None)
    assert status == 0
    assert results[0]["verdict"] in ("correct", "partial")
    assert "id" not in results[0]


def test_other_question_is_reported() -> None:
    _, results = run([json.dumps({"id": "t-dropout", "reply": "只有更新门和重置门两个门的循环神经网络"})])
    assert results[0]["other_question"] == "t-gru"


def test_blank_lines_are_skipped() -> None:
    status, results = run(["", json.dumps({"id": "t-gru", "reply": "两个门：更新门和重置门"}), "   "])
    assert status == 0
    assert len(results) == 1
