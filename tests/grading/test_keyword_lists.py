"""What the keyword-list check reads as a bare list of terms, and what it leaves as a sentence."""

from __future__ import annotations

import pytest

from bot.grading.detect import any_keyword_list_reason


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


def test_a_long_run_of_letters_before_an_equals_sign_is_read_at_once() -> None:
    # A pattern that tried a name from every letter of the run took minutes on this reply
    # (quadratic); the answer itself is the same, so the suite finishing is the check.
    reply = "a" * 200_000 + " = x, y, z"
    assert any_keyword_list_reason(reply) is None


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


@pytest.mark.parametrize(
    "reply",
    [
        "Transformer里面有self-attention、FFN、LayerNorm",
        "包括编码器、解码器、注意力",
        "由卷积层、池化层、全连接层组成",
    ],
)
def test_parts_a_thing_is_said_to_have_are_a_statement_not_a_bare_list(reply: str) -> None:
    assert any_keyword_list_reason(reply) is None
    # The same items with nothing said of them are a bare list.
    assert any_keyword_list_reason("self-attention、FFN、LayerNorm、编码器") is not None
