"""Each class of reply the grader must handle, on hand-written examples."""

from __future__ import annotations

import dataclasses

import pytest
from grading_bank import BANK, DROPOUT, GRU, PRETRAIN

from bot.bank.model import KeyPoint, Question
from bot.grading import pinyin
from bot.grading.grader import Grader, grade
from bot.grading.keypoints import match_form, negated
from bot.grading.verdict import Verdict

CORRECT_REPLIES = [
    "训练的时候随机丢弃一些神经元",  # paraphrase
    "訓練時隨機丟棄一部分神經元，可以減輕過擬合",  # traditional characters
    "It randomly drops units during training so the net cannot rely on any single one.",  # English
    "训练时 randomly zero 一部分 neuron 的输出",  # mixed Chinese and English
    "ＲＡＮＤＯＭＬＹ ＤＲＯＰ neurons while training",  # full-width letters
    "随机失活",  # very short but right
]


@pytest.mark.parametrize("reply", CORRECT_REPLIES)
def test_right_answers_in_any_form_are_correct(grader: Grader, reply: str) -> None:
    result = grader.grade(DROPOUT, reply)
    assert result.verdict is Verdict.CORRECT, result.reason
    assert result.score == 1.0
    assert "训练时随机丢弃部分神经元" in result.found


def test_wrong_homophone_matches_when_sound_tables_are_there(grader: Grader) -> None:
    # 丢气 sounds like 丢弃. Without pypinyin installed, sound matching is off and the reply
    # must still be graded, just without that help.
    result = grader.grade(DROPOUT, "训练时随机丢气一些神经元")
    if pinyin.available():
        assert result.verdict is Verdict.CORRECT
    else:
        assert result.verdict is not Verdict.CORRECT


def test_pasted_reference_answer_is_correct(grader: Grader) -> None:
    result = grader.grade(DROPOUT, DROPOUT.answer)
    assert result.verdict is Verdict.CORRECT
    assert "reference" in result.reason


def test_purpose_only_is_partial(grader: Grader) -> None:
    result = grader.grade(DROPOUT, "是用来防止过拟合的")
    assert result.verdict is Verdict.PARTIAL
    assert 0.0 < result.score < 1.0
    assert result.missed == ("训练时随机丢弃部分神经元",)


def test_half_of_a_two_part_answer_is_partial(grader: Grader) -> None:
    result = grader.grade(PRETRAIN, "微调就是拿预训练好的模型在下游任务的标注数据上再训一下")
    assert result.verdict is Verdict.PARTIAL
    assert result.found == ("微调：特定任务的少量标注数据上继续训练",)
    assert result.missed == ("预训练：大规模无标注语料",)


def test_both_parts_are_correct(grader: Grader) -> None:
    reply = "先在海量文本上无标注地预训练，再针对下游任务用标注数据微调"
    assert grader.grade(PRETRAIN, reply).verdict is Verdict.CORRECT


def test_right_idea_next_to_a_false_claim_is_partial(grader: Grader) -> None:
    result = grader.grade(DROPOUT, "训练时随机丢弃神经元；推理时也丢弃，这样更稳")
    assert result.verdict is Verdict.PARTIAL
    assert "推理时也丢弃" in result.reason


def test_false_claim_alone_is_wrong(grader: Grader) -> None:
    result = grader.grade(GRU, "GRU 有三个门")
    assert result.verdict is Verdict.WRONG
    assert "有三个门" in result.reason


def test_negated_key_point_does_not_count(grader: Grader) -> None:
    assert grader.grade(DROPOUT, "它并不是随机丢弃神经元").verdict is not Verdict.CORRECT
    assert grader.grade(DROPOUT, "it does not randomly drop anything").verdict is not Verdict.CORRECT


def test_describing_another_question_of_the_bank_is_wrong(grader: Grader) -> None:
    result = grader.grade(DROPOUT, "只有更新门和重置门两个门的循环神经网络")
    assert result.verdict is Verdict.WRONG
    assert result.other_question == GRU.id
    assert result.reason == f"This looks like the answer to {GRU.id}."


def test_copy_of_the_question_is_wrong(grader: Grader) -> None:
    result = grader.grade(GRU, "请解释什么是门控循环单元(GRU)")
    assert result.verdict is Verdict.WRONG
    assert "repeats the question" in result.reason


