"""False claims said in other words, and sweeping overclaims."""

from __future__ import annotations

from dataclasses import replace

from grading_bank import DROPOUT

from bot.bank.model import KeyPoint, Question
from bot.grading.claims import (
    bounded_loss,
    contrasted,
    count_claims,
    count_match,
    direction_claims,
    direction_match,
    loose_claims,
    loose_match,
    loss_turned,
    overclaims,
    turns_round,
    word_claims,
    word_match,
)
from bot.grading.grader import Grader
from bot.grading.keypoints import clause_of, match_form, phrase_form
from bot.grading.verdict import Verdict

TRUTH = ("权重共享让多个位置复用同一组参数，可以减少参数数量",)


def test_claim_in_another_order_is_found() -> None:
    claims = loose_claims(["增加参数量"], TRUTH)
    assert [c for c, _ in loose_match(claims, match_form("共用一组权重，这样参数量反而会增加"))] == [
        "增加参数量"
    ]


def test_the_right_statement_is_not_the_claim() -> None:
    claims = loose_claims(["增加参数量"], TRUTH)
    assert loose_match(claims, match_form("共用一组权重，这样参数量会减少")) == []


def test_negated_clause_states_no_claim() -> None:
    claims = loose_claims(["增加参数量"], TRUTH)
    assert loose_match(claims, match_form("这样并不会增加参数量")) == []


def test_claim_made_of_the_truths_own_words_is_matched_exactly_only() -> None:
    # Every syllable of "减少参数" is in the truth: nothing tells it apart loosely.
    assert loose_claims(["减少参数数量"], TRUTH) == ()


def test_overclaims_are_found_whatever_the_question() -> None:
    assert overclaims(match_form("批次越大，效果一定越好"))
    assert overclaims(match_form("the bigger the better"))
    assert not overclaims(match_form("批次大小会影响训练效果和稳定性"))


def test_right_idea_with_an_overclaim_is_partial(grader: Grader) -> None:
    result = grader.grade(DROPOUT, "训练时随机丢弃神经元，丢得越多效果一定越好")
    assert result.verdict is Verdict.PARTIAL
    assert "越好" in result.reason


def test_claims_that_a_technique_solves_a_problem_completely_are_overclaims() -> None:
    assert overclaims(match_form("它完全解决了过拟合问题"))
    assert overclaims(match_form("Dropout completely eliminates overfitting."))
    assert overclaims(match_form("this totally solves vanishing gradients"))


def test_guarantees_of_convergence_or_an_optimum_are_overclaims() -> None:
    assert overclaims(match_form("用了它就保证一定收敛"))
    assert overclaims(match_form("It guarantees convergence to the global minimum."))
    assert overclaims(match_form("the model never overfits"))


def test_a_loss_that_grows_as_the_prediction_improves_is_an_overclaim() -> None:
    assert overclaims(match_form("正确类别的预测概率越大，交叉熵损失就越大。"))
    assert overclaims(match_form("损失越大说明模型越好"))
    assert overclaims(match_form("A higher perplexity means the model predicts the text better."))
    assert not overclaims(match_form("正确类别的概率越大，损失越小"))
    assert not overclaims(
        match_form("A higher perplexity means the model is more confused; lower is better.")
    )
    assert not overclaims(match_form("A higher loss does not mean better predictions."))


def test_a_loss_named_by_its_kind_or_in_english_that_grows_as_the_prediction_improves() -> None:
    assert overclaims(match_form("交叉熵越大，说明预测分布和真实标签越接近"))
    assert overclaims(match_form("预测越准loss越大"))
    assert not overclaims(match_form("交叉熵越小，说明预测越接近真实标签"))
    assert not overclaims(match_form("正确类别的概率越接近0，loss越大"))


def test_a_statement_over_two_clauses_names_both_and_reads_with_a_comma() -> None:
    form = match_form("交叉熵越大，说明预测分布和真实标签越接近")
    found = overclaims(form)
    assert {text for text, _ in found} == {"交叉熵越大，说明预测分布和真实标签越接近"}
    assert {clause_of(form, at) for _, at in found} == {clause_of(form, 1), clause_of(form, len(form) - 2)}


