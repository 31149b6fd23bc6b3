"""Grade values."""

from __future__ import annotations

import dataclasses

from bot.grading.verdict import Grade, Verdict, with_language


def test_with_language_keeps_every_other_field() -> None:
    # Every field set to a value other than its default, so a field added to Grade and left out
    # of with_language shows up here.
    grade = Grade(
        Verdict.PARTIAL,
        0.5,
        ("a",),
        ("b",),
        "reason",
        other_question="q-2",
        swapped=("x", "y"),
        false_claim="claim",
        problem="problem",
        language="zh",
        reviewed=True,
    )
    assert all(getattr(grade, f.name) != f.default for f in dataclasses.fields(Grade) if f.name != "verdict")
    assert with_language(grade, "en") == dataclasses.replace(grade, language="en")