def test_bare_keyword_list_is_wrong(grader: Grader) -> None:
    result = grader.grade(DROPOUT, "随机丢弃 神经元 过拟合 泛化")
    assert result.verdict is Verdict.WRONG
    assert "keywords" in result.reason


@pytest.mark.parametrize("reply", ["不知道", "跳过", "skip", "idk", "pass", "我也不会，等答案", "不清楚啊"])
def test_non_answers_are_wrong_with_a_reason(grader: Grader, reply: str) -> None:
    result = grader.grade(GRU, reply)
    assert result.verdict is Verdict.WRONG
    assert result.score == 0.0
    assert result.reason


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "   \n\t ",
        "😀😀😀🎉",
        "？？？",
        "哈哈" * 40,
        "今晚谁一起打游戏 🎮",
        "\x00\x01\x02\x03\x04\x05binary\x06\x07\x08\ufffd\ufffd",
        "+1",
    ],
)
def test_spam_and_empty_replies_are_wrong_with_a_reason(grader: Grader, reply: str) -> None:
    result = grader.grade(DROPOUT, reply)
    assert result.verdict is Verdict.WRONG
    assert result.reason
    assert result.found == ()


def test_huge_reply_is_cut_before_any_work(grader: Grader) -> None:
    # The answer sits just past the cut: read, it would be correct; cut, only blanks are left.
    reply = " " * grader.max_reply_chars + "训练时随机丢弃神经元。" + "这是一些无关的文字，" * 10_000
    assert len(reply) > 100_000
    result = grader.grade(DROPOUT, reply)
    assert result.verdict is Verdict.WRONG
    assert result == grader.grade(DROPOUT, reply[: grader.max_reply_chars])


def test_feedback_names_key_points_by_their_text(grader: Grader) -> None:
    result = grader.grade(GRU, "GRU 只有更新门和重置门")
    assert result.verdict is Verdict.CORRECT
    assert result.found == ("只有更新门和重置门",)
    assert "只有更新门和重置门" in result.reason
    assert result.reason.count(".") <= 1


def test_grade_helper_checks_other_questions_only_when_given_the_bank() -> None:
    reply = "只有更新门和重置门两个门的循环神经网络"
    assert grade(DROPOUT, reply, bank_questions=BANK).other_question == GRU.id
    alone = grade(DROPOUT, reply)
    assert alone.other_question is None
    assert alone.verdict is Verdict.WRONG


def test_question_outside_the_grader_is_still_graded(grader: Grader) -> None:
    other = Question(
        id="t-new",
        bank="t",
        question="什么是学习率？",
        answer="学习率决定每次参数更新的步长。",
        explanation="",
        key_points=DROPOUT.key_points,
    )
    assert grader.grade(other, "随机丢弃神经元").verdict is Verdict.CORRECT


def test_question_without_key_points_is_graded_against_its_reference() -> None:
    question = Question(
        id="t-stack",
        bank="t",
        question="What is a stack?",
        answer="A stack is a last-in first-out collection: push adds an element on top, pop removes the top.",
        explanation="",
        language="en",
    )
    good = grade(question, "A last-in first-out structure where push puts on top and pop removes the top.")
    bad = grade(question, "idk")
    assert good.score > bad.score
    assert bad.verdict is Verdict.WRONG


def test_question_pasted_before_an_answer_grades_the_answer(grader: Grader) -> None:
    assert grader.grade(GRU, GRU.question + "\n只有更新门和重置门").verdict is Verdict.CORRECT
    echoed = grader.grade(GRU, GRU.question + "\n不知道")
    assert echoed.verdict is Verdict.WRONG
    assert "not an answer" in echoed.reason


def test_misspelled_long_english_word_is_respelled(grader: Grader) -> None:
    result = grader.grade(DROPOUT, "it helps against overfittting")
    assert result.verdict is Verdict.PARTIAL
    assert result.found == ("目的：防止过拟合",)


def test_respelling_is_the_same_once_the_words_are_known(grader: Grader) -> None:
    # The second time every long word is one met before: the shortcut must respell the same.
    for _ in range(2):
        assert grader.grade(DROPOUT, "it helps against overfittting").found == ("目的：防止过拟合",)
        assert grader.grade(DROPOUT, "a regulation").verdict is Verdict.WRONG