def test_overclaim_wordings_meet_every_form_of_their_words() -> None:
    # The patterns are spelled through the match form, so the stemmer's spelling of a word
    # ("eradicates" -> "erad", "optimal" -> "optim") cannot drift away from theirs.
    assert overclaims(match_form("Batch norm entirely eradicated internal covariate shift"))
    assert overclaims(match_form("Adam is guaranteed to find the optimal solution"))
    assert overclaims(match_form("Attention only applies to translation tasks"))
    assert overclaims(match_form("a bigger batch always improves accuracy"))
    assert overclaims(match_form("it perfectly cures overfitting"))


def test_a_negated_or_modest_statement_is_no_overclaim() -> None:
    assert not overclaims(match_form("并不能完全解决梯度消失"))
    assert not overclaims(match_form("it does not guarantee convergence"))
    assert not overclaims(match_form("LSTM 缓解了梯度消失问题"))
    # "prevent" is left out on purpose: a mask does completely prevent looking ahead.
    assert not overclaims(match_form("the mask completely prevents a position from seeing later tokens"))
    assert not overclaims(match_form("this guarantees the replicas stay identical"))


def test_right_idea_with_a_solves_completely_claim_is_partial(grader: Grader) -> None:
    result = grader.grade(DROPOUT, "训练时随机丢弃神经元，这样就彻底解决了过拟合")
    assert result.verdict is Verdict.PARTIAL
    assert "彻底解决" in result.reason
    plain = grader.grade(DROPOUT, "训练时随机丢弃神经元，可以减轻过拟合")
    assert plain.verdict is Verdict.CORRECT


WORDED = word_claims(
    ["updates all the parameters", "does not use weight decay", "no difference", "无需标注数据"]
)


def test_only_english_claims_of_three_words_or_more_are_matched_with_gaps() -> None:
    assert [c.text for c in WORDED] == ["updates all the parameters", "does not use weight decay"]


def test_english_claim_with_words_in_between_is_found() -> None:
    form = match_form("It freezes nothing: in the end it updates all of its parameters.")
    assert [c for c, _ in word_match(WORDED, form)] == ["updates all the parameters"]


def test_english_claim_words_too_far_apart_or_out_of_order_are_not_the_claim() -> None:
    assert (
        word_match(WORDED, match_form("it updates a small set of low-rank matrices, all tiny parameters"))
        == []
    )
    assert (
        word_match(WORDED, match_form("all parameters of the base model are frozen, only updates go to A"))
        == []
    )


def test_english_clause_with_a_negation_or_contrast_is_not_the_claim() -> None:
    assert word_match(WORDED, match_form("it never updates all of the parameters")) == []
    assert word_match(WORDED, match_form("unlike full fine-tuning which updates all the parameters")) == []
    # ... unless the claim itself carries that negation
    form = match_form("AdamW does not really use weight decay at all")
    assert [c for c, _ in word_match(WORDED, form)] == ["does not use weight decay"]


def test_confining_a_technique_to_one_narrow_application_is_an_overclaim() -> None:
    assert overclaims(match_form("CNN 只能用于图像"))
    assert overclaims(match_form("attention only works for machine translation"))
    assert not overclaims(match_form("CNN 不只能用于图像，也能处理文本"))
    assert not overclaims(match_form("CNN 主要用于图像"))
    # "only" about something else than an application is no overclaim
    assert not overclaims(match_form("每个位置只能看到前面的词"))
    assert not overclaims(match_form("teacher forcing is only used in training"))


def test_confining_a_technique_to_any_one_use_in_chinese_is_an_overclaim() -> None:
    assert [c for c, _ in overclaims(match_form("它只能用于二分类，多分类不能用"))] == ["只能用于二分类"]
    assert overclaims(match_form("所以它只能用在很浅的网络上"))
    # A phase of training, or what a position may see, is no use it is confined to.
    assert not overclaims(match_form("dropout只能用在训练时，推理时不丢弃"))
    assert not overclaims(match_form("每个位置只能用前面的词来预测"))


