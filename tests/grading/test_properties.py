"""Any text at all gives a well-formed grade: no exception, score in [0, 1], verdict and score agree."""

from __future__ import annotations

from grading_bank import BANK
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.grading.grader import Grader
from bot.grading.normalize import normalize
from bot.grading.verdict import Grade, Verdict

GRADER = Grader(BANK)

# Pieces that reach every branch: key-point phrases, false claims, cues, question text.
PIECES = [
    "随机丢弃",
    "神经元",
    "更新门",
    "重置门",
    "不是",
    "推理时也丢弃",
    "不知道",
    "skip",
    "randomly drop",
    "，",
    "。",
    " ",
    "過擬合",
    "请解释什么是 Dropout？",
    "😀",
    "\x00",
    "均方误差",
    "误差",
    "mean squared error",
]
replies = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=20).map(" ".join),
)


def check(grade: Grade) -> None:
    assert 0.0 <= grade.score <= 1.0
    if grade.verdict is Verdict.CORRECT:
        assert grade.score == 1.0
    elif grade.verdict is Verdict.WRONG:
        assert grade.score == 0.0
        assert grade.found == ()
    else:
        assert 0.0 < grade.score < 1.0
    assert grade.reason
    assert not set(grade.found) & set(grade.missed)


@settings(max_examples=300, deadline=None)
@given(reply=replies, which=st.sampled_from(BANK))
def test_any_reply_gives_a_consistent_grade(reply: str, which: object) -> None:
    check(GRADER.grade(which, reply))  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_normalize_is_idempotent_and_never_grows_spaces(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert "  " not in once
    assert once == once.strip()
