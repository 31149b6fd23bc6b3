"""A relation through a function with a direction, stated the wrong way round."""

from __future__ import annotations

from bot.bank.model import KeyPoint, Question
from bot.grading.grader import Grader
from bot.grading.keypoints import match_form
from bot.grading.relations import relations_of
from bot.grading.verdict import Verdict

PERPLEXITY = Question(
    id="p-01",
    bank="relations",
    question="What is perplexity, and how is it related to the cross-entropy loss?",
    answer="Perplexity is the exponential of the average cross-entropy loss per token; lower is better.",
    explanation="Taking the log of the perplexity gives back the cross-entropy.",
    key_points=(KeyPoint("equals exp of the cross-entropy", ("exp of", "exponential of", "exp(loss)")),),
    language="en",
)


def test_the_function_applied_to_the_subject_is_turned_round() -> None:
    relations = relations_of(PERPLEXITY)
    assert relations is not None
    assert relations.turned_round(match_form("the cross-entropy is the exponential of perplexity"))
    assert not relations.turned_round(match_form("perplexity is the exponential of the cross-entropy"))
    # The reference takes the log of the perplexity itself: that way round is right.
    assert not relations.turned_round(match_form("the cross-entropy is the log of the perplexity"))
    assert not relations.turned_round(match_form("it is not the exponential of perplexity"))


def test_a_relation_turned_round_is_graded_wrong() -> None:
    grader = Grader([PERPLEXITY])
    assert grader.grade(PERPLEXITY, "perplexity is the exp of the cross-entropy").verdict is Verdict.CORRECT
    wrong = grader.grade(PERPLEXITY, "the cross-entropy loss is the exponential of perplexity")
    assert wrong.verdict is Verdict.WRONG and wrong.problem


def test_a_reference_without_such_functions_has_no_relations() -> None:
    plain = Question(
        id="p-02", bank="relations", question="What is dropout?", answer="It drops units.", explanation=""
    )
    assert relations_of(plain) is None