def test_confining_a_technique_to_one_kind_of_network_or_one_place_is_an_overclaim() -> None:
    assert overclaims(match_form("但它只适用于只有一层的网络"))
    assert overclaims(match_form("但它只能在编码器里用"))
    assert overclaims(match_form("不过它只在RNN里需要，Transformer用不着"))
    assert not overclaims(match_form("dropout只在训练时使用"))
    # A phase is no place it is confined to, and a denied confinement is none.
    assert not overclaims(match_form("它只能在训练时用，推理时关掉"))
    assert not overclaims(match_form("它并不只适用于图像"))


def test_more_always_faster_is_an_overclaim() -> None:
    assert overclaims(match_form("学习率越大，收敛一定越快"))
    assert not overclaims(match_form("学习率合适时收敛更快"))


def test_the_opposite_word_is_not_the_claim_when_loosely_matched() -> None:
    claims = loose_claims(["开始时学习率很大"], ("学习率从小逐渐增大，避免训练初期不稳定",))
    assert loose_match(claims, match_form("训练开始时学习率从很小慢慢升上去")) == []
    assert [c for c, _ in loose_match(claims, match_form("训练开始时学习率就设得很大"))] == [
        "开始时学习率很大"
    ]


def test_a_claim_set_against_a_contrast_is_not_stated() -> None:
    form = match_form("BERT 基于编码器，不像 GPT 那样从左到右生成文本")
    assert contrasted(form, form.index("从左到右"))
    form = match_form("It is different from BERT, which masks random tokens.")
    assert contrasted(form, form.index("mask"))
    form = match_form("Like BERT, it masks random tokens.")
    assert not contrasted(form, form.index("mask"))


def test_right_idea_next_to_a_contrasted_claim_keeps_full_credit(grader: Grader) -> None:
    reply = "训练时随机丢弃神经元防止过拟合，不像有人说的推理时也丢弃"
    assert grader.grade(DROPOUT, reply).verdict is Verdict.CORRECT
    assert grader.grade(DROPOUT, "训练时随机丢弃神经元，推理时也丢弃").verdict is Verdict.PARTIAL


def test_a_loose_claim_needs_its_english_terms() -> None:
    claims = loose_claims(["L2让权重稀疏"], ("正则化在损失里加惩罚项",))
    assert loose_match(claims, match_form("L1会让权重稀疏")) == []
    assert [c for c, _ in loose_match(claims, match_form("用了L2就会让权重变得稀疏"))] == ["L2让权重稀疏"]


BACKPROP_TRUTH = ("用链式法则从输出层往回逐层计算损失对每个参数的梯度",)


def test_a_direction_said_the_right_way_round_is_not_the_false_one() -> None:
    # Every bigram of the claim is in the clause, but the ends are the other way round.
    claims = loose_claims(["从输入层往输出层传"], BACKPROP_TRUTH)
    form = match_form("利用链式法则，从输出层往输入层逐层计算梯度并传回去")
    assert loose_match(claims, form) == []


def test_a_false_direction_is_found_whichever_word_joins_its_ends() -> None:
    claims = direction_claims(["从输入层往输出层传", "更新输入数据"])
    assert [c.text for c in claims] == ["从输入层往输出层传"]
    for reply in ("从输入层到输出层逐层计算梯度", "从输入层向输出层算梯度"):
        assert [c for c, _ in direction_match(claims, match_form(reply))] == ["从输入层往输出层传"]
    assert direction_match(claims, match_form("从输出层往输入层逐层计算梯度")) == []
    assert direction_match(claims, match_form("不是从输入层往输出层算")) == []


