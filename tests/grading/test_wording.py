"""How feedback is worded: each line true, whole, and readable as a user sees it."""

from __future__ import annotations

from bot.bank.model import KeyPoint, Question
from bot.grading.grader import Grader
from bot.grading.verdict import Grade, Verdict
from bot.grading.wording import feedback_lines
from bot.i18n import ENGLISH, translator


def test_a_swap_is_told_without_a_direction_the_pair_does_not_have() -> None:
    # The pair comes in the bank's order ("small", "large") whichever side the reply took: a line
    # saying "what you say of “small” is true of “large”" is false for a reply that said "large".
    said_large = Grade(Verdict.WRONG, 0.0, swapped=("small", "large"))
    line = feedback_lines(said_large, ENGLISH)[0]
    assert line == "False: you swap “small” and “large”: what you say of one is true of the other."
    chinese = feedback_lines(said_large, translator("zh-CN"))[0]
    assert chinese == "错误：你把“small”和“large”弄反了：你对其中一个的描述其实适用于另一个。"


MASK = Question(
    id="mask-01",
    bank="m",
    question="Why does a decoder-only model use a causal mask?",
    answer="Each position attends only to itself and earlier positions.",
    explanation="",
    key_points=(
        KeyPoint("each position attends to earlier positions; future positions are masked out", ("earlier",)),
        KeyPoint("why: training predicts every position in parallel", ("parallel",), 0.2),
    ),
)


def test_a_point_holding_a_semicolon_is_not_read_as_two() -> None:
    grade = Grade(Verdict.CORRECT, 1.0, found=tuple(kp.point for kp in MASK.key_points))
    lines = feedback_lines(grade, ENGLISH, "en", MASK)
    assert lines == [
        "Right:",
        "• each position attends to earlier positions; future positions are masked out",
        "• why: training predicts every position in parallel",
    ]
    chinese = feedback_lines(grade, translator("zh-CN"), "en", MASK)
    assert chinese[0] == "答对的要点："
    missed = Grade(Verdict.PARTIAL, 0.5, found=(MASK.key_points[1].point,))
    assert feedback_lines(missed, ENGLISH, "en", MASK) == [
        "Right: why: training predicts every position in parallel.",
        "Missing: each position attends to earlier positions; future positions are masked out.",
    ]


OVERLOAD = Question(
    id="plain-05",
    bank="plain",
    question="How are overloaded functions differentiated by the compiler?",
    answer="Based on the function signature. When an overloaded function is called, the compiler "
    "will find the function whose signature is closest to the given function call.",
    explanation="",
    language="en",
)


def test_reference_only_phrases_are_shown_whole() -> None:
    grade = Grader([OVERLOAD]).grade(OVERLOAD, "by the number of their parameters")
    text = "\n".join(feedback_lines(grade, ENGLISH, "en", OVERLOAD))
    assert "the compiler will find the function whose signature is closest to the given function call" in text
    assert "…" not in text


def test_a_phrase_cut_short_gets_no_second_full_stop() -> None:
    grade = Grade(Verdict.WRONG, 0.0, missed=("a clause that runs on and on without…",))
    assert feedback_lines(grade, ENGLISH) == ["Missing: a clause that runs on and on without…"]
    assert feedback_lines(grade, translator("zh-CN")) == ["缺少的要点：a clause that runs on and on without…"]


PROTOTYPE = Question(
    id="plain-04",
    bank="plain",
    question="What is the role of a prototype program in problem solving?",
    answer="To simulate the behaviour of portions of the desired software product.",
    explanation="",
    language="en",
)


def test_part_credit_on_the_whole_reference_says_it_was_stated_in_part() -> None:
    phrase = "To simulate the behaviour of portions of the desired software product"
    partial = Grade(Verdict.PARTIAL, 0.5, found=(phrase,))
    assert feedback_lines(partial, ENGLISH, "en", PROTOTYPE) == [f"Only partly stated: {phrase}."]
    assert feedback_lines(partial, translator("zh-CN"), "en", PROTOTYPE) == [f"只说到了一部分：{phrase}。"]
    correct = Grade(Verdict.CORRECT, 1.0, found=(phrase,))
    assert feedback_lines(correct, ENGLISH, "en", PROTOTYPE) == [f"Right: {phrase}."]


RAIL = Question(
    id="plain-06",
    bank="plain",
    question="铁路运输的优缺点是什么？",
    answer="铁路运输的优缺点：优点——安全、运输网遍及全球、一次有效运输、受气候影响小。"
    "缺点——灵活性差、不适合短途运输。",
    explanation="",
)
PRINCIPLES = Question(
    id="plain-07",
    bank="plain",
    question="配送中心规划的原则包括哪些？",
    answer="配送中心规划的原则：动态原则；低运费原则；服务和竞争原则；交通便利原则；统筹原则。",
    explanation="",
)


def test_an_item_cut_at_a_conjunction_is_named_as_written() -> None:
    grader = Grader([RAIL, PRINCIPLES])
    rail = grader.grade(RAIL, "优点是安全，运输网遍及全球")
    assert "运输网遍及全球" in rail.found, rail
    assert not {"运输网遍", "全球"} & {*rail.found, *rail.missed}, rail
    principles = grader.grade(PRINCIPLES, "动态原则，统筹原则")
    assert "服务和竞争原则" in principles.missed, principles
    assert "服务" not in principles.missed, principles
    text = "\n".join(feedback_lines(principles, ENGLISH, "zh", PRINCIPLES))
    assert "Missing: 低运费原则; 服务和竞争原则; 交通便利原则." in text, text


def test_reference_only_phrases_keep_the_reference_spelling() -> None:
    rail = Question(
        id="plain-08",
        bank="plain",
        question="鐵路運輸的優缺點是什麼？",
        answer="鐵路運輸的優缺點：優點——安全、運輸網遍及全球、一次有效運輸。缺點——靈活性差、不適合短途運輸。",
        explanation="",
    )
    stack = Question(
        id="plain-09",
        bank="plain",
        question="什麼是棧？",
        answer="棧是一種後進先出的線性表，只允許在一端插入和刪除。Push 把元素放到頂端。",
        explanation="",
    )
    access = Question(
        id="plain-10",
        bank="plain",
        question="What are the access-specifiers that can be used in a C++ class definition?",
        answer="Private and public.",
        explanation="",
    )
    grader = Grader([rail, stack, access])
    grade = grader.grade(rail, "安全，運輸網遍及全球")
    assert grade.found == ("安全", "運輸網遍及全球"), grade
    assert "靈活性差" in grade.missed, grade
    grade = grader.grade(stack, "棧是後進先出的")
    assert grade.found == ("棧是一種後進先出的線性表",), grade
    assert "Push 把元素放到頂端" in grade.missed, grade
    grade = grader.grade(access, "public")
    assert grade.missed == ("Private",), grade


def test_items_listed_beyond_the_reference_are_named_as_the_reason() -> None:
    stack = Question(
        id="plain-11",
        bank="plain",
        question="What are the main operations associated with a stack?",
        answer="push and pop",
        explanation="",
    )
    grade = Grader([stack]).grade(stack, "Push, Pop, isEmpty, isFull, a list of all elements, count")
    assert grade.verdict is Verdict.PARTIAL, grade
    assert feedback_lines(grade, ENGLISH, "en", stack) == [
        "Some items you list are not in the reference answer.",
        "Right: push; pop.",
    ]
    assert feedback_lines(grade, translator("zh-CN"), "en", stack)[0] == "你列出的一些项不在参考答案里。"
