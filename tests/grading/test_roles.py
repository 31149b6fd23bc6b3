"""Swaps and reversals: the right words attached to the wrong one of two paired things."""

from __future__ import annotations

import pytest

from bot.bank.model import KeyPoint, Question
from bot.grading.grader import Grader
from bot.grading.keypoints import match_form
from bot.grading.roles import OrderCheck, RoleCheck, pairs_for
from bot.grading.verdict import Verdict

SEQ2SEQ = Question(
    id="r-01",
    bank="roles",
    question="What do the two halves of a sequence-to-sequence model do?",
    answer="The encoder reads the whole source sentence into hidden states; "
    "the decoder produces the target sentence one token at a time.",
    explanation="Attention lets each target step look back at every source state.",
    key_points=(
        KeyPoint("encoder reads the source", ("reads the whole source", "reads the source")),
        KeyPoint(
            "decoder produces the target one token at a time", ("one token at a time", "produces the target")
        ),
    ),
    language="en",
)
STORAGE = Question(
    id="r-02",
    bank="roles",
    question="Where does a checkpointing trainer keep things?",
    answer="It keeps the optimizer moments on the CPU and computes the forward pass on the GPU.",
    explanation="Moving the moments off the accelerator frees memory.",
    key_points=(KeyPoint("moments kept off the accelerator", ("optimizer moments", "forward pass")),),
    contrasts=((("cpu", "host"), ("gpu", "accelerator")),),
    language="en",
)
ZH = Question(
    id="r-03",
    bank="roles",
    question="编码器和解码器分别做什么？",
    answer="编码器把输入句子读成隐藏状态，解码器逐个生成目标句子的词。",
    explanation="两者通过注意力相连。",
    key_points=(KeyPoint("编码器读入输入", ("读成隐藏状态",)), KeyPoint("解码器逐个生成", ("逐个生成",))),
    language="zh",
)
GRADER = Grader([SEQ2SEQ, STORAGE, ZH])


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        (
            SEQ2SEQ,
            "the encoder reads the whole source and the decoder produces the target token by token",
        ),
        (SEQ2SEQ, "decoder: produces the target one token at a time. encoder: reads the source"),
        (STORAGE, "optimizer moments stay on the cpu while the forward pass runs on the gpu"),
        (ZH, "编码器把输入读成隐藏状态，解码器再逐个生成词"),
    ],
)
def test_roles_kept_in_place_keep_their_credit(question: Question, reply: str) -> None:
    grade = GRADER.grade(question, reply)
    assert grade.verdict is Verdict.CORRECT, grade.reason
    assert grade.swapped is None


@pytest.mark.parametrize(
    ("question", "reply", "pair"),
    [
        (
            SEQ2SEQ,
            "the decoder reads the whole source and the encoder produces the target token by token",
            ("encoder", "decoder"),
        ),
        (
            STORAGE,
            "the optimizer moments stay on the gpu and the forward pass is computed on the cpu",
            ("cpu", "gpu"),
        ),
        (ZH, "解码器把输入句子读成隐藏状态，编码器逐个生成目标句子的词", ("编码器", "解码器")),
        # The sides named in English inside a Chinese reply are the same sides.
        (ZH, "Decoder把输入句子读成隐藏状态，Encoder逐个生成目标句子的词", ("编码器", "解码器")),
    ],
)
def test_swapped_roles_are_wrong_and_say_so(question: Question, reply: str, pair: tuple[str, str]) -> None:
    grade = GRADER.grade(question, reply)
    assert grade.verdict is Verdict.WRONG
    assert grade.swapped == pair
    assert pair[0] in grade.reason and pair[1] in grade.reason


def test_a_negated_swap_is_not_stated() -> None:
    reply = "the decoder does not read the source; the encoder reads the whole source"
    assert GRADER.grade(SEQ2SEQ, reply).swapped is None


def test_builtin_pairs_apply_only_where_the_reference_names_both_sides() -> None:
    assert pairs_for((), ["the encoder reads; the decoder writes"]) == [(("encoder",), ("decoder",))]
    assert pairs_for((), ["the encoder reads the input"]) == []
    # The pair that also names the sides in Chinese is not taken twice for an English reference.
    assert len(pairs_for((), ["the encoder reads; the decoder writes"])) == 1


