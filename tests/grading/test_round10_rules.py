"""Rules of the tenth grading round: training that makes the loss larger gets no full credit, and a
phrase that only echoes the question (in its stemmed English too) is no sign of another question."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.loader import load_library
from bot.grading.grader import Grader
from bot.grading.keypoints import match_form
from bot.grading.reversal import loss_raised, speaks_of_loss
from bot.grading.verdict import Verdict

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library(
    [ROOT / "questions" / "llm-training.zh.yaml", ROOT / "questions" / "llm-training.en.yaml"]
)
GRADER = Grader(LIBRARY.questions())


@pytest.mark.parametrize(
    "reply",
    [
        "训练时调整参数让损失尽量变大",
        "预测越准loss越大",
        "梯度下降使损失函数越来越大",
        "the optimizer updates the weights to maximize the loss",
    ],
)
def test_a_loss_raised_by_training_is_found(reply: str) -> None:
    assert loss_raised(match_form(reply)) is not None


@pytest.mark.parametrize(
    "reply",
    [
        "训练时调整参数让损失尽量变小",
        "学习率太大时损失会变大，训练发散",
        "the optimizer updates the weights to minimize the loss",
        "a learning rate that is too large makes the loss blow up",
        "不是让损失变大，而是让它变小",
    ],
)
def test_a_loss_lowered_or_only_observed_growing_is_not(reply: str) -> None:
    assert loss_raised(match_form(reply)) is None


def test_only_a_reference_about_a_loss_holds_training_to_lower_it() -> None:
    assert speaks_of_loss(["训练时最小化损失"])
    assert speaks_of_loss(["the cross-entropy loss of the model"])
    assert not speaks_of_loss(["位置编码为每个词加入位置信息"])


@pytest.mark.parametrize(
    ("qid", "wrong", "right"),
    [
        (
            "llm-15",
            "损失函数衡量预测和真实值的差距，训练时要让损失尽量变大。",
            "损失函数衡量预测和真实值的差距，训练时要让损失尽量变小。",
        ),
        (
            "llm-19",
            "交叉熵损失衡量预测分布和真实标签的差异，预测越准loss越大",
            "交叉熵损失衡量预测分布和真实标签的差异，是正确类别概率的负对数",
        ),
    ],
)
def test_training_that_raises_the_loss_gets_no_full_credit(qid: str, wrong: str, right: str) -> None:
    # The right idea in another clause keeps partial credit (a right idea beside a false claim).
    question = LIBRARY.get(qid)
    assert question is not None
    assert GRADER.grade(question, wrong).verdict is Verdict.PARTIAL
    assert GRADER.grade(question, right).verdict is Verdict.CORRECT


def test_the_questions_own_term_in_english_is_no_sign_of_another_question() -> None:
    # "weight sharing" is a phrasing of the CNN question too; here it only names the subject.
    question = LIBRARY.get("llm-10")
    assert question is not None
    result = GRADER.grade(question, "weight sharing就是多个神经元共用同一组weight，减少参数")
    assert result.other_question is None
    assert result.verdict is not Verdict.WRONG