def test_real_word_is_not_respelled_into_another(grader: Grader) -> None:
    # "regulation" is not a typo of "regularization": too far apart.
    assert grader.grade(DROPOUT, "a regulation").verdict is Verdict.WRONG


def test_a_phrase_inside_a_longer_phrase_of_another_key_point_does_not_count() -> None:
    # "误差" (core) inside "均方误差" (an example) is the example, not the definition.
    loss = Question(
        id="t-loss",
        bank="t",
        question="什么是损失函数？",
        answer="衡量预测与真实值之间误差的函数。",
        explanation="",
        key_points=(
            KeyPoint("衡量预测与真实值的误差", ("误差", "差距", "真实值")),
            KeyPoint("例子：均方误差、交叉熵", ("均方误差", "交叉熵"), weight=0.2),
        ),
    )
    assert grade(loss, "比如均方误差和交叉熵").verdict is Verdict.PARTIAL
    assert grade(loss, "衡量预测和真实值的误差，比如均方误差").verdict is Verdict.CORRECT


def test_a_short_phrase_of_the_key_points_own_statement_is_enough() -> None:
    # "置零" is in neither the question nor its reference answer, only in the key point's own
    # statement, and no other question says it: it names the core on its own.
    zeroing = Question(
        id="t-zero",
        bank="t",
        question="请解释什么是 Dropout？",
        answer="Dropout 是一种正则化技术，训练时随机丢弃神经元，防止过拟合。",
        explanation="",
        key_points=(KeyPoint("训练时随机丢弃（置零）部分神经元", ("随机丢弃", "置零")),),
    )
    shared = Question(
        id="t-shared",
        bank="t",
        question="什么是学习率？",
        answer="每步更新参数的步长。",
        explanation="",
        key_points=(KeyPoint("控制每步更新的步长", ("步长",)),),
    )
    grader = Grader([zeroing, shared, *BANK])
    assert grader.grade(zeroing, "把神经元的输出置零").verdict is Verdict.CORRECT
    # A phrase the other question's statement also uses is no proof on its own.
    also_said = Question(
        id="t-also",
        bank="t",
        question="什么是权重衰减？",
        answer="在损失里加权重的平方和。",
        explanation="",
        key_points=(KeyPoint("把权重往零拉（置零的趋势）", ("往零拉",)),),
    )
    grader = Grader([zeroing, also_said, *BANK])
    assert grader.grade(zeroing, "把神经元的输出置零").verdict is not Verdict.CORRECT


def test_a_short_specific_phrase_met_by_sound_alone_is_no_evidence_on_its_own() -> None:
    question = Question(
        id="t-log",
        bank="u",
        question="交叉熵损失里为什么要取对数？",
        answer="交叉熵是正确类别概率的负对数。",
        explanation="",
        key_points=(KeyPoint("正确类别概率的负对数", ("对数",)),),
    )
    grader = Grader([question])
    # 对输 sounds like 对数 but is another word: two characters of sound alone prove nothing ...
    assert grader.grade(question, "模型先对输入编码").verdict is Verdict.WRONG
    # ... while the same phrase spelled right is specific enough.
    assert grader.grade(question, "概率取对数").verdict is Verdict.CORRECT


def test_what_a_reply_calls_unrelated_is_denied() -> None:
    form = match_form("模型只看自己，和序列中其他位置无关")
    assert negated(form, form.index("其他位置"))
    said = match_form("每个位置都和其他位置计算相关性，和距离无关")
    assert not negated(said, said.index("其他位置"))
    assert negated(said, said.index("距离"))


CLIPPING = Question(
    id="f-01",
    bank="foreign",
    question="What is gradient clipping?",
    answer="Gradient clipping rescales the gradients when their norm exceeds a threshold.",
    explanation="It keeps a single bad batch from producing a huge update.",
    key_points=(
        KeyPoint("rescale gradients whose norm exceeds a threshold", ("norm exceeds a threshold", "rescale")),
        KeyPoint("prevents exploding gradients", ("exploding",), weight=0.2),
    ),
    language="en",
)
# One of its six content words is the question's ("exploding"): the rest is about another idea,
# which meets a minor key point only in passing.
OFF_CLIPPING = "hashing maps tokens into integer buckets, so nothing is exploding"


