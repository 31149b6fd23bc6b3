"""Reference grading: questions without key points are graded against their reference answer."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.bank.model import Question
from bot.grading import pinyin
from bot.grading.paraphrase import PHRASES, WORD_GROUPS, rewrite_phrases
from bot.grading.reference import CorpusStats, reference_grade, reference_items, term_weight
from bot.grading.terms_stats import fold, stem, term_set
from bot.grading.tuning import REFERENCE_PARTIAL_AT
from bot.grading.verdict import Grade, Verdict
from bot.grading.wording import EXTRA_ITEMS


def q(qid: str, question: str, answer: str, language: str = "zh") -> Question:
    return Question(id=qid, bank="t", question=question, answer=answer, explanation="", language=language)


DROPOUT = q(
    "dropout",
    "请解释什么是Dropout？",
    "Dropout是一种正则化技术，通过随机丢弃模型中的神经元，防止模型过拟合。",
)
REGULAR = q(
    "regular",
    "请解释正则化（Regularization）的概念。",
    "正则化是一种防止模型过拟合的技术，通过在损失函数中添加惩罚项，限制模型复杂度。",
)
CHECKS = q(
    "checks",
    "配货检查的方法有哪些？",
    "配货检查的方法有：人工检查法、条码检查法、声音输入检查法、重量计算检查法。",
)
KINDS = q(
    "kinds",
    "配送的种类按配送专业化程度分类，可分为哪些类型？",
    "配送的种类按配送专业化程度分类，分为综合配送、专业配送。",
)
RECURSIVE = q("recursive", "What is a recursive function?", "A function that calls itself.", "en")
VARIABLE = q("variable", "What is a variable?", "A location in memory that can store a value.", "en")
STACK = q("stack", "Name the two main operations of a stack.", "push and pop", "en")
GRADIENT = q(
    "gradient",
    "如何计算词嵌入的梯度？请简述一种常用的优化算法。",
    "梯度可以通过反向传播算法计算。常用的优化算法是梯度下降（Gradient Descent），"
    "它不断调整模型参数，使损失函数逐渐减小。",
)
ALL = [DROPOUT, REGULAR, CHECKS, KINDS, RECURSIVE, VARIABLE, STACK, GRADIENT]
STATS = CorpusStats.build(ALL)


def grade(question: Question, reply: str) -> Grade:
    return reference_grade(question, reply, STATS)


# --- plain questions ------------------------------------------------------------------------


def test_pasted_reference_is_correct() -> None:
    for question in ALL:
        result = grade(question, question.answer)
        assert result.verdict is Verdict.CORRECT, question.id
        assert result.score == 1.0


def test_chinese_paraphrase_gets_credit_and_unrelated_text_none() -> None:
    paraphrase = grade(DROPOUT, "训练时随机丢弃一部分神经元，这样可以防止过拟合")
    unrelated = grade(DROPOUT, "今天天气很好，我们去公园散步吧")
    assert paraphrase.verdict in (Verdict.PARTIAL, Verdict.CORRECT)
    assert paraphrase.score >= 0.5
    assert unrelated.verdict is Verdict.WRONG
    assert unrelated.score == 0.0


def test_english_paraphrase_with_other_word_forms_gets_credit() -> None:
    result = grade(VARIABLE, "It is a named location in the memory where values are stored")
    assert result.verdict is Verdict.CORRECT
    assert any("memory" in phrase for phrase in result.found)  # the reference's phrase, whole


def test_english_unrelated_text_is_wrong() -> None:
    result = grade(RECURSIVE, "The weather is lovely and I had pasta for lunch")
    assert result.verdict is Verdict.WRONG
    assert result.score < 0.1


def test_copy_of_the_question_is_wrong() -> None:
    for question in (DROPOUT, REGULAR, RECURSIVE, CHECKS):
        result = grade(question, question.question)
        assert result.verdict is Verdict.WRONG, question.id
        assert result.score == 0.0


def test_pasting_every_answer_of_the_bank_is_not_correct() -> None:
    many = [
        q(f"extra{i}", f"问题{i}？", text)
        for i, text in enumerate(
            (
                "注意力机制按相关性给序列各位置分配权重，重点关注关键部分。",
                "卷积神经网络用卷积核在输入上滑动，提取图像的局部特征。",
                "学习率调度在训练中按策略动态改变学习率，例如预热后逐步衰减。",
                "批次大小是每次参数更新所用的样本数量，影响显存和收敛速度。",
                "交叉熵衡量预测概率分布与真实标签之间的差异，即负对数似然。",
                "长短期记忆网络用输入门、遗忘门和输出门控制细胞状态。",
            )
        )
    ]
    bank = [*ALL, *many]
    dump = "。".join(x.answer for x in bank)
    stats = CorpusStats.build(bank)
    dumped = reference_grade(DROPOUT, dump, stats)
    assert dumped.verdict is Verdict.WRONG
    assert "other things" in dumped.reason
    assert (
        reference_grade(DROPOUT, DROPOUT.answer + "另外，" + many[0].answer, stats).verdict is Verdict.CORRECT
    )


def test_empty_and_non_answers_are_wrong() -> None:
    for reply in ("", "   ", "不知道", "跳过", "I don't know", "？？"):
        result = grade(DROPOUT, reply)
        assert result.verdict is Verdict.WRONG, reply
        assert result.score == 0.0
        assert result.reason


def test_more_of_the_reference_scores_higher() -> None:
    one = grade(REGULAR, "添加惩罚项")
    two = grade(REGULAR, "在损失函数中添加惩罚项")
    three = grade(REGULAR, "在损失函数中添加惩罚项，限制模型复杂度，防止过拟合")
    assert one.score < two.score < three.score


def test_traditional_characters_grade_like_simplified() -> None:
    simplified = grade(DROPOUT, "训练时随机舍弃一些神经元，防止过拟合")
    traditional = grade(DROPOUT, "訓練時隨機捨棄一些神經元，防止過擬合")
    assert traditional.score == simplified.score


def test_wrong_homophones_still_match_when_sound_matching_is_available() -> None:
    clean = grade(DROPOUT, "训练时随机丢弃神经元，防止过拟合")
    homophones = grade(DROPOUT, "训练时随机丢弃神精元，防止过拟和")
    if pinyin.available():
        assert homophones.score == clean.score
    else:
        assert homophones.score < clean.score


def test_mixed_chinese_and_english_reply_gets_credit() -> None:
    result = grade(GRADIENT, "用反向传播算梯度，优化用 gradient descent，不断调整参数让损失变小")
    assert result.verdict is not Verdict.WRONG
    assert result.score > grade(GRADIENT, "用 Adam 吧").score


def test_found_and_missed_name_parts_of_the_reference() -> None:
    result = grade(DROPOUT, "它是一种正则化技术")
    assert result.found
    assert result.missed
    assert all(part in DROPOUT.answer for part in result.found + result.missed)  # as written


def test_single_question_without_stats() -> None:
    alone = q("alone", "什么是过拟合？", "过拟合是指模型在训练数据上表现很好，但在新数据上表现差。")
    assert reference_grade(alone, alone.answer).verdict is Verdict.CORRECT
    assert reference_grade(alone, "模型在训练集上很好，新数据上很差").score > 0.5
    assert reference_grade(alone, "什么是过拟合").verdict is Verdict.WRONG
    assert reference_grade(alone, "学习率太大").verdict is Verdict.WRONG


def test_explanation_terms_earn_a_bonus_but_are_not_required() -> None:
    plain = q("plain", "什么是过拟合？", "过拟合是指模型在训练数据上表现很好，但在新数据上表现差。")
    explained = Question(
        id="explained",
        bank="t",
        question=plain.question,
        answer=plain.answer,
        explanation="常用正则化、早停和数据增强来缓解过拟合。",
    )
    reply = "训练数据上很好，新数据上差，可以用早停和数据增强缓解"
    assert reference_grade(explained, reply).score > reference_grade(plain, reply).score
    assert reference_grade(explained, explained.answer).score == 1.0
    only_explanation = reference_grade(explained, "早停和数据增强")
    assert only_explanation.verdict is not Verdict.CORRECT


# --- enumeration questions ------------------------------------------------------------------


def test_enumeration_credit_is_proportional_to_items_named() -> None:
    scores = [
        grade(CHECKS, reply).score
        for reply in ("人工检查法", "人工检查法、条码检查法", "人工检查法、条码检查法、重量计算检查法")
    ]
    assert scores[0] < scores[1] < scores[2]
    assert 0.15 <= scores[0] <= 0.4
    assert 0.35 <= scores[1] <= 0.65
    full = grade(CHECKS, "（1）人工检查法（2）条码检查法（3）声音输入检查法（4）重量计算检查法")
    assert full.verdict is Verdict.CORRECT


def test_enumeration_reports_items_found_and_missed() -> None:
    result = grade(CHECKS, "条码检查法和重量计算检查法")
    assert set(result.found) == {"条码检查法", "重量计算检查法"}
    assert set(result.missed) == {"人工检查法", "声音输入检查法"}


def test_lead_in_restating_the_question_is_not_an_item() -> None:
    result = grade(KINDS, "综合配送")
    assert result.found == ("综合配送",)
    assert result.missed == ("专业配送",)
    assert 0.35 <= result.score <= 0.65


def test_invented_items_earn_nothing() -> None:
    assert grade(KINDS, "普通配送").verdict is Verdict.WRONG
    assert grade(CHECKS, "电子检查法").score < 0.2


def test_many_invented_items_are_not_rewarded() -> None:
    honest = grade(CHECKS, "人工检查法、条码检查法")
    shotgun = grade(
        CHECKS, "人工检查法、条码检查法、目视检查法、电子检查法、抽样检查法、红外检查法、称重法、问询法"
    )
    assert shotgun.score < honest.score


def test_reference_of_short_items_is_graded_as_a_list() -> None:
    features = q(
        "features", "信息的特征是什么？", "信息的特征：客观性、传递性、时效性、价值性、不对称性、共享性。"
    )
    three = grade_alone(features, "传递性、时效性、共享性")
    assert set(three.found) == {"传递性", "时效性", "共享性"}
    assert 0.35 <= three.score <= 0.65
    opposite = grade_alone(features, "对称性")
    assert opposite.score < 0.3
    assert "不对称性" not in opposite.found


def test_a_definition_with_short_clauses_is_not_a_list() -> None:
    stack = q("stack-def", "什么是栈", "栈是一种后进先出的线性表，只允许在一端插入和删除")
    assert reference_items(stack) == ()
    for graded in (reference_grade(stack, "后进先出的线性表"), grade_alone(stack, "后进先出的线性表")):
        assert graded.verdict is not Verdict.WRONG
        assert graded.score >= 0.3
    english = q("stack-en", "What is a stack?", "A stack is a list, last in, first out, one open end", "en")
    assert reference_items(english) == ()


def grade_alone(question: Question, reply: str) -> Grade:
    return reference_grade(question, reply, CorpusStats.build([question, *ALL]))


def test_english_enumeration() -> None:
    assert grade(STACK, "push and pop").verdict is Verdict.CORRECT
    half = grade(STACK, "push")
    assert half.verdict is Verdict.PARTIAL
    assert half.found == ("push",)
    shotgun = grade(STACK, "insert, delete, search, sort, peek, push")
    assert shotgun.score < half.score


# --- corpus statistics ----------------------------------------------------------------------


def test_terms_shared_across_the_bank_weigh_less() -> None:
    assert term_weight(STATS, "模型") < term_weight(STATS, "丢弃")
    tiny = CorpusStats.build([DROPOUT, REGULAR])
    assert term_weight(tiny, "模型") == term_weight(tiny, "丢弃") == 1.0


def test_stemming_meets_word_forms() -> None:
    assert stem("stored") == stem("stores") == stem("storing") == stem("store")
    assert stem("queries") == stem("query")
    assert term_set("values") == term_set("value")


def test_stemming_meets_derived_forms_and_keeps_short_words_whole() -> None:
    for group in (
        ("location", "located", "locations"),
        ("iteration", "iterative", "iterate"),
        ("resizeable", "resizable", "resize"),
        ("recursion", "recursive", "recursively"),
        ("elements", "element"),
    ):
        assert len({stem(w) for w in group}) == 1, group
    assert stem("string") == "string"  # not "str" + "ing"
    assert stem("statement") != stem("state")


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(reply=st.text(max_size=300), question=st.sampled_from(ALL))
def test_any_reply_gives_a_valid_grade(reply: str, question: Question) -> None:
    _check_valid(grade(question, reply))


@settings(max_examples=150, deadline=None)
@given(
    question_text=st.text(min_size=1, max_size=60),
    answer=st.text(min_size=1, max_size=120),
    reply=st.text(),
)
def test_any_question_and_reply_give_a_valid_grade(question_text: str, answer: str, reply: str) -> None:
    question = q("any", question_text, answer)
    _check_valid(reference_grade(question, reply))
    _check_valid(reference_grade(question, reply, CorpusStats.build([question, DROPOUT, STACK])))


_FOLD_ALPHABET = st.sampled_from("Ａｂ１，。（）\u3000 a-é\u0301配送ＡＢＣ檢查")


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_FOLD_ALPHABET, max_size=40) | st.text(max_size=40))
def test_fold_is_nfkc_however_it_gets_there(text: str) -> None:
    assert fold(text) == fold(unicodedata.normalize("NFKC", text))


def _check_valid(result: Grade) -> None:
    assert isinstance(result.verdict, Verdict)
    assert 0.0 <= result.score <= 1.0
    assert all(isinstance(x, str) for x in result.found + result.missed)
    assert isinstance(result.reason, str)
    assert result.reason


# --- English paraphrases ----------------------------------------------------------------------


GROWS = q(
    "grows",
    "What is the main advantage of linked lists over arrays?",
    "They can be of variable length.",
    "en",
)
MANY = q("many", "How many constructors can a class have?", "An unlimited number.", "en")


def test_general_paraphrases_meet_the_reference_wording() -> None:
    bank = [GROWS, MANY, *ALL]
    stats = CorpusStats.build(bank)
    assert reference_grade(GROWS, "Their size is dynamic", stats).verdict is Verdict.CORRECT
    assert reference_grade(GROWS, "the size is not fixed", stats).verdict is Verdict.CORRECT
    assert reference_grade(MANY, "as many as you want", stats).verdict is Verdict.CORRECT
    assert reference_grade(MANY, "there is no limit", stats).verdict is Verdict.CORRECT
    assert reference_grade(MANY, "just one", stats).verdict is Verdict.WRONG


def test_each_word_form_belongs_to_one_paraphrase_group() -> None:
    owner: dict[str, str] = {}
    for group in WORD_GROUPS:
        for word in group:
            assert owner.setdefault(stem(word), group[0]) == group[0], (word, owner[stem(word)])


def test_paraphrase_groups_keep_distinct_meanings_apart() -> None:
    location = q("loc", "What is a function pointer?", "The address of the function code in memory.", "en")
    assert reference_grade(location, "its location in memory").verdict is Verdict.CORRECT
    assert reference_grade(MANY, "it takes constant time").score == 0.0


def test_an_on_topic_reply_without_the_answer_stays_wrong_but_ranks_clearly_above_an_off_topic_one() -> None:
    pointer = q(
        "pointer",
        "What is a function pointer?",
        "The address of the location in memory where the function code resides.",
        "en",
    )
    on_topic = grade(pointer, "function pointers are useful in big programs")
    off_topic = grade(pointer, "the weather is nice")
    assert on_topic.verdict is Verdict.WRONG and off_topic.verdict is Verdict.WRONG
    # Humans give such replies more (often a paraphrase the terms cannot see), but never partial.
    assert REFERENCE_PARTIAL_AT / 4 <= on_topic.score < REFERENCE_PARTIAL_AT
    assert off_topic.score == 0.0


def test_an_on_topic_reply_ranks_above_an_off_topic_one_when_the_reference_repeats_no_question_word() -> None:
    passed = q("passed", "How are linked lists passed as arguments to a function?", "By reference.", "en")
    on_topic = grade(passed, "linked lists are passed by using pointers")
    off_topic = grade(passed, "the weather is nice")
    assert on_topic.verdict is Verdict.WRONG and off_topic.verdict is Verdict.WRONG
    assert 0.0 == off_topic.score < on_topic.score < REFERENCE_PARTIAL_AT
    # Repeating the question adds nothing, here as elsewhere.
    assert grade(passed, "linked lists are passed as arguments").score == 0.0


SEARCH_STEPS = q(
    "steps",
    "How many steps does it take to search a node in a binary search tree?",
    "The height of the tree.",
    "en",
)
COMPARISONS = q(
    "comparisons",
    "How many comparisons does it take to find an element in a binary search tree?",
    "The height of the tree (or log of the number of elements in the tree).",
    "en",
)


def test_a_reply_in_the_words_of_a_neighbouring_question_ranks_above_other_wrong_replies() -> None:
    stats = CorpusStats.build([SEARCH_STEPS, COMPARISONS, *ALL])
    near = reference_grade(SEARCH_STEPS, "log n", stats)
    # Words only a question about something else uses ("What is a variable?"), or no question.
    elsewhere = reference_grade(SEARCH_STEPS, "a location in memory", stats)
    unknown = reference_grade(SEARCH_STEPS, "n squared", stats)
    assert {near.verdict, elsewhere.verdict, unknown.verdict} == {Verdict.WRONG}
    assert elsewhere.score == unknown.score == 0.0 < near.score < REFERENCE_PARTIAL_AT
    # The nearness is the bank's: without the neighbouring question "log" is just a word.
    assert reference_grade(SEARCH_STEPS, "log n", CorpusStats.build([SEARCH_STEPS, *ALL])).score == 0.0
    # A reply that states the answer is graded as before.
    assert reference_grade(SEARCH_STEPS, "the height of the tree", stats).verdict is Verdict.CORRECT


def test_number_words_meet_digits() -> None:
    base = q("base", "What is the base case of merge sort?", "When the size of the array is 1.", "en")
    assert grade(base, "a single element").verdict is Verdict.CORRECT
    assert grade(base, "one element").verdict is Verdict.CORRECT
    assert grade(base, "two elements").score < grade(base, "a single element").score


def test_once_in_digits_or_run_together_is_once() -> None:
    loop = q(
        "loop",
        "What is the main difference between a while and a do...while statement?",
        "The block inside a do...while statement will execute at least once.",
        "en",
    )
    for reply in ("a do-while passes atleast 1 time", "it goes through it 1 time first"):
        assert rewrite_phrases(reply) != reply, reply
        assert reference_grade(loop, reply).verdict is not Verdict.WRONG, reply


def test_every_phrase_rewrite_is_reachable() -> None:
    samples = (
        "as many as",
        "any number",
        "not limited",
        "not a fixed size",
        "not fixed",
        "look up",
        "at least once",
        "random access",
        "break up",
        "put together",
    )
    for sample in samples:
        assert rewrite_phrases(sample) != sample, sample
    rewritten = {rewrite_phrases(pattern_start).strip() for pattern_start in samples}
    assert {name for _, name in PHRASES} <= rewritten


def test_a_list_question_that_asks_for_a_number_is_answered_by_that_many_items() -> None:
    asked = q(
        "asked",
        "Name two of the basic stack operations.",
        "The basic operations are push, pop, peek and isEmpty.",
        language="en",
    )
    assert reference_items(asked)
    assert grade(asked, "push and pop").verdict is Verdict.CORRECT
    assert grade(asked, "push").verdict is not Verdict.CORRECT


# --- negations and words run together ---------------------------------------------------------

DEFAULT_CTOR = q(
    "default-ctor",
    "When does the compiler create a default constructor?",
    "When the programmer has not written any constructor.",
    "en",
)
PUSH_FRONT = q(
    "push-front", "Where does push_front add a node to a linked list?", "In front of the head.", "en"
)
SEARCH = q(
    "search",
    "How many comparisons does a binary search need?",
    "The log of the number of elements.",
    "en",
)
STORAGE = q("storage", "数据的存储方式有哪些？", "数据的存储方式有：顺序存储、链式存储。")
MUTABLE = q("mutable", "元组有什么特点？", "元组是不可变的序列。")
NEGATION_BANK = [DEFAULT_CTOR, PUSH_FRONT, SEARCH, STORAGE, MUTABLE, RECURSIVE, VARIABLE, STACK]
NEGATION_STATS = CorpusStats.build(NEGATION_BANK)


def test_an_english_negation_is_a_term_of_its_own() -> None:
    absent = reference_grade(DEFAULT_CTOR, "if the programmer didn't write one", NEGATION_STATS)
    present = reference_grade(DEFAULT_CTOR, "if the programmer wrote one", NEGATION_STATS)
    assert absent.score > present.score
    # A negation alone states nothing: it needs a word to negate.
    assert reference_grade(DEFAULT_CTOR, "it does not", NEGATION_STATS).verdict is Verdict.WRONG
    assert reference_grade(DEFAULT_CTOR, "never", NEGATION_STATS).score < 0.2


def test_a_negation_of_the_questions_own_word_states_a_negating_reference() -> None:
    # The answer is that something the question names is absent: saying so answers it.
    absent = reference_grade(DEFAULT_CTOR, "when there is no constructor", NEGATION_STATS)
    assert absent.verdict is Verdict.CORRECT
    assert reference_grade(DEFAULT_CTOR, "when there is a constructor", NEGATION_STATS).score == 0.0
    # Only where the reference negates: "no function" does not answer what a recursive function is.
    assert reference_grade(RECURSIVE, "no function", NEGATION_STATS).verdict is Verdict.WRONG


def test_words_run_together_meet_the_reference_words() -> None:
    joined = reference_grade(PUSH_FRONT, "infront of the head", NEGATION_STATS)
    apart = reference_grade(PUSH_FRONT, "in front of the head", NEGATION_STATS)
    assert joined.verdict is apart.verdict is Verdict.CORRECT
    assert joined.score == apart.score
    assert reference_grade(SEARCH, "logn", NEGATION_STATS).verdict is not Verdict.WRONG
    # Only a short tail or a stop word in front: a longer word is another word.
    assert reference_grade(SEARCH, "a logarithmic logistics", NEGATION_STATS).score < 0.4


def test_a_chinese_item_after_a_negation_is_its_opposite() -> None:
    named = reference_grade(STORAGE, "顺序存储。", NEGATION_STATS)
    negated = reference_grade(STORAGE, "非顺序存储。", NEGATION_STATS)
    assert named.verdict is Verdict.PARTIAL
    assert negated.verdict is Verdict.WRONG
    assert negated.found == ()


def test_a_negation_the_reference_has_itself_still_matches() -> None:
    assert reference_grade(MUTABLE, "不可变的序列", NEGATION_STATS).verdict is Verdict.CORRECT
    assert reference_grade(MUTABLE, "可变的序列", NEGATION_STATS).score < 1.0
    # Words that merely contain a negation character negate nothing.
    assert reference_grade(STORAGE, "非常顺序存储。", NEGATION_STATS).verdict is Verdict.PARTIAL


THREADS = q(
    "threads", "线程根据调度方式可以分为什么类型？", "线程根据调度方式可以分为用户级线程和内核级线程。"
)


def test_a_lead_in_that_restates_the_question_is_no_item() -> None:
    stats = CorpusStats.build([*ALL, THREADS])
    assert reference_items(THREADS, stats) == ("用户级线程", "内核级线程")
    assert reference_grade(THREADS, "用户级线程和内核级线程", stats).verdict is Verdict.CORRECT
    assert reference_grade(THREADS, "内核级线程", stats).verdict is Verdict.PARTIAL
    # An invented kind that only shares the question's words and a bigram across two words.
    assert reference_grade(THREADS, "系统级线程。", stats).verdict is Verdict.WRONG


def test_items_explained_or_a_few_more_real_ones_keep_full_credit() -> None:
    explained = grade(STACK, "push, which adds an item to the top, and pop, which takes the top item off")
    more = grade(STACK, "push, pop, peek, isEmpty")
    assert explained.verdict is Verdict.CORRECT
    assert more.verdict is Verdict.CORRECT
    # More invented items than named ones still cost.
    assert grade(STACK, "push, pop, insert, delete, search, sort").verdict is Verdict.PARTIAL


def test_the_suffix_every_item_shares_names_no_item() -> None:
    shotgun = grade(CHECKS, "人工检查法、条码检查法、目视检查法、电子检查法、抽样检查法、红外检查法")
    assert shotgun.score < grade(CHECKS, "人工检查法、条码检查法").score
    assert EXTRA_ITEMS in shotgun.reason


def test_a_misspelling_whose_stem_strays_still_meets_the_word() -> None:
    by_reference = q("by-ref", "How are linked lists passed to a function?", "By reference.", "en")
    stats = CorpusStats.build([*ALL, by_reference])
    assert reference_grade(by_reference, "by refrenece", stats).verdict is Verdict.CORRECT
    assert reference_grade(by_reference, "by value", stats).verdict is Verdict.WRONG
    # Two different words of one length stay apart.
    assert reference_grade(VARIABLE, "a vacation in the mountains", STATS).verdict is Verdict.WRONG


_ZH_PIECES = ["非", "不", "没", "无", "顺序", "存储", "链式", "可变", "的", "序列", "，", "、", "非常"]
_EN_PIECES = ["no", "not", "don't", "atleast", "logn", "infront", "refrenece", "constructor", "the", ", "]
_PIECES = st.sampled_from([*_ZH_PIECES, *_EN_PIECES, " "])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=30), question=st.sampled_from(NEGATION_BANK))
def test_replies_made_of_reference_words_and_negations_give_a_valid_grade(
    pieces: list[str], question: Question
) -> None:
    reply = "".join(pieces)
    result = reference_grade(question, reply, NEGATION_STATS)
    _check_valid(result)
    assert reference_grade(question, reply, NEGATION_STATS) == result


def test_scope_words_are_terms() -> None:
    dims = q("dims", "Which array dimensions must be given?", "All of them except the first.", "en")
    stats = CorpusStats.build([*NEGATION_BANK, dims])
    every = reference_grade(dims, "all of them but the first", stats)
    some = reference_grade(dims, "some of them but the first", stats)
    assert every.score > some.score


# --- the same question asked twice in one bank ------------------------------------------------

SIZE_ADVANTAGE = q(
    "size-advantage",
    "What is the main advantage of linked lists over arrays?",
    "Linked lists can be of variable length.",
    "en",
)
INSERT_ADVANTAGE = q(
    "insert-advantage",
    "What is the advantage of linked lists over arrays?",
    "Inserting an element needs no shifting of the others.",
    "en",
)
ARRAY_ADVANTAGE = q(
    "array-advantage",
    "What is the main advantage of arrays over linked lists?",
    "Elements of an array are accessed directly by their index.",
    "en",
)
ROAD = q("road", "公路运输的优缺点是什么？", "机动灵活，门到门；运量小，成本高。")
RAIL = q("rail", "铁路运输的优缺点是什么？", "运量大，成本低；灵活性差。")
# "main" is a common word of the bank's questions: leaving it out does not change the question.
MAIN_WORDS = [
    q("stack-queue", "What is the main difference between a stack and a queue?", "LIFO versus FIFO.", "en"),
    q("merge-sort", "What is the main idea of merge sort?", "Split, sort each half, merge.", "en"),
]
TWICE_BANK = [SIZE_ADVANTAGE, INSERT_ADVANTAGE, ARRAY_ADVANTAGE, ROAD, RAIL, *MAIN_WORDS, *ALL]


def test_a_question_asked_twice_accepts_either_reference() -> None:
    stats = CorpusStats.build(TWICE_BANK)
    reply = "You can insert an element without shifting the others."
    assert reference_grade(INSERT_ADVANTAGE, reply, stats).verdict is Verdict.CORRECT
    alone = CorpusStats.build([SIZE_ADVANTAGE, ARRAY_ADVANTAGE, ROAD, RAIL, *MAIN_WORDS, *ALL])
    assert reference_grade(SIZE_ADVANTAGE, reply, alone).verdict is Verdict.WRONG
    assert reference_grade(SIZE_ADVANTAGE, reply, stats).verdict is Verdict.CORRECT
    assert reference_grade(SIZE_ADVANTAGE, "Their length is variable.", stats).verdict is Verdict.CORRECT


def test_a_question_with_its_terms_in_the_other_order_is_another_question() -> None:
    stats = CorpusStats.build(TWICE_BANK)
    reply = "They are accessed directly by their index."
    assert reference_grade(ARRAY_ADVANTAGE, reply, stats).verdict is Verdict.CORRECT
    assert reference_grade(SIZE_ADVANTAGE, reply, stats).verdict is Verdict.WRONG


def test_questions_about_different_subjects_are_not_the_same_question() -> None:
    stats = CorpusStats.build(TWICE_BANK)
    assert reference_grade(RAIL, "运量大，成本低，但灵活性差。", stats).verdict is Verdict.CORRECT
    assert reference_grade(ROAD, "运量大，成本低，但灵活性差。", stats).verdict is not Verdict.CORRECT


# --- a phrase the bank defines elsewhere ------------------------------------------------------

SIGNATURE = q(
    "signature",
    "What is a function signature?",
    "The name of the function and the types of its parameters.",
    "en",
)
OVERLOADS = q(
    "overloads", "How does the compiler tell overloaded functions apart?", "By the function signature.", "en"
)
VARIABLE_SIZE = q("variable-size", "Why are linked lists flexible?", "They are of variable size.", "en")
DEFINED_BANK = [OVERLOADS, VARIABLE_SIZE, *MAIN_WORDS, *ALL]


def test_stating_the_banks_definition_of_a_phrase_states_the_phrase() -> None:
    reply = "By the number and types of their parameters."
    without = CorpusStats.build(DEFINED_BANK)
    assert reference_grade(OVERLOADS, reply, without).verdict is Verdict.WRONG
    stats = CorpusStats.build([SIGNATURE, *DEFINED_BANK])
    assert reference_grade(OVERLOADS, reply, stats).verdict is Verdict.CORRECT
    assert reference_grade(OVERLOADS, "By their return type.", stats).verdict is Verdict.WRONG


def test_a_lone_word_defined_elsewhere_may_mean_something_else() -> None:
    # "What is a variable?" defines the noun; "variable size" uses the adjective.
    stats = CorpusStats.build([VARIABLE, *DEFINED_BANK])
    reply = "A location in memory that can store a value."
    assert reference_grade(VARIABLE_SIZE, reply, stats).verdict is Verdict.WRONG


def test_a_question_asked_twice_in_the_same_words_accepts_either_reference() -> None:
    first = q("first", "What is a stack?", "A last-in first-out collection.", "en")
    second = q("second", "What is a stack?", "A list where only the top item can be added or removed.", "en")
    stats = CorpusStats.build([first, second, *MAIN_WORDS, *ALL])
    reply = "Items are added and removed only at the top."
    assert reference_grade(first, reply, stats).verdict is Verdict.CORRECT


_WORDS = st.sampled_from(
    ["stack", "queue", "list", "main", "advantage", "of", "over", "the", "is", "栈", "队列"]
)


@settings(max_examples=150, deadline=None)
@given(
    subject=st.lists(_WORDS, min_size=1, max_size=5).map(" ".join),
    other=st.lists(_WORDS, min_size=1, max_size=5).map(" ".join),
    answers=st.tuples(st.text(min_size=1, max_size=60), st.text(min_size=1, max_size=60)),
    reply=st.text(max_size=80) | st.lists(_WORDS, max_size=8).map(" ".join),
)
def test_questions_asked_twice_or_defined_elsewhere_still_give_valid_grades_either_way(
    subject: str, other: str, answers: tuple[str, str], reply: str
) -> None:
    """Banks whose questions may repeat each other or define each other's phrases: every grade
    is a valid one, never an exception."""
    first = q("first", f"What is {subject}?", answers[0] + " " + subject, "en")
    second = q("second", f"What is the {other}?", answers[1], "en")
    stats = CorpusStats.build([first, second, *MAIN_WORDS])
    for question in (first, second):
        _check_valid(reference_grade(question, reply, stats))


def test_a_chinese_phrase_defined_elsewhere_is_stated_by_its_definition() -> None:
    embedding = q("embedding", "什么是词嵌入？", "把词映射为低维稠密向量的方法。")
    trains = q("trains", "Word2Vec训练出什么？", "训练出词嵌入。")
    reply = "把每个词映射成一个低维稠密向量。"
    assert reference_grade(trains, reply, CorpusStats.build([trains, *ALL])).verdict is Verdict.WRONG
    stats = CorpusStats.build([embedding, trains, *ALL])
    assert reference_grade(trains, reply, stats).verdict is Verdict.CORRECT


# A word the reference says twice is what it is about.
HEAP = q(
    "heap",
    "What does the heap hold?",
    "Objects allocated while the program runs; those objects live until they are freed.",
    "en",
)


def test_a_word_the_reference_repeats_weighs_more() -> None:
    central = reference_grade(HEAP, "objects")
    aside = reference_grade(HEAP, "freed")
    assert central.score > aside.score


def test_a_repeated_chinese_bigram_weighs_as_much_as_once() -> None:
    # Chinese references restate their subject in place of a pronoun: no extra weight for it.
    kinds = q("kinds-once", "配送有哪些类型？", "综合配送和专业配送，按专业化程度分")
    assert reference_grade(kinds, "综合").score == reference_grade(kinds, "专业").score


def test_i_e_and_e_g_are_no_terms() -> None:
    prototype = q(
        "prototype",
        "What does a function prototype include?",
        "The function signature, i.e., the name, the return type and the parameter types.",
        "en",
    )
    stated = reference_grade(prototype, "the name, the return type and the parameter types")
    assert stated.score == 1.0
    # "e.g." in a reply adds no term of its own either.
    assert (
        reference_grade(prototype, "e.g. the name and the return type").score
        == reference_grade(prototype, "the name and the return type").score
    )
