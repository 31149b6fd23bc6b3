"""A key point stated with its direction turned round."""

from __future__ import annotations

import pytest

from bot.bank.model import KeyPoint, Question
from bot.grading.grader import Grader
from bot.grading.keypoints import match_form
from bot.grading.reversal import (
    loss_raised,
    point_directions,
    prediction_direction,
    prediction_turned,
    reversed_in,
    speaks_of_loss,
)
from bot.grading.verdict import Verdict

CLIP = KeyPoint("rescale the gradients when their norm exceeds a threshold", ("exceeds a threshold",))
GENERALIZE = KeyPoint("目的：防止过拟合、提高泛化能力", ("过拟合", "泛化"))


def _turned(point: KeyPoint, reply: str, where: str) -> tuple[str, str] | None:
    form = match_form(reply)
    return reversed_in(point_directions(point), form, [form.find(match_form(where).strip())])


def test_the_opposite_side_said_of_the_same_thing_is_a_reversal() -> None:
    reply = "when the norm falls below the threshold the gradients are scaled up"
    assert _turned(CLIP, reply, "threshold") == ("below", "exceed")


def test_under_is_the_other_side_of_exceeds() -> None:
    reply = "when the gradient norm drops under a threshold it is scaled up"
    assert _turned(CLIP, reply, "threshold") == ("under", "exceed")
    assert _turned(CLIP, "when the norm exceeds a threshold it is scaled down", "threshold") is None


def test_the_right_side_anywhere_in_the_clause_is_no_reversal() -> None:
    reply = "gradients below the threshold are left alone and the ones that exceed it are scaled"
    assert _turned(CLIP, reply, "threshold") is None


def test_an_opposite_said_of_something_else_is_no_reversal() -> None:
    # 减少 is said of 过拟合, while the key point's 提高 is said of 泛化.
    assert _turned(GENERALIZE, "加惩罚项，减少过拟合", "过拟合") is None
    assert _turned(GENERALIZE, "会降低泛化能力", "泛化") == ("降低", "提高")


def test_more_for_fewer_and_likeness_for_difference_are_reversals() -> None:
    fewer = KeyPoint("目的：减少参数量", ("参数量",))
    assert _turned(fewer, "会让参数量变多", "参数量") == ("变多", "减少")
    assert _turned(fewer, "参数量减少了，也不会变多", "参数量") is None
    gap = KeyPoint("衡量预测与真实值之间的差距", ("真实值",))
    assert _turned(gap, "衡量预测和真实值的相似程度", "真实值") == ("相似", "差距")
    assert _turned(gap, "衡量预测和真实值之间差距多大", "真实值") is None


def test_a_side_the_key_point_denies_is_not_its_side() -> None:
    # "而非固定" denies 固定: the key point takes the side of 动态 alone.
    dynamic = KeyPoint("同一个词的向量随上下文变化（动态，而非固定）", ("随上下文",))
    assert _turned(dynamic, "词的向量随上下文变化却是固定的", "随上下文") == ("固定", "动态")
    assert _turned(dynamic, "词的向量随上下文变化却是动态的", "随上下文") is None


def test_a_core_key_point_turned_round_where_it_is_not_stated_costs_the_credit() -> None:
    schedule = Question(
        id="rv-sched",
        bank="reversal",
        question="什么是学习率调度？",
        answer="训练中按策略改变学习率，常见做法是预热后逐步衰减。",
        explanation="",
        key_points=(
            KeyPoint("按策略改变学习率（预热后逐步衰减）", ("逐步衰减", "改变学习率")),
            KeyPoint("目的：收敛更快更稳", ("收敛更快",), weight=0.2),
        ),
        language="zh",
    )
    grader = Grader([schedule])
    assert grader.grade(schedule, "开始时学习率很小，后期逐步变大，这样收敛更快").verdict is Verdict.WRONG
    assert grader.grade(schedule, "开始时学习率很小，后期逐步衰减，这样收敛更快").verdict is Verdict.CORRECT