def test_a_reply_mostly_about_something_else_earns_no_credit() -> None:
    grader = Grader([CLIPPING])
    grade = grader.grade(CLIPPING, OFF_CLIPPING)
    assert grade.verdict is Verdict.WRONG
    assert grade.problem is not None and "something other" in grade.problem
    # The same minor point in the question's terms keeps its partial credit, and the core idea
    # in the student's own words is correct.
    assert grader.grade(CLIPPING, "it stops gradients from exploding").verdict is Verdict.PARTIAL
    own = "when the gradient norm exceeds a threshold you rescale them, so one odd batch can't blow up"
    assert grader.grade(CLIPPING, own).verdict is Verdict.CORRECT


def test_everyday_words_are_not_foreign_to_the_question() -> None:
    grader = Grader([CLIPPING])
    # "get", "few", "weird", "now", "then": a student's plain words, not another topic.
    plain = "it stops gradients from exploding when you get a few weird batches now and then"
    grade = grader.grade(CLIPPING, plain)
    assert grade.verdict is Verdict.PARTIAL and grade.problem is None
    # Words of another topic still are.
    assert grader.grade(CLIPPING, OFF_CLIPPING).verdict is Verdict.WRONG


def test_the_foreign_word_share_needs_a_few_words_and_an_english_question() -> None:
    grader = Grader([CLIPPING])
    # In a short reply hedges and filler are half of it: too few words to tell what it is about.
    assert grader.grade(CLIPPING, "mostly exploding stuff, I guess honestly").verdict is Verdict.PARTIAL
    chinese = Question(
        id="f-02",
        bank="foreign-zh",
        question="什么是梯度裁剪？",
        answer="梯度范数超过阈值时按比例缩小梯度。",
        explanation="防止一次更新过大。",
        key_points=(
            KeyPoint("范数超过阈值时缩小梯度", ("超过阈值",)),
            KeyPoint("防止梯度爆炸", ("exploding", "梯度爆炸"), weight=0.2),
        ),
        language="zh",
    )
    # A Chinese question's texts hold few English words: the share would say nothing there.
    assert Grader([chinese]).grade(chinese, OFF_CLIPPING).verdict is Verdict.PARTIAL


STABLE_CLIPPING = Question(
    id="f-03",
    bank="going-on",
    question="What is gradient clipping?",
    answer="Gradient clipping rescales the gradients when their norm exceeds a threshold.",
    explanation="It keeps training stable.",
    key_points=(
        KeyPoint("rescale gradients whose norm exceeds a threshold", ("norm exceeds a threshold", "rescale")),
        KeyPoint("keeps training stable", ("training stable", "stable")),
    ),
    false_claims=("to zero",),
    language="en",
)


@pytest.mark.parametrize("opener", ["which", "and that", "so"])
def test_an_english_clause_going_on_from_a_false_one_is_part_of_it(opener: str) -> None:
    grader = Grader([STABLE_CLIPPING])
    reply = f"it sets every gradient above the limit to zero, {opener} keeps training stable"
    grade = grader.grade(STABLE_CLIPPING, reply)
    assert grade.verdict is Verdict.WRONG, grade.reason
    assert grade.false_claim == "to zero"


def test_a_right_idea_in_a_clause_of_its_own_keeps_partial_credit_beside_a_false_one() -> None:
    grader = Grader([STABLE_CLIPPING])
    reply = "it sets every gradient above the limit to zero; it keeps training stable"
    grade = grader.grade(STABLE_CLIPPING, reply)
    assert grade.verdict is Verdict.PARTIAL, grade.reason
    assert grade.false_claim == "to zero"


def test_an_exact_false_claim_clears_no_clause_that_states_another_loosely() -> None:
    question = Question(
        id="f-04",
        bank="two-claims",
        question="What is gradient clipping?",
        answer="Gradient clipping rescales the gradients when their norm exceeds a threshold.",
        explanation="It keeps training stable.",
        key_points=(
            KeyPoint("rescale gradients whose norm exceeds a threshold", ("norm exceeds a threshold",)),
            KeyPoint("keeps training stable", ("training stable",)),
        ),
        false_claims=("to zero", "removes the gradients entirely"),
        language="en",
    )
    grader = Grader([question])
    # "to zero" is stated exactly; the second claim, with words in between, only loosely: its
    # clause is no right idea beside the first.
    reply = "it sets the big ones to zero; it removes all of the gradients entirely to keep training stable"
    grade = grader.grade(question, reply)
    assert grade.verdict is Verdict.WRONG, grade.reason
    beside = "it sets the big ones to zero; it keeps training stable"
    assert grader.grade(question, beside).verdict is Verdict.PARTIAL