def test_a_side_that_qualifies_a_model_plays_no_role() -> None:
    # "预训练好的模型" names a model, so the clause says nothing about pre-training itself.
    reference = ["预训练在大规模无标注语料上训练", "微调在少量标注数据上继续训练"]
    check = RoleCheck.build(pairs_for((), reference), reference)
    assert check.swapped(match_form("微调就是拿预训练好的模型在少量标注数据上继续训练")) is None
    swap = check.swapped(match_form("预训练在少量标注数据上继续训练，微调在大规模无标注语料上训练"))
    assert swap is not None and swap.names == ("预训练", "微调")


STEPS = Question(
    id="r-04",
    bank="roles",
    question="How is a tokenizer vocabulary built with this method?",
    answer="It happens in three steps: first count every adjacent symbol pair, "
    "then merge the most frequent pair, finally repeat until the vocabulary is full.",
    explanation="Counting comes before merging.",
    key_points=(
        KeyPoint("count adjacent pairs", ("count every adjacent symbol pair", "count the pairs")),
        KeyPoint("merge the most frequent pair", ("merge the most frequent pair",)),
    ),
    language="en",
)
STEPS_GRADER = Grader([STEPS])


def test_steps_told_in_the_reference_order_are_correct() -> None:
    reply = "first count the pairs of adjacent symbols, then merge the most frequent pair and repeat"
    assert STEPS_GRADER.grade(STEPS, reply).verdict is Verdict.CORRECT


def test_order_words_are_read_whatever_the_stemmer_makes_of_them() -> None:
    # "once" and "finally" are cue words of the match form (Snowball alone gives "onc", "final").
    told_later = "first merge the most frequent pair once you have counted the pairs of adjacent symbols"
    assert STEPS_GRADER.grade(STEPS, told_later).verdict is Verdict.CORRECT
    turned = "merge the most frequent pair, and finally count the pairs of adjacent symbols"
    assert STEPS_GRADER.grade(STEPS, turned).verdict is Verdict.WRONG


def test_steps_told_in_the_wrong_order_are_wrong() -> None:
    grade = STEPS_GRADER.grade(
        STEPS, "first merge the most frequent pair, then count the pairs of adjacent symbols"
    )
    assert grade.verdict is Verdict.WRONG
    assert "order" in grade.reason


def test_before_and_after_free_the_text_from_the_steps_order() -> None:
    reply = "you merge the most frequent pair, then repeat, after you count the pairs of adjacent symbols"
    assert STEPS_GRADER.grade(STEPS, reply).verdict is Verdict.CORRECT


def test_after_that_opening_a_clause_tells_the_steps_in_the_texts_order() -> None:
    wrong = "First merge the most frequent pair. After that, count the pairs of adjacent symbols."
    assert STEPS_GRADER.grade(STEPS, wrong).verdict is Verdict.WRONG
    right = "First count the pairs of adjacent symbols. After that, merge the most frequent pair."
    assert STEPS_GRADER.grade(STEPS, right).verdict is Verdict.CORRECT


def test_the_right_idea_stated_apart_from_a_swap_is_partial() -> None:
    reply = "the encoder reads the whole source; also the decoder reads the whole source"
    grade = GRADER.grade(SEQ2SEQ, reply)
    assert grade.swapped is None or grade.verdict is not Verdict.CORRECT
    apart = GRADER.grade(ZH, "读成隐藏状态，逐个生成。解码器把输入句子读成隐藏状态")
    assert apart.verdict is Verdict.PARTIAL
    assert apart.swapped == ("编码器", "解码器")


def test_a_key_point_binds_its_subject_named_before_a_colon_and_wins_over_a_loose_answer() -> None:
    # The answer puts pre-training "on a specific task"; the key points say it right, each naming
    # its subject before a colon.
    answer = ["预训练是指在特定任务上对模型进行大规模训练。微调则针对特定任务进行调整。"]
    points = ["预训练：先在大规模通用语料上训练", "微调：在预训练模型基础上用特定任务数据继续训练"]
    check = RoleCheck.build(pairs_for((), answer + points), answer, points)
    swapped = check.swapped(
        match_form("微调是先在大规模通用语料上训练，预训练则是在微调之后用特定任务的数据调整")
    )
    assert swapped is not None and swapped.names == ("预训练", "微调")
    # The right way round, and a pre-trained model named as a thing, are no swap.
    assert (
        check.swapped(match_form("预训练先在大规模通用语料上训练，微调之后用特定任务的数据继续训练")) is None
    )
    assert check.swapped(match_form("预训练就是在大量文本上先把模型训练好")) is None


