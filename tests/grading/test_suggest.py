"""Key-point suggestions for banks imported without key points."""

from __future__ import annotations

import io
from pathlib import Path

import yaml

from bot.bank.loader import load_bank
from bot.bank.model import Bank, Question
from bot.grading.suggest import suggest_command, suggest_key_points

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


def test_command_writes_a_loadable_bank_and_keeps_existing_points(tmp_path: Path) -> None:
    out = io.StringIO()
    assert suggest_command([str(write_bank(tmp_path))], out) == 0
    text = out.getvalue()
    assert text.startswith("# yaml-language-server: $schema=schema.json\n")
    data = yaml.safe_load(text)
    assert [q["id"] for q in data["questions"]] == ["p-01", "p-02", "p-03", "p-04", "p-05"]
    assert data["source"] == "test notes"

    written = tmp_path / "out.yaml"
    written.write_text(text, encoding="utf-8")
    bank = load_bank(written)
    by_id = {q.id: q for q in bank.questions}
    assert all(q.key_points for q in bank.questions)
    kept = by_id["p-05"]
    assert [kp.point for kp in kept.key_points] == ["每次更新用的样本数"]
    assert kept.key_points[0].phrasings == ("样本数", "batch size")
    assert kept.false_claims == ("训练的轮数",)
    assert "第二段" in by_id["p-03"].explanation
    assert by_id["p-03"].topics == ("regularization",)


def test_command_reports_bank_problems_without_writing_yaml(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("bank: bad\ntitle: x\nlanguage: zh\nquestions:\n  - id: a\n    question: q\n", "utf-8")
    out = io.StringIO()
    assert suggest_command([str(bad)], out) == 1
    assert "answer" in out.getvalue()
    assert "questions:" not in out.getvalue()
    assert suggest_command([str(tmp_path / "missing.yaml")], io.StringIO()) == 1


def test_single_question_bank_still_gets_points() -> None:
    answer = "模型在训练集上很好，在新数据上很差。"
    q = Question(id="x", bank="b", question="什么是过拟合？", answer=answer, explanation="")
    points = suggest_key_points(Bank(name="b", title="b", language="zh", path="", questions=(q,)))["x"]
    assert 1 <= len(points) <= 3
