"""Rules of the ninth grading round: a list after a named subject ("BPE 就是 a, b, c") is still a
keyword list; a loss said to grow as the prediction improves is false in any answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.loader import load_library
from bot.grading.detect import any_keyword_list_reason
from bot.grading.grader import Grader
from bot.grading.verdict import Verdict

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library(
    [ROOT / "questions" / "llm-training.zh.yaml", ROOT / "questions" / "llm-training.en.yaml"]
)
GRADER = Grader(LIBRARY.questions())


@pytest.mark.parametrize(
    "reply",
    [
        "BPE 就是 byte pair encoding, subword, merge, vocabulary",
        "LoRA：低秩、冻结、参数少",
        "dropout: random, neurons, overfitting",
    ],
)
def test_a_list_after_its_subject_is_a_keyword_list(reply: str) -> None:
    assert any_keyword_list_reason(reply) is not None


@pytest.mark.parametrize(
    "reply",
    [
        "就是好几层 LSTM 叠起来",
        "BERT：双向 Transformer encoder，MLM 预训练",
        "BPE is merging the most frequent pair, again and again, until the vocab is full",
    ],
)
def test_a_sentence_after_its_subject_is_no_keyword_list(reply: str) -> None:
    assert any_keyword_list_reason(reply) is None


def test_mixed_language_list_after_the_subject_gets_no_credit() -> None:
    question = LIBRARY.get("llm-en-01")
    assert question is not None
    result = GRADER.grade(question, "BPE 就是 byte pair encoding, subword, merge, vocabulary")
    assert result.verdict is Verdict.WRONG


def test_cross_entropy_growing_with_the_right_class_probability_is_wrong() -> None:
    question = LIBRARY.get("llm-19")
    assert question is not None
    wrong = GRADER.grade(question, "正确类别的预测概率越大，交叉熵损失就越大。")
    assert wrong.verdict is not Verdict.CORRECT
    right = GRADER.grade(question, "正确类别的预测概率越大，交叉熵损失就越小，它是正确类别概率的负对数。")
    assert right.verdict is Verdict.CORRECT
