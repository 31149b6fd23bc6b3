"""Grading of free-text replies: `Grader(questions).grade(question, reply) -> Grade`."""

from bot.grading.grader import Grader, grade
from bot.grading.verdict import Grade, Verdict

__all__ = ["Grade", "Grader", "Verdict", "grade"]