REPLICAS = Question(
    id="f-06",
    bank="core-in-claim",
    question="What is data parallelism?",
    answer="Every device holds a copy of the model and its own part of the data; the gradients are averaged.",
    explanation="It trains faster on many devices.",
    key_points=(
        KeyPoint(
            "each device holds a copy of the model and its own part of the data", ("copy of the model",)
        ),
        KeyPoint("gradients are averaged so every copy makes the same update", ("averaged",)),
        KeyPoint("purpose: faster training", ("faster",), weight=0.2),
    ),
    false_claims=("at the end of training", "less memory per device"),
    language="en",
)


def test_a_core_key_point_stated_only_inside_a_false_clause_leaves_no_right_idea_beside_it() -> None:
    grader = Grader([REPLICAS])
    # The syncing is the core, and it is told wrong: the right first half does not make it partial.
    turned = "each gpu holds a copy of the model, and at the end of training the weights are averaged once"
    grade = grader.grade(REPLICAS, turned)
    assert grade.verdict is Verdict.WRONG, grade.reason
    assert grade.false_claim == "at the end of training"
    # A false side remark leaves the core stated outside it: partial, as before.
    beside = "each gpu holds a copy of the model; it also needs less memory per device"
    assert grader.grade(REPLICAS, beside).verdict is Verdict.PARTIAL
    # A question that asks two things takes one half right beside the other told wrong as half
    # an answer.
    two_part = dataclasses.replace(
        REPLICAS, question="What is data parallelism, and how are the copies kept equal?"
    )
    assert Grader([two_part]).grade(two_part, turned).verdict is Verdict.PARTIAL


ECHOED_NMT = Question(
    id="f-08",
    bank="echo",
    question="什么是神经机器翻译？",
    answer="神经机器翻译用神经网络端到端地把源语言翻译成目标语言。",
    explanation="它取代了基于短语统计的方法。",
    key_points=(
        KeyPoint("用神经网络端到端建模", ("神经网络", "端到端")),
        KeyPoint("把源语言翻译成目标语言", ("翻译", "源语言")),
    ),
    language="zh",
)


def test_a_long_reply_whose_key_point_only_echoes_the_question_earns_no_credit() -> None:
    grader = Grader([ECHOED_NMT])
    # 翻译 is the question's own word: told at length, another method is about something else.
    other = "神经机器翻译就是按词典一个词一个词对应翻译过去，再调整一下语序"
    assert grader.grade(ECHOED_NMT, other).verdict is Verdict.WRONG
    # A short reply that names only the use or the parent keeps partial credit.
    assert grader.grade(ECHOED_NMT, "一种机器翻译方法，质量比以前好").verdict is Verdict.PARTIAL


GATED = Question(
    id="f-09",
    bank="category",
    question="请解释什么是长短期记忆（LSTM）？",
    answer="长短期记忆是一种循环神经网络（RNN）变体，通过门控机制缓解梯度消失。",
    explanation="遗忘门、输入门和输出门控制信息的保留。",
    key_points=(KeyPoint("用门控机制控制信息的保留与遗忘", ("门控", "遗忘门")),),
    language="zh",
)


@pytest.mark.parametrize(
    "reply",
    [
        "LSTM是一种RNN",
        "是一种循环神经网络。",
        "LSTM是RNN的一种变体",
        # A variant of the category names it too, in either script.
        "LSTM是一种RNN的变体",
        "LSTM是一種RNN的變體",
        "一种RNN",
        "它是RNN家族里的一个模型。",
        "LSTM是用来处理序列数据的神经网络",
    ],
)
def test_only_the_references_category_is_partial(reply: str) -> None:
    grade = Grader([GATED]).grade(GATED, reply)
    assert grade.verdict is Verdict.PARTIAL, grade.reason
    assert grade.missed == ("用门控机制控制信息的保留与遗忘",)


