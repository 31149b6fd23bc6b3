"""Feedback lines: what was right, missing and false, each said once, through a translator."""

from __future__ import annotations

from pathlib import Path

from grading_bank import BANK, DROPOUT

from bot.bank.loader import load_bank
from bot.bank.model import KeyPoint, Question
from bot.grading.grader import Grader
from bot.grading.verdict import Verdict
from bot.grading.wording import feedback_lines, reply_language
from bot.i18n import ENGLISH

GRADER = Grader(BANK)

BILINGUAL = Question(
    id="bi-01",
    bank="bi",
    question="什么是Dropout？",
    answer="训练时随机丢弃部分神经元，防止过拟合。",
    explanation="",
    key_points=(
        KeyPoint(
            "训练时随机丢弃部分神经元",
            ("随机丢弃", "randomly drop"),
            1.0,
            (("en", "randomly drops units in training"),),
        ),
        KeyPoint("目的：防止过拟合", ("过拟合", "overfitting"), 0.2, (("en", "purpose: less overfitting"),)),
    ),
)


class Shouting:
    """A stand-in translator: proves every line goes through it."""

    locale = "xx"

    def gettext(self, message: str, /, **params: object) -> str:
        return "XX " + message.format(**params)

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        return self.gettext(singular if n == 1 else plural, n=n, **params)


def test_each_fact_is_said_once() -> None:
    grade = GRADER.grade(DROPOUT, "训练时随机丢弃一些神经元")
    lines = feedback_lines(grade, ENGLISH, "zh", DROPOUT)
    assert lines[0].startswith("Right: ")
    text = "\n".join(lines)
    for point in grade.found:
        assert text.count(point) == 1
    assert grade.reason not in text  # the one-sentence reason is not repeated as well


def test_low_weight_points_are_named_when_missed() -> None:
    grader = Grader([BILINGUAL])
    grade = grader.grade(BILINGUAL, "训练时随机丢弃一些神经元")
    lines = feedback_lines(grade, ENGLISH, "zh", BILINGUAL)
    assert any(line.startswith("Missing: ") and "目的：防止过拟合" in line for line in lines)


def test_points_are_said_in_the_reply_language_when_the_bank_has_it() -> None:
    grader = Grader([BILINGUAL])
    reply = "it randomly drops neurons while training"
    grade = grader.grade(BILINGUAL, reply)
    lines = feedback_lines(grade, ENGLISH, reply_language(reply), BILINGUAL)
    assert lines == ["Right: randomly drops units in training.", "Missing: purpose: less overfitting."]


def test_false_claims_and_no_answers_go_through_the_translator() -> None:
    claim = GRADER.grade(DROPOUT, "训练时随机丢弃神经元；推理时也丢弃，这样更稳")
    assert any(line.startswith("XX False: ") for line in feedback_lines(claim, Shouting(), "zh", DROPOUT))
    empty = GRADER.grade(DROPOUT, "")
    assert feedback_lines(empty, Shouting()) == ["XX The reply is empty."]


def test_reply_language() -> None:
    assert reply_language("训练时 randomly drop 神经元") == "zh"
    assert reply_language("it drops random units during training, 对") == "en"
    assert reply_language("") == "en"


def test_translations_load_from_the_bank(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(
        "bank: b\ntitle: B\nlanguage: zh\nquestions:\n  - id: b-01\n    question: 问\n    answer: 答\n"
        "    explanation: 解\n    key_points:\n      - point: 要点\n        translations: {en: the point}\n",
        encoding="utf-8",
    )
    point = load_bank(path).questions[0].key_points[0]
    assert point.said_in("en") == "the point"
    assert point.said_in("zh") == "要点"


def test_reference_only_feedback_names_whole_phrases() -> None:
    plain = Question(
        id="plain-01",
        bank="plain",
        question="What does pop do on a stack?",
        answer="It removes the element at the top of the stack and returns it, leaving the rest unchanged.",
        explanation="",
        language="en",
    )
    grade = Grader([plain]).grade(plain, "it removes the top element of the stack")
    lines = feedback_lines(grade, ENGLISH, "en", plain)
    assert any("It removes the element at the top of the stack" in line for line in lines), lines
    assert all(len(phrase.split()) > 1 for phrase in (*grade.found, *grade.missed)), grade


def test_reference_only_phrases_are_whole_and_never_a_bare_negation() -> None:
    stack = Question(
        id="plain-02",
        bank="plain",
        question="How can you implement a stack with a list?",
        answer="Keep the top of the stack pointing to the head of the linked list, so the push and pop "
        "operations will add or remove elements at the beginning of the list.",
        explanation="",
        language="en",
    )
    proto = Question(
        id="plain-03",
        bank="plain",
        question="What does a function prototype hold?",
        answer="The function signature, i.e., the name of the function, the return type, and the "
        "parameters' type. It does not hold the body.",
        explanation="",
        language="en",
    )
    grader = Grader([stack, proto])
    grade = grader.grade(stack, "the push and pop operations work at the beginning of the list")
    phrases = (*grade.found, *grade.missed)
    assert "Keep the top of the stack pointing to the head of the linked list" in phrases, grade
    assert all(len(phrase.split()) > 2 for phrase in phrases), grade
    assert not any(phrase.startswith(("so ", "and ", "or ")) for phrase in phrases), grade
    grade = grader.grade(proto, "it does not have the name")
    assert "i.e" not in (*grade.found, *grade.missed), grade
    assert "It does not hold the body" not in grade.found, grade


def test_a_credited_reference_only_reply_names_what_it_states() -> None:
    plain = Question(
        id="plain-04",
        bank="plain",
        question="What is the role of a prototype program in problem solving?",
        answer="To simulate the behaviour of portions of the desired software product.",
        explanation="",
        language="en",
    )
    grade = Grader([plain]).grade(plain, "simulate parts of the final product")
    assert grade.verdict is not Verdict.WRONG
    assert grade.found == ("To simulate the behaviour of portions of the desired software product",)
    assert grade.missed == ()
    wrong = Grader([plain]).grade(plain, "the weather is nice today")
    assert wrong.found == ()
