"""Key-point suggestions for banks imported without key points."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.loader import load_bank
from bot.bank.model import Bank, Question
from bot.grading.suggest import suggest_contrasts, suggest_key_points

BANK_YAML = """\
# yaml-language-server: $schema=schema.json
bank: plain
title: 物流与编程
language: zh
source: "test notes"
questions:
  - id: p-01
    question: 请解释什么是Dropout？
    answer: Dropout是一种正则化技术，通过随机丢弃模型中的神经元，防止模型过拟合。
    explanation: 训练时随机丢弃。
  - id: p-02
    question: 配货检查的方法有哪些？
    answer: 配货检查的方法有：人工检查法、条码检查法、声音输入检查法、重量计算检查法。
    explanation: 四种方法。
  - id: p-03
    question: 请解释正则化的概念。
    answer: 正则化是一种防止模型过拟合的技术，通过在损失函数中添加惩罚项，限制模型复杂度。
    explanation: |
      常见的有 L1 和 L2 正则化。

      第二段。
    topics: [regularization]
  - id: p-04
    question: What is a recursive function?
    answer: A function that calls itself until it reaches a base case.
    explanation: Recursion.
  - id: p-05
    question: 什么是批次大小？
    answer: 批次大小是指每次训练输入的样本数量。
    explanation: 批次。
    key_points:
      - point: 每次更新用的样本数
        phrasings: [样本数, batch size]
    false_claims: [训练的轮数]
"""


def write_bank(tmp_path: Path) -> Path:
    path = tmp_path / "plain.yaml"
    path.write_text(BANK_YAML, encoding="utf-8")
    return path


def test_every_question_gets_one_to_three_points(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path))
    suggestions = suggest_key_points(bank)
    assert set(suggestions) == {q.id for q in bank.questions}
    for points in suggestions.values():
        assert 1 <= len(points) <= 3
        assert all(kp.point.strip() for kp in points)


def test_points_come_from_the_reference(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path))
    suggestions = suggest_key_points(bank)
    dropout = suggestions["p-01"]
    assert any("随机丢弃" in kp.point or "随机丢弃" in "".join(kp.phrasings) for kp in dropout)
    for q in bank.questions:
        for kp in suggestions[q.id]:
            for phrase in kp.phrasings:
                assert phrase in q.answer.casefold() or phrase in q.answer


def test_list_questions_get_their_items_as_phrasings(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path))
    phrasings = {p for kp in suggest_key_points(bank)["p-02"] for p in (*kp.phrasings, kp.point)}
    for item in ("人工检查法", "条码检查法", "声音输入检查法", "重量计算检查法"):
        assert any(item in p for p in phrasings)


def test_single_question_bank_still_gets_points() -> None:
    answer = "模型在训练集上很好，在新数据上很差。"
    q = Question(id="x", bank="b", question="什么是过拟合？", answer=answer, explanation="")
    points = suggest_key_points(Bank(name="b", title="b", language="zh", path="", questions=(q,)))["x"]
    assert 1 <= len(points) <= 3


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("How does AdamW differ from Adam with L2 regularization?", ("AdamW", "Adam with L2 regularization")),
        ("What does layer norm do, and how does it differ from batch norm?", ("layer norm", "batch norm")),
        ("What is the difference between pre-training and fine-tuning?", ("pre-training", "fine-tuning")),
        ("LSTM和GRU的区别是什么？", ("LSTM", "GRU")),
    ],
)
def test_questions_that_set_two_things_against_each_other_get_a_contrast(
    text: str, pair: tuple[str, str]
) -> None:
    question = Question(id="x", bank="b", question=text, answer="a", explanation="")
    assert suggest_contrasts(question) == [pair]


def test_other_questions_get_no_contrast() -> None:
    question = Question(id="x", bank="b", question="什么是Dropout？", answer="a", explanation="")
    assert suggest_contrasts(question) == []
