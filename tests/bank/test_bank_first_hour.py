"""Bank tool messages point at the line to fix."""

from pathlib import Path

from bot.bank.importer import parse_markdown
from bot.bank.loader import read_bank


def test_an_unclosed_quote_is_reported_where_it_opens(write) -> None:
    path = write(
        'bank: b\ntitle: "unclosed\nlanguage: zh\nquestions:\n  - id: b-1\n    question: q\n    answer: a\n'
    )
    _, problems = read_bank(path)
    assert [(p.line, p.field) for p in problems] == [(2, "yaml")]


def test_stray_text_after_an_answer_is_kept_with_a_warning() -> None:
    text = (
        "**1. 题目：** 什么是A？\n**答案：** A是B。\n\n随便写的东西\n\n**解析：** 因为C。\n"
        "**2. 题目：** 什么是D？\n**答案：** D是E。\n**解析：** F。\n"
    )
    parsed = parse_markdown(text, "s.md")
    assert "随便写的东西" in parsed.entries[0].parts["answer"]  # nothing is lost
    stray = [p for p in parsed.problems if "after a blank line" in p.message]
    assert [(p.line, p.field) for p in stray] == [(4, "answer")]


def test_the_seed_imports_without_stray_warnings(seed_path: Path) -> None:
    parsed = parse_markdown(seed_path.read_text(encoding="utf-8"), str(seed_path))
    assert not [p for p in parsed.problems if "after a blank line" in p.message]