def test_a_side_named_as_a_point_in_time_is_not_the_subject() -> None:
    reference = ["the encoder reads the source", "the decoder writes the target"]
    check = RoleCheck.build(pairs_for((), reference), reference)
    assert (
        check.swapped(match_form("after the encoder reads the source, the decoder writes the target")) is None
    )


def test_key_points_win_where_the_answer_binds_a_word_to_the_other_side() -> None:
    answer = ["预训练是指在特定任务上对模型进行大规模训练。"]
    points = ["微调：用特定任务数据继续训练"]
    check = RoleCheck.build(pairs_for((), [*answer, "微调", *points]), answer, points)
    binding = check.pairs[0][3]
    assert "特定" in binding.second and "特定" not in binding.first


def test_a_noun_joined_by_and_stays_in_its_clause_and_the_question_binds_no_side() -> None:
    # "attend to itself and earlier positions": "earlier positions" is no clause of its own, so
    # "attend" is bound to earlier; "mask" is what the question asks about, bound to neither.
    reference = ("The mask lets each position attend only to itself and earlier positions.",)
    points = ("future tokens are masked out",)
    question = "Why does a decoder use a causal mask?"
    check = RoleCheck.build(pairs_for((), reference + points), reference, points, question)
    assert check.swapped(match_form("the mask lets each position attend only to later positions"))
    assert check.swapped(match_form("the mask lets a position attend to itself and earlier ones")) is None
    assert check.swapped(match_form("future tokens are masked out by the mask")) is None


def test_a_clause_that_goes_on_after_a_swapped_one_is_part_of_the_swap() -> None:
    # "逐个生成目标词" names no side: it says more of 编码器, the swapped subject before it.
    grade = GRADER.grade(ZH, "解码器把输入句子读成隐藏状态，编码器则负责输出，逐个生成目标词")
    assert grade.verdict is Verdict.WRONG
    assert grade.swapped == ("编码器", "解码器")


def test_a_pair_with_a_fixed_order_told_the_other_way_round_is_found() -> None:
    check = OrderCheck.build(
        ["先在大规模语料上预训练，再在具体任务上微调", "pre-training first, then fine-tuning"]
    )
    assert check.backwards(match_form("先在具体任务上微调，然后再做大规模预训练")) == ("预训练", "微调")
    assert check.backwards(match_form("first fine-tune it on the task, then pre-train it")) == (
        "pre-training",
        "fine-tuning",
    )
    assert check.backwards(match_form("先预训练，然后再微调")) is None
    assert check.backwards(match_form("微调是在预训练模型上再训练")) is None
    assert check.backwards(match_form("不是先微调再预训练")) is None


def test_an_order_applies_only_where_the_reference_names_both_sides_first_side_first() -> None:
    assert OrderCheck.build(["编码器读入输入"]).patterns == ()
    assert OrderCheck.build(["解码器之前是编码器"]).patterns == ()


def test_a_reply_that_tells_the_pair_backwards_is_wrong() -> None:
    # Each side keeps its own role; only the order is turned round.
    grade = GRADER.grade(ZH, "先由解码器逐个生成目标词，然后编码器再把输入读成隐藏状态")
    assert grade.verdict is Verdict.WRONG
    assert grade.swapped is None
    assert GRADER.grade(ZH, "先由编码器把输入读成隐藏状态，然后解码器再逐个生成").verdict is Verdict.CORRECT


def test_the_part_after_and_binds_to_the_side_the_clause_before_named() -> None:
    norm = RoleCheck.build(
        [(("layer norm",), ("batch norm",))],
        [
            "Layer norm normalizes each token's vector over its features.",
            "Batch norm computes statistics across the examples in the batch.",
        ],
    )
    # "across the examples" (batch norm's) comes after "and", in a part that names no side.
    swapped = (
        "layer norm computes each token's mean and statistics across the examples, batch norm each vector"
    )
    assert norm.swapped(match_form(swapped)) is not None
    right = "layer norm computes each token's mean and divides by its spread, batch norm uses the examples"
    assert norm.swapped(match_form(right)) is None
    # After "but" the part is said of something else: it binds nothing.
    apart = "layer norm normalizes each token's vector but statistics across the examples are batch norm's"
    assert norm.swapped(match_form(apart)) is None


