"""The banks shipped in questions/: clean, and faithful to the seed they were made from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.bank import loader
from bot.bank.importer import parse_markdown
from bot.bank.loader import check_paths, load_bank

SHIPPED = ("llm-training.zh.yaml", "llm-training.en.yaml")


def test_shipped_banks_have_no_problems(questions_dir: Path) -> None:
    for name in SHIPPED:
        assert (questions_dir / name).is_file(), f"{name} is missing"
    assert check_paths([questions_dir]) == []


def test_chinese_bank_keeps_the_seed_texts(questions_dir: Path, seed_path: Path) -> None:
    seed = {e.number: e for e in parse_markdown(seed_path.read_text(encoding="utf-8")).entries}
    bank = load_bank(questions_dir / "llm-training.zh.yaml")
    by_number = {int(re.search(r"(\d+)$", q.id).group(1)): q for q in bank}
    assert sorted(by_number) == sorted(seed) == list(range(1, 25))
    for number, entry in seed.items():
        question = by_number[number]
        assert question.question == entry.parts["question"], question.id
        assert question.answer == entry.parts["answer"], question.id
        if entry.truncated:
            # Completed by the editors: the seed's text must still be its start.
            assert question.explanation.startswith(entry.parts[entry.truncated]), question.id
            assert len(question.explanation) > len(entry.parts[entry.truncated])
            assert entry.truncated in question.completed, question.id
        else:
            assert question.explanation == entry.parts["explanation"], question.id
            assert question.completed == (), question.id


def test_schema_and_checker_agree_on_keys(questions_dir: Path) -> None:
    schema = json.loads((questions_dir / "schema.json").read_text(encoding="utf-8"))
    question = schema["$defs"]["question"]
    key_point = schema["$defs"]["keyPoint"]
    assert (tuple(schema["properties"]), tuple(schema["required"])) == (
        loader.BANK_KEYS,
        loader.BANK_REQUIRED,
    )
    assert (tuple(question["properties"]), tuple(question["required"])) == (
        loader.QUESTION_KEYS,
        loader.QUESTION_REQUIRED,
    )
    assert (tuple(key_point["properties"]), key_point["required"]) == (loader.KEY_POINT_KEYS, ["point"])
    assert schema["properties"]["bank"]["pattern"] == f"^{loader.BANK_NAME.pattern}$"
    assert question["properties"]["id"]["pattern"] == f"^{loader.QUESTION_ID.pattern}$"
    assert schema["properties"]["language"]["enum"] == list(loader.LANGUAGES)


@pytest.mark.parametrize(("name", "other"), [("llm-training.en.yaml", "zh"), ("llm-training.zh.yaml", "en")])
def test_every_key_point_is_said_in_the_other_language_too(
    questions_dir: Path, name: str, other: str
) -> None:
    bank = load_bank(questions_dir / name)
    for question in bank:
        for point in question.key_points:
            assert point.said_in(other) != point.point, (question.id, point.point)
