"""Reviewed replies: a group's accepted and rejected replies adjust later grades of the same question."""

from __future__ import annotations

import io
import json

from hypothesis import given
from hypothesis import strategies as st

from bot.bank.model import Bank, Library, Question
from bot.grade_command import run_batch
from bot.grading.grader import Grader
from bot.grading.reviewed import ReviewedReply, adjust, closeness
from bot.grading.verdict import Grade, Verdict

QUESTION = Question(
    id="q-proto",
    bank="b",
    question="What is the role of a prototype program in problem solving?",
    answer="To simulate the behaviour of portions of the desired software product.",
    explanation="",
    language="en",
)
ACCEPTED = "It lets you try out a small version of the program first to find the problems early."
LIKE_ACCEPTED = "You try out a small version of the program first, to find problems early on."
REJECTED = "A prototype is the final version of the program that is shipped to the customer."
LIKE_REJECTED = "The prototype is the final program version shipped to the customer."
WRONG = Grade(Verdict.WRONG, 0.0, reason="no key idea")
PARTIAL = Grade(Verdict.PARTIAL, 0.5, found=("x",), reason="some of it")


def test_a_reply_like_an_accepted_one_earns_its_verdict_and_says_so() -> None:
    graded = adjust(WRONG, LIKE_ACCEPTED, [ReviewedReply(ACCEPTED, Verdict.CORRECT)])
    assert graded.verdict is Verdict.CORRECT and graded.reviewed
    assert "group" in graded.reason
    partly = adjust(WRONG, LIKE_ACCEPTED, [ReviewedReply(ACCEPTED, Verdict.PARTIAL)])
    assert partly.verdict is Verdict.PARTIAL and partly.reviewed


def test_a_reply_like_a_rejected_one_earns_nothing() -> None:
    graded = adjust(PARTIAL, LIKE_REJECTED, [ReviewedReply(REJECTED, Verdict.WRONG)])
    assert graded.verdict is Verdict.WRONG and graded.score == 0.0 and graded.reviewed


def test_unrelated_reviewed_replies_change_nothing() -> None:
    reviewed = [ReviewedReply(ACCEPTED, Verdict.CORRECT), ReviewedReply(REJECTED, Verdict.WRONG)]
    assert adjust(PARTIAL, "Gradient descent follows the slope downhill.", reviewed) is PARTIAL
    assert adjust(PARTIAL, LIKE_ACCEPTED, []) is PARTIAL


def test_a_reply_close_to_both_kinds_is_not_raised() -> None:
    reviewed = [ReviewedReply(ACCEPTED, Verdict.CORRECT), ReviewedReply(ACCEPTED + " ", Verdict.WRONG)]
    assert adjust(WRONG, ACCEPTED, reviewed).verdict is Verdict.WRONG


def test_an_accepted_verdict_never_lowers_a_grade() -> None:
    correct = Grade(Verdict.CORRECT, 1.0)
    assert adjust(correct, LIKE_ACCEPTED, [ReviewedReply(ACCEPTED, Verdict.PARTIAL)]) is correct


@given(st.text(max_size=300), st.text(max_size=300))
def test_closeness_is_symmetric_and_bounded(a: str, b: str) -> None:
    value = closeness(a, b)
    assert 0.0 <= value <= 1.0
    assert abs(value - closeness(b, a)) < 1e-9


@given(st.text(max_size=200), st.lists(st.tuples(st.text(max_size=200), st.sampled_from(list(Verdict)))))
def test_adjust_never_fails_and_keeps_the_score_in_range(
    reply: str, items: list[tuple[str, Verdict]]
) -> None:
    graded = adjust(PARTIAL, reply, [ReviewedReply(r, v) for r, v in items])
    assert 0.0 <= graded.score <= 1.0
    assert graded.reviewed or graded is PARTIAL


def _batch(record: dict[str, object]) -> dict[str, object]:
    library = Library((Bank("b", "b", "en", "b.yaml", (QUESTION,)),))
    out = io.StringIO()
    run_batch(io.StringIO(json.dumps(record) + "\n"), out, library)
    return json.loads(out.getvalue())


def test_grade_command_uses_the_same_adjustment_as_the_bot() -> None:
    plain = Grader([QUESTION]).grade(QUESTION, LIKE_ACCEPTED)
    expected = adjust(plain, LIKE_ACCEPTED, [ReviewedReply(ACCEPTED, Verdict.CORRECT)])
    assert plain.verdict is not Verdict.CORRECT and expected.verdict is Verdict.CORRECT
    result = _batch({"id": "q-proto", "reply": LIKE_ACCEPTED, "accepted": [ACCEPTED]})
    assert result["verdict"] == "correct" and result["reviewed"] is True
    as_object = _batch(
        {"id": "q-proto", "reply": LIKE_ACCEPTED, "accepted": [{"reply": ACCEPTED, "verdict": "partial"}]}
    )
    assert as_object["verdict"] == "partial"
    rejected = _batch({"id": "q-proto", "reply": LIKE_REJECTED, "rejected": [REJECTED]})
    assert rejected["verdict"] == "wrong"


def test_grade_command_reports_bad_reviewed_lists() -> None:
    assert "error" in _batch({"id": "q-proto", "reply": "x", "accepted": "not a list"})
    bad_verdict = [{"reply": "y", "verdict": "maybe"}]
    assert "error" in _batch({"id": "q-proto", "reply": "x", "rejected": bad_verdict})
    assert "error" in _batch({"id": "q-proto", "reply": "x", "accepted": [3]})
