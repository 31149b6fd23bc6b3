"""`studybot bank suggest-keypoints`: proposals written into the bank text, comments kept."""

from __future__ import annotations

import io
import os
from pathlib import Path

import yaml

from bot.bank.annotate import suggest_keypoints
from bot.bank.loader import load_bank
from bot.cli import main

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

  # The source stops mid-sentence in this explanation: complete it.
  - id: p-02
    question: 配货检查的方法有哪些？
    answer: 配货检查的方法有：人工检查法、条码检查法、声音输入检查法、重量计算检查法。
    explanation: |
      四种方法。

      第二段。
    completed: [explanation]
  - id: p-03
    question: How does AdamW differ from Adam with L2 regularization?
    answer: AdamW applies weight decay to the weights directly; Adam with L2 adds the penalty to the gradient.
    explanation: Decoupled.  # why it matters
  - id: p-04
    question: 什么是批次大小？
    answer: 批次大小是指每次训练输入的样本数量。
    explanation: 批次。
    key_points:
      - point: 每次更新用的样本数
        phrasings: [样本数, batch size]
    false_claims: [训练的轮数]
"""


def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "plain.yaml"
    path.write_text(BANK_YAML, encoding="utf-8")
    return path


def run(paths: list[str], **options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = suggest_keypoints(paths, out, err, **options)  # type: ignore[arg-type]
    return status, out.getvalue(), err.getvalue()


def test_output_keeps_every_line_and_comment_and_loads(tmp_path: Path) -> None:
    status, text, err = run([str(bank_file(tmp_path))])
    assert status == 0 and err == ""
    for line in BANK_YAML.splitlines():
        assert line in text.splitlines()
    written = tmp_path / "out.yaml"
    written.write_text(text, encoding="utf-8")
    by_id = {q.id: q for q in load_bank(written).questions}
    assert all(q.key_points for q in by_id.values())
    assert [kp.point for kp in by_id["p-04"].key_points] == ["每次更新用的样本数"]
    assert by_id["p-04"].false_claims == ("训练的轮数",)
    assert by_id["p-02"].explanation == "四种方法。\n\n第二段。"
    assert by_id["p-02"].completed == ("explanation",)
    assert by_id["p-03"].contrasts == ((("AdamW",), ("Adam with L2 regularization",)),)
    data = yaml.safe_load(text)
    assert list(data["questions"][1]) == [
        "id",
        "question",
        "answer",
        "explanation",
        "key_points",
        "completed",
    ]


def test_in_place_rewrites_the_file(tmp_path: Path) -> None:
    path = bank_file(tmp_path)
    status, text, err = run([str(path)], in_place=True)
    assert status == 0 and text == ""
    assert "annotated" in err
    assert all(q.key_points for q in load_bank(path).questions)


def test_output_file_gets_the_annotated_bank_and_the_source_stays_as_it_was(tmp_path: Path) -> None:
    path, target = bank_file(tmp_path), tmp_path / "annotated.yaml"
    assert main(["bank", "suggest-keypoints", str(path), "-o", str(target)]) == 0
    assert path.read_text(encoding="utf-8") == BANK_YAML
    assert all(q.key_points for q in load_bank(target).questions)


def test_problems_go_to_stderr_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("bank: bad\ntitle: x\nlanguage: zh\nquestions:\n  - id: a\n    question: q\n", "utf-8")
    status, text, err = run([str(bad)], output=str(tmp_path / "never.yaml"))
    assert status == 1 and text == ""
    assert "answer" in err
    assert not (tmp_path / "never.yaml").exists()


def test_redirecting_into_the_bank_being_read_is_explained(tmp_path: Path) -> None:
    path = bank_file(tmp_path)
    with path.open("w", encoding="utf-8") as redirected:  # what `> FILE` does before the command runs
        status = suggest_keypoints([str(path)], redirected, err := io.StringIO())
    assert status == 1
    assert "--in-place" in err.getvalue()
    assert path.read_text(encoding="utf-8") == ""


def test_one_output_for_several_banks_is_refused(tmp_path: Path) -> None:
    one = bank_file(tmp_path)
    two = tmp_path / "two.yaml"
    two.write_text(BANK_YAML.replace("bank: plain", "bank: two").replace("p-0", "t-0"), encoding="utf-8")
    status, _, err = run([str(one), str(two)], output=str(tmp_path / "x.yaml"))
    assert status == 1 and "--in-place" in err


def test_written_suggestions_keep_line_separators_as_written() -> None:
    from bot.bank.annotate import _dump  # what every proposal is written with

    for text in ("one line\x85two", "block\nwith\u2028separator", "a\u2029b", "two\nlines", "plain"):
        assert yaml.safe_load(_dump({"point": text})) == {"point": text}, repr(text)


def test_in_place_and_output_files_keep_readable_permissions(tmp_path: Path) -> None:
    path = bank_file(tmp_path)
    path.chmod(0o644)  # a bank a bot running as another user reads
    assert run([str(path)], in_place=True)[0] == 0
    assert path.stat().st_mode & 0o777 == 0o644
    target = tmp_path / "new.yaml"
    umask = os.umask(0o022)
    try:
        assert run([str(path)], output=str(target))[0] == 0
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o644


def test_in_place_keeps_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_bytes(BANK_YAML.replace("\n", "\r\n").encode())
    assert run([str(path)], in_place=True)[0] == 0
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > BANK_YAML.count("\n")
    assert all(q.key_points for q in load_bank(path).questions)


def test_output_never_replaces_another_file_unasked(tmp_path: Path) -> None:
    path, other = bank_file(tmp_path), tmp_path / "mine.yaml"
    other.write_text("edited by hand", encoding="utf-8")
    status, _, err = run([str(path)], output=str(other))
    assert status == 1 and "already exists; choose another file or add --force" in err
    assert other.read_text(encoding="utf-8") == "edited by hand"
    assert run([str(path)], output=str(other), force=True)[0] == 0
    assert all(q.key_points for q in load_bank(other).questions)
    assert run([str(path)], output=str(path))[0] == 0  # onto the bank itself: as --in-place