def test_what_would_happen_binds_nothing_to_a_side() -> None:
    steps = RoleCheck.build(
        [(("small",), ("large",))],
        ["Warmup takes small steps at the start of training.", "A large learning rate is used later."],
    )
    assert steps.swapped(match_form("it takes large steps at the start of training")) is not None
    reason = "warmup ramps the rate up; large steps could make the start of training diverge"
    assert steps.swapped(match_form(reason)) is None


def test_an_english_clause_is_about_the_side_it_opens_with() -> None:
    decay = RoleCheck.build(
        [(("adamw",), ("adam with l2", "l2 penalty"))],
        [
            "Adam with L2 adds the penalty to the loss gradient.",
            "AdamW applies the decay directly to the weights.",
        ],
    )
    # The L2 penalty is what AdamW is said to add, not the subject: the clause is about AdamW.
    swapped = "AdamW adds the L2 penalty to the loss gradient, while Adam with L2 applies decay to weights"
    assert decay.swapped(match_form(swapped)) is not None
    right = "Adam with L2 adds the L2 penalty to the loss gradient, while AdamW applies decay to the weights"
    assert decay.swapped(match_form(right)) is None


def test_word_order_binds_where_both_sides_share_the_words() -> None:
    norm = RoleCheck.build(
        [(("layer norm",), ("batch norm",))],
        [
            "Layer norm normalizes each token's vector across its features.",
            "Batch norm computes the statistics of each feature across the examples in a batch.",
        ],
    )
    # Both sides use "feature" and "across": only which word follows which tells them apart.
    swapped = (
        "layer norm normalizes each feature over all the examples in the batch, "
        "and batch norm normalizes every single example across its features"
    )
    assert norm.swapped(match_form(swapped)) is not None
    right = (
        "layer norm normalizes each token across its features, "
        "and batch norm normalizes each feature across the examples in the batch"
    )
    assert norm.swapped(match_form(right)) is None


def test_a_word_counted_as_one_is_not_the_word_the_other_side_uses_in_the_plural() -> None:
    norm = RoleCheck.build(
        [(("layer norm",), ("batch norm",))],
        [
            "Layer norm normalizes each token's hidden vector across its features.",
            "Batch norm instead computes the statistics of each feature across the examples in a batch.",
        ],
    )
    # "the features of one example" is layer norm's, however like batch norm's "examples" it is.
    swapped = (
        "layer norm computes its mean and variance across the batch for every feature, "
        "while batch norm computes them across the features of one example"
    )
    assert norm.swapped(match_form(swapped)) is not None
    right = (
        "layer norm computes its statistics across the features of one example, "
        "while batch norm computes them across the batch for every feature"
    )
    assert norm.swapped(match_form(right)) is None


def test_over_tells_the_dimension_like_across_and_words_of_extent_part_nothing() -> None:
    norm = RoleCheck.build(
        [(("layer norm",), ("batch norm",))],
        [
            "Layer norm normalizes each token's vector across its features.",
            "Batch norm computes the statistics of each feature across the examples in a batch.",
        ],
    )
    # "over the entire batch" says what "across the batch" says; "entire" and "own" stand
    # between the words of a feature without parting them.
    swapped = (
        "layer norm normalizes each feature over the entire batch, "
        "whereas batch norm normalizes each example over its own features"
    )
    assert norm.swapped(match_form(swapped)) is not None
    right = (
        "layer norm normalizes each token over its own features, "
        "whereas batch norm normalizes each feature over the entire batch"
    )
    assert norm.swapped(match_form(right)) is None
    # Read as a stop word, "over" would leave the swapped reply nothing bound to the wrong side.
    assert norm.swapped(match_form(swapped.replace(" over ", " in "))) is None


def test_instead_alone_states_and_instead_of_denies() -> None:
    norm = RoleCheck.build(
        [(("layer norm",), ("batch norm",))],
        [
            "Layer norm normalizes each token over its own vector.",
            "Batch norm instead computes statistics across the examples.",
        ],
    )
    # The reference's "instead" clause binds: without it batch norm would bind nothing.
    assert norm.swapped(match_form("layer norm computes statistics across the examples")) is not None
    denied = "layer norm normalizes each token instead of computing statistics across the examples"
    assert norm.swapped(match_form(denied)) is None


