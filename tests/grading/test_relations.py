"""A relation through a function with a direction, stated the wrong way round."""

from __future__ import annotations

import dataclasses

from bot.bank.model import KeyPoint, Question
from bot.grading.grader import Grader
from bot.grading.keypoints import match_form
from bot.grading.relations import foreign_subjects, relations_of, subject_forms, subject_names
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


ENCODER = Question(
    id="t-01",
    bank="subjects",
    question="请简述编码器（Encoder）的结构。",
    answer="编码器由多层自注意力和前馈网络堆叠而成，把输入序列编码成向量表示。",
    explanation="每层还有残差连接和层归一化。",
    key_points=(
        KeyPoint("由多层自注意力和前馈网络堆叠而成", ("自注意力", "前馈网络", "堆叠")),
        KeyPoint("把输入序列编码成向量表示", ("编码成向量", "向量表示")),
    ),
    language="zh",
)
GATED = Question(
    id="t-02",
    bank="subjects",
    question="请解释什么是门控单元（Gated Unit，GU）？",
    answer="门控单元用更新门和重置门控制信息流动。",
    explanation="",
    key_points=(KeyPoint("用更新门和重置门控制信息流动", ("更新门", "重置门")),),
    language="zh",
)


def _subjects(*questions: Question) -> list[tuple[str, tuple[str, ...]]]:
    return [(q.id, subject_forms(q.question)) for q in questions]


def test_a_question_names_its_subject_by_the_term_it_asks_about_and_its_brackets() -> None:
    assert subject_names(GATED.question) == ("Gated Unit", "GU", "门控单元")
    assert subject_names("What is gradient accumulation, and when is it useful?") == (
        "gradient accumulation",
    )
    assert subject_names("Briefly describe XYZ (some expansion) for LLMs.") == ("some expansion", "XYZ")


def test_another_questions_subject_the_reference_never_names_is_foreign() -> None:
    foreign = foreign_subjects(ENCODER, _subjects(ENCODER, GATED))
    assert foreign is not None
    assert "gu" in foreign.names and "门控单元" in foreign.names
    assert foreign.told_as_subject(match_form("编码器就是很多层 GU 堆起来")) == "gu"
    assert foreign.told_as_subject(match_form("编码器是一层层门控单元")) == "门控单元"
    # Compared with it, denied, or used as a tool, it is not what the subject is.
    assert foreign.told_as_subject(match_form("编码器比门控单元快")) is None
    assert foreign.told_as_subject(match_form("编码器不是门控单元堆起来的")) is None
    assert foreign.told_as_subject(match_form("编码器是用自注意力代替了门控单元")) is None
    # Named by the asked question's own texts, or sharing two characters with them: not foreign.
    naming = dataclasses.replace(ENCODER, explanation="早期的编码器用门控单元（Gated Unit，GU）。")
    assert foreign_subjects(naming, _subjects(naming, GATED)) is None
    sharing = dataclasses.replace(ENCODER, explanation="每层有门控。")
    assert foreign_subjects(sharing, _subjects(sharing, GATED)).names == ("gate unit", "gu")  # type: ignore[union-attr]


def test_a_partial_reply_that_makes_its_subject_another_questions_is_wrong() -> None:
    grader = Grader([ENCODER, GATED])
    told = grader.grade(ENCODER, "编码器就是很多层门控单元堆叠起来")
    assert told.verdict is Verdict.WRONG and told.problem
    assert grader.grade(ENCODER, "编码器就是很多层网络堆叠起来").verdict is Verdict.PARTIAL
