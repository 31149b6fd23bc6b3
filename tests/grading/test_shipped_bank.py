"""Invariants of grading against the banks shipped in questions/."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.bank.loader import load_library
from bot.grading.grader import Grader
from bot.grading.tuning import CORRECT_AT, MISSED_MIN_WEIGHT
from bot.grading.verdict import Verdict

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
LIBRARY = load_library(sorted(QUESTIONS.glob("*.yaml")))
GRADER = Grader(LIBRARY.questions())
ALL = LIBRARY.questions()


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.id)
def test_reference_answer_is_correct_and_question_copy_is_wrong(question) -> None:  # type: ignore[no-untyped-def]
    assert GRADER.grade(question, question.answer).verdict is Verdict.CORRECT
    copied = GRADER.grade(question, question.question)
    assert copied.verdict is Verdict.WRONG
    assert copied.other_question is None


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.id)
def test_non_answer_is_wrong(question) -> None:  # type: ignore[no-untyped-def]
    assert GRADER.grade(question, "不知道，跳过").verdict is Verdict.WRONG
    assert GRADER.grade(question, "idk").verdict is Verdict.WRONG


@pytest.mark.parametrize("question", [q for q in ALL if q.key_points], ids=lambda q: q.id)
def test_weights_keep_core_and_minor_points_apart(question) -> None:  # type: ignore[no-untyped-def]
    # All core key points reach full credit on their own; minor ones (purpose, example, parent
    # concept) never make up for a missing core point.
    weights = [kp.weight for kp in question.key_points]
    total = sum(weights)
    core = [w for w in weights if w >= MISSED_MIN_WEIGHT]
    minor = sum(w for w in weights if w < MISSED_MIN_WEIGHT)
    assert core, "a question needs at least one core key point"
    assert sum(core) / total >= CORRECT_AT
    for missing in core:
        assert (sum(core) - missing + minor) / total < CORRECT_AT


WITH_POINTS = [q for q in ALL if q.key_points]
PIECES = [p for q in WITH_POINTS[:12] for kp in q.key_points[:1] for p in kp.phrasings[:3]] + [
    "不是",
    "，",
    "不知道",
    "😀",
]


@settings(max_examples=200, deadline=None)
@given(
    reply=st.one_of(st.text(max_size=200), st.lists(st.sampled_from(PIECES), max_size=12).map("".join)),
    question=st.sampled_from(WITH_POINTS),
)
def test_any_reply_to_a_shipped_question_gives_a_consistent_grade(reply, question) -> None:  # type: ignore[no-untyped-def]
    result = GRADER.grade(question, reply)
    assert 0.0 <= result.score <= 1.0
    assert (result.verdict is Verdict.CORRECT) == (result.score == 1.0)
    assert (result.verdict is Verdict.WRONG) == (result.score == 0.0)
    assert result.reason


def test_naming_tokens_does_not_state_the_tokenizer() -> None:
    # "tokens" and "tokenizer" are different words: only the second names the kind of method.
    bpe = LIBRARY.get("llm-en-01")
    assert bpe is not None
    assert GRADER.grade(bpe, "It turns text into tokens.").verdict is Verdict.WRONG
    named = GRADER.grade(bpe, "It is the tokenizer used by GPT-style models.")
    assert any("tokenizer" in point for point in named.found)


def test_seq2seq_encoder_and_decoder_swapped_is_wrong() -> None:
    question = LIBRARY.get("llm-17")
    assert question is not None
    swapped = GRADER.grade(question, "它由解码器读入源句子，再由编码器生成翻译后的目标句子")
    assert swapped.verdict is Verdict.WRONG, swapped.reason
    reply = "它由编码器读入源句子，再由解码器生成翻译后的目标句子，输入输出长度可以不同"
    right = GRADER.grade(question, reply)
    assert right.verdict is Verdict.CORRECT, right.reason


def test_english_swap_of_the_core_idea_is_wrong_beside_a_right_purpose() -> None:
    question = LIBRARY.get("llm-en-01")
    assert question is not None
    reply = (
        "BPE splits the most frequent adjacent pair of symbols into two new tokens until it "
        "reaches the vocabulary size; that way rare words still break into known subword pieces."
    )
    grade = GRADER.grade(question, reply)
    assert grade.verdict is Verdict.WRONG, grade.reason


def test_a_phrase_of_a_stated_key_point_turns_no_missing_one_round() -> None:
    question = LIBRARY.get("llm-en-04")
    assert question is not None
    reply = "Training in reduced, lower precision like bf16 so it needs less memory."
    grade = GRADER.grade(question, reply)
    assert grade.verdict is Verdict.PARTIAL, grade.reason
    assert grade.swapped is None, grade.reason


def test_what_a_key_point_prevents_told_as_unlikely_states_it() -> None:
    question = LIBRARY.get("llm-09")
    assert question is not None
    grade = GRADER.grade(question, "给权重加上L1或L2惩罚项来约束它们，模型就不太会过拟合")
    assert grade.verdict is Verdict.CORRECT, grade.reason
    denied = GRADER.grade(question, "给权重加上L1或L2惩罚项来约束它们，但这并不能防止过拟合")
    assert denied.verdict is not Verdict.CORRECT, denied.reason


def test_a_purpose_told_as_in_order_not_to_states_what_it_prevents() -> None:
    question = LIBRARY.get("llm-09")
    assert question is not None
    grade = GRADER.grade(question, "在损失里加L2惩罚项，为了不过拟合")
    assert grade.verdict is Verdict.CORRECT, grade.reason
    dropout = LIBRARY.get("llm-08")
    assert dropout is not None
    assert GRADER.grade(dropout, "主要是为了不过拟合").verdict is Verdict.PARTIAL


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


@pytest.mark.parametrize(
    ("qid", "wrong", "right"),
    [
        (
            "llm-15",
            "损失函数衡量预测和真实值的差距，训练时要让损失尽量变大。",
            "损失函数衡量预测和真实值的差距，训练时要让损失尽量变小。",
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


def test_mixed_precision_with_the_precisions_turned_round_is_wrong() -> None:
    # A classic confusion: 16-bit weights with 32-bit arithmetic is the reverse of the method.
    question = LIBRARY.get("llm-en-04")
    assert question is not None
    wrong = GRADER.grade(question, "the weights are stored in fp16 and the matmuls are done in 32 bit")
    assert wrong.verdict is Verdict.WRONG, wrong.reason
    right = GRADER.grade(question, "the matmuls run in fp16 and a master copy of the weights stays in fp32")
    assert right.verdict is Verdict.CORRECT, right.reason


def test_cross_entropy_that_grows_as_the_prediction_nears_the_labels_is_wrong() -> None:
    question = LIBRARY.get("llm-19")
    assert question is not None
    told = GRADER.grade(question, "交叉熵越大，表明模型的预测分布与真实标签越接近")
    assert told.verdict is Verdict.WRONG
    assert GRADER.grade(question, "交叉熵越小，表明模型的预测分布与真实标签越接近").verdict is Verdict.CORRECT


def test_backpropagation_and_gradient_descent_told_with_each_others_job_is_a_swap() -> None:
    question = LIBRARY.get("llm-02")
    assert question is not None
    swapped = GRADER.grade(question, "梯度下降用来求出梯度，反向传播用来沿负梯度更新参数")
    assert swapped.verdict is Verdict.WRONG
    assert swapped.swapped == ("反向传播", "梯度下降")
    right = GRADER.grade(question, "反向传播用来求出梯度，梯度下降用来沿负梯度更新参数")
    assert right.verdict is Verdict.CORRECT


def test_a_chinese_reply_with_an_english_term_meets_the_chinese_phrasing() -> None:
    question = LIBRARY.get("llm-10")
    assert question is not None
    assert GRADER.grade(question, "好几个神经元共用同一组weight").verdict is Verdict.CORRECT


# Classic misconceptions the banks name as false claims: each wrong reply below was graded correct
# before its claim was added, and the right reply next to it must stay correct.
MISCONCEPTIONS = [
    (
        "llm-en-04",
        "Mixed precision does the matmuls in fp16 or bf16 to save memory, with no master weights in "
        "fp32, everything just stays in 16-bit.",
        "Most computation runs in FP16 or BF16, while an FP32 master copy of the weights is kept for "
        "the updates; loss scaling multiplies the loss so small gradients don't underflow.",
    ),
    (
        "llm-en-02",
        "Perplexity is exp of the cross-entropy; lower perplexity is worse because the model is "
        "less surprised.",
        "Perplexity is the exponential of the average per-token cross-entropy; it is an evaluation "
        "metric and lower is better, higher is worse.",
    ),
    (
        "llm-en-14",
        "Each position can only attend to earlier positions and cannot attend to itself; future "
        "tokens are masked so training matches generation.",
        "Each position attends only to itself and earlier positions: scores for later positions are "
        "set to -inf before the softmax so their weights are zero. Training predicts all positions in "
        "parallel, and unlike BERT, which sees both left and right context, the model must not peek "
        "at the token it predicts.",
    ),
    (
        "llm-en-13",
        "Run several micro-batches, and zero the gradients after each micro-batch, then do one "
        "optimizer step, simulating a larger batch when memory is short.",
        "Run several micro-batches, add up their gradients without updating, then do one optimizer "
        "step; this simulates a larger batch when memory is limited, and can be combined with "
        "gradient checkpointing to save even more memory.",
    ),
    (
        "llm-en-07",
        "Layer norm normalizes over the batch for each feature, and batch norm normalizes each "
        "example over its features.",
        "Layer norm normalizes each token's vector over its own features, then a learned scale and "
        "shift; batch norm normalizes across tokens and the batch for each feature, so it needs batch "
        "statistics; layer norm does not depend on the batch.",
    ),
    (
        "llm-08",
        "Dropout随机丢弃一部分神经元防止过拟合，推理时同样丢弃。",
        "Dropout在训练时按一定概率随机把部分神经元置零，用来防止过拟合而不是欠拟合，推理时使用全部神经元。",
    ),
    (
        "llm-04",
        "Transformer由编码器和解码器组成，都是自注意力加前馈网络，不需要位置编码。",
        "Transformer由编码器和解码器组成，每层有多头自注意力和前馈网络，编码器把输入编码成上下文表示，"
        "解码器生成输出序列。另外还要加位置编码。",
    ),
    (
        "llm-18",
        "多头注意力把注意力分成多个头并行计算，最后把多个头的输出平均，从不同方面捕捉信息。",
        "多头注意力把注意力拆成多个头，每个头有各自的Q/K/V投影并行计算，最后拼接起来再做线性变换，"
        "从不同子空间捕捉信息，总参数量和单头差不多。",
    ),
    (
        "llm-11",
        "上下文嵌入就像word2vec那样，同一个词的向量会随上下文变化；而BERT给每个词一个固定的向量，可以处理一词多义。",
        "上下文嵌入让同一个词的向量随上下文变化，是动态的，比如BERT、ELMo的输出；而word2vec、GloVe"
        "这种静态词向量每个词只有一个固定向量，不能处理一词多义。",
    ),
]


@pytest.mark.parametrize(("qid", "wrong", "right"), MISCONCEPTIONS, ids=[m[0] for m in MISCONCEPTIONS])
def test_a_classic_misconception_gets_no_full_credit(qid: str, wrong: str, right: str) -> None:
    question = LIBRARY.get(qid)
    assert question is not None
    told = GRADER.grade(question, wrong)
    assert told.verdict is not Verdict.CORRECT, told.reason
    assert told.false_claim is not None, told.reason
    kept = GRADER.grade(question, right)
    assert kept.verdict is Verdict.CORRECT, kept.reason


@pytest.mark.parametrize(
    ("qid", "reply"),
    [
        # A false claim must be false in every reading: these correct replies name the wrong idea
        # only to set it aside or say it of the other side of a pair.
        (
            "llm-16",
            "反向传播用链式法则，从输出层开始往输入层逐层计算损失对每个参数的梯度，为梯度下降更新参数"
            "提供梯度，比有限差分高效得多。",
        ),
        (
            "llm-en-07",
            "Layer norm normalizes each token's vector across its features, then a learned scale and "
            "shift; batch norm uses statistics across the batch and keeps running averages for "
            "inference, layer norm does not depend on the batch.",
        ),
        (
            "llm-en-05",
            "warmup就是训练开始时学习率从很小慢慢升到设定值，避免一开始参数随机时更新太猛导致发散。",
        ),
        (
            "llm-22",
            "GRU是RNN的变体，只有更新门和重置门，合并了LSTM的遗忘门和输入门，没有细胞状态，参数更少，"
            "在显卡上训练更快。",
        ),
        (
            "llm-11",
            "A contextual embedding gives a word a different vector depending on its context, as the "
            "outputs of BERT or ELMo do, while word2vec gives one fixed vector per word, so it "
            "handles polysemy.",
        ),
        (
            "llm-21",
            "LSTM是RNN变体，用遗忘门、输入门和输出门控制细胞状态，缓解梯度消失；GRU则把输入门和遗忘门合并成更新门。",
        ),
        (
            "llm-03",
            "注意力机制根据相关性给每个位置分配不同的权重，重点关注关键部分；与dropout随机丢弃不同，"
            "权重是按相关性算出来的，用softmax归一化。",
        ),
        (
            "llm-en-13",
            "Gradients from several micro-batches are added up and the weights are updated only once "
            "after them, which simulates a larger batch when memory is limited; it does not make "
            "training faster.",
        ),
    ],
)
def test_a_correct_reply_that_sets_a_misconception_aside_stays_correct(qid: str, reply: str) -> None:
    question = LIBRARY.get(qid)
    assert question is not None
    grade = GRADER.grade(question, reply)
    assert grade.verdict is Verdict.CORRECT, grade.reason


def test_a_reply_that_skips_the_reward_model_gets_no_credit_for_it() -> None:
    # DPO told as RLHF: the reward model it leaves out is no step of RLHF it names.
    rlhf = LIBRARY.get("llm-en-09")
    assert rlhf is not None
    dpo = "you skip the reward model and train the LLM directly on pairs of preferred and rejected answers"
    assert GRADER.grade(rlhf, dpo).verdict is Verdict.WRONG
    told = "people rank answers, a reward model is trained on the rankings, then PPO optimizes the LLM on it"
    assert GRADER.grade(rlhf, told).verdict is Verdict.CORRECT


def test_lstm_told_without_its_cell_state_gets_no_credit_for_the_cell_state() -> None:
    lstm = LIBRARY.get("llm-21")
    assert lstm is not None
    assert GRADER.grade(lstm, "LSTM只有更新门和重置门两个门，没有单独的细胞状态").verdict is Verdict.WRONG
    told = "LSTM有细胞状态和输入门、遗忘门、输出门，门控制信息的保留和遗忘，缓解梯度消失"
    assert GRADER.grade(lstm, told).verdict is Verdict.CORRECT


def test_a_side_point_beside_the_core_idea_denied_is_no_partial_answer() -> None:
    forcing = LIBRARY.get("llm-en-11")
    assert forcing is not None
    denied = "the model is fed its own predictions instead of the ground truth, which causes exposure bias"
    assert GRADER.grade(forcing, denied).verdict is Verdict.WRONG
    # The same side point with the core idea left unsaid (not denied) keeps its partial credit.
    side = "it causes exposure bias, a mismatch between training and generation"
    assert GRADER.grade(forcing, side).verdict is Verdict.PARTIAL


def test_a_shared_component_name_beside_a_false_claim_is_no_right_idea() -> None:
    transformer = LIBRARY.get("llm-04")
    assert transformer is not None
    # "全连接层" also belongs to other questions of the bank: beside pooling layers it earns nothing.
    layers = "Transformer是卷积层加池化层，最后再接一个全连接层"
    assert GRADER.grade(transformer, layers).verdict is Verdict.WRONG
    # A right idea of its own beside the false claim keeps partial credit.
    batch = LIBRARY.get("llm-13")
    assert batch is not None
    told = "就是一次参数更新用多少个样本；另外批次越大，模型泛化就一定越好"
    assert GRADER.grade(batch, told).verdict is Verdict.PARTIAL


def test_a_loss_told_the_wrong_way_round_on_a_question_about_it_is_wrong() -> None:
    entropy = LIBRARY.get("llm-19")
    assert entropy is not None
    turned = "交叉熵衡量预测分布和真实标签的差距，预测得越准，交叉熵越大"
    assert GRADER.grade(entropy, turned).verdict is Verdict.WRONG
    # Once partial (the right idea in another clause); fresh10 and fresh16 label it wrong.
    turned = "交叉熵损失衡量预测分布和真实标签的差异，预测越准loss越大"
    assert GRADER.grade(entropy, turned).verdict is Verdict.WRONG
    right = "交叉熵衡量预测分布和真实标签的差距，就是正确类别概率的负对数，预测得越准，交叉熵越小"
    assert GRADER.grade(entropy, right).verdict is Verdict.CORRECT
    # Where a side key point tells the direction ("lower is better"), the core stated right beside
    # it keeps partial credit.
    perplexity = LIBRARY.get("llm-en-02")
    assert perplexity is not None
    side = "perplexity is exp of the average cross-entropy, and a higher perplexity means a better model"
    assert GRADER.grade(perplexity, side).verdict is Verdict.PARTIAL


def test_unlabeled_said_with_another_negation_character_binds_like_the_references() -> None:
    question = LIBRARY.get("llm-05")
    assert question is not None
    swapped = GRADER.grade(question, "预训练靠人工标注过的任务数据，微调则用没标注的数据")
    assert swapped.verdict is Verdict.WRONG, swapped.reason
    assert swapped.swapped == ("预训练", "微调")
    right = GRADER.grade(
        question, "预训练在海量没标注的文本上训练，学通用知识；微调用少量标注的任务数据继续训练"
    )
    assert right.verdict is Verdict.CORRECT, right.reason


def test_a_loss_told_bounded_by_one_beside_the_right_idea_is_partial() -> None:
    question = LIBRARY.get("llm-19")
    assert question is not None
    grade = GRADER.grade(question, "交叉熵就是正确类别预测概率的负对数，而且它的值总在0到1之间")
    assert grade.verdict is Verdict.PARTIAL, grade.reason
    assert grade.false_claim is not None
    right = GRADER.grade(question, "交叉熵就是正确类别预测概率的负对数，预测概率在0到1之间")
    assert right.verdict is Verdict.CORRECT, right.reason


def test_a_typo_that_leaves_a_short_stem_is_respelled() -> None:
    question = LIBRARY.get("llm-en-13")
    assert question is not None
    reply = "accumlate gradients over N small batches and update the weights only once; mimics a big batch"
    assert GRADER.grade(question, reply).verdict is Verdict.CORRECT