@pytest.mark.parametrize(
    "reply",
    [
        "LSTM是一种CNN",
        "LSTM是一种CNN的变体",
        "LSTM是一种RNN，用卷积核在图像上提取特征",
        "一种CNN",
        "它是CNN家族里的一个模型",
        "LSTM是用来处理图像的卷积网络",
    ],
)
def test_another_category_or_more_said_beside_it_is_no_bare_category(reply: str) -> None:
    assert Grader([GATED]).grade(GATED, reply).verdict is Verdict.WRONG


SELF_ATTENTION = Question(
    id="f-11",
    bank="category",
    question="请解释什么是自注意力（Self-Attention）？",
    answer="自注意力让序列中每个位置与同一序列的所有位置计算相关性，再加权求和。",
    explanation="Q、K、V 都来自同一个序列。",
    key_points=(KeyPoint("同一序列内每个位置与所有位置计算注意力", ("同一序列", "所有位置")),),
    language="zh",
)


@pytest.mark.parametrize(
    "reply",
    [
        # The head of the subject's own name is its parent, in either language.
        "自注意力是注意力的一种",
        "self-attention 就是 attention 的一种",
        # A qualifier the question uses may stand before the parent.
        "是一种自的注意力",
    ],
)
def test_the_parent_its_name_tells_is_partial(reply: str) -> None:
    grade = Grader([SELF_ATTENTION]).grade(SELF_ATTENTION, reply)
    assert grade.verdict is Verdict.PARTIAL, grade.reason


@pytest.mark.parametrize(
    "reply", ["自注意力是卷积的一种", "self-attention 就是 convolution 的一种", "是一种多头的注意力"]
)
def test_a_parent_its_name_does_not_tell_is_no_bare_category(reply: str) -> None:
    assert Grader([SELF_ATTENTION]).grade(SELF_ATTENTION, reply).verdict is Verdict.WRONG


def test_a_qualifier_the_question_uses_may_stand_before_the_references_category() -> None:
    both_ways = Question(
        id="f-12",
        bank="category",
        question="请解释什么是双向长短期记忆？",
        answer="双向长短期记忆是一种循环神经网络（RNN）变体，正反两个方向各读一遍序列。",
        explanation="两个方向的隐藏状态拼在一起。",
        key_points=(KeyPoint("正反两个方向各读一遍序列", ("两个方向", "正反")),),
        language="zh",
    )
    grader = Grader([both_ways])
    # "双向" is the question's own word; "双向的RNN" names the reference's category, RNN.
    assert grader.grade(both_ways, "BiLSTM是一种双向的RNN。").verdict is Verdict.PARTIAL
    assert grader.grade(both_ways, "BiLSTM是一种卷积的RNN。").verdict is Verdict.WRONG


ATTENTION = Question(
    id="f-10",
    bank="purpose",
    question="请解释什么是注意力机制？它在语言模型中有什么作用？",
    answer="注意力机制按相关性给序列各位置分配权重，从而提高模型的生成质量。",
    explanation="",
    key_points=(KeyPoint("按相关性给各位置分配权重", ("分配权重", "加权求和")),),
    language="zh",
)


@pytest.mark.parametrize(
    "reply",
    [
        "能让模型生成的效果更好",
        "注意力机制让模型更好地理解句子",
        "它可以让训练效果更好，更容易收敛",
        # What it makes the model grasp better, in general words.
        "注意力机制能提升大模型对句子的把握。",
        "能提高模型对语义的理解能力",
        # The kind of means it is may follow, counted or not.
        "让模型效果更好的一种技术",
        # The verb first, then what of the model it improves.
        "为了提高模型的泛化能力",
        "能提升模型的生成质量",
        # More of the input taken in, in general words.
        "能让模型关注到更多方面的信息",
    ],
)
def test_only_a_general_benefit_of_the_subject_is_partial(reply: str) -> None:
    grade = Grader([ATTENTION]).grade(ATTENTION, reply)
    assert grade.verdict is Verdict.PARTIAL, grade.reason
    assert grade.missed == ("按相关性给各位置分配权重",)


