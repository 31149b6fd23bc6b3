"""load_bank / load_library: values from good files, every problem (with line and field) from bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank import loader, yamlnodes
from bot.bank.loader import check_paths, load_bank, load_library, read_bank
from bot.bank.model import BankError, Difficulty, KeyPoint, Problem

# Line numbers below refer to this text (line 1 is "bank: demo").
BASE = """\
bank: demo
title: Demo
language: en
questions:
  - id: d-01
    question: What is X?
    answer: X is Y.
    explanation: Because.
    key_points:
      - point: X is Y
        phrasings: [x equals y]
        weight: 2
"""


TOP = "bank: demo\ntitle: D\nlanguage: en\n"
KP = "d-01.key_points[0]"


def first_lines(count: int) -> str:
    return "\n".join(BASE.splitlines()[:count]) + "\n"


def edit(line: int, new: str | None, after: bool = False) -> str:
    """BASE with line `line` replaced by `new` (None: deleted), or `new` inserted after it."""
    lines = BASE.splitlines()
    if after:
        lines.insert(line, new or "")
    elif new is None:
        del lines[line - 1]
    else:
        lines[line - 1] = new
    return "\n".join(lines) + "\n"


def problems_of(write, content: str | bytes) -> list[Problem]:
    path = write(content)
    with pytest.raises(BankError) as caught:
        load_bank(path)
    assert all(p.file == str(path) for p in caught.value.problems)
    return caught.value.problems


def test_good_file_gives_plain_values(data_dir: Path) -> None:
    bank = load_bank(data_dir / "good.yaml")
    assert (bank.name, bank.title, bank.language, len(bank)) == ("demo", "Demo bank", "en", 2)
    first, second = bank.questions
    assert first.id == "d-01" and first.bank == "demo" and first.language == "en"
    assert first.line == 6 and second.line == 22
    assert first.explanation == (
        "Words with similar meaning get nearby vectors.\n\nThey are learned during training."
    )
    assert first.key_points == (
        KeyPoint("maps words to dense vectors", ("词向量", "dense vector"), 2.0),
        KeyPoint("similar words are close", (), 1.0),
    )
    assert first.difficulty is Difficulty.EASY and second.difficulty is Difficulty.MEDIUM
    assert first.topics == ("embedding",) and first.false_claims == ("one-hot",)
    assert first.completed == ("explanation",)
    assert second.key_points == () and second.topics == () and second.completed == ()


def test_problem_prints_as_file_line_field_message() -> None:
    assert str(Problem("a.yaml", 3, "d-01.answer", "missing")) == "a.yaml:3: d-01.answer: missing"


CASES = {
    # name: (text, line, field, words in the message)
    "bad yaml syntax": (edit(2, "  title: Demo"), 2, "yaml", "not allowed"),
    "unclosed quote": (edit(8, '    explanation: "Because.'), 8, "yaml", "quoted scalar"),
    "tab indentation": (edit(6, "\tquestion: What is X?"), 6, "yaml", "tab"),
    "duplicate key": (edit(7, "    answer: again", after=True), 8, "d-01.answer", "first given on line 7"),
    "duplicate top key": (edit(2, "title: Again", after=True), 3, "title", "duplicate key"),
    "missing field": (edit(7, None), 5, "d-01.answer", "missing"),
    "missing top field": (edit(2, None), 1, "title", "missing"),
    "text is a list": (edit(6, "    question: [a, b]"), 6, "d-01.question", "must be text"),
    "empty text": (edit(8, "    explanation:"), 8, "d-01.explanation", "empty"),
    "blank text": (edit(8, '    explanation: "  "'), 8, "d-01.explanation", "empty"),
    "unknown key": (edit(7, "    anwser: X is Y."), 7, "d-01.anwser", "did you mean 'answer'"),
    "unknown key, no hint": (edit(7, "    zzz: 1", after=True), 8, "d-01.zzz", "allowed keys"),
    "unknown top key": (edit(3, "langauge: en"), 3, "langauge", "did you mean 'language'"),
    "empty key_points": (first_lines(8) + "    key_points: []\n", 9, "d-01.key_points", "empty"),
    "empty point": (edit(10, '      - point: ""'), 10, f"{KP}.point", "empty"),
    "point missing": (edit(10, "      - pont: X is Y"), 10, f"{KP}.pont", "did you mean 'point'"),
    "empty phrasings": (edit(11, "        phrasings: []"), 11, f"{KP}.phrasings", "empty"),
    "empty phrasing": (edit(11, '        phrasings: [a, ""]'), 11, f"{KP}.phrasings[1]", "empty"),
    "zero weight": (edit(12, "        weight: 0"), 12, f"{KP}.weight", "positive"),
    "text weight": (edit(12, "        weight: heavy"), 12, f"{KP}.weight", "positive"),
    "bool weight": (edit(12, "        weight: true"), 12, f"{KP}.weight", "positive"),
    "infinite weight": (edit(12, "        weight: .inf"), 12, f"{KP}.weight", "positive"),
    "huge weight": (edit(12, "        weight: " + "9" * 5000), 12, f"{KP}.weight", "positive"),
    "bad difficulty": (edit(8, "    difficulty: hard!", after=True), 9, "d-01.difficulty", "medium"),
    "bad id": (edit(5, "  - id: d 01"), 5, "questions[0].id", "not valid"),
    "bad completed": (edit(8, "    completed: [explnation]", after=True), 9, "d-01.completed[0]", "mean"),
    "empty topics": (edit(8, "    topics: []", after=True), 9, "d-01.topics", "empty"),
    "bad bank name": (edit(1, "bank: Demo_Bank"), 1, "bank", "lowercase"),
    "bad language": (edit(3, "language: fr"), 3, "language", "zh, en"),
    "questions not a list": (TOP + "questions: {a: 1}\n", 4, "questions", "list"),
    "no questions": (TOP + "questions: []\n", 4, "questions", "at least one"),
    "question not a mapping": (first_lines(4) + "  - just text\n", 5, "questions[0]", "mapping"),
    "not a mapping": ("- a\n- b\n", 1, "file", "mapping"),
    "empty file": ("", 1, "file", "empty"),
    "only comments": ("# nothing\n\n", 1, "file", "no content"),
    "two documents": (BASE + "---\n" + BASE, 13, "yaml", "single document"),
    "alias": (edit(8, "    explanation: *why"), 8, "yaml", "aliases"),
    "deep nesting": (edit(6, "    question: " + "[" * 30 + "]" * 30), 6, "yaml", "nested"),
    "control character": (edit(6, "    question: a\x00b"), 6, "yaml", "unacceptable"),
    "control character after Chinese": (
        edit(7, "    answer: A\x07").replace("What is X?", "词" * 80),
        7,
        "yaml",
        "unacceptable",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_each_problem_has_its_line_and_field(write, name: str) -> None:
    text, line, field, words = CASES[name]
    problems = problems_of(write, text)
    assert any(p.line == line and p.field == field and words in p.message for p in problems), problems


def test_every_problem_is_listed_not_just_the_first(write) -> None:
    text = edit(3, "language: fr")
    text = text.replace("    answer: X is Y.\n", "    anwser: X is Y.\n").replace("weight: 2", "weight: -1")
    fields = [p.field for p in problems_of(write, text)]
    assert fields == ["language", "d-01.answer", "d-01.anwser", f"{KP}.weight"]


def test_duplicate_ids_in_one_file_name_both_lines(write) -> None:
    text = BASE + "  - id: d-01\n    question: Q\n    answer: A\n    explanation: E\n"
    [problem] = problems_of(write, text)
    assert (problem.line, problem.field) == (13, "d-01.id")
    assert "line 5" in problem.message


def test_duplicate_ids_across_files_name_both_files(write) -> None:
    first = write(BASE, "a/one.yaml")
    second = write(BASE.replace("bank: demo", "bank: other"), "a/two.yaml")
    with pytest.raises(BankError) as caught:
        load_library([first.parent])
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (str(second), 5, "d-01.id")
    assert f"{first}:5" in problem.message


def test_same_bank_name_in_two_files_is_a_problem(write) -> None:
    first = write(BASE, "one.yaml")
    second = write(BASE.replace("d-01", "d-02"), "two.yaml")
    [problem] = check_paths([first, second])
    assert problem.field == "bank" and str(first) in problem.message


def test_not_utf8_names_the_line_of_the_first_bad_byte(write) -> None:
    data = BASE.encode().replace(b"X is Y.", b"X is \xff\xfe.", 1)
    [problem] = problems_of(write, data)
    assert (problem.line, problem.field) == (7, "file")
    assert "UTF-8" in problem.message


def test_utf8_bom_is_accepted(write) -> None:
    assert load_bank(write(b"\xef\xbb\xbf" + BASE.encode())).name == "demo"


def test_files_over_the_size_limit_are_refused_before_parsing(write, monkeypatch) -> None:
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", len(BASE.encode()) - 1)
    [problem] = problems_of(write, BASE)
    assert problem.field == "file" and "larger than" in problem.message
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", len(BASE.encode()))
    assert load_bank(write(BASE)).name == "demo"


def test_alias_bomb_is_refused_quickly(write) -> None:
    rows = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    [problem] = problems_of(write, "\n".join(rows) + "\n")
    assert (problem.line, problem.field) == (2, "yaml")


def test_files_with_too_many_values_are_refused(write, monkeypatch) -> None:
    monkeypatch.setattr(yamlnodes, "MAX_NODES", 20)
    [problem] = problems_of(write, BASE)
    assert (problem.line, problem.field) == (10, "yaml")  # the 21st value is on line 10
    assert "split the bank" in problem.message
    monkeypatch.setattr(yamlnodes, "MAX_NODES", 28)  # exactly the values in BASE
    assert load_bank(write(BASE)).name == "demo"


def test_a_flood_of_problems_is_cut_short_with_a_count(write, monkeypatch) -> None:
    monkeypatch.setattr(loader, "MAX_PROBLEMS_LISTED", 3)
    rows = [f"  - id: q {n}\n    question: Q\n    answer: A\n    explanation: E\n" for n in range(5)]
    problems = problems_of(write, TOP + "questions:\n" + "".join(rows))
    assert [p.line for p in problems] == [5, 9, 13, 13]
    assert (problems[-1].field, problems[-1].message) == ("file", "2 more problems not listed")


def test_missing_paths_and_empty_folders_are_problems(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    problems = check_paths([tmp_path / "nope.yaml", tmp_path / "empty"])
    assert [(p.file, p.field) for p in problems] == [
        (str(tmp_path / "nope.yaml"), "file"),
        (str(tmp_path / "empty"), "file"),
    ]


def test_folders_load_yaml_and_yml_once_each(write) -> None:
    one = write(BASE, "banks/one.yaml")
    write(BASE.replace("demo", "demo-two").replace("d-01", "d-02"), "banks/two.yml")
    write("not a bank", "banks/notes.txt")
    library = load_library([one.parent, one])
    assert [b.name for b in library.banks] == ["demo", "demo-two"]
    assert library.get("d-02") is not None and len(library) == 2


def test_read_bank_returns_problems_instead_of_raising(write) -> None:
    bank, problems = read_bank(write("- a\n"))
    assert bank is None and len(problems) == 1


def test_contrasts_are_pairs_of_wordings(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        BASE + "    contrasts: [[encoder, decoder], [[16-bit, fp16], 32-bit]]\n", encoding="utf-8"
    )
    question = load_bank(path).questions[0]
    assert question.contrasts == ((("encoder",), ("decoder",)), (("16-bit", "fp16"), ("32-bit",)))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[[encoder]]", "must be a pair like [encoder, decoder], not a list of 1"),
        ("[encoder]", "must be a pair like [encoder, decoder]"),
        ("[[x, X]]", "the two sides must differ"),
        ("[]", "must not be an empty list"),
    ],
)
def test_bad_contrasts_are_reported(tmp_path: Path, value: str, message: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(BASE + f"    contrasts: {value}\n", encoding="utf-8")
    bank, problems = read_bank(path)
    assert bank is None
    assert any(p.field.startswith("d-01.contrasts") and message in p.message for p in problems), problems