def test_the_more_the_larger_turns_a_decay_round() -> None:
    # "越往后学习率越大": the comparative 越大 / 越小 takes a side like 变大 / 变小.
    decay = KeyPoint("按策略改变学习率，预热后学习率逐步衰减", ("学习率逐步衰减", "改变学习率"))
    assert _turned(decay, "训练越往后学习率越大", "学习率") == ("越大", "衰减")
    assert _turned(decay, "训练越往后学习率越小", "学习率") is None
    schedule = Question(
        id="rv-more",
        bank="reversal",
        question="什么是学习率调度？",
        answer="训练中按策略改变学习率，常见做法是预热后逐步衰减。",
        explanation="",
        key_points=(decay, KeyPoint("目的：收敛更快更稳", ("收敛更快",), weight=0.2)),
        language="zh",
    )
    grader = Grader([schedule])
    assert grader.grade(schedule, "训练越往后学习率越大，这样后期收敛更快").verdict is Verdict.WRONG
    right = "按策略改变学习率，越往后学习率越小，这样收敛更快"
    assert grader.grade(schedule, right).verdict is Verdict.CORRECT


def test_splitting_for_merging_is_a_reversal() -> None:
    merge = KeyPoint("repeatedly merge the most frequent adjacent pair", ("most frequent pair",))
    reply = "it splits every word into its most frequent pairs"
    assert _turned(merge, reply, "most frequent pair") == ("split", "merge")
    both = "it merges the most frequent pair and never splits it"
    assert _turned(merge, both, "most frequent pair") is None
    joined = KeyPoint("把出现最多的相邻符号对合并", ("相邻符号对",))
    assert _turned(joined, "把出现最多的相邻符号对拆开", "相邻符号对") == ("拆开", "合并")


def test_predicting_the_earlier_from_the_later_turns_the_reference_round() -> None:
    model = Question(
        id="rv-lm",
        bank="reversal",
        question="什么是语言建模？",
        answer="语言建模估计文本序列的概率，通常根据前文预测下一个词。",
        explanation="",
        key_points=(
            KeyPoint("估计文本序列的概率，即根据前文预测下一个词", ("预测下一个词", "前面的词", "预测")),
            KeyPoint("应用：文本生成", ("文本生成",), weight=0.2),
        ),
        language="zh",
    )
    grader = Grader([model])
    turned = grader.grade(model, "根据后面的词来预测前面的词")
    assert turned.verdict is Verdict.WRONG
    assert turned.swapped == ("后面的词", "前面的词")
    assert grader.grade(model, "根据前面的词来预测下一个词").verdict is Verdict.CORRECT
    assert (
        grader.grade(model, "根据前面的词预测下一个词，而不是根据后面的词来预测前面的词").verdict
        is Verdict.CORRECT
    )


def test_prediction_frames_read_english_target_first() -> None:
    direction = prediction_direction(["predict the next token from the previous tokens"])
    assert direction == ("earlier", "later")
    assert prediction_turned(direction, match_form("it predicts the previous word from the next words"))
    assert (
        prediction_turned(direction, match_form("it predicts the next word from the previous words")) is None
    )


DROP = KeyPoint("训练时随机丢弃部分神经元", ("随机丢弃", "丢弃神经元"))
TRUE_TOKEN = KeyPoint("feed the true previous token during training", ("true previous token",))


def test_a_training_time_method_told_of_inference_is_a_reversal() -> None:
    # The phase is said of the whole clause, whatever words stand next to it.
    assert _turned(DROP, "推理时随机丢弃一些神经元来加速", "随机丢弃") == ("推理时", "训练时")
    assert _turned(DROP, "训练的时候随机丢弃一些神经元", "随机丢弃") is None
    reply = "at inference the decoder gets the true previous token"
    assert _turned(TRUE_TOKEN, reply, "true previous token") == ("inference", "during training")


def test_a_key_point_that_names_both_phases_takes_no_side() -> None:
    both = KeyPoint("behaves the same during training and at inference", ("same at inference",))
    assert not point_directions(both).pairs
    # A phrasing that names the other phase in passing does not make the statement take it.
    passing = KeyPoint("predict each next token without peeking at it", ("match inference",))
    assert not point_directions(passing).pairs


def test_staying_constant_turns_growing_round() -> None:
    grows = KeyPoint("cost: memory that grows with the sequence length", ("memory grows",))
    reply = "the memory use stays constant however long the context gets"
    assert _turned(grows, reply, "memory") == ("constant", "grow")
    assert _turned(grows, "memory grows with the length and stays constant per token", "memory") is None


def test_a_fixed_size_or_no_dependence_turns_growing_round() -> None:
    grows = KeyPoint("cost: memory that grows with the sequence length", ("memory grows",))
    reply = "because the cache has a fixed size the memory never changes"
    assert _turned(grows, reply, "memory") == ("fixed size", "grow")
    reply = "the memory does not depend on the sequence length"
    assert _turned(grows, reply, "memory") == ("not depend on", "grow")


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


