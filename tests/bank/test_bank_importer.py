"""The markdown importer: reads every entry, flags what needs a person, writes a loadable bank."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.importer import assign_ids, bank_name_for, bank_yaml, guess_language, parse_markdown
from bot.bank.loader import load_bank
from bot.bank.model import BankError


def test_seed_gives_24_entries_and_flags_24_as_cut_off(seed_path: Path) -> None:
    parsed = parse_markdown(seed_path.read_text(encoding="utf-8"), str(seed_path))
    assert [e.number for e in parsed.entries] == list(range(1, 25))
    assert all(e.parts.get(p) for e in parsed.entries for p in ("question", "answer", "explanation"))
    assert [e.number for e in parsed.entries if e.truncated] == [24]
    assert parsed.entries[-1].truncated == "explanation"
    assert parsed.entries[-1].parts["explanation"].endswith("每个位置的重要")
    [problem] = parsed.problems
    assert (problem.line, problem.field) == (151, "#24 explanation")
    assert parsed.title == "大规模语言模型从理论到实践 - 模型训练"
    assert parsed.entries[0].parts["question"].startswith("什么是词嵌入（Word Embedding）？")


def test_seed_bank_yaml_loads_with_the_same_texts(seed_path: Path, write) -> None:
    parsed = parse_markdown(seed_path.read_text(encoding="utf-8"))
    assign_ids(parsed.entries, "llm")
    text = bank_yaml(parsed, "llm-training", "T", "zh", "seed")
    bank = load_bank(write(text))
    assert [q.id for q in bank] == [f"llm-{n:02d}" for n in range(1, 25)]
    for entry, question in zip(parsed.entries, bank, strict=True):
        assert (question.question, question.answer, question.explanation) == (
            entry.parts["question"],
            entry.parts["answer"],
            entry.parts["explanation"],
        )
    lines = text.splitlines()
    marked = lines.index("  - id: llm-24") - 1
    assert lines[marked].lstrip().startswith("#") and "explanation" in lines[marked]
    assert sum(line.lstrip().startswith("# ") for line in lines) == 1


@pytest.mark.parametrize(
    "line",
    [
        "**1.  题目：** 什么是栈？",
        "**1. 题目**：什么是栈？",
        "1. 题目: 什么是栈？",
        "1、问题：什么是栈？",
        "### 1. 题目： 什么是栈？",
        "__1) Question:__ 什么是栈？",
        "Question 1: 什么是栈？",
        "question 1 ： 什么是栈？",
    ],
)
def test_label_spellings(line: str) -> None:
    text = f"{line}\n\n**答案:** 后进先出。\n\nExplanation：只在一端操作。\n"
    [entry] = parse_markdown(text).entries
    assert entry.number == 1
    assert entry.parts == {"question": "什么是栈？", "answer": "后进先出。", "explanation": "只在一端操作。"}


def test_english_file_with_multiline_parts(data_dir: Path) -> None:
    parsed = parse_markdown((data_dir / "english.md").read_text(encoding="utf-8"))
    assert parsed.title == "Data structures" and parsed.problems == []
    first, second = parsed.entries
    assert first.parts["explanation"] == "Push and pop both work at the top.\nIt is LIFO."
    assert (second.number, second.parts["answer"]) == (2, "A first-in, first-out list.")


def test_messy_file_reports_everything_and_keeps_every_entry(data_dir: Path, write) -> None:
    parsed = parse_markdown((data_dir / "messy.md").read_text(encoding="utf-8"), "messy.md")
    assert [(p.line, p.field) for p in parsed.problems] == [
        (1, "text"),  # notes before the first question
        (7, "#3 explanation"),  # missing
        (10, "#2"),  # out of order
        (11, "#2 answer"),  # ends with a comma
        (14, "#3"),  # number used twice
    ]
    assign_ids(parsed.entries, "m")
    assert [e.id for e in parsed.entries] == ["m-01", "m-03", "m-02", "m-03-2"]
    text = bank_yaml(parsed, "messy", "Messy", "zh", "test")
    with pytest.raises(BankError) as caught:
        load_bank(write(text))
    # The missing explanation is written empty, so the check points straight at it.
    [problem] = caught.value.problems
    assert (problem.field, problem.message) == ("m-03.explanation", "must not be empty")


def test_gaps_in_numbering_are_reported() -> None:
    text = "".join(f"{n}. 题目：问{n}？\n答案：答。\n解析：析。\n" for n in (1, 2, 5))
    parsed = parse_markdown(text)
    assert [(p.line, p.field) for p in parsed.problems] == [(7, "#3-#4")]


def test_unnumbered_entries_are_numbered_in_order() -> None:
    text = "题目：甲？\n答案：甲。\n解析：甲。\n题目：乙？\n答案：乙。\n解析：乙。\n"
    parsed = parse_markdown(text)
    assert [e.number for e in parsed.entries] == [1, 2]
    assert [p.field for p in parsed.problems] == ["#1", "#2"]


def test_answer_without_question_is_kept_and_reported() -> None:
    text = "1. 题目：甲？\n答案：甲。\n解析：甲。\n答案：孤立的答案。\n"
    parsed = parse_markdown(text)
    assert [e.parts.get("answer") for e in parsed.entries] == ["甲。", "孤立的答案。"]
    assert (4, "answer") in [(p.line, p.field) for p in parsed.problems]


def test_text_with_yaml_specials_round_trips(write) -> None:
    tricky = "key: value # not a comment, 'quotes' \"double\" - [x] {y} *z &w !t %p @q `r`"
    text = f"1. Question: {tricky}\nAnswer: - starts with a dash.\nExplanation: |pipe\n\n  indented\n"
    parsed = parse_markdown(text)
    assign_ids(parsed.entries, "t")
    [question] = load_bank(write(bank_yaml(parsed, "t", "T", "en", "s"))).questions
    assert question.question == tricky and question.answer == "- starts with a dash."
    assert question.explanation == "|pipe\n\n  indented"


def test_code_blocks_stay_whole() -> None:
    code = "```python\n# a comment, not a heading\nAnswer: not a label either\n---\n```"
    text = f"1. Question: Write a stack.\nAnswer: Like this:\n{code}\nExplanation: Push and pop.\n"
    parsed = parse_markdown(text)
    [entry] = parsed.entries
    assert entry.parts["answer"] == f"Like this:\n{code}"
    assert parsed.problems == []


def test_names_and_language_guesses() -> None:
    assert bank_name_for("questions/llm-training.zh.yaml") == "llm-training"
    assert bank_name_for("My Notes.yml") == "my-notes"
    assert bank_name_for("机器学习 第2章") == "ji-qi-xue-xi-di-2-zhang"
    assert bank_name_for("。。") == "bank"
    assert guess_language("什么是词嵌入（Word Embedding）？") == "zh"
    assert guess_language("What is a word embedding? 词") == "en"