@pytest.mark.parametrize(
    "reply",
    [
        "CNN能让模型效果更好",
        "注意力机制用滑动窗口做卷积，让模型效果更好",
        "模型效果不好",
        "CNN能提升模型对图像的理解",
        "CNN是让模型效果更好的一种技术",
        "CNN能提高模型的准确率",
        "CNN能让模型看到更多信息",
    ],
)
def test_a_benefit_of_something_else_or_beside_more_is_no_bare_purpose(reply: str) -> None:
    assert Grader([ATTENTION]).grade(ATTENTION, reply).verdict is Verdict.WRONG


def test_a_reference_that_names_no_benefit_takes_no_bare_purpose() -> None:
    plain = dataclasses.replace(ATTENTION, answer="注意力机制按相关性给序列各位置分配权重。")
    assert Grader([plain]).grade(plain, "能让模型生成的效果更好").verdict is Verdict.WRONG


PRECISIONS = Question(
    id="f-07",
    bank="bare-sides",
    question="What is mixed-precision training?",
    answer="It computes the matrix multiplications in fp16 and keeps the master weights in fp32.",
    explanation="The optimizer updates the master weights.",
    key_points=(
        KeyPoint("compute the matrix multiplications in fp16", ("fp16", "16-bit")),
        KeyPoint("keep the master weights in fp32", ("fp32", "32-bit", "master weights")),
    ),
    contrasts=((("fp16", "16-bit"), ("fp32", "32-bit")),),
    language="en",
)


@pytest.mark.parametrize(
    "reply", ["use fp16 and fp32", "you train in fp32 first and then switch everything to fp16"]
)
def test_both_sides_of_a_contrast_named_bare_are_no_roles(reply: str) -> None:
    grade = Grader([PRECISIONS]).grade(PRECISIONS, reply)
    assert grade.verdict is Verdict.PARTIAL, grade.reason


@pytest.mark.parametrize(
    "reply",
    [
        "fp16 for the matrix multiplications, fp32 for the master weights",
        "matmuls in fp16, fp32 for the master weights",
    ],
)
def test_sides_named_with_their_roles_are_correct(reply: str) -> None:
    grade = Grader([PRECISIONS]).grade(PRECISIONS, reply)
    assert grade.verdict is Verdict.CORRECT, grade.reason


NMT = Question(
    id="f-05",
    bank="grazing",
    question="什么是神经机器翻译？",
    answer="神经机器翻译用神经网络端到端地学习源语言到目标语言的映射。",
    explanation="它取代了基于短语统计的方法。",
    key_points=(
        KeyPoint("用神经网络端到端学习源语言到目标语言的映射", ("端到端", "神经网络")),
        KeyPoint("用途：把文本翻译成另一种语言", ("翻译",), weight=0.2),
    ),
    language="zh",
)


def test_a_long_reply_that_meets_a_key_point_only_in_passing_earns_no_credit() -> None:
    grader = Grader([NMT])
    # Another method told at length; 翻译 is all it shares with the key points.
    other = "它是先把句子切成短语，再根据统计出来的短语对照表和语言模型打分来拼出最终翻译结果的方法"
    grade = grader.grade(NMT, other)
    assert grade.verdict is Verdict.WRONG, grade.reason
    # A short reply that says only the use is partial, as before.
    assert grader.grade(NMT, "就是谷歌那种在线翻译").verdict is Verdict.PARTIAL


SEQ2SEQ = Question(
    id="t-seq2seq",
    bank="t",
    question="请解释什么是序列到序列模型？",
    answer="序列到序列模型把一个序列映射到另一个序列，广泛用于机器翻译、文本摘要等任务。",
    explanation="",
    key_points=(
        KeyPoint("把一个输入序列映射成另一个输出序列", ("映射到另一个序列", "另一个序列", "输出序列")),
        KeyPoint("应用：机器翻译、文本摘要", ("机器翻译", "翻译", "文本摘要", "摘要"), weight=0.2),
    ),
)

NMT = Question(
    id="t-nmt",
    bank="t",
    question="请解释什么是神经机器翻译？",
    answer="神经机器翻译用神经网络端到端地把源语言文本翻译成目标语言。",
    explanation="",
    key_points=(
        KeyPoint("用神经网络建模翻译", ("神经网络", "端到端", "seq2seq", "序列到序列", "编码器")),
        KeyPoint("把源语言文本翻译成目标语言", ("翻译", "源语言", "目标语言", "译成")),
    ),
)