def test_on_a_question_about_a_loss_it_raised_by_training_is_the_loss_raised() -> None:
    form = match_form("衡量预测和真实值的差异，训练时要让它尽可能大")
    assert loss_raised(form, asks_loss=True) is not None
    # Asked about something else, "它" is that thing; lowered or denied, nothing is raised.
    assert loss_raised(form) is None
    assert loss_raised(match_form("训练时要让它尽可能小"), asks_loss=True) is None
    assert loss_raised(match_form("训练时不是让它变大"), asks_loss=True) is None


def test_only_a_reference_about_a_loss_holds_training_to_lower_it() -> None:
    assert speaks_of_loss(["训练时最小化损失"])
    assert speaks_of_loss(["the cross-entropy loss of the model"])
    assert not speaks_of_loss(["位置编码为每个词加入位置信息"])


CACHE = Question(
    id="rv-cache",
    bank="reversal",
    question="What is the KV cache?",
    answer="It stores the keys and values of earlier tokens; its memory grows with the length.",
    explanation="",
    key_points=(
        KeyPoint("stores the keys and values of earlier tokens so they are reused", ("keys and values",)),
        KeyPoint("cost: memory that grows with the sequence length", ("memory grows",), weight=0.2),
    ),
    language="en",
)


def test_a_side_point_turned_round_beside_the_core_is_partial() -> None:
    grader = Grader([CACHE])
    right = "it stores the keys and values of earlier tokens, and its memory grows with the length"
    assert grader.grade(CACHE, right).verdict is Verdict.CORRECT
    turned = "it stores the keys and values of earlier tokens; the cache memory has a fixed size"
    grade = grader.grade(CACHE, turned)
    assert grade.verdict is Verdict.PARTIAL, grade.reason
    assert grade.swapped == ("fixed size", "grow")


HEADS = Question(
    id="rv-heads",
    bank="reversal",
    question="什么是多头注意力？",
    answer="把注意力分成多个头并行计算，各头有自己的投影，结果拼接。",
    explanation="",
    key_points=(KeyPoint("把注意力分成多个头并行计算（各头有自己的投影），结果拼接", ("多个头", "拼接")),),
    language="zh",
)


def test_another_clause_that_turns_a_stated_key_point_round_is_a_false_claim_beside_it() -> None:
    grader = Grader([HEADS])
    assert grader.grade(HEADS, "多个头并行算注意力然后拼接，每个头有自己的投影").verdict is Verdict.CORRECT
    turned = grader.grade(HEADS, "多个头并行算注意力然后拼接，不过每个头用的都是同一组投影参数")
    assert turned.verdict is Verdict.PARTIAL, turned.reason
    assert turned.swapped == ("同一组", "自己的")
    # The other side denied in that clause turns nothing round.
    denied = grader.grade(HEADS, "多个头并行算注意力然后拼接，并不是共用投影参数")
    assert denied.verdict is Verdict.CORRECT, denied.reason


def test_doubling_turns_halving_round() -> None:
    halves = KeyPoint("purpose: roughly halves the activation memory", ("halves the memory",))
    assert _turned(halves, "it needs twice the memory of fp32 training", "memory") == ("twice", "halve")
    assert _turned(halves, "it halves the memory, twice as fast", "memory") is None


CAUSAL = KeyPoint(
    "each position can only attend to itself and earlier positions; future positions are masked out",
    ("comes after it", "tokens before it", "只能看到前面"),
)


def test_a_reply_that_confines_the_look_to_the_other_side_turns_it_round() -> None:
    # The key point names both sides, so no English pair is taken; its "only" confines to one.
    assert all(not own.shown.isascii() for own, _other in point_directions(CAUSAL).pairs)
    told = "the mask blocks attention to earlier tokens so each position only looks at what comes after it"
    assert _turned(CAUSAL, told, "comes after it") == ("after", "earlier")
    assert _turned(CAUSAL, "每个位置只能看到后面的位置", "位置") == ("后面", "之前")


@pytest.mark.parametrize(
    ("reply", "where"),
    [
        ("each position only attends to itself and the tokens before it, not what comes after it", "after"),
        ("only the later tokens are masked, so each position attends to itself and earlier ones", "later"),
        ("the mask hides only future tokens", "future"),
        ("not only what comes after it is hidden", "after"),
        ("每个位置只能看到前面的位置，后面的被遮住", "位置"),
    ],
)
def test_only_the_hidden_side_or_the_own_side_is_no_reversal(reply: str, where: str) -> None:
    assert _turned(CAUSAL, reply, where) is None