def test_a_list_in_brackets_belongs_to_the_clause_around_it() -> None:
    precision = RoleCheck.build(
        [(("16-bit",), ("32-bit",))],
        [
            "It runs most of the computation (matrix multiplications, activations, gradients) in 16-bit "
            "while keeping a 32-bit master copy of the weights."
        ],
    )
    swapped = "the weights are stored in 16-bit, and the matrix multiplications are done in 32-bit"
    assert precision.swapped(match_form(swapped)) is not None
    right = "the matrix multiplications are done in 16-bit, and the master weights are kept in 32-bit"
    assert precision.swapped(match_form(right)) is None


GATES = Question(
    id="r-09",
    bank="roles-gates",
    question="LSTM 的门各做什么？",
    answer="遗忘门丢弃旧信息，输入门写入新信息。",
    explanation="门控机制控制信息的流动。",
    key_points=(
        KeyPoint(
            "用门控（遗忘门丢弃旧信息、输入门写入新信息）控制信息", ("门控机制", "丢弃旧信息", "写入新信息")
        ),
        KeyPoint("缓解梯度消失", ("梯度消失",), weight=0.2),
    ),
    contrasts=((("遗忘门",), ("输入门",)),),
    language="zh",
)


def test_a_key_point_that_relates_the_swapped_pair_is_no_right_idea_beside_the_swap() -> None:
    grader = Grader([GATES])
    # "门控机制" meets the gates' key point in a clause of its own, but that key point is the very
    # relation the reply turns round.
    swapped = "通过门控机制缓解梯度消失，其中遗忘门决定写入新信息，输入门决定丢弃旧信息"
    grade = grader.grade(GATES, swapped)
    assert grade.verdict is Verdict.WRONG, grade.reason
    assert grade.swapped == ("遗忘门", "输入门")
    right = "通过门控机制缓解梯度消失，其中遗忘门决定丢弃旧信息，输入门决定写入新信息"
    assert grader.grade(GATES, right).verdict is Verdict.CORRECT


def test_a_word_the_reply_binds_to_both_sides_counts_for_neither() -> None:
    reference = (
        "Adam with L2 regularization adds the penalty to the loss gradient, so it passes through the "
        "adaptive scaling.",
        "AdamW applies weight decay directly to the weights, decoupled from the gradient.",
    )
    pairs = pairs_for(((("adamw",), ("adam with l2",)),), reference)
    check = RoleCheck.build(pairs, reference, (), "How does AdamW differ from Adam with L2 regularization?")
    # "weight decay" is said of both: it does not outweigh the roles exchanged around it.
    swapped = (
        "AdamW adds the weight decay term to the gradient, whereas Adam with L2 decays the weights directly."
    )
    found = check.swapped(match_form(swapped))
    assert found is not None and found.names == ("adamw", "adam with l2")
    kept = (
        "AdamW applies weight decay directly to the weights, "
        "whereas Adam with L2 adds the penalty to the loss gradient."
    )
    assert check.swapped(match_form(kept)) is None


def test_the_update_told_before_the_gradient_is_backwards() -> None:
    check = OrderCheck.build(["反向传播计算每个参数的梯度", "为参数更新提供梯度"])
    assert check.backwards(match_form("先更新参数，再计算损失，最后才算梯度")) == ("梯度", "更新参数")
    assert check.backwards(match_form("先算出梯度，再更新参数")) is None
    english = OrderCheck.build(["compute the gradients, then take the optimizer step"])
    told = "first take the optimizer step, then compute the gradients"
    assert english.backwards(match_form(told)) == ("gradient", "update the weights")


def test_an_order_told_by_a_word_after_a_side_or_a_clause_that_opens_with_then_is_found() -> None:
    reference = ["先在大规模语料上预训练，再在具体任务上微调", "pre-training first, then fine-tuning"]
    check = OrderCheck.build(reference)
    backwards = ("预训练", "微调")
    # A cue further from its side, and 之后 opening a clause as "then".
    assert check.backwards(match_form("先在具体任务的数据上微调，然后再做大规模预训练")) == backwards
    assert check.backwards(match_form("先用标注数据微调，之后大规模预训练")) == backwards
    # 之前 / 之后 placed after a side.
    assert check.backwards(match_form("在预训练之前先微调模型")) == backwards
    assert check.backwards(match_form("微调之后再做预训练")) == backwards
    english = ("pre-training", "fine-tuning")
    assert check.backwards(match_form("you fine-tune the model before pre-training it")) == english
    assert check.backwards(match_form("pre-training happens after fine-tuning")) == english
    # The right order in the same words.
    for told in (
        "先在大规模语料上预训练，之后再微调",
        "在微调之前先预训练",
        "预训练之后再微调",
        "微调是在预训练之后进行的",
        "you pre-train before fine-tuning",
        "fine-tuning comes after pre-training",
    ):
        assert check.backwards(match_form(told)) is None, told