def test_a_minor_key_point_of_the_asked_question_is_no_sign_of_another_question() -> None:
    # "机器翻译" is a use the seq2seq question lists (a low-weight key point): naming it next to
    # the subject is half an answer to this question, not the answer to the translation one.
    grader = Grader((SEQ2SEQ, NMT))
    result = grader.grade(SEQ2SEQ, "seq2seq常用于机器翻译")
    assert result.other_question is None
    assert result.verdict is Verdict.PARTIAL
    # Telling the other question's idea with no word of the asked one still is.
    other = grader.grade(SEQ2SEQ, "用神经网络端到端地把源语言翻译成目标语言")
    assert other.other_question == NMT.id


def test_what_a_verb_keeps_from_happening_is_negated() -> None:
    form = match_form("the mask stops each token from attending to the tokens before it")
    assert negated(form, form.index(" token before"))
    prevented = match_form("it prevents the model from seeing future tokens")
    assert negated(prevented, prevented.index(" futur"))
    # "keeps ... from" tells where a thing comes from; "from" alone negates nothing.
    kept = match_form("the cache keeps the keys and values from earlier tokens")
    assert not negated(kept, kept.index(" earlier"))
    flows = match_form("the gradient flows from the output layer")
    assert not negated(flows, flows.index(" output"))


MASK = Question(
    id="f-11",
    bank="prevented",
    question="Why does a decoder-only LLM use a causal attention mask?",
    answer="Each position attends only to itself and earlier positions, without peeking at the target.",
    explanation="",
    key_points=(
        KeyPoint(
            "each position attends only to earlier positions", ("tokens before it", "earlier positions")
        ),
        KeyPoint(
            "why: training predicts in parallel without peeking at the target", ("peeking",), weight=0.2
        ),
    ),
    language="en",
)


def test_a_key_point_kept_from_happening_is_not_stated_unless_it_is_told_by_a_denial() -> None:
    grader = Grader([MASK])
    stated = grader.grade(MASK, "each token may only attend to the tokens before it")
    assert stated.verdict is Verdict.CORRECT
    kept = grader.grade(MASK, "the mask stops each token from attending to the tokens before it")
    assert kept.verdict is Verdict.WRONG, kept.reason
    # A key point told as what is avoided ("without peeking") is stated by keeping it from happening.
    assert grader.grade(MASK, "it stops the model from peeking while it trains").verdict is Verdict.PARTIAL


def test_a_side_point_told_by_a_denial_is_stated_by_a_negated_phrase() -> None:
    grader = Grader([MASK])
    assert grader.grade(MASK, "so that the model is not peeking during training").verdict is Verdict.PARTIAL
    assert (
        grader.grade(MASK, "so that the model does not go peeking at the answer").verdict is Verdict.PARTIAL
    )
    # A core point is not: "can't attend to the tokens before it" does not state it.
    assert grader.grade(MASK, "a token can't attend to the tokens before it").verdict is Verdict.WRONG


LORA = Question(
    id="f-12",
    bank="side-denial",
    question="What is LoRA?",
    answer="LoRA freezes the weights and trains a low-rank update BA, which can be merged into W afterwards.",
    explanation="",
    key_points=(
        KeyPoint(
            "keep the pretrained weights frozen and train a low-rank update", ("frozen", "low-rank update")
        ),
        KeyPoint("purpose: no extra latency once merged", ("no extra latency", "merged"), weight=0.2),
    ),
    language="en",
)


def test_what_a_side_key_point_denies_stated_beside_the_core_is_a_false_claim() -> None:
    grader = Grader([LORA])
    right = grader.grade(
        LORA, "the weights stay frozen and a low-rank update is trained; no extra latency once merged"
    )
    assert right.verdict is Verdict.CORRECT
    told = grader.grade(
        LORA, "the weights stay frozen and a low-rank update is trained, but it adds extra latency"
    )
    assert told.verdict is Verdict.PARTIAL, told.reason
    assert told.false_claim == "extra latency"
    # Negated, or told as what would happen otherwise, it is no claim.
    denied = "the weights stay frozen and a low-rank update is trained, and it adds no extra latency"
    assert grader.grade(LORA, denied).verdict is Verdict.CORRECT
    otherwise = (
        "the weights stay frozen and a low-rank update is trained; otherwise it would add extra latency"
    )
    assert grader.grade(LORA, otherwise).verdict is Verdict.CORRECT
