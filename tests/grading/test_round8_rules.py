"""Rules of the eighth grading round: a name=value setting in a keyword list is still a keyword;
the shipped seq2seq question binds reading the source to the encoder; an English reply that
swaps the core idea gets no partial credit for the rest; a phrase that states one key point does
not turn another one round."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.loader import load_library
from bot.grading.detect import any_keyword_list_reason
from bot.grading.grader import Grader
from bot.grading.verdict import Verdict

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library([ROOT / "questions" / "llm-training.zh.yaml"])
GRADER = Grader(LIBRARY.questions())
EN_LIBRARY = load_library([ROOT / "questions" / "llm-training.en.yaml"])
EN_GRADER = Grader(EN_LIBRARY.questions())


@pytest.mark.parametrize(
    "reply",
    ["weight decay, lr=3e-4, warmup", "dropout, p=0.1, 过拟合", "clip, max_norm = 1.0, norm, threshold"],
)
def test_a_list_with_settings_is_a_keyword_list(reply: str) -> None:
    assert any_keyword_list_reason(reply) is not None


@pytest.mark.parametrize(
    "reply",
    [
        "PPL = exp(loss), so lower is better",
        "loss = -log p, averaged, over tokens",
        "W' = W + BA, r small, A and B",
    ],
)
def test_a_formula_is_no_keyword_list(reply: str) -> None:
    assert any_keyword_list_reason(reply) is None


def test_seq2seq_encoder_and_decoder_swapped_is_wrong() -> None:
    question = LIBRARY.get("llm-17")
    assert question is not None
    swapped = GRADER.grade(question, "它由解码器读入源句子，再由编码器生成翻译后的目标句子")
    assert swapped.verdict is Verdict.WRONG, swapped.reason
    reply = "它由编码器读入源句子，再由解码器生成翻译后的目标句子，输入输出长度可以不同"
    right = GRADER.grade(question, reply)
    assert right.verdict is Verdict.CORRECT, right.reason


def test_english_swap_of_the_core_idea_is_wrong_beside_a_right_purpose() -> None:
    question = EN_LIBRARY.get("llm-en-01")
    assert question is not None
    reply = (
        "BPE splits the most frequent adjacent pair of symbols into two new tokens until it "
        "reaches the vocabulary size; that way rare words still break into known subword pieces."
    )
    grade = EN_GRADER.grade(question, reply)
    assert grade.verdict is Verdict.WRONG, grade.reason


def test_a_phrase_of_a_stated_key_point_turns_no_missing_one_round() -> None:
    question = EN_LIBRARY.get("llm-en-04")
    assert question is not None
    reply = "Training in reduced, lower precision like bf16 so it needs less memory."
    grade = EN_GRADER.grade(question, reply)
    assert grade.verdict is Verdict.PARTIAL, grade.reason
    assert grade.swapped is None, grade.reason


def test_what_a_key_point_prevents_told_as_unlikely_states_it() -> None:
    question = LIBRARY.get("llm-09")
    assert question is not None
    grade = GRADER.grade(question, "给权重加上L1或L2惩罚项来约束它们，模型就不太会过拟合")
    assert grade.verdict is Verdict.CORRECT, grade.reason
    denied = GRADER.grade(question, "给权重加上L1或L2惩罚项来约束它们，但这并不能防止过拟合")
    assert denied.verdict is not Verdict.CORRECT, denied.reason


def test_a_long_run_of_letters_before_an_equals_sign_is_read_at_once() -> None:
    # A pattern that tried a name from every letter of the run took minutes on this reply
    # (quadratic); the answer itself is the same, so the suite finishing is the check.
    reply = "a" * 200_000 + " = x, y, z"
    assert any_keyword_list_reason(reply) is None
