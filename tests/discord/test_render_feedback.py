"""Grade feedback as Discord shows it: bank text cannot format or ping."""

from __future__ import annotations

from bot.bank.model import KeyPoint, Question
from bot.discord.render import DESCRIPTION_MAX, FIELD_VALUE_MAX, grade_feedback
from bot.grading.verdict import Grade, Verdict
from bot.i18n import ENGLISH

INIT = Question(
    id="py-01",
    bank="py",
    question="What does __init__ do?",
    answer="It sets up a new object.",
    explanation="",
    key_points=(
        KeyPoint("`__init__` runs when the object is created", ("created",)),
        KeyPoint("it takes *args and **kwargs like any method", ("args",), 0.2),
        KeyPoint("> not a constructor @everyone", ("constructor",), 0.2),
    ),
)


def test_markdown_from_the_bank_is_shown_as_written_not_as_formatting() -> None:
    grade = Grade(Verdict.PARTIAL, 0.5, found=(INIT.key_points[0].point,))
    text = grade_feedback(ENGLISH, grade, INIT)
    assert text == (
        "Right: \\`\\_\\_init\\_\\_\\` runs when the object is created.\n"
        "Missing: it takes \\*args and \\*\\*kwargs like any method; > not a constructor @\u200beveryone."
    )


def test_plain_feedback_is_unchanged() -> None:
    grade = Grade(Verdict.PARTIAL, 0.5, found=("a",), missed=("b",))
    assert grade_feedback(ENGLISH, grade) == "Right: a.\nMissing: b."


def test_long_feedback_is_cut_after_a_whole_point() -> None:
    points = tuple(
        KeyPoint(f"point {n}: the reply should say this whole phrase about step {n} of the method", ("x",))
        for n in range(60)
    )
    long = Question(id="l-01", bank="l", question="Q?", answer="A.", explanation="", key_points=points)
    grade = Grade(Verdict.WRONG, 0.0)
    for limit in (FIELD_VALUE_MAX, DESCRIPTION_MAX):
        text = grade_feedback(ENGLISH, grade, long, limit)
        assert len(text) <= limit
        assert text.endswith("…")
        assert text[:-1].endswith(" of the method"), text[-80:]
    assert len(grade_feedback(ENGLISH, grade, long)) <= DESCRIPTION_MAX
