"""How feedback is worded: each line true, whole, and readable as a user sees it."""

from __future__ import annotations

from bot.grading.verdict import Grade, Verdict
from bot.grading.wording import feedback_lines
from bot.i18n import ENGLISH, translator


def test_a_swap_is_told_without_a_direction_the_pair_does_not_have() -> None:
    # The pair comes in the bank's order ("small", "large") whichever side the reply took: a line
    # saying "what you say of “small” is true of “large”" is false for a reply that said "large".
    said_large = Grade(Verdict.WRONG, 0.0, swapped=("small", "large"))
    line = feedback_lines(said_large, ENGLISH)[0]
    assert line == "False: you swap “small” and “large”: what you say of one is true of the other."
    chinese = feedback_lines(said_large, translator("zh-CN"))[0]
    assert chinese == "错误：你把“small”和“large”弄反了：你对其中一个的描述其实适用于另一个。"
