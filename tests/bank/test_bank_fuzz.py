"""Whatever bytes a bank file holds, loading it either works or raises BankError; whatever
markdown is imported, the written YAML keeps its texts."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.bank.importer import assign_ids, bank_yaml, parse_markdown
from bot.bank.loader import load_bank, read_bank
from bot.bank.model import Bank, BankError

# Pieces of real bank files, so that generated text gets past the parser and into the checks.
PIECES = [
    "bank: demo\n",
    "title: T\n",
    "language: zh\n",
    "language: en\n",
    "questions:\n",
    "  - id: q-1\n",
    "  - id: q 1\n",
    "    question: Q?\n",
    "    answer: A.\n",
    "    explanation: E.\n",
    "    difficulty: hard\n",
    "    key_points:\n",
    "      - point: P\n",
    "        phrasings: [a, b]\n",
    "        weight: 0.5\n",
    "        weight: -1\n",
    "    topics: []\n",
    "    completed: [answer]\n",
    "\t",
    "  ",
    "- ",
    ": ",
    "&a ",
    "*a ",
    "[",
    "]",
    "{",
    "}",
    '"',
    "'",
    "|\n",
    "---\n",
    "~",
    "null",
    "!!binary ",
    "!custom ",
    "%YAML 1.1\n",
    "\n",
    "词",
    "\x00",
    "\ufeff",
    "\u2028",
]

yamlish = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=40).map("".join)


# Structured banks with any key left out or given a value of the wrong kind, to reach every check.
word = st.text(alphabet="ab词 .", min_size=1, max_size=5)
odd = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
texts = st.lists(word, max_size=3)
anything = odd | texts | st.dictionaries(st.text(max_size=4), odd, max_size=2)
key_point = st.fixed_dictionaries(
    {},
    optional={"point": word | anything, "phrasings": texts | anything, "weight": odd, "pont": odd},
)
question = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["q-1", "q-2", "q 3", ""]) | anything,
        "question": word | anything,
        "answer": word | anything,
        "explanation": word | anything,
        "topics": texts | anything,
        "difficulty": st.sampled_from(["easy", "hard", "Hard"]) | anything,
        "key_points": st.lists(key_point | anything, max_size=3) | anything,
        "false_claims": texts | anything,
        "completed": st.lists(st.sampled_from(["answer", "explanation", "x"]), max_size=2) | anything,
        "anwser": anything,
    },
)
bank = st.fixed_dictionaries(
    {},
    optional={
        "bank": st.sampled_from(["demo", "Demo"]) | anything,
        "title": word | anything,
        "language": st.sampled_from(["zh", "en", "fr"]) | anything,
        "source": odd,
        "questions": st.lists(question | anything, max_size=4) | anything,
    },
)


def _load(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_bytes(data)
        try:
            assert isinstance(load_bank(path), Bank)
        except BankError as e:
            assert e.problems, "BankError must carry at least one problem"
            assert all(p.line >= 1 for p in e.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yamlish)
def test_yaml_like_text_never_crashes(text: str) -> None:
    _load(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_never_crashes(text: str) -> None:
    _load(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_any_bytes_never_crash(data: bytes) -> None:
    _load(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bank)
def test_banks_with_any_part_missing_or_wrong_never_crash(value: dict[str, object]) -> None:
    _load(yaml.safe_dump(value, allow_unicode=True).encode())


MARKDOWN = ["**1. 题目：** ", "答案：", "**解析：** ", "Question 2: ", "Answer: ", "Explanation: "]
MARKDOWN += ["# ", "```", "---", "  ", "|", "- ", "\u2028", "\x85", "\r", "\t", "\x00", "'", '"']
markdown_line = st.lists(st.sampled_from(MARKDOWN) | st.text(max_size=8), max_size=4).map("".join)
markdown = st.lists(markdown_line, max_size=20).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown)
def test_imported_texts_survive_the_yaml_round_trip(text: str) -> None:
    parsed = parse_markdown(text)
    assume(parsed.entries)  # a text with no question proves nothing; hypothesis draws another
    for entry in parsed.entries:  # fill the gaps a person would fill, so the file must load
        for part in ("question", "answer", "explanation"):
            entry.parts[part] = entry.parts.get(part) or "filled in"
    assign_ids(parsed.entries, "p")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_text(bank_yaml(parsed, "p", "T", "en", "s"), encoding="utf-8")
        bank, problems = read_bank(path)
    assert bank is not None, problems
    for entry, question in zip(parsed.entries, bank, strict=True):
        assert question.question == entry.parts["question"]
        assert question.answer == entry.parts["answer"]
        assert question.explanation == entry.parts["explanation"]