def test_the_question_echoed_next_to_a_false_claim_is_no_right_idea() -> None:
    question = Question(
        id="c-nmt",
        bank="claims",
        question="什么是神经机器翻译？",
        answer="用神经网络端到端地学习源语言到目标语言的映射，实现翻译。",
        explanation="",
        key_points=(
            KeyPoint("用神经网络端到端建模", ("神经网络", "端到端")),
            KeyPoint("把源语言翻译成目标语言", ("翻译", "源语言")),
        ),
        false_claims=("语法规则",),
        language="zh",
    )
    grader = Grader([question])
    wrong = grader.grade(question, "机器翻译就是先查词典，再用人工写的语法规则调整语序")
    assert wrong.verdict is Verdict.WRONG
    partial = grader.grade(question, "它把源语言翻译成目标语言，再用人工写的语法规则调整语序")
    assert partial.verdict is Verdict.PARTIAL


def test_a_false_direction_is_found_with_a_few_words_before_its_end() -> None:
    claims = direction_claims(["从输入层往输出层传"])
    found = direction_match(claims, match_form("先从输入层开始逐层往输出层计算梯度"))
    assert [c for c, _ in found] == ["从输入层往输出层传"]
    # Not across a clause (unless the start ends it with 开始, see below), and not with a long
    # detour between the ends.
    assert direction_match(claims, match_form("从输入层读入，往输出层")) == []
    assert direction_match(claims, match_form("从输入层读入数据做前向传播之后再往输出层")) == []


def test_a_start_told_in_its_own_clause_leaves_the_next_room_before_the_end() -> None:
    claims = direction_claims(["从输入层往输出层传"])
    reply = "误差从输入层开始，逐层经过隐藏层把它传到输出层"
    found = direction_match(claims, match_form(reply))
    assert [c for c, _ in found][:1] == ["从输入层往输出层传"]
    # Without 开始 the start's clause says nothing of a way, and the room stays four characters.
    assert direction_match(claims, match_form("误差从输入层进来，逐层经过隐藏层把它传到输出层")) == []


def test_a_loose_claim_meets_other_words_for_the_same_direction() -> None:
    truth = ("学习率调度：训练中按策略改变学习率，预热后逐步衰减",)
    claims = loose_claims(["学习率一直增大"], truth)
    for reply in ("学习率随训练一直变大", "让学习率一直增加", "学习率一直升高"):
        assert [c for c, _ in loose_match(claims, match_form(reply))] == ["学习率一直增大"], reply
    assert loose_match(claims, match_form("学习率随训练一直变小")) == []


def test_a_false_direction_whose_start_ends_its_clause_is_found_in_both_clauses() -> None:
    claims = direction_claims(["从输入层往输出层传"])
    form = match_form("从输入层开始，逐层向输出层计算梯度")
    found = direction_match(claims, form)
    assert [c for c, _ in found] == ["从输入层往输出层传"] * 2
    # The second clause is reported too: a key point stated there does not save the claim.
    assert form.find("逐层") < found[1][1] < len(form.rstrip())
    assert direction_match(claims, match_form("从输出层开始，逐层往输入层传")) == []


def test_english_claim_words_meet_words_that_say_the_same() -> None:
    claims = word_claims(["updates after each micro-batch"])
    found = word_match(claims, match_form("you take an optimizer step after every micro-batch"))
    assert [c for c, _ in found] == ["updates after each micro-batch"]
    assert word_match(claims, match_form("one optimizer step after all the micro-batches")) == []


def test_a_claim_denied_with_its_own_negation_once_more_is_not_stated() -> None:
    truth = ("学习率调度：训练中按策略改变学习率，预热后逐步衰减",)
    claims = loose_claims(["学习率一直不变"], truth)
    assert [c for c, _ in loose_match(claims, match_form("训练时学习率一直不变"))] == ["学习率一直不变"]
    assert loose_match(claims, match_form("训练时学习率不是一直不变")) == []
    # A word that only holds the character ("不同") denies nothing.
    assert [c for c, _ in loose_match(claims, match_form("不同阶段学习率一直不变"))] == ["学习率一直不变"]