def test_a_transformer_reply_that_runs_the_decoder_first_is_wrong() -> None:
    check = OrderCheck.build(["由编码器和解码器组成，编码器把输入编码成上下文向量，解码器生成输出"])
    told = "先用解码器生成输出序列，之后编码器再把它编码成上下文向量"
    assert check.backwards(match_form(told)) == ("编码器", "解码器")
    assert check.backwards(match_form("先用编码器把输入编码，之后解码器生成输出")) is None


def test_a_clause_going_on_after_so_binds_to_the_side_named_before_it() -> None:
    reference = [
        "Plain SGD adds the penalty to the gradient, so the penalty passes through the momentum "
        "buffer. Lion shrinks the weights directly."
    ]
    check = RoleCheck.build([(("plain sgd",), ("lion",))], reference)
    # What the reference says after "so" is told of the other side.
    swapped = check.swapped(match_form("With Lion the decay passes through the momentum buffer"))
    assert swapped is not None and swapped.names == ("plain sgd", "lion")
    assert check.swapped(match_form("With plain SGD the decay passes through the momentum buffer")) is None


def test_a_side_after_too_tells_a_mismatch_not_a_size() -> None:
    reference = ["each micro-batch is small", "the effective batch is large and does not fit in memory"]
    check = RoleCheck.build(pairs_for((), reference), reference)
    # "too small" says memory and batch do not fit each other: no size swapped.
    assert check.swapped(match_form("useful when memory is too small for the effective batch")) is None
    assert check.swapped(match_form("the effective batch is small and does not fit in memory")) is not None


def test_a_size_word_before_a_noun_the_reference_binds_to_neither_side_sizes_that_noun_only() -> None:
    reference = ["each micro-batch is small", "the effective batch is large and does not fit in memory"]
    check = RoleCheck.build(pairs_for((), reference), reference)
    # "a small GPU" says how big the GPU is, not that the effective batch is small.
    assert check.swapped(match_form("that gives the effect of one effective batch on a small gpu")) is None
    # A size word before a word the reference binds still takes its side.
    assert check.swapped(match_form("you train with a small effective batch")) is not None


def test_a_side_written_only_in_derived_forms_is_no_side_where_its_stem_is_a_verb() -> None:
    reference = [
        "The decoder is fed the true token; every position is trained to predict the next true token "
        "in parallel.",
        "At inference the model conditions on its own predictions.",
    ]
    check = RoleCheck.build([(("true",), ("own", "prediction", "predicted"))], reference)
    # "trained to predict" is an action: what the clause says is bound to the true tokens.
    told = "all positions are trained in parallel on the true tokens, so they predict every next one"
    assert check.swapped(match_form(told)) is None
    own = "all positions are trained in parallel on its own predictions"
    assert check.swapped(match_form(own)) is not None


def test_a_side_named_by_its_initials_is_that_side() -> None:
    reference = [
        "Weight norm splits each weight vector into a direction and a length; "
        "spectral norm divides the matrix by its largest singular value."
    ]
    pair = (("weight norm", "weight normalization"), ("spectral norm", "spectral normalization"))
    check = RoleCheck.build([pair], reference)
    told = (
        "WN divides the matrix by its largest singular value; "
        "SN splits each vector into a direction and a length"
    )
    swapped = check.swapped(match_form(told))
    assert swapped is not None and swapped.names == ("weight norm", "spectral norm")
    right = (
        "WN splits each vector into a direction and a length; "
        "SN divides the matrix by its largest singular value"
    )
    assert check.swapped(match_form(right)) is None
    # Wordings of one side whose initials differ name nothing new.
    mixed = (("weight norm", "weight rescaling"), ("spectral norm", "spectral normalization"))
    assert RoleCheck.build([mixed], reference).swapped(match_form(told)) is None
