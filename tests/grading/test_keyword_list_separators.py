"""The keyword-list check counts runs of separators with one search: the same answer as
counting every run."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.grading.detect import _ENOUGH_SEPARATORS_RE, _SEPARATORS
from bot.grading.tuning import KEYWORD_LIST_MIN_CHUNKS

RUNS = re.compile(f"[{_SEPARATORS}]+")


@given(st.text(alphabet=" ,;、，；/|\t\nab梯。", max_size=24))
def test_enough_separators_is_a_count_of_the_runs(text: str) -> None:
    enough = len(RUNS.findall(text)) >= KEYWORD_LIST_MIN_CHUNKS - 1
    assert (_ENOUGH_SEPARATORS_RE.search(text) is not None) == enough


def test_runs_far_apart_are_enough_and_one_long_run_is_not() -> None:
    runs = max(KEYWORD_LIST_MIN_CHUNKS - 1, 1)
    assert _ENOUGH_SEPARATORS_RE.search(" ,, ".join(["a"] * (runs + 1)))
    if runs > 1:
        assert not _ENOUGH_SEPARATORS_RE.search("ab ,; /cd")
        assert not _ENOUGH_SEPARATORS_RE.search(" ,, ".join(["a"] * runs))