def test_a_worded_claim_is_met_through_words_that_say_the_same() -> None:
    claims = word_claims(["starts with the largest learning rate", "only sees future tokens"])
    said = "you start at the highest learning rate and lower it"
    assert [c for c, _ in word_match(claims, match_form(said))] == ["starts with the largest learning rate"]
    said = "so each token only uses the future tokens"
    assert [c for c, _ in word_match(claims, match_form(said))] == ["only sees future tokens"]
    # The right statements in the same words meet neither.
    assert word_match(claims, match_form("you start at the lowest learning rate and raise it")) == []
    assert word_match(claims, match_form("each token only uses the earlier tokens")) == []


def test_a_negation_far_before_a_worded_claim_does_not_take_it_back() -> None:
    claims = word_claims(["becomes an unknown token"])
    said = "any word not in the vocabulary becomes an unknown token"
    assert [c for c, _ in word_match(claims, match_form(said))] == ["becomes an unknown token"]
    # A negation right before the claim, or inside it, still takes it back.
    assert word_match(claims, match_form("no word ever becomes an unknown token")) == []
    assert word_match(claims, match_form("a rare word never becomes an unknown token")) == []
    assert word_match(claims, match_form("it becomes not an unknown token but pieces")) == []
    said = "a word not from the training text becomes an unknown token"
    assert [c for c, _ in word_match(claims, match_form(said))] == ["becomes an unknown token"]


def test_loss_turned_finds_a_loss_told_the_wrong_way_round_and_not_a_denied_one() -> None:
    assert loss_turned(match_form("衡量两个分布的差距，预测越准，交叉熵越大")) is not None
    assert loss_turned(match_form("a higher perplexity means the model is better")) is not None
    assert loss_turned(match_form("预测越准，交叉熵越小")) is None
    assert loss_turned(match_form("a lower perplexity means the model is better")) is None


def test_the_first_and_last_layer_are_the_ends_a_direction_claim_names() -> None:
    claims = direction_claims(["从输入层往输出层传"])
    found = direction_match(claims, match_form("梯度是从第一层往最后一层一层一层算的"))
    assert [c for c, _ in found] == ["从输入层往输出层传"]
    assert direction_match(claims, match_form("从最后一层往第一层逐层算梯度")) == []


def test_a_direction_claim_against_the_way_a_key_point_sets_out_turns_it_round() -> None:
    (claim,) = direction_claims(["从输入层往输出层传"])
    assert turns_round(claim, phrase_form("用链式法则从输出层往回逐层计算梯度"))
    assert not turns_round(claim, phrase_form("用链式法则逐层计算每个参数的梯度"))


BACKPROP = Question(
    id="c-bp",
    bank="claims",
    question="什么是反向传播？",
    answer="用链式法则从输出层往回逐层计算损失对每个参数的梯度。",
    explanation="",
    key_points=(KeyPoint("用链式法则从输出层往回逐层计算梯度", ("链式法则", "逐层", "一层一层")),),
    false_claims=("从输入层往输出层传",),
    language="zh",
)


def test_the_core_way_told_the_other_way_round_is_wrong_whatever_the_other_clause_says() -> None:
    grader = Grader([BACKPROP])
    # Without the claim's way a clause stating the core earns full credit ...
    assert grader.grade(BACKPROP, "从输出层开始，一层一层用链式法则算梯度").verdict is Verdict.CORRECT
    # ... with it, the core idea is told the wrong way round: no right idea beside it.
    wrong = grader.grade(BACKPROP, "计算是从第一层往最后一层，一层一层用链式法则把梯度推过去")
    assert wrong.verdict is Verdict.WRONG
    # A false claim that leaves the way alone keeps partial credit beside the core.
    bank = replace(BACKPROP, false_claims=("从输入层往输出层传", "只适用于单层网络"))
    grader = Grader([bank])
    beside = grader.grade(bank, "从输出层往回，一层一层用链式法则算梯度，但它只适用于单层网络")
    assert beside.verdict is Verdict.PARTIAL


def test_another_count_of_what_a_key_point_counts_is_found() -> None:
    claims = count_claims(["只用更新门和重置门两个门"])
    for reply in ("它有四个门", "一共3个门", "GRU有三个门：更新门、重置门和输出门"):
        assert [c for c, _ in count_match(claims, match_form(reply))], reply
    # The right count in any spelling, one (一个 is "a"), a negated count and a reply that also
    # gives the right count (the other count is about something else) are no claim.
    for reply in ("只有两个门", "只有2个门", "比LSTM少一个门", "不是三个门", "LSTM有三个门，GRU只有两个门"):
        assert count_match(claims, match_form(reply)) == [], reply
    assert count_claims(["同一个词的向量随上下文变化"]) == ()


GRU = Question(
    id="c-gru",
    bank="claims",
    question="什么是GRU？",
    answer="GRU只用更新门和重置门两个门，比LSTM简单。",
    explanation="",
    key_points=(KeyPoint("只用更新门和重置门两个门", ("更新门", "重置门")),),
    language="zh",
)


def test_a_core_key_point_given_another_count_is_wrong() -> None:
    grader = Grader([GRU])
    assert grader.grade(GRU, "有更新门和重置门两个门").verdict is Verdict.CORRECT
    wrong = grader.grade(GRU, "比LSTM多一个门，有输入门、遗忘门、输出门和更新门四个门")
    assert wrong.verdict is Verdict.WRONG
    assert wrong.false_claim == "四个门"


def test_a_loss_bounded_by_zero_and_one_is_a_false_claim_unless_said_of_a_probability() -> None:
    assert bounded_loss(match_form("交叉熵是正确类别概率的负对数，它的值总是在0到1之间"))
    assert bounded_loss(match_form("and like a probability it always lies between 0 and 1"))
    assert bounded_loss(match_form("the loss is between 0 and 1"))
    for said in ("softmax输出0到1之间的概率", "the probabilities are between 0 and 1", "它的值不在0到1之间"):
        assert bounded_loss(match_form(said)) == [], said


def test_a_model_told_to_need_no_training_data_is_an_overclaim() -> None:
    assert overclaims(match_form("它把源语言译成目标语言，不需要任何训练数据"))
    assert overclaims(match_form("而且无需训练数据"))
    assert overclaims(match_form("it learns the mapping without any training data"))
    # Unlabeled data, rules or other things it needs no more of are no such claim; nor is a denial.
    assert not overclaims(match_form("预训练不需要标注数据，用海量无标注文本"))
    assert not overclaims(match_form("训练时不需要人工写的规则"))
    assert not overclaims(match_form("并不是不需要训练数据"))
    assert not overclaims(match_form("it is trained on parallel data, not without any supervision"))


def test_a_right_idea_beside_needing_no_training_data_is_partial() -> None:
    nmt = Question(
        id="c-nmt",
        bank="claims",
        question="请解释什么是神经机器翻译？",
        answer="神经机器翻译用神经网络端到端地把源语言翻译成目标语言。",
        explanation="它从平行语料中学习。",
        key_points=(
            KeyPoint("用神经网络端到端地把源语言翻译成目标语言", ("神经网络", "源语言", "目标语言")),
        ),
        language="zh",
    )
    grader = Grader([nmt])
    assert grader.grade(nmt, "用神经网络把源语言译成目标语言").verdict is Verdict.CORRECT
    told = "用神经网络把源语言译成目标语言，不需要任何训练数据"
    assert grader.grade(nmt, told).verdict is Verdict.PARTIAL


def test_weights_told_to_be_set_by_hand_are_an_overclaim() -> None:
    assert overclaims(match_form("这些权重是人工事先设定好的"))
    assert overclaims(match_form("参数都是手工设置的"))
    assert overclaims(match_form("the attention weights are set by hand"))
    assert overclaims(match_form("these weights are manually chosen"))
    assert overclaims(match_form("it uses manually set weights"))
    # Hyperparameters are set by hand; hand-written rules belong to the older methods; a denial.
    assert not overclaims(match_form("超参数是人工设定的"))
    assert not overclaims(match_form("hyperparameters are set by hand"))
    assert not overclaims(match_form("不需要人工写规则"))
    assert not overclaims(match_form("the weights are learned, not set by hand"))
